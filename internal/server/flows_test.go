package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

var inviteLinkRE = regexp.MustCompile(`/invite/(inv_[A-Za-z0-9_-]+)`)

// TestInvitationFlow invites a person through the People page, accepts the
// link as a new visitor, and finds both steps in the audit trail.
func TestInvitationFlow(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			admin := a.login(roleAccounts["admin"])
			parties, _ := a.db.ListParties(context.Background(), mustAlliance(t, a).ID)
			req, _ := http.NewRequest("POST", a.srv.URL+"/a/north-valley/invitations", strings.NewReader(url.Values{
				"email": {"new.person@riversidepg.example"}, "party_id": {parties[0].ID}, "roles": {"clinical_leader", "member"},
			}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			resp, err := admin.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body := readAll(t, resp)
			m := inviteLinkRE.FindStringSubmatch(body)
			if resp.StatusCode != http.StatusOK || m == nil {
				t.Fatalf("invite: status %d, link found %v", resp.StatusCode, m != nil)
			}
			if strings.Contains(a.logs.String(), m[1]) {
				t.Error("the invitation token appears in the server log")
			}
			visitor := a.client()
			if s, page := a.get(visitor, "/invite/"+m[1]); s != http.StatusOK || !strings.Contains(page, "North Valley Care Alliance") {
				t.Fatalf("invite page: status %d", s)
			}
			short := a.post(visitor, "/invite/"+m[1], url.Values{"name": {"New Person"}, "password": {"short"}, "confirm": {"short"}})
			if short.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("short password: status %d, want 422", short.StatusCode)
			}
			ok := a.post(visitor, "/invite/"+m[1], url.Values{"name": {"New Person"}, "password": {"a long enough password"}, "confirm": {"a long enough password"}})
			if ok.StatusCode != http.StatusSeeOther || ok.Header.Get("Location") != "/a/north-valley" {
				t.Fatalf("accept: status %d to %q", ok.StatusCode, ok.Header.Get("Location"))
			}
			if s, page := a.get(visitor, "/a/north-valley"); s != http.StatusOK || !strings.Contains(page, "New Person") {
				t.Errorf("new member's overview: status %d", s)
			}
			if s, _ := a.get(visitor, "/a/north-valley/audit"); s != http.StatusForbidden {
				t.Errorf("new clinical leader on audit page: status %d, want 403", s)
			}
			_, audit := a.get(admin, "/a/north-valley/audit?entity=invitation")
			if !strings.Contains(audit, "accept") || !strings.Contains(audit, "create") {
				t.Error("audit page does not show the invitation's creation and acceptance")
			}
			if again := a.post(a.client(), "/invite/"+m[1], url.Values{"name": {"X"}, "password": {"a long enough password"}, "confirm": {"a long enough password"}}); again.StatusCode != http.StatusNotFound {
				t.Errorf("second use of the link: status %d, want 404", again.StatusCode)
			}
		})
	}
}

func mustAlliance(t *testing.T, a *app) accord.Alliance {
	t.Helper()
	al, err := a.db.AllianceBySlug(context.Background(), "north-valley")
	if err != nil {
		t.Fatal(err)
	}
	return al
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return b.String()
}

func TestLoginThrottling(t *testing.T) {
	t.Parallel()
	a := newApp(t, store.SQLite)
	c := a.client()
	email := roleAccounts["finance"]
	var last int
	for i := 0; i < 51; i++ {
		last = a.post(c, "/login", url.Values{"email": {email}, "password": {"wrong password"}}).StatusCode
	}
	if last != http.StatusTooManyRequests {
		t.Fatalf("after 51 failures: status %d, want 429", last)
	}
	if s := a.post(c, "/login", url.Values{"email": {email}, "password": {"accord-demo-2026"}}).StatusCode; s != http.StatusTooManyRequests {
		t.Errorf("right password within the delay: status %d, want 429", s)
	}
	for i := 0; i < 160; i++ {
		last = a.post(c, "/login", url.Values{"email": {fmt.Sprintf("nobody%d@x.example", i)}, "password": {"x"}}).StatusCode
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("a client trying many addresses is throttled too: status %d, want 429", last)
	}
}

func TestSignOutAndPasswordReset(t *testing.T) {
	t.Parallel()
	a := newApp(t, store.SQLite)
	c := a.login(roleAccounts["member"])
	if s := a.post(c, "/logout", nil).StatusCode; s != http.StatusSeeOther {
		t.Fatalf("logout: status %d", s)
	}
	if s, _ := a.get(c, "/a/north-valley"); s != http.StatusSeeOther {
		t.Errorf("after sign-out: status %d, want redirect to sign-in", s)
	}
	u, _, _ := a.db.UserByEmail(context.Background(), roleAccounts["member"])
	tok, err := a.db.CreatePasswordReset(context.Background(), accord.SystemActor("test"), u.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if s := a.post(a.client(), "/reset/"+tok, url.Values{"password": {"brand new password"}, "confirm": {"brand new password"}}).StatusCode; s != http.StatusSeeOther {
		t.Fatalf("reset: status %d", s)
	}
	if s := a.post(a.client(), "/login", url.Values{"email": {u.Email}, "password": {"brand new password"}}).StatusCode; s != http.StatusSeeOther {
		t.Errorf("sign-in with the new password: status %d, want 303", s)
	}
	if strings.Contains(a.logs.String(), tok) {
		t.Error("the reset token appears in the server log")
	}
}

func TestHealthAndMetricsAndHeaders(t *testing.T) {
	t.Parallel()
	a := newApp(t, store.SQLite)
	c := a.client()
	for _, p := range []string{"/healthz", "/readyz"} {
		if s, _ := a.get(c, p); s != http.StatusOK {
			t.Errorf("%s: status %d", p, s)
		}
	}
	resp, err := c.Get(a.srv.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("Content-Security-Policy = %q", csp)
	}
	for _, h := range []string{"X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("missing header %s", h)
		}
	}
	if s, _ := a.get(c, "/no/such/page"); s != http.StatusNotFound {
		t.Errorf("unknown page: status %d", s)
	}
}

func TestCreateAllianceAsInstallationAdmin(t *testing.T) {
	t.Parallel()
	a := newApp(t, store.SQLite)
	admin := a.login(roleAccounts["admin"])
	resp := a.post(admin, "/alliances", url.Values{"name": {"Lakeside Telehealth Pilot"}, "organization": {"Valley Health Plan"}, "party_role": {"payer"}, "vision": {"v"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/a/lakeside-telehealth-pilot" {
		t.Fatalf("create: status %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if s, _ := a.get(admin, "/a/lakeside-telehealth-pilot/people"); s != http.StatusOK {
		t.Errorf("creator on the new alliance: status %d", s)
	}
	exec := a.login(roleAccounts["executive"])
	if s := a.post(exec, "/alliances", url.Values{"name": {"Mine"}, "organization": {"X"}, "party_role": {"payer"}}).StatusCode; s != http.StatusForbidden {
		t.Errorf("non-admin creating an alliance: status %d, want 403", s)
	}
	if s, _ := a.get(exec, "/a/lakeside-telehealth-pilot"); s != http.StatusNotFound {
		t.Errorf("non-member on the new alliance: status %d, want 404", s)
	}
	bad := a.post(admin, "/alliances", url.Values{"name": {""}, "organization": {"X"}, "party_role": {"payer"}})
	if bad.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("alliance without a name: status %d, want 422", bad.StatusCode)
	}
}
