package edge

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/accord-alliance/accord/internal/accord"
)

// OIDCStateCookie binds a sign-in through a provider to the browser that
// started it: the callback's state must equal the cookie's.
const OIDCStateCookie = "accord_oidc_state"

// OIDCClients keeps, per provider, what discovery found (endpoints and the
// provider's key set, which go-oidc fetches again when a token is signed
// with a key it does not know, so keys the provider rotates are honoured).
type OIDCClients struct {
	HTTP *http.Client
	mu   sync.Mutex
	// found is keyed by provider id and issuer, so an issuer changed by
	// removing and adding the provider is discovered afresh.
	found map[string]*oidc.Provider
}

// NewOIDCClients makes the cache with an HTTP client that gives up on a
// slow provider.
func NewOIDCClients() *OIDCClients {
	return &OIDCClients{HTTP: &http.Client{Timeout: 10 * time.Second}, found: map[string]*oidc.Provider{}}
}

// discover returns the provider's discovery, fetched once; an error says
// why in the log and nothing of the network to the visitor.
func (c *OIDCClients) discover(ctx context.Context, p accord.OIDCProvider) (*oidc.Provider, error) {
	key := p.ID + " " + p.Issuer
	c.mu.Lock()
	found := c.found[key]
	c.mu.Unlock()
	if found != nil {
		return found, nil
	}
	// The key set keeps the HTTP client of this context, not its deadline.
	found, err := oidc.NewProvider(oidc.ClientContext(ctx, c.HTTP), p.Issuer)
	if err != nil {
		e := accord.Errorf(accord.EUNAVAILABLE, "%s cannot be reached just now; try again in a moment or sign in another way", p.Label)
		e.Err = err
		return nil, e
	}
	c.mu.Lock()
	c.found[key] = found
	c.mu.Unlock()
	return found, nil
}

// ReadSecretRef reads a client secret from where its reference points:
// env:NAME (an environment variable) or file:/path (a file's contents).
func ReadSecretRef(ref string) (string, error) {
	kind, where, _ := strings.Cut(ref, ":")
	var v string
	switch kind {
	case "env":
		v = os.Getenv(where)
	case "file":
		b, err := os.ReadFile(where)
		if err != nil {
			return "", fmt.Errorf("read client secret: %w", err)
		}
		v = string(b)
	default:
		return "", fmt.Errorf("client secret reference %q names neither an environment variable (env:NAME) nor a file (file:/path)", ref)
	}
	if v = strings.TrimSpace(v); v == "" {
		return "", fmt.Errorf("client secret at %s is empty", ref)
	}
	return v, nil
}

func (s *Edge) oauthConfig(ctx context.Context, p accord.OIDCProvider, redirectURL string) (*oauth2.Config, *oidc.Provider, error) {
	found, err := s.OIDC.discover(ctx, p)
	if err != nil {
		s.Log.Warn("oidc provider unreachable", "provider", p.Name, "err", err)
		return nil, nil, err
	}
	sec, err := ReadSecretRef(p.SecretRef)
	if err != nil {
		s.Log.Error("oidc client secret unreadable", "provider", p.Name, "err", err)
		return nil, nil, accord.Errorf(accord.EUNAVAILABLE, "sign-in with %s is not set up on this server; tell the installation's admin", p.Label)
	}
	return &oauth2.Config{ClientID: p.ClientID, ClientSecret: sec, Endpoint: found.Endpoint(), RedirectURL: redirectURL,
		Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}, found, nil
}

func randomText() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// StartOIDC records a sign-in through the provider (state, nonce, PKCE
// verifier; docs/security.md) and returns the provider's address to send
// the browser to, and the state to bind to it.
func (s *Edge) StartOIDC(ctx context.Context, p accord.OIDCProvider, redirectURL, next string) (to, state string, err error) {
	conf, _, err := s.oauthConfig(ctx, p, redirectURL)
	if err != nil {
		return "", "", err
	}
	l := accord.OIDCLogin{State: randomText(), ProviderID: p.ID, Nonce: randomText(), Verifier: oauth2.GenerateVerifier(),
		Next: SafeNext(next), ExpiresAt: s.Now().Add(accord.OIDCLoginTTL)}
	if err := s.Svc.BeginOIDCLogin(ctx, l); err != nil {
		return "", "", err
	}
	return conf.AuthCodeURL(l.State, oauth2.S256ChallengeOption(l.Verifier), oidc.Nonce(l.Nonce)), l.State, nil
}

// errSignInRefused is what a person sees for a token accord does not
// trust; the log keeps why.
func errSignInRefused(p accord.OIDCProvider) error {
	return accord.Errorf(accord.EUNAUTHORIZED, "%s's answer could not be verified, so you are not signed in; start again from the sign-in page", p.Label)
}

// FinishOIDC trades the code for tokens (with the PKCE verifier), verifies
// the ID token (signature by the provider's keys, issuer, audience, expiry
// by the server's clock) and its nonce, and reads the identity it carries.
func (s *Edge) FinishOIDC(ctx context.Context, p accord.OIDCProvider, l accord.OIDCLogin, code, redirectURL string) (accord.OIDCIdentity, error) {
	conf, found, err := s.oauthConfig(ctx, p, redirectURL)
	if err != nil {
		return accord.OIDCIdentity{}, err
	}
	ctx = oidc.ClientContext(ctx, s.OIDC.HTTP)
	tok, err := conf.Exchange(ctx, code, oauth2.VerifierOption(l.Verifier))
	if err != nil {
		s.Log.Warn("oidc code exchange refused", "provider", p.Name, "err", err)
		return accord.OIDCIdentity{}, errSignInRefused(p)
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := found.Verifier(&oidc.Config{ClientID: p.ClientID, Now: s.Now}).Verify(ctx, raw)
	if err != nil {
		s.Log.Warn("oidc id token refused", "provider", p.Name, "err", err)
		return accord.OIDCIdentity{}, errSignInRefused(p)
	}
	if idt.Nonce != l.Nonce {
		s.Log.Warn("oidc id token refused", "provider", p.Name, "err", "nonce differs")
		return accord.OIDCIdentity{}, errSignInRefused(p)
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return accord.OIDCIdentity{}, err
	}
	id := accord.OIDCIdentity{Subject: idt.Subject}
	id.Email, _ = claims[p.EmailClaim].(string)
	id.Name, _ = claims[p.NameClaim].(string)
	id.EmailVerified = claimTrue(claims["email_verified"])
	return id, nil
}

// claimTrue reads email_verified, which some providers send as a string.
func claimTrue(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case string:
		return x == "true"
	}
	return false
}
