package server_test

import (
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/store"
)

// changeRouteRE finds the routes that change something in routes.go, so
// that a route added later is walked too.
var changeRouteRE = regexp.MustCompile(`mux\.HandleFunc\("(POST|PUT|PATCH|DELETE) (/[^"]*)"`)

// changeRoutes lists the state-changing routes registered in ui/routes.go
// or api/routes.go,
// pages or API, with their wildcards filled in ({slug} by the demo alliance).
func changeRoutes(t *testing.T, api bool) [][2]string {
	t.Helper()
	file := "../ui/routes.go"
	if api {
		file = "../api/routes.go"
	}
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fill := regexp.MustCompile(`\{[a-z]+\}`)
	var out [][2]string
	for _, m := range changeRouteRE.FindAllStringSubmatch(string(src), -1) {
		if strings.HasPrefix(m[2], "/api/") != api {
			continue
		}
		p := strings.ReplaceAll(m[2], "{slug}", "north-valley")
		out = append(out, [2]string{m[1], fill.ReplaceAllString(p, "x")})
	}
	if len(out) < 10 {
		t.Fatalf("found %d routes in routes.go; the pattern no longer matches how routes are registered", len(out))
	}
	return out
}

// publicPosts need nobody signed in: signing in (with a password or
// through a provider) and out, invitation and reset links, the reporter's
// follow-up of a concern and raising one through an intake link.
var publicPosts = map[string]bool{"/login": true, "/login/oidc/x": true, "/logout": true, "/invite/x": true, "/reset/x": true, "/concern": true, "/intake/x": true}

// TestBearerTokensDoNotWorkOnPages posts every page form with a read-only
// API token and no session: pages know only the session cookie, so each is
// sent to sign in and nothing in the database changes. Before, a read
// token could mint a write token on /account/tokens and replace a calendar
// feed link.
func TestBearerTokensDoNotWorkOnPages(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			for _, scope := range []string{"read", "write"} {
				tok := a.token(roleAccounts["admin"], scope)
				before := dumpRows(t, a)
				for _, rt := range changeRoutes(t, false) {
					if publicPosts[rt[1]] {
						continue
					}
					resp := a.bearerForm(rt[0], rt[1], tok, "name=minted&scope=write")
					if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
						t.Errorf("%s %s with a %s token: status %d to %q, want 303 to sign in", rt[0], rt[1], scope, resp.StatusCode, loc)
					}
				}
				for row := range dumpRows(t, a) {
					if !before[row] {
						t.Errorf("posting page forms with a %s token wrote %s", scope, row)
					}
				}
			}
		})
	}
}

// TestReadTokenRefusedOnEveryAPIChange sends every state-changing API route
// a read-only token: each answers 403 (the reporter's follow-up, which
// reads no credentials, aside).
func TestReadTokenRefusedOnEveryAPIChange(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			tok := a.token(roleAccounts["admin"], "read")
			for _, rt := range changeRoutes(t, true) {
				if strings.HasPrefix(rt[1], "/api/v1/concerns/") || strings.HasPrefix(rt[1], "/api/v1/intake/") {
					continue
				}
				if r := a.api(rt[0], rt[1], tok, "{}", nil); r.StatusCode != http.StatusForbidden {
					t.Errorf("%s %s with a read token: status %d, want 403", rt[0], rt[1], r.StatusCode)
				}
			}
			wtok := a.token(roleAccounts["member"], "write")
			if r := a.api("POST", "/api/v1/alliances/north-valley/calendar-feed", wtok, "", nil); r.StatusCode != http.StatusCreated {
				t.Errorf("calendar feed with a write token: status %d, want 201", r.StatusCode)
			}
		})
	}
}

// TestOperationalPathsIgnoreCredentials sends health and readiness checks,
// and the sign-in page, a stale bearer token and a stale session cookie:
// they answer as if nothing were sent. Before, a stale bearer sent
// /healthz to the sign-in page, which sent it to itself.
func TestOperationalPathsIgnoreCredentials(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			for _, p := range []string{"/healthz", "/readyz", "/login"} {
				req, _ := http.NewRequest("GET", a.srv.URL+p, nil)
				req.Header.Set("Authorization", "Bearer acc_revoked")
				req.AddCookie(&http.Cookie{Name: "accord_session", Value: "expired"})
				resp, err := a.client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Errorf("GET %s with stale credentials: status %d to %q, want 200", p, resp.StatusCode, resp.Header.Get("Location"))
				}
			}
		})
	}
}

// bearerForm posts a form as a same-origin browser would, with a bearer
// token instead of a session cookie, and without following redirects.
func (a *app) bearerForm(method, path, tok, body string) *http.Response {
	a.t.Helper()
	req, _ := http.NewRequest(method, a.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := a.client().Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}
