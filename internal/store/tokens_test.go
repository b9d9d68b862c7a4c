package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestPasswordChangeRevokesTokens changes a password, then resets it: each
// time the person's sessions end and their active API tokens stop working,
// each revocation in the audit trail; a token revoked before is left as it was.
func TestPasswordChangeRevokesTokens(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		change := func(name string) {
			if name == "change" {
				if err := db.SetPassword(ctx, cli, f.admin.ID, "new"); err != nil {
					t.Fatal(err)
				}
				return
			}
			reset, err := db.CreatePasswordReset(ctx, cli, f.admin.ID, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.ResetPassword(ctx, reset, "newer"); err != nil {
				t.Fatal(err)
			}
		}
		for _, how := range []string{"change", "reset"} {
			session, err := db.CreateSession(ctx, f.admin.ID, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			live, gone := newToken(t, db, f.admin.ID, "live"), newToken(t, db, f.admin.ID, "gone")
			if err := db.RevokeAPIToken(ctx, cli, f.admin.ID, gone.ID); err != nil {
				t.Fatal(err)
			}
			before := revocations(t, db)
			change(how)
			if _, err := db.SessionUser(ctx, session); err == nil {
				t.Errorf("password %s: the session still works", how)
			}
			if _, _, err := db.TokenUser(ctx, live.Secret); accord.ErrorCode(err) != accord.EUNAUTHORIZED {
				t.Errorf("password %s: the token answers %v, want unauthorized", how, err)
			}
			after := revocations(t, db)
			if got := after[live.ID] - before[live.ID]; got != 1 {
				t.Errorf("password %s: %d audit entries revoke the live token, want 1", how, got)
			}
			if got := after[gone.ID] - before[gone.ID]; got != 0 {
				t.Errorf("password %s: %d new audit entries revoke the token revoked before, want 0", how, got)
			}
		}
		ts, err := db.ListAPITokens(ctx, f.admin.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, tk := range ts {
			if tk.RevokedAt == nil {
				t.Errorf("token %q is still active", tk.Name)
			}
		}
	})
}

func newToken(t *testing.T, db *store.DB, userID, name string) accord.APIToken {
	t.Helper()
	tk := accord.APIToken{UserID: userID, Name: name, Scope: accord.ScopeWrite}
	if err := db.CreateAPIToken(context.Background(), cli, &tk); err != nil {
		t.Fatal(err)
	}
	return tk
}

// revocations counts the audit entries that revoke each token.
func revocations(t *testing.T, db *store.DB) map[string]int {
	t.Helper()
	es, err := db.ListAudit(context.Background(), accord.AuditFilter{Entity: "api_token", Action: "revoke", Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, e := range es {
		out[e.EntityID]++
	}
	return out
}
