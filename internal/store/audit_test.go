package store_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

func TestAuditTrailRecordsChanges(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		vision := "New vision"
		if _, err := db.UpdateCharter(ctx, accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}, f.alliance.ID, accord.CharterUpdate{Vision: &vision}); err != nil {
			t.Fatal(err)
		}
		entries, err := db.ListAudit(ctx, accord.AuditFilter{AllianceID: f.alliance.ID, Entity: "charter"})
		if err != nil || len(entries) != 1 {
			t.Fatalf("ListAudit = %d entries, %v; want 1", len(entries), err)
		}
		e := entries[0]
		if e.ActorName != "Ada" || e.Via != "web" || !strings.Contains(string(e.Before), "Better care") || !strings.Contains(string(e.After), vision) {
			t.Errorf("charter entry = %+v; want actor Ada with before and after", e)
		}
		all, _ := db.ListAudit(ctx, accord.AuditFilter{AllianceID: f.alliance.ID})
		// alliance, 2 parties, membership, charter
		if len(all) != 5 {
			t.Errorf("alliance audit has %d entries, want 5", len(all))
		}
		for _, e := range all {
			if strings.Contains(string(e.After), "hash") {
				t.Errorf("entry %d leaks a password hash: %s", e.Seq, e.After)
			}
		}
		r, err := db.VerifyAudit(ctx)
		if err != nil || len(r.Problems) != 0 || r.Entries == 0 {
			t.Fatalf("VerifyAudit = %+v, %v; want a clean chain", r, err)
		}
	})
}

// TestAuditVerifyCatchesTampering edits, deletes and truncates entries behind
// the application's back and expects verification to name each.
func TestAuditVerifyCatchesTampering(t *testing.T) {
	t.Parallel()
	tamper := []struct {
		name   string
		sql    string
		reason string
	}{
		{"edited", "UPDATE audit_log SET actor_name = 'Mallory' WHERE seq = 3", "edited"},
		{"deleted", "DELETE FROM audit_log WHERE seq = 3", "missing"},
		{"truncated", "DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)", "removed from the end"},
		{"rehashed", "UPDATE audit_log SET after_json = '{}', hash = 'x' WHERE seq = 2", "chain"},
	}
	for _, d := range storetest.Dialects() {
		for _, tc := range tamper {
			t.Run(string(d)+"/"+tc.name, func(t *testing.T) {
				dsn := storetest.URL(t, d)
				db, err := store.Open(context.Background(), dsn, store.Options{})
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				if _, err := db.Migrate(context.Background()); err != nil {
					t.Fatal(err)
				}
				seed(t, db)
				raw := rawDB(t, d, dsn)
				if _, err := raw.Exec(tc.sql); err != nil {
					t.Fatalf("tamper: %v", err)
				}
				r, err := db.VerifyAudit(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				var all []string
				for _, p := range r.Problems {
					all = append(all, p.Reason)
				}
				if !strings.Contains(strings.Join(all, "; "), tc.reason) {
					t.Errorf("problems = %q; want one mentioning %q", all, tc.reason)
				}
			})
		}
	}
}

func rawDB(t *testing.T, d store.Dialect, dsn string) *sql.DB {
	t.Helper()
	driver, src := "pgx", dsn
	if d == store.SQLite {
		driver, src = "sqlite", "file:"+dsn
	}
	raw, err := sql.Open(driver, src)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}
