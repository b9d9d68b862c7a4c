package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestGuessablePasswordsAreRefused tries well-known passwords, and ones
// built on the person's name or address or on the word accord, wherever a
// password is set: a reset link, a change on the account page, and an
// invitation accepted by a newcomer. Each is refused with a plain message;
// a good one goes through.
func TestGuessablePasswordsAreRefused(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			ctx, actor := context.Background(), accord.SystemActor("test")
			u, _, _ := a.db.UserByEmail(ctx, roleAccounts["member"])
			tok, err := a.db.CreatePasswordReset(ctx, actor, u.ID, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			a.wantRefused("/reset/"+tok, nil, "Password2024!")
			first, _, _ := strings.Cut(strings.ToLower(u.Name), " ")
			a.wantRefused("/reset/"+tok, nil, first+"-"+first+"-2026")

			c := a.login(roleAccounts["finance"])
			a.wantRefused("/account/password", c, "MyAccord2026!", "current", demo.Password)
			a.wantRefused("/account/password", c, "qwertyuiop12", "current", demo.Password)

			parties, _ := a.db.ListParties(ctx, mustAlliance(t, a).ID)
			inv := accord.Invitation{AllianceID: mustAlliance(t, a).ID, Email: "grace.hopper@riversidepg.example", PartyID: parties[0].ID, Roles: accord.Roles{accord.RoleMember}}
			if err := a.db.CreateInvitation(ctx, actor, &inv); err != nil {
				t.Fatal(err)
			}
			a.wantRefused("/invite/"+inv.Token, a.client(), "GraceHopper1906", "name", "Grace Hopper")
			a.wantRefused("/invite/"+inv.Token, a.client(), "123456789012", "name", "Grace Hopper")

			good := url.Values{"password": {"violin tortoise harbour"}, "confirm": {"violin tortoise harbour"}}
			if s := a.post(a.client(), "/reset/"+tok, good).StatusCode; s != http.StatusSeeOther {
				t.Errorf("a good password on the reset link: status %d, want 303", s)
			}
		})
	}
}

// wantRefused posts pw (and its confirmation, and any other fields given
// as name, value pairs) to path and wants it refused as easy to guess.
func (a *app) wantRefused(path string, c *http.Client, pw string, fields ...string) {
	a.t.Helper()
	if c == nil {
		c = a.client()
	}
	form := url.Values{"password": {pw}, "confirm": {pw}}
	for i := 0; i+1 < len(fields); i += 2 {
		form.Set(fields[i], fields[i+1])
	}
	req, _ := http.NewRequest(http.MethodPost, a.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	body := readAll(a.t, resp)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "too easy to guess") {
		a.t.Errorf("%s with %q: status %d; want 422 saying it is too easy to guess", path, pw, resp.StatusCode)
	}
}
