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
	"github.com/accord-alliance/accord/internal/store"
)

// TestPasswordChangeRevokesTokensThroughPages changes a password on the
// account page, which says beforehand what it does: the person's API token
// and their other browser session stop working, this browser stays signed
// in; a reset link then does the same to a token made since.
func TestPasswordChangeRevokesTokensThroughPages(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			email := roleAccounts["member"]
			tok, other, c := a.token(email, "write"), a.login(email), a.login(email)
			if _, page := a.get(c, "/account"); !strings.Contains(page, "revokes all your API tokens") {
				t.Error("the account page does not say that changing the password revokes API tokens")
			}
			const pw = "a fresh long password"
			resp := a.post(c, "/account/password", url.Values{"current": {demo.Password}, "password": {pw}, "confirm": {pw}})
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("change password: status %d, want 303", resp.StatusCode)
			}
			if r := a.api("GET", "/api/v1/me", tok, "", nil); r.StatusCode != http.StatusUnauthorized {
				t.Errorf("API token after the change: status %d, want 401", r.StatusCode)
			}
			if s, _ := a.get(other, "/account"); s != http.StatusSeeOther {
				t.Errorf("the other session after the change: status %d, want 303 to sign in", s)
			}
			if s, _ := a.get(c, "/account"); s != http.StatusOK {
				t.Errorf("this session after the change: status %d, want 200", s)
			}

			tok = a.token(email, "read")
			u, _, err := a.db.UserByEmail(context.Background(), email)
			if err != nil {
				t.Fatal(err)
			}
			link, err := a.db.CreatePasswordReset(context.Background(), accord.SystemActor("test"), u.ID, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if _, page := a.get(a.client(), "/reset/"+link); !strings.Contains(page, "revokes all your API tokens") {
				t.Error("the reset page does not say that setting the password revokes API tokens")
			}
			if s := a.post(a.client(), "/reset/"+link, url.Values{"password": {pw + "!"}, "confirm": {pw + "!"}}).StatusCode; s != http.StatusSeeOther {
				t.Fatalf("reset: status %d, want 303", s)
			}
			if r := a.api("GET", "/api/v1/me", tok, "", nil); r.StatusCode != http.StatusUnauthorized {
				t.Errorf("API token after the reset: status %d, want 401", r.StatusCode)
			}
		})
	}
}
