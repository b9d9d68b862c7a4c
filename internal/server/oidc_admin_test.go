package server_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestOIDCAdminPage: an installation admin adds a provider on the page
// (a secret pasted in place of its reference is refused), the sign-in page
// then shows its button, a provider that cannot be reached is said so
// (503) without network details, other people are refused the page, and
// removing a provider asks for a ticked confirmation.
func TestOIDCAdminPage(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			a := newApp(t, d)
			admin := a.login(roleAccounts["admin"])
			if status, body := a.get(admin, "/admin/sign-in"); status != http.StatusOK || !strings.Contains(body, "No providers yet") {
				t.Fatalf("admin page: status %d, want 200 with no providers", status)
			}
			form := url.Values{"name": {"valley"}, "label": {"Valley Physicians"}, "issuer": {"https://login.valleyphysicians.org"},
				"client_id": {"accord"}, "secret_ref": {"the-secret-itself"}, "domains": {"valleyphysicians.org"}, "email_claim": {"email"}, "name_claim": {"name"}}
			if resp := a.post(admin, "/admin/sign-in", form); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("a secret in place of its reference: status %d, want 422", resp.StatusCode)
			}
			form.Set("secret_ref", "env:ACCORD_OIDC_VALLEY_SECRET")
			if resp := a.post(admin, "/admin/sign-in", form); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("add: status %d, want 303", resp.StatusCode)
			}
			if status, body := a.get(admin, "/admin/sign-in"); status != http.StatusOK || !strings.Contains(body, "env:ACCORD_OIDC_VALLEY_SECRET") || !strings.Contains(body, "/login/oidc/valley/callback") {
				t.Errorf("admin page after adding: status %d, want the provider and its redirect address", status)
			}
			if status, body := a.get(a.client(), "/login"); status != http.StatusOK || !strings.Contains(body, "Sign in with Valley Physicians") {
				t.Errorf("sign-in page: status %d, want a Valley Physicians button", status)
			}
			// A provider that cannot be reached is said so, without the network's details.
			down := url.Values{"name": {"down"}, "label": {"Down Health"}, "issuer": {"http://127.0.0.1:1"}, "client_id": {"accord"},
				"secret_ref": {"env:ACCORD_OIDC_DOWN_SECRET"}, "domains": {"down.example"}}
			if resp := a.post(admin, "/admin/sign-in", down); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("add a second provider: status %d, want 303", resp.StatusCode)
			}
			req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/login/oidc/down", strings.NewReader("next=%2F"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", a.srv.URL)
			resp, err := a.client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "Down Health cannot be reached just now") || strings.Contains(string(body), "127.0.0.1:1") {
				t.Errorf("an unreachable provider: status %d, want 503 saying so without its address; the page says %q", resp.StatusCode, mainText(string(body)))
			}
			exec := a.login(roleAccounts["executive"])
			if status, _ := a.get(exec, "/admin/sign-in"); status != http.StatusForbidden {
				t.Errorf("an executive on the admin page: status %d, want 403", status)
			}
			if resp := a.post(exec, "/admin/sign-in/valley/remove", url.Values{"confirm": {"yes"}}); resp.StatusCode != http.StatusForbidden {
				t.Errorf("an executive removing the provider: status %d, want 403", resp.StatusCode)
			}
			if resp := a.post(admin, "/admin/sign-in/valley/remove", nil); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("remove without the confirmation: status %d, want 422", resp.StatusCode)
			}
			if ps, _ := a.db.ListOIDCProviders(context.Background()); len(ps) != 2 {
				t.Fatalf("after an unconfirmed remove: %d providers, want 2", len(ps))
			}
			if resp := a.post(admin, "/admin/sign-in/valley/remove", url.Values{"confirm": {"yes"}}); resp.StatusCode != http.StatusSeeOther {
				t.Errorf("remove: status %d, want 303", resp.StatusCode)
			}
			if ps, _ := a.db.ListOIDCProviders(context.Background()); len(ps) != 1 || ps[0].Name != "down" {
				t.Errorf("after removing valley: %+v, want down alone", ps)
			}
		})
	}
}
