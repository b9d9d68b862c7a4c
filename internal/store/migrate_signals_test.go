package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// migrateUpTo applies the dialect's migrations up to and including version
// through a plain connection, as an older accord would have.
func migrateUpTo(t *testing.T, d store.Dialect, raw *sql.DB, version int) {
	t.Helper()
	ms, err := store.Migrations(d)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Version > version {
			break
		}
		if _, err := raw.Exec(m.SQL); err != nil {
			t.Fatalf("migration %s: %v", m.Name, err)
		}
		if _, err := raw.Exec(bind(d, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"), m.Version, m.Name, "2025-01-01T00:00:00.000000Z"); err != nil {
			t.Fatal(err)
		}
	}
}

// openMigratedTo makes a database of the dialect as an older accord left
// it, migrated up to and including version, and opens it with the store
// (which does not migrate it further until asked).
func openMigratedTo(t *testing.T, d store.Dialect, version int) (*sql.DB, *store.DB) {
	t.Helper()
	dsn := storetest.URL(t, d)
	raw := rawDB(t, d, dsn)
	migrateUpTo(t, d, raw, version)
	db, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return raw, db
}

// periodArg writes a period as the observations keep it: a day number on
// SQLite, a date on PostgreSQL.
func periodArg(d store.Dialect, t time.Time) any {
	if d == store.Postgres {
		return t.Format(time.DateOnly)
	}
	return t.Unix() / 86400
}

// bind writes ? placeholders as the dialect wants them.
func bind(d store.Dialect, q string) string {
	if d != store.Postgres {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TestMigrationKeepsKPISignals migrates a database that already holds KPI
// signals (an open one whose condition still holds, a dismissed one) to
// the schema where signals need no KPI, and checks that every column, the
// condition key and the indexes survive.
func TestMigrationKeepsKPISignals(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			raw, db := openMigratedTo(t, d, 7)
			f := seed(t, db)
			k := approvedKPI(t, db, f, hba1c())
			may := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)
			red := cond(accord.SignalTargetRed, "", accord.EffectDeterioration, may)
			key := red.Key(k.ID)
			insert := bind(d, `INSERT INTO signals (id, alliance_id, kind, rule, kpi_id, segment, severity, effect, subject, summary, owner_party_id,
				first_period, last_period, status, reason, condition_key, live_key, opened_at, updated_at, acknowledged_at, acknowledged_by, acknowledged_name,
				closed_at, closed_by, closed_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
			at := "2025-06-02T08:30:00.123456Z"
			if _, err := raw.Exec(insert, "s-open", f.alliance.ID, "target_red", "", k.ID, "", "warning", "deterioration", red.Subject, red.Summary, f.provider.ID,
				"2025-03-01", "2025-05-01", "acknowledged", "", key, key, at, at, at, f.admin.ID, "Ada", nil, nil, ""); err != nil {
				t.Fatal(err)
			}
			if _, err := raw.Exec(insert, "s-closed", f.alliance.ID, "spc", "ihi-shift,we-4", k.ID, "East", "info", "improvement", "shift", "up", f.provider.ID,
				"2024-01-01", "2024-06-01", "dismissed", "expected", "spc||"+k.ID+"|East|improvement", nil, at, at, nil, nil, "", at, f.admin.ID, "Ada"); err != nil {
				t.Fatal(err)
			}

			done, err := db.Migrate(ctx)
			if err != nil || len(done) == 0 || !strings.HasPrefix(done[0], "0008_") {
				t.Fatalf("Migrate = %v, %v; want 0008 applied first", done, err)
			}
			gs, err := db.ListSignals(ctx, accord.SignalFilter{AllianceID: f.alliance.ID})
			if err != nil || len(gs) != 2 {
				t.Fatalf("signals after the migration: %+v, %v; want both", gs, err)
			}
			byID := map[string]accord.Signal{}
			for _, g := range gs {
				byID[g.ID] = g
				if g.KPIID != k.ID || g.KPIKey != k.Key || g.OwnerPartyID != f.provider.ID || g.SubjectType != accord.SubjectOfKPI || g.SubjectID != k.ID || g.Link != "kpis/"+k.Key {
					t.Errorf("signal %s after the migration: %+v; want its KPI, owner and the KPI as its subject", g.ID, g)
				}
			}
			o, c := byID["s-open"], byID["s-closed"]
			wantAt := time.Date(2025, 6, 2, 8, 30, 0, 123456000, time.UTC)
			if o.Status != accord.SignalAcknowledged || o.AcknowledgedBy != "Ada" || o.AcknowledgedAt == nil || !o.AcknowledgedAt.Equal(wantAt) || !o.OpenedAt.Equal(wantAt) ||
				!o.FirstPeriod.Equal(date("2025-03-01")) || !o.LastPeriod.Equal(may) || !o.Live || o.Summary != red.Summary {
				t.Errorf("open signal after the migration: %+v", o)
			}
			if c.Status != accord.SignalDismissed || c.Reason != "expected" || c.Rule != "ihi-shift,we-4" || c.Segment != "East" || c.Live || c.ClosedAt == nil || c.ClosedBy != "Ada" {
				t.Errorf("dismissed signal after the migration: %+v", c)
			}
			// The live condition key survived: the condition is still one signal.
			if res, err := db.SyncSignals(ctx, sys, f.alliance.ID, k.ID, []accord.SignalCondition{red}); err != nil || res != (accord.SignalSync{}) {
				t.Errorf("SyncSignals of the same condition = %+v, %v; want nothing new", res, err)
			}
			if _, err := raw.Exec(insert, "s-dup", f.alliance.ID, "target_red", "", k.ID, "", "warning", "deterioration", "x", "", f.provider.ID,
				"2025-03-01", "2025-05-01", "open", "", key, key, at, at, nil, nil, "", nil, nil, ""); err == nil {
				t.Errorf("a second signal with the same live key was accepted: the unique index is gone")
			}
			checkSignalIndexes(t, d, raw)
		})
	}
}

// checkSignalIndexes checks the signals table's indexes after the
// migration and, on SQLite, that no foreign key is broken and the
// temporary table is gone.
func checkSignalIndexes(t *testing.T, d store.Dialect, raw *sql.DB) {
	t.Helper()
	q := "SELECT indexname FROM pg_indexes WHERE tablename = 'signals'"
	if d == store.SQLite {
		q = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'signals'"
	}
	rs, err := raw.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rs.Next() {
		var n string
		rs.Scan(&n)
		names = append(names, n)
	}
	rs.Close()
	for _, want := range []string{"signals_alliance", "signals_kpi", "signals_subject"} {
		if !slices.Contains(names, want) {
			t.Errorf("indexes of signals: %v, want %s", names, want)
		}
	}
	if d != store.SQLite {
		return
	}
	var n int
	if err := raw.QueryRow("SELECT COUNT(*) FROM sqlite_master WHERE name = 'signals_new'").Scan(&n); err != nil || n != 0 {
		t.Errorf("signals_new left behind: %d, %v", n, err)
	}
	rs, err = raw.Query("PRAGMA foreign_key_check")
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	if rs.Next() {
		t.Errorf("foreign key violations after the migration")
	}
}
