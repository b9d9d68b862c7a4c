package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/password"
	"github.com/accord-alliance/accord/internal/server"
	"github.com/accord-alliance/accord/internal/store/storetest"
	"github.com/zitadel/oidc/v3/pkg/oidc"
)

// shiftClock is the time now, moved by an offset the test sets.
type shiftClock struct{ off atomic.Int64 }

func (c *shiftClock) Now() time.Time { return time.Now().Add(time.Duration(c.off.Load())) }

// oidcRig is accord (over the demo) with the test provider configured as
// "valley", vouching for valleyhealthplan.example.
type oidcRig struct {
	t        *testing.T
	a        *app
	op       *testOP
	url      string
	clk      *shiftClock
	provider accord.OIDCProvider
}

func newOIDCRig(t *testing.T, a *app, loginLimit int) *oidcRig {
	t.Helper()
	g := &oidcRig{t: t, a: a, op: newTestOP(t), clk: &shiftClock{}}
	secretFile := filepath.Join(t.TempDir(), "client-secret")
	if err := os.WriteFile(secretFile, []byte(opSecret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	g.provider = accord.OIDCProvider{Name: "valley", Label: "Valley Health Plan", Issuer: g.op.issuer, ClientID: opClientID,
		SecretRef: "file:" + secretFile, Domains: []string{"valleyhealthplan.example"}}
	if err := a.db.CreateOIDCProvider(context.Background(), accord.SystemActor("test"), &g.provider); err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	srv, err := server.New(server.Config{Password: password.Fast, LoginLimit: loginLimit}, a.db, slog.New(slog.NewTextHandler(a.logs, nil)), reg, g.clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler(reg))
	t.Cleanup(hs.Close)
	g.url = hs.URL
	g.op.allowRedirect(g.url + "/login/oidc/valley/callback")
	return g
}

// signIn presses "Sign in with Valley Health Plan" in c (a browser with a
// cookie jar) as the provider's person sub, follows the redirects through
// the provider, and returns accord's answer to the callback, its body and
// the callback's address.
func (g *oidcRig) signIn(c *http.Client, sub string) (*http.Response, string, string) {
	g.t.Helper()
	g.op.mu.Lock()
	g.op.atKeyboard = sub
	g.op.mu.Unlock()
	req, _ := http.NewRequest(http.MethodPost, g.url+"/login/oidc/valley", strings.NewReader(url.Values{"next": {"/"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", g.url)
	resp, err := c.Do(req)
	if err != nil {
		g.t.Fatal(err)
	}
	resp.Body.Close()
	for range 10 {
		loc := resp.Header.Get("Location")
		if resp.StatusCode/100 != 3 || loc == "" {
			g.t.Fatalf("the way to the provider stopped at status %d", resp.StatusCode)
		}
		if strings.HasPrefix(loc, g.url+"/login/oidc/valley/callback") {
			resp, body := g.get(c, loc)
			return resp, body, loc
		}
		if resp, err = c.Get(loc); err != nil {
			g.t.Fatal(err)
		}
		resp.Body.Close()
	}
	g.t.Fatal("the provider never sent the browser back to accord")
	return nil, "", ""
}

func (g *oidcRig) get(c *http.Client, u string) (*http.Response, string) {
	g.t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		g.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// refused checks that accord answered the callback with the sign-in page,
// the status and a message saying why.
func (g *oidcRig) refused(resp *http.Response, body string, status int, says string) {
	g.t.Helper()
	if resp.StatusCode != status || !strings.Contains(body, says) {
		g.t.Errorf("got status %d, want %d with %q; the page says %q", resp.StatusCode, status, says, mainText(body))
	}
	if c := sessionCookie(resp); c != "" {
		g.t.Errorf("a refused sign-in set a session cookie")
	}
}

func sessionCookie(resp *http.Response) string {
	for _, c := range resp.Cookies() {
		if c.Name == "accord_session" && c.MaxAge >= 0 && c.Value != "" {
			return c.Value
		}
	}
	return ""
}

func mainText(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if len(body) > 600 {
		body = body[:600]
	}
	return body
}

// TestOIDCSignIn signs in through a real OpenID provider served over HTTP:
// an invited person joins; the state cannot be replayed; the provider
// rotates its key and the next sign-in still works; a wrong audience, an
// expired ID token, an unverified or foreign address and a person with no
// invitation are refused; a domain rule admits a newcomer; a party that
// requires its provider cannot use passwords. Both databases.
func TestOIDCSignIn(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			a := newApp(t, d)
			g := newOIDCRig(t, a, 50)
			g.op.users["sub-cm"] = opUser{Email: "Care.Manager@valleyhealthplan.example", Verified: true, Name: "Casey Morgan"}
			g.op.users["sub-unverified"] = opUser{Email: "lee.unverified@valleyhealthplan.example", Name: "Lee Unverified"}
			g.op.users["sub-new"] = opUser{Email: "new.colleague@valleyhealthplan.example", Verified: true, Name: "Noor Colleague"}
			g.op.users["sub-foreign"] = opUser{Email: "nadia.haddad@riversidepg.example", Verified: true, Name: "Nadia Haddad"}
			cb := g.invitedJoins()
			g.stateReplayRefused(cb)
			g.rotatedKeyHonoured()
			g.tokenRefusals()
			g.newcomers()
			g.partyRequiresProvider()
		})
	}
}

// invitedJoins: the demo invites care.manager@ to Valley Health Plan; she
// signs in through the provider and is a member, signed in, audited.
func (g *oidcRig) invitedJoins() string {
	g.t.Helper()
	ctx := context.Background()
	c := g.a.client()
	resp, body, cb := g.signIn(c, "sub-cm")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" || sessionCookie(resp) == "" {
		g.t.Fatalf("invited person: got status %d to %q, want 303 to / with a session; the page says %q; the log says %s", resp.StatusCode, resp.Header.Get("Location"), mainText(body), g.a.logs.String())
	}
	if page, body := g.get(c, g.url+"/a/north-valley"); page.StatusCode != http.StatusOK || !strings.Contains(body, "North Valley Care Alliance") {
		g.t.Errorf("after signing in, the alliance's page: status %d, want 200", page.StatusCode)
	}
	u, hash, err := g.a.db.UserByEmail(ctx, "care.manager@valleyhealthplan.example")
	if err != nil || u.Name != "Casey Morgan" || hash != "" {
		g.t.Fatalf("account: got %+v (password hash %q), %v; want Casey Morgan without a password", u, hash, err)
	}
	m, err := g.a.db.Membership(ctx, mustAlliance(g.t, g.a).ID, u.ID)
	if err != nil || !slices.Contains(m.Roles, accord.RoleOperations) {
		g.t.Errorf("membership: got %+v, %v; want the invitation's operations role", m, err)
	}
	entries, err := g.a.db.ListAudit(ctx, accord.AuditFilter{ActorID: u.ID, Entity: "user", Action: "sign_in"})
	if err != nil || len(entries) != 1 {
		g.t.Errorf("audit: got %d sign-in entries (%v), want 1", len(entries), err)
	}
	if !slices.Contains(g.op.challenges, oidc.CodeChallengeMethodS256) {
		g.t.Errorf("accord asked with PKCE methods %v, want S256", g.op.challenges)
	}
	return cb
}

// stateReplayRefused sends the callback that already signed someone in
// again, with its state cookie: the one-time login is gone.
func (g *oidcRig) stateReplayRefused(cb string) {
	g.t.Helper()
	c := g.a.client()
	u, _ := url.Parse(g.url + "/login/oidc/")
	q, _ := url.Parse(cb)
	c.Jar.SetCookies(u, []*http.Cookie{{Name: "accord_oidc_state", Value: q.Query().Get("state"), Path: "/login/oidc/"}})
	resp, body := g.get(c, cb)
	g.refused(resp, body, http.StatusUnauthorized, "has been used or has expired")
	// Without the cookie of the browser that started it, a callback is refused too.
	resp, body = g.get(g.a.client(), cb)
	g.refused(resp, body, http.StatusUnauthorized, "not started in this browser")
}

// rotatedKeyHonoured: the provider signs with a new key and publishes only
// it; accord fetches the key set again and the sign-in works.
func (g *oidcRig) rotatedKeyHonoured() {
	g.t.Helper()
	before := g.op.keyFetches.Load()
	g.op.rotate(g.t)
	resp, body, _ := g.signIn(g.a.client(), "sub-cm")
	if resp.StatusCode != http.StatusSeeOther || sessionCookie(resp) == "" {
		g.t.Errorf("after the key rotated: got status %d, want 303 with a session; the page says %q", resp.StatusCode, mainText(body))
	}
	if after := g.op.keyFetches.Load(); after <= before {
		g.t.Errorf("the key set was fetched %d times before the rotation and %d after; want a fetch for the new key", before, after)
	}
}

// tokenRefusals: an ID token for another client and one past its expiry
// (by accord's clock) are refused.
func (g *oidcRig) tokenRefusals() {
	g.t.Helper()
	g.op.mu.Lock()
	g.op.mixUp = true
	g.op.mu.Unlock()
	resp, body, _ := g.signIn(g.a.client(), "sub-cm")
	g.refused(resp, body, http.StatusUnauthorized, "could not be verified")
	g.op.mu.Lock()
	g.op.mixUp = false
	g.op.mu.Unlock()
	if !strings.Contains(g.a.logs.String(), `expected audience \"accord-test\" got [\"another-client\"]`) {
		g.t.Errorf("the log does not say the ID token was for another client")
	}

	g.clk.off.Store(int64(time.Hour))
	resp, body, _ = g.signIn(g.a.client(), "sub-cm")
	g.refused(resp, body, http.StatusUnauthorized, "could not be verified")
	g.clk.off.Store(0)
	if !strings.Contains(g.a.logs.String(), "oidc: token is expired") {
		g.t.Errorf("the log does not say the ID token had expired")
	}
}

// newcomers: an unverified address, one outside the provider's domains and
// one with no invitation are refused, and nobody is created; a domain rule
// then admits the last.
func (g *oidcRig) newcomers() {
	g.t.Helper()
	ctx := context.Background()
	resp, body, _ := g.signIn(g.a.client(), "sub-unverified")
	g.refused(resp, body, http.StatusUnauthorized, "has not verified your e-mail address")
	resp, body, _ = g.signIn(g.a.client(), "sub-foreign")
	g.refused(resp, body, http.StatusUnauthorized, "does not vouch for addresses at riversidepg.example")
	resp, body, _ = g.signIn(g.a.client(), "sub-new")
	g.refused(resp, body, http.StatusForbidden, "no invitation for new.colleague@valleyhealthplan.example")
	for _, e := range []string{"lee.unverified@valleyhealthplan.example", "new.colleague@valleyhealthplan.example"} {
		if _, _, err := g.a.db.UserByEmail(ctx, e); accord.ErrorCode(err) != accord.ENOTFOUND {
			g.t.Errorf("%s: got %v, want no account made", e, err)
		}
	}
	al := mustAlliance(g.t, g.a)
	rule := accord.OIDCJoinRule{ProviderID: g.provider.ID, Domain: "@ValleyHealthPlan.example", AllianceID: al.ID, PartyID: g.valleyParty().ID, Roles: accord.Roles{accord.RoleMember}}
	if err := g.a.db.AddOIDCJoinRule(ctx, accord.SystemActor("test"), &rule); err != nil {
		g.t.Fatal(err)
	}
	resp, body, _ = g.signIn(g.a.client(), "sub-new")
	if resp.StatusCode != http.StatusSeeOther || sessionCookie(resp) == "" {
		g.t.Fatalf("domain rule: got status %d, want 303 with a session; the page says %q", resp.StatusCode, mainText(body))
	}
	u, _, err := g.a.db.UserByEmail(ctx, "new.colleague@valleyhealthplan.example")
	if err != nil {
		g.t.Fatal(err)
	}
	if m, err := g.a.db.Membership(ctx, al.ID, u.ID); err != nil || m.PartyID != rule.PartyID || !slices.Equal(m.Roles, accord.Roles{accord.RoleMember}) {
		g.t.Errorf("domain rule membership: got %+v, %v; want member of Valley Health Plan", m, err)
	}
}

func (g *oidcRig) valleyParty() accord.Party {
	g.t.Helper()
	ps, err := g.a.db.ListParties(context.Background(), mustAlliance(g.t, g.a).ID)
	if err != nil {
		g.t.Fatal(err)
	}
	for _, p := range ps {
		if p.OrgName == "Valley Health Plan" {
			return p
		}
	}
	g.t.Fatal("the demo has no Valley Health Plan")
	return accord.Party{}
}

// partyRequiresProvider: once Valley Health Plan requires its provider, its
// people's right passwords are refused with a pointer to the button, and
// other parties' people still sign in with passwords.
func (g *oidcRig) partyRequiresProvider() {
	g.t.Helper()
	if err := g.a.db.RequireOIDC(context.Background(), accord.SystemActor("test"), g.valleyParty().ID, g.provider.ID); err != nil {
		g.t.Fatal(err)
	}
	login := func(email string) (*http.Response, string) {
		req, _ := http.NewRequest(http.MethodPost, g.url+"/login", strings.NewReader(url.Values{"email": {email}, "password": {demo.Password}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", g.url)
		resp, err := g.a.client().Do(req)
		if err != nil {
			g.t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	resp, body := login(roleAccounts["executive"])
	g.refused(resp, body, http.StatusForbidden, "use the “Sign in with Valley Health Plan” button")
	if !strings.Contains(body, `action="/login/oidc/valley"`) {
		g.t.Errorf("the refusal's page has no Valley Health Plan button")
	}
	if resp, body := login(roleAccounts["member"]); resp.StatusCode != http.StatusSeeOther {
		g.t.Errorf("a Riverside member's password: got status %d, want 303; the page says %q", resp.StatusCode, mainText(body))
	}
}

// TestOIDCSignInThrottled: failed sign-ins through a provider are counted
// like failed passwords; past the free attempts the next waits (429),
// before the provider's answer is even looked at.
func TestOIDCSignInThrottled(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			g := newOIDCRig(t, newApp(t, d), 2)
			g.op.users["sub-unverified"] = opUser{Email: "lee.unverified@valleyhealthplan.example", Name: "Lee Unverified"}
			for range 2 {
				resp, body, _ := g.signIn(g.a.client(), "sub-unverified")
				g.refused(resp, body, http.StatusUnauthorized, "has not verified your e-mail address")
			}
			resp, body, _ := g.signIn(g.a.client(), "sub-unverified")
			g.refused(resp, body, http.StatusTooManyRequests, "Too many failed attempts from your network")
			if resp.Header.Get("Retry-After") == "" {
				t.Errorf("a throttled sign-in has no Retry-After")
			}
		})
	}
}
