package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestOIDCAdminPage: an installation admin adds a provider on the page
// (a secret pasted in place of its reference is refused), the sign-in page
// then shows its button, other people are refused the page, and removing
// the provider asks for a ticked confirmation.
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
			if ps, _ := a.db.ListOIDCProviders(context.Background()); len(ps) != 1 {
				t.Fatalf("after an unconfirmed remove: %d providers, want 1", len(ps))
			}
			if resp := a.post(admin, "/admin/sign-in/valley/remove", url.Values{"confirm": {"yes"}}); resp.StatusCode != http.StatusSeeOther {
				t.Errorf("remove: status %d, want 303", resp.StatusCode)
			}
			if ps, _ := a.db.ListOIDCProviders(context.Background()); len(ps) != 0 {
				t.Errorf("after remove: %d providers, want none", len(ps))
			}
		})
	}
}
