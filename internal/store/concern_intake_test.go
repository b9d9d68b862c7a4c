package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestConcernIntakeLink turns an alliance's intake link on, replaces it
// and turns it off: only the link in use opens the alliance, the token is
// never stored in clear, and each step is in the audit trail without it.
func TestConcernIntakeLink(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, d, nil)
			f := seed(t, db)
			ada := accord.Actor{UserID: f.admin.ID, Name: f.admin.Name, Via: "web"}

			if _, err := db.ConcernIntake(ctx, f.alliance.ID); accord.ErrorCode(err) != accord.ENOTFOUND {
				t.Fatalf("ConcernIntake before any link: err = %v, want not found", err)
			}
			first, in, err := db.EnableConcernIntake(ctx, ada, f.alliance.ID)
			if err != nil || len(first) < 40 || in.CreatedByName != "Ada" {
				t.Fatalf("EnableConcernIntake = %q, %+v, %v", first, in, err)
			}
			if a, err := db.AllianceByIntake(ctx, first); err != nil || a.ID != f.alliance.ID {
				t.Fatalf("AllianceByIntake(first) = %+v, %v", a, err)
			}
			got, err := db.ConcernIntake(ctx, f.alliance.ID)
			if err != nil || got.CreatedByID != f.admin.ID || got.CreatedByName != "Ada" || got.CreatedAt.IsZero() {
				t.Errorf("ConcernIntake = %+v, %v; want made by Ada", got, err)
			}

			second, _, err := db.EnableConcernIntake(ctx, ada, f.alliance.ID)
			if err != nil || second == first {
				t.Fatalf("replacing: %q, %v; want a new token", second, err)
			}
			if _, err := db.AllianceByIntake(ctx, first); accord.ErrorCode(err) != accord.ENOTFOUND {
				t.Errorf("the replaced link: err = %v, want not found", err)
			}
			if a, err := db.AllianceByIntake(ctx, second); err != nil || a.ID != f.alliance.ID {
				t.Errorf("AllianceByIntake(second) = %+v, %v", a, err)
			}
			rows := fmt.Sprint(tableRows(t, db))
			for _, tok := range []string{first, second} {
				if strings.Contains(rows, tok) {
					t.Errorf("the database holds the token %q in clear", tok)
				}
			}

			if err := db.DisableConcernIntake(ctx, ada, f.alliance.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := db.AllianceByIntake(ctx, second); accord.ErrorCode(err) != accord.ENOTFOUND {
				t.Errorf("the link turned off: err = %v, want not found", err)
			}
			if err := db.DisableConcernIntake(ctx, ada, f.alliance.ID); accord.ErrorCode(err) != accord.ENOTFOUND {
				t.Errorf("turning off no link: err = %v, want not found", err)
			}
			es, err := db.ListAudit(ctx, accord.AuditFilter{AllianceID: f.alliance.ID, Entity: "concern_intake"})
			if err != nil {
				t.Fatal(err)
			}
			var actions []string
			for _, e := range es {
				actions = append(actions, e.Action+" by "+e.ActorName)
				if strings.Contains(string(e.Before)+string(e.After), first) || strings.Contains(string(e.Before)+string(e.After), second) {
					t.Errorf("audit entry %s holds the token", e.Action)
				}
			}
			if got, want := strings.Join(actions, ", "), "disable by Ada, rotate by Ada, enable by Ada"; got != want {
				t.Errorf("audit = %s, want %s", got, want)
			}
		})
	}
}
