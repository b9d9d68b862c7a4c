package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestIntakeCommand shows, replaces and turns off an alliance's intake
// link from the command line: the link printed opens the alliance until
// it is replaced, and each change is audited as the command line's.
func TestIntakeCommand(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
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
			if err := db.CreateAlliance(ctx, accord.SystemActor("test"), &a); err != nil {
				t.Fatal(err)
			}
			intake := func(args ...string) (int, string, string) {
				return run(t, "", nil, append(append([]string{"intake"}, args...), "--database", dsn)...)
			}
			if code, out, _ := intake("show", "--alliance", "north-valley"); code != 0 || !strings.Contains(out, "is off") {
				t.Errorf("show before: exit %d %q", code, out)
			}
			var links []string
			for range 2 {
				code, out, errs := intake("rotate", "--alliance", "north-valley", "--base-url", "https://accord.example.org/")
				link := strings.TrimSpace(out)
				if code != 0 || !strings.HasPrefix(link, "https://accord.example.org/intake/in_") || !strings.Contains(errs, "only this once") {
					t.Fatalf("rotate: exit %d %q %q", code, out, errs)
				}
				links = append(links, strings.TrimPrefix(link, "https://accord.example.org/intake/"))
			}
			if _, err := db.AllianceByIntake(ctx, links[0]); accord.ErrorCode(err) != accord.ENOTFOUND {
				t.Errorf("the first link after rotating: %v, want not found", err)
			}
			if got, err := db.AllianceByIntake(ctx, links[1]); err != nil || got.ID != a.ID {
				t.Errorf("the new link: %+v, %v", got, err)
			}
			if code, out, _ := intake("show", "--alliance", "north-valley"); code != 0 || !strings.Contains(out, "is on") || !strings.Contains(out, "accord (cli)") {
				t.Errorf("show: exit %d %q", code, out)
			}
			if code, out, _ := intake("disable", "--alliance", "north-valley"); code != 0 || !strings.Contains(out, "turned off") {
				t.Errorf("disable: exit %d %q", code, out)
			}
			if code, _, errs := intake("disable", "--alliance", "north-valley"); code != 1 || !strings.Contains(errs, "no intake link") {
				t.Errorf("disable again: exit %d %q; want 1 saying there is none", code, errs)
			}
			if code, _, _ := intake("show", "--alliance", "nowhere"); code != 1 {
				t.Errorf("show for an unknown alliance: exit %d, want 1", code)
			}
			if code, _, _ := intake("show"); code != 2 {
				t.Errorf("show without --alliance: exit %d, want 2", code)
			}
			if code, _, _ := intake("frobnicate", "--alliance", "north-valley"); code != 2 {
				t.Errorf("an unknown sub-command: exit %d, want 2", code)
			}
			es, err := db.ListAudit(ctx, accord.AuditFilter{AllianceID: a.ID, Entity: "concern_intake"})
			if err != nil || len(es) != 3 || es[0].ActorName != "accord (cli)" {
				t.Errorf("audit: %d entries, %v", len(es), err)
			}
		})
	}
}
