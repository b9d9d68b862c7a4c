package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestPeopleAdminPages: an installation admin finds a person, downloads
// their data as JSON, is refused an erasure without the ticked box, erases
// them with it, and finds the trail verifying and the person signed out;
// other people are refused every page.
func TestPeopleAdminPages(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			a := newApp(t, d)
			ctx := context.Background()
			const sofia = "sofia.marin@brightline.example"
			u, _, err := a.db.UserByEmail(ctx, sofia)
			if err != nil {
				t.Fatal(err)
			}
			page := "/admin/people/" + u.ID
			victim := a.login(sofia)
			admin := a.login(roleAccounts["admin"])
			if status, body := a.get(admin, "/admin/people?q=marin"); status != http.StatusOK || !strings.Contains(body, "Sofia Marin") || strings.Contains(body, "Leo Brandt") {
				t.Fatalf("people page: status %d %q", status, mainText(body))
			}
			if status, body := a.get(admin, page); status != http.StatusOK || !strings.Contains(body, "Export as JSON") || !strings.Contains(body, "Erase identity") {
				t.Fatalf("person page: status %d %q", status, mainText(body))
			}
			status, body := a.get(admin, page+"/data")
			var data accord.PersonData
			if status != http.StatusOK || json.Unmarshal([]byte(body), &data) != nil || data.Account.Email != sofia || len(data.Records["memberships"]) != 1 {
				t.Fatalf("data download: status %d %.300s", status, body)
			}
			exec := a.login(roleAccounts["executive"])
			for _, p := range []string{"/admin/people", page, page + "/data"} {
				if status, _ := a.get(exec, p); status != http.StatusForbidden {
					t.Errorf("an executive on %s: status %d, want 403", p, status)
				}
			}
			if resp := a.post(exec, page+"/erase", url.Values{"confirm": {"yes"}}); resp.StatusCode != http.StatusForbidden {
				t.Errorf("an executive erasing: status %d, want 403", resp.StatusCode)
			}
			if resp := a.post(admin, page+"/erase", nil); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("erase without the confirmation: status %d, want 422", resp.StatusCode)
			}
			if got, _ := a.db.User(ctx, u.ID); got.Email != sofia {
				t.Fatalf("an unconfirmed erasure changed the account: %+v", got)
			}
			if resp := a.post(admin, page+"/erase", url.Values{"confirm": {"yes"}}); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("erase: status %d, want 303", resp.StatusCode)
			}
			if status, body := a.get(admin, page); status != http.StatusOK || !strings.Contains(body, "Former member") || strings.Contains(body, "Sofia") {
				t.Errorf("person page after the erasure: status %d %q", status, mainText(body))
			}
			if status, _ := a.get(victim, "/"); status != http.StatusSeeOther {
				t.Errorf("the erased person's session: status %d, want 303 to sign in", status)
			}
			if r, err := a.db.VerifyAudit(ctx); err != nil || len(r.Problems) != 0 {
				t.Errorf("VerifyAudit after the erasure = %+v, %v", r.Problems, err)
			}
		})
	}
}
