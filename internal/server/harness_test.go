package server_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/packet"
	"github.com/accord-alliance/accord/internal/password"
	"github.com/accord-alliance/accord/internal/pdfprint"
	"github.com/accord-alliance/accord/internal/server"
	"github.com/accord-alliance/accord/internal/store"
)

// app is a running accord over a fresh database holding the demo alliance
// and a second, unrelated alliance.
type app struct {
	t     *testing.T
	db    *store.DB
	srv   *httptest.Server
	app   *server.Server // the application behind srv, for its background work
	demo  demo.Result
	other accord.Alliance
	logs  *syncWriter
	cfg   server.Config // what the app was built with, for its background work
	dsn   string        // the database's address, for the command line
}

// outsiderEmail belongs to an account that is only in the "other" alliance.
const outsiderEmail = "owner@other.example"

func newApp(t *testing.T, d store.Dialect) *app {
	t.Helper()
	return newAppWith(t, d, server.Config{})
}

// newAppWith is newApp with some configuration set (e.g. a Mailer). The
// database is the test's own copy of the demo built once (see demoTemplate).
func newAppWith(t *testing.T, d store.Dialect, cfg server.Config) *app {
	t.Helper()
	db, built, dsn := demoTemplate(d).OpenURL(t, nil)
	a := &app{t: t, db: db, demo: built.demo, other: built.other, logs: &syncWriter{}, dsn: dsn}
	log := slog.New(slog.NewTextHandler(a.logs, nil))
	reg := prometheus.NewRegistry()
	cfg.Password, cfg.LoginLimit = password.Fast, 50
	if cfg.Printer == nil {
		cfg.Printer = pdfprint.Printer{} // Chromium on the PATH, as cli wires it by default
	}
	a.cfg = cfg
	srv, err := server.New(cfg, db, log, reg, nil)
	if err != nil {
		t.Fatal(err)
	}
	a.app, a.srv = srv, httptest.NewServer(srv.Handler(reg))
	t.Cleanup(a.srv.Close)
	return a
}

// sendDuePackets runs the scheduled packet job once, wired over the app's
// server as internal/cli wires it, and returns how many meetings' packets
// went out.
func (a *app) sendDuePackets(ctx context.Context) (int, error) {
	m := &packet.Mailing{Store: a.db, Build: a.app.Views(), Printer: a.cfg.Printer, Mailer: a.cfg.Mailer, Base: a.app.Views().MailBase(), Now: time.Now}
	return m.SendDue(ctx)
}

func (a *app) seedOther(hash string) accord.Alliance {
	other, err := seedOther(context.Background(), a.db, hash)
	if err != nil {
		a.t.Fatal(err)
	}
	return other
}

// seedOther adds the "other" alliance, whose only member is outsiderEmail.
func seedOther(ctx context.Context, db *store.DB, hash string) (accord.Alliance, error) {
	actor := accord.SystemActor("test")
	other := accord.Alliance{Slug: "elsewhere", Name: "Elsewhere Alliance"}
	if err := db.CreateAlliance(ctx, actor, &other); err != nil {
		return other, err
	}
	o, _ := db.EnsureOrganization(ctx, actor, "Other Org")
	p := accord.Party{AllianceID: other.ID, OrgID: o.ID, Role: accord.PartyProvider}
	if err := db.AddParty(ctx, actor, &p); err != nil {
		return other, err
	}
	u := accord.User{Email: outsiderEmail, Name: "Olive Owner"}
	if err := db.CreateUser(ctx, actor, &u, hash); err != nil {
		return other, err
	}
	m := accord.Membership{AllianceID: other.ID, UserID: u.ID, PartyID: p.ID, Roles: accord.Roles{accord.RoleAdmin}}
	return other, db.AddMember(ctx, actor, &m)
}

// client is a browser-like client with a cookie jar that does not follow
// redirects, so tests see each answer.
func (a *app) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// login signs in through the form and returns the signed-in client.
func (a *app) login(email string) *http.Client {
	a.t.Helper()
	c := a.client()
	resp := a.post(c, "/login", url.Values{"email": {email}, "password": {demo.Password}})
	if resp.StatusCode != http.StatusSeeOther {
		a.t.Fatalf("login %s: status %d, want 303", email, resp.StatusCode)
	}
	return c
}

// post submits a form as a same-origin browser would.
func (a *app) post(c *http.Client, path string, form url.Values) *http.Response {
	a.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, a.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", a.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// get fetches a page and returns the status and body.
func (a *app) get(c *http.Client, path string) (int, string) {
	a.t.Helper()
	resp, err := c.Get(a.srv.URL + path)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// token creates a personal API token for the account directly in the store.
func (a *app) token(email, scope string) string {
	a.t.Helper()
	u, _, err := a.db.UserByEmail(context.Background(), email)
	if err != nil {
		a.t.Fatal(err)
	}
	tok := accord.APIToken{UserID: u.ID, Name: "test", Scope: scope}
	if err := a.db.CreateAPIToken(context.Background(), accord.SystemActor("test"), &tok); err != nil {
		a.t.Fatal(err)
	}
	return tok.Secret
}

// api calls the JSON API with a bearer token and decodes the answer into out (if not nil).
func (a *app) api(method, path, token, body string, out any) *http.Response {
	a.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, a.srv.URL+path, r)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			a.t.Fatalf("%s %s: decode %q: %v", method, path, b, err)
		}
	}
	return resp
}

// syncWriter lets the server's logger write to a builder the test reads.
type syncWriter struct {
	mu sync.Mutex
	b  strings.Builder
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}
