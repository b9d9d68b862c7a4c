package cli

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestOIDCCommand configures an identity provider from the command line:
// a secret given in place of its reference is refused; a provider, a
// domain rule and a party's requirement are added, listed and removed.
func TestOIDCCommand(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx, sys := context.Background(), accord.SystemActor("test")
			dsn := storetest.URL(t, d)
			db, err := store.Open(ctx, dsn, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			a := accord.Alliance{Slug: "north-valley", Name: "North Valley"}
			if err := db.CreateAlliance(ctx, sys, &a); err != nil {
				t.Fatal(err)
			}
			o, err := db.EnsureOrganization(ctx, sys, "Valley Physicians")
			if err != nil {
				t.Fatal(err)
			}
			party := accord.Party{AllianceID: a.ID, OrgID: o.ID, Role: accord.PartyProvider}
			if err := db.AddParty(ctx, sys, &party); err != nil {
				t.Fatal(err)
			}
			oidc := func(args ...string) (int, string, string) {
				return run(t, "", nil, append(append([]string{"oidc"}, args...), "--database", dsn)...)
			}
			add := []string{"add", "--name", "valley", "--label", "Valley Physicians", "--issuer", "https://login.valleyphysicians.org",
				"--client-id", "accord", "--domains", "valleyphysicians.org,@VP.example"}
			if code, _, errs := oidc(append(add, "--secret-ref", "s3cret")...); code == 0 || !strings.Contains(errs, "env:NAME or file:/path") {
				t.Errorf("a secret in place of its reference: exit %d %q, want refused", code, errs)
			}
			if code, out, errs := oidc(append(add, "--secret-ref", "env:ACCORD_OIDC_VALLEY_SECRET")...); code != 0 || !strings.Contains(out, "/login/oidc/valley/callback") {
				t.Fatalf("add: exit %d %q %q", code, out, errs)
			}
			code, out, errs := oidc("rule-add", "--name", "valley", "--domain", "valleyphysicians.org", "--alliance", "north-valley", "--party", "valley physicians")
			if code != 0 || !strings.Contains(out, "joins Valley Physicians in North Valley as member") {
				t.Fatalf("rule-add: exit %d %q %q", code, out, errs)
			}
			ruleID := regexp.MustCompile(`rule (\S+):`).FindStringSubmatch(out)[1]
			if code, out, errs := oidc("require", "--name", "valley", "--alliance", "north-valley", "--party", "Valley Physicians"); code != 0 || !strings.Contains(out, "sign in with Valley Physicians only") {
				t.Fatalf("require: exit %d %q %q", code, out, errs)
			}
			code, out, _ = oidc("list")
			for _, want := range []string{"env:ACCORD_OIDC_VALLEY_SECRET", "valleyphysicians.org,vp.example", "@valleyphysicians.org -> Valley Physicians in north-valley as member", "required by", ruleID} {
				if code != 0 || !strings.Contains(out, want) {
					t.Errorf("list: exit %d, %q does not show %q", code, out, want)
				}
			}
			for _, args := range [][]string{{"unrequire", "--alliance", "north-valley", "--party", "Valley Physicians"}, {"rule-remove", "--id", ruleID}, {"remove", "--name", "valley"}} {
				if code, _, errs := oidc(args...); code != 0 {
					t.Errorf("%s: exit %d %q", args[0], code, errs)
				}
			}
			if ps, err := db.ListOIDCProviders(ctx); err != nil || len(ps) != 0 {
				t.Errorf("after remove: %d providers, %v", len(ps), err)
			}
			entries, err := db.ListAudit(ctx, accord.AuditFilter{Entity: "oidc_provider"})
			if err != nil || len(entries) != 2 || entries[0].Via != "cli" {
				t.Errorf("audit: %+v, %v; want the provider's creation and removal by the command line", entries, err)
			}
		})
	}
}
