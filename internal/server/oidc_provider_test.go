package server_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// testOP is a real OpenID provider (zitadel's op package) served over HTTP
// inside the test, with its storage in memory. Whoever stands at its
// keyboard (atKeyboard) signs in at once when accord sends a browser there.
type testOP struct {
	srv    *httptest.Server
	issuer string

	mu         sync.Mutex
	key        opKey
	users      map[string]opUser
	atKeyboard string
	// mixUp makes the provider answer accord's requests as if another
	// client had made them: its ID tokens are for anotherClient.
	mixUp     bool
	requests  map[string]*opRequest
	codes     map[string]string
	redirects []string
	// challenges are the PKCE methods accord's requests asked for.
	challenges []oidc.CodeChallengeMethod
	keyFetches atomic.Int32
}

const (
	opClientID = "accord-test"
	opSecret   = "a client secret of the test provider"
	// anotherClient is another application registered at the provider.
	anotherClient = "another-client"
)

// opUser is a person the provider knows.
type opUser struct {
	Email    string
	Verified bool
	Name     string
}

func newTestOP(t *testing.T) *testOP {
	t.Helper()
	p := &testOP{users: map[string]opUser{}, requests: map[string]*opRequest{}, codes: map[string]string{}}
	p.rotate(t)
	mux := http.NewServeMux()
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	p.issuer = p.srv.URL
	var key [32]byte
	rand.Read(key[:])
	provider, err := op.NewProvider(&op.Config{CryptoKey: key, CodeMethodS256: true}, p, op.StaticIssuer(p.issuer), op.WithAllowInsecure())
	if err != nil {
		t.Fatal(err)
	}
	mux.HandleFunc("GET /test-login", p.login)
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/keys" {
			p.keyFetches.Add(1)
		}
		p.mu.Lock()
		mixUp := p.mixUp
		p.mu.Unlock()
		if mixUp {
			p.mixRequest(r)
		}
		provider.ServeHTTP(w, r)
	}))
	return p
}

// rotate makes a new signing key and retires the old one: the key set
// publishes only the new key from now on.
func (p *testOP) rotate(t *testing.T) {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	p.key = opKey{id: oidc.NewSHACodeChallenge(time.Now().String())[:16], priv: k}
	p.mu.Unlock()
}

// login is the provider's sign-in page: the person at the keyboard signs
// in at once and goes back to the provider's callback.
func (p *testOP) login(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	p.mu.Lock()
	req, ok := p.requests[id]
	if ok {
		req.subject, req.done, req.authTime = p.atKeyboard, true, time.Now()
	}
	p.mu.Unlock()
	if !ok {
		http.Error(w, "no such request", http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, p.issuer+"/authorize/callback?id="+id, http.StatusFound)
}

type opKey struct {
	id   string
	priv *rsa.PrivateKey
}

func (k opKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k opKey) Key() any                                    { return k.priv }
func (k opKey) ID() string                                  { return k.id }

type opPublicKey struct{ opKey }

func (k opPublicKey) Algorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k opPublicKey) Use() string                        { return "sig" }
func (k opPublicKey) Key() any                           { return &k.priv.PublicKey }

// opRequest is an authorization request the provider holds.
type opRequest struct {
	id       string
	req      oidc.AuthRequest
	subject  string
	done     bool
	authTime time.Time
}

func (r *opRequest) GetID() string          { return r.id }
func (r *opRequest) GetACR() string         { return "" }
func (r *opRequest) GetAMR() []string       { return []string{"pwd"} }
func (r *opRequest) GetAudience() []string  { return []string{r.req.ClientID} }
func (r *opRequest) GetAuthTime() time.Time { return r.authTime }
func (r *opRequest) GetClientID() string    { return r.req.ClientID }
func (r *opRequest) GetCodeChallenge() *oidc.CodeChallenge {
	if r.req.CodeChallenge == "" {
		return nil
	}
	return &oidc.CodeChallenge{Challenge: r.req.CodeChallenge, Method: r.req.CodeChallengeMethod}
}
func (r *opRequest) GetNonce() string                   { return r.req.Nonce }
func (r *opRequest) GetRedirectURI() string             { return r.req.RedirectURI }
func (r *opRequest) GetResponseType() oidc.ResponseType { return r.req.ResponseType }
func (r *opRequest) GetResponseMode() oidc.ResponseMode { return r.req.ResponseMode }
func (r *opRequest) GetScopes() []string                { return r.req.Scopes }
func (r *opRequest) GetState() string                   { return r.req.State }
func (r *opRequest) GetSubject() string                 { return r.subject }
func (r *opRequest) Done() bool                         { return r.done }

var errOPNotFound = errors.New("not found")

func (p *testOP) CreateAuthRequest(_ context.Context, ar *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := &opRequest{id: oidc.NewSHACodeChallenge(ar.State + time.Now().String()), req: *ar}
	p.requests[r.id] = r
	p.challenges = append(p.challenges, ar.CodeChallengeMethod)
	return r, nil
}

func (p *testOP) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if r, ok := p.requests[id]; ok {
		return r, nil
	}
	return nil, errOPNotFound
}

func (p *testOP) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	p.mu.Lock()
	id, ok := p.codes[code]
	p.mu.Unlock()
	if !ok {
		return nil, errOPNotFound
	}
	return p.AuthRequestByID(ctx, id)
}

func (p *testOP) SaveAuthCode(_ context.Context, id, code string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.codes[code] = id
	return nil
}

func (p *testOP) DeleteAuthRequest(_ context.Context, id string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.requests, id)
	for code, rid := range p.codes {
		if rid == id {
			delete(p.codes, code)
		}
	}
	return nil
}

func (p *testOP) CreateAccessToken(context.Context, op.TokenRequest) (string, time.Time, error) {
	return oidc.NewSHACodeChallenge(time.Now().String()), time.Now().Add(5 * time.Minute), nil
}

func (p *testOP) CreateAccessAndRefreshTokens(context.Context, op.TokenRequest, string) (string, string, time.Time, error) {
	return "", "", time.Time{}, errors.New("the test provider gives no refresh tokens")
}

func (p *testOP) TokenRequestByRefreshToken(context.Context, string) (op.RefreshTokenRequest, error) {
	return nil, op.ErrInvalidRefreshToken
}

func (p *testOP) TerminateSession(context.Context, string, string) error { return nil }

func (p *testOP) RevokeToken(context.Context, string, string, string) *oidc.Error { return nil }

func (p *testOP) GetRefreshTokenInfo(context.Context, string, string) (string, string, error) {
	return "", "", op.ErrInvalidRefreshToken
}

func (p *testOP) SigningKey(context.Context) (op.SigningKey, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.key, nil
}

func (p *testOP) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}

func (p *testOP) KeySet(context.Context) ([]op.Key, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return []op.Key{opPublicKey{p.key}}, nil
}

func (p *testOP) GetClientByClientID(_ context.Context, id string) (op.Client, error) {
	if id != opClientID && id != anotherClient {
		return nil, errOPNotFound
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return opClient{id: id, issuer: p.issuer, redirects: p.redirects}, nil
}

func (p *testOP) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	if (id != opClientID && id != anotherClient) || secret != opSecret {
		return errors.New("wrong client credentials")
	}
	return nil
}

// SetUserinfoFromScopes puts the person's e-mail and name in the ID token.
func (p *testOP) SetUserinfoFromScopes(_ context.Context, ui *oidc.UserInfo, userID, _ string, _ []string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	u := p.users[userID]
	ui.Subject, ui.Name, ui.Email, ui.EmailVerified = userID, u.Name, u.Email, oidc.Bool(u.Verified)
	return nil
}

func (p *testOP) SetUserinfoFromToken(ctx context.Context, ui *oidc.UserInfo, _, subject, _ string) error {
	return p.SetUserinfoFromScopes(ctx, ui, subject, "", nil)
}

func (p *testOP) SetIntrospectionFromToken(context.Context, *oidc.IntrospectionResponse, string, string, string) error {
	return errors.New("the test provider does not introspect")
}

func (p *testOP) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

func (p *testOP) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errOPNotFound
}

func (p *testOP) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errors.New("the test provider has no JWT profile")
}

func (p *testOP) Health(context.Context) error { return nil }

// opClient is accord, registered at the provider as a confidential client.
type opClient struct {
	id        string
	issuer    string
	redirects []string
}

func (c opClient) GetID() string                       { return c.id }
func (c opClient) RedirectURIs() []string              { return c.redirects }
func (c opClient) PostLogoutRedirectURIs() []string    { return nil }
func (c opClient) ApplicationType() op.ApplicationType { return op.ApplicationTypeWeb }
func (c opClient) AuthMethod() oidc.AuthMethod         { return oidc.AuthMethodBasic }
func (c opClient) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c opClient) GrantTypes() []oidc.GrantType         { return []oidc.GrantType{oidc.GrantTypeCode} }
func (c opClient) LoginURL(id string) string            { return c.issuer + "/test-login?id=" + id }
func (c opClient) AccessTokenType() op.AccessTokenType  { return op.AccessTokenTypeBearer }
func (c opClient) IDTokenLifetime() time.Duration       { return 5 * time.Minute }
func (c opClient) DevMode() bool                        { return true }
func (c opClient) IsScopeAllowed(string) bool           { return false }
func (c opClient) IDTokenUserinfoClaimsAssertion() bool { return true }
func (c opClient) ClockSkew() time.Duration             { return 0 }
func (c opClient) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c opClient) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}

// allowRedirect registers accord's callback address with the provider.
func (p *testOP) allowRedirect(u string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !slices.Contains(p.redirects, u) {
		p.redirects = append(p.redirects, u)
	}
}

// mixRequest turns accord's authorization and token requests into another
// client's, as a mixed-up provider would: the ID token it then signs is
// for anotherClient.
func (p *testOP) mixRequest(r *http.Request) {
	switch r.URL.Path {
	case "/authorize":
		q := r.URL.Query()
		q.Set("client_id", anotherClient)
		r.URL.RawQuery = q.Encode()
	case "/oauth/token":
		r.SetBasicAuth(anotherClient, opSecret)
	}
}
