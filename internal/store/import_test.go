package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// bigImport is a file's worth of rows for two KPIs: a rate and a count,
// months × segments each, segments written in an order that is not the
// index's ("Clinic 10" sorts before "Clinic 2"), as files come.
type bigImport struct {
	rate, count accord.KPI
	months      int
	segments    int
}

func newBigImport(t *testing.T, db *store.DB, f fixture, months, segments int) bigImport {
	t.Helper()
	b := bigImport{months: months, segments: segments}
	// The count KPI is made first, so its id sorts first, but its rows come last.
	b.count = approvedKPI(t, db, f, accord.KPI{Key: "visits", Name: "Visits", Category: accord.CatPatientAccess, Unit: accord.UnitCount,
		Direction: accord.HigherIsBetter, Frequency: accord.Monthly, SegmentBy: "clinic"})
	b.rate = approvedKPI(t, db, f, hba1c())
	return b
}

// rows returns every row; figure gives the numerator (rate) or value
// (count) of row i; lines are 2, 3, … in the order returned.
func (b bigImport) rows(figure func(i int) int) []accord.ObservationInput {
	var out []accord.ObservationInput
	first := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, k := range []accord.KPI{b.rate, b.count} {
		for m := 0; m < b.months; m++ {
			period := first.AddDate(0, m, 0).Format("2006-01")
			for s := 0; s < b.segments; s++ {
				i := len(out)
				in := accord.ObservationInput{KPI: k.Key, Period: period, Segment: fmt.Sprintf("Clinic %d", s), Line: i + 2, Source: "csv:big.csv"}
				if k.IsRatio {
					in.Numerator, in.Denominator = dec(fmt.Sprint(figure(i))), dec("10000") // above every numerator: a percentage is part of its denominator
				} else {
					in.Value = dec(fmt.Sprint(figure(i)))
				}
				out = append(out, in)
			}
		}
	}
	return out
}

func countRows(t *testing.T, db *store.DB, q string) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// TestImportObservationsLarge imports more rows than one statement or
// batch holds (and enough to be checked in parts), re-imports them, then
// revises some and adds more, checking what each import reports and what
// the current-by-period view, the history and as-of views then hold.
func TestImportObservationsLarge(t *testing.T) {
	t.Parallel()
	storetest.Long(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		b := newBigImport(t, db, f, 48, 373) // 2 × 48 × 373 = 35,808 rows
		actor := accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
		req := func(rows []accord.ObservationInput) accord.ImportRequest {
			return accord.ImportRequest{AllianceID: f.alliance.ID, Format: "csv", Filename: "big.csv", Rows: rows}
		}
		rows := b.rows(func(i int) int { return i % 997 })
		n := len(rows)
		rep, err := db.ImportObservations(ctx, actor, req(rows))
		if err != nil || len(rep.Errors) > 0 || rep.New != n || rep.Revised != 0 || rep.Unchanged != 0 || len(rep.KPIs) != 2 {
			t.Fatalf("first import = %+v (errors %v), %v; want %d new for 2 KPIs", rep, rep.Errors, err, n)
		}
		version := countRows(t, db, "SELECT MAX(version) FROM scorecard_versions")

		again, err := db.ImportObservations(ctx, actor, req(b.rows(func(i int) int { return i % 997 })))
		if err != nil || again.New != 0 || again.Revised != 0 || again.Unchanged != n || len(again.KPIs) != 0 {
			t.Fatalf("re-import = %+v, %v; want %d unchanged, no KPI changed", again, err, n)
		}
		if got := countRows(t, db, "SELECT COUNT(*) FROM observations"); got != n {
			t.Fatalf("after a re-import the database holds %d observations, want %d", got, n)
		}

		// Revise every 7th row and add a month for each KPI.
		before := time.Now()
		time.Sleep(5 * time.Millisecond)
		b2 := b
		b2.months++
		fix := b2.rows(func(i int) int {
			if i%7 == 0 {
				return 5000 + i%997
			}
			return i % 997
		})
		// Rows of the new month take the place of the first month's rows of
		// the count KPI in line numbers, so recompute the expected counts.
		wantNew, wantRev := 2*b.segments, 0
		old := map[string]string{}
		for _, in := range rows {
			old[in.KPI+in.Period+in.Segment] = figureOf(in)
		}
		for _, in := range fix {
			if was, ok := old[in.KPI+in.Period+in.Segment]; ok && was != figureOf(in) {
				wantRev++
			}
		}
		rep, err = db.ImportObservations(ctx, actor, req(fix))
		if err != nil || rep.New != wantNew || rep.Revised != wantRev || rep.Unchanged != len(fix)-wantNew-wantRev {
			t.Fatalf("fix = %+v, %v; want %d new, %d revised", rep, err, wantNew, wantRev)
		}
		if v := countRows(t, db, "SELECT MAX(version) FROM scorecard_versions"); v != version+2 {
			t.Errorf("scorecard version %d after two more imports, want %d", v, version+2)
		}

		cur, _ := db.Observations(ctx, b.rate.ID, nil, false)
		hist, _ := db.Observations(ctx, b.rate.ID, nil, true)
		asOf, _ := db.Observations(ctx, b.rate.ID, &before, false)
		perKPI := (b.months + 1) * b.segments
		if len(cur) != perKPI || len(asOf) != b.months*b.segments || len(hist) != perKPI+wantRevFor(fix, old, b.rate.Key) {
			t.Fatalf("rate KPI: %d current, %d as of before the fix, %d in history; want %d, %d, %d",
				len(cur), len(asOf), len(hist), perKPI, b.months*b.segments, perKPI+wantRevFor(fix, old, b.rate.Key))
		}
		byPoint := map[string]accord.Observation{}
		for _, o := range cur {
			byPoint[o.Period.Format("2006-01")+o.Segment] = o
		}
		for _, in := range fix {
			if in.KPI != b.rate.Key {
				continue
			}
			o, ok := byPoint[in.Period+in.Segment]
			wantRevision := 1
			if was, seen := old[in.KPI+in.Period+in.Segment]; seen && was != figureOf(in) {
				wantRevision = 2
			}
			if !ok || o.Numerator.String() != in.Numerator.String() || o.Revision != wantRevision || o.SupersededAt != nil {
				t.Fatalf("current %s %s = %+v; want numerator %s, revision %d", in.Period, in.Segment, o, in.Numerator, wantRevision)
			}
		}
		superseded := 0
		for _, o := range hist {
			if o.SupersededAt != nil {
				superseded++
				if o.Revision != 1 {
					t.Errorf("superseded revision %d of %s %s, want 1", o.Revision, o.Period.Format("2006-01"), o.Segment)
				}
			}
		}
		if superseded != wantRevFor(fix, old, b.rate.Key) {
			t.Errorf("%d superseded revisions, want %d", superseded, wantRevFor(fix, old, b.rate.Key))
		}
		latest, _ := db.LatestPeriods(ctx, f.alliance.ID)
		wantLatest := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, b.months, 0)
		if got := latest[b.count.ID].LatestPeriod; !got.Equal(wantLatest) {
			t.Errorf("count KPI's latest period %v, want %v", got, wantLatest)
		}
		audit, _ := db.ListAudit(ctx, accord.AuditFilter{AllianceID: f.alliance.ID, Entity: "observations"})
		if len(audit) != 3 || countRows(t, db, "SELECT COUNT(*) FROM imports") != 3 {
			t.Errorf("%d audit entries for imports, want 3 (first, unchanged re-import, fix)", len(audit))
		}
	})
}

func figureOf(in accord.ObservationInput) string {
	if in.Value != nil {
		return in.Value.String()
	}
	return in.Numerator.String() + "/" + in.Denominator.String()
}

// wantRevFor counts the rows of one KPI whose figures differ from before.
func wantRevFor(fix []accord.ObservationInput, old map[string]string, key string) int {
	n := 0
	for _, in := range fix {
		if was, ok := old[in.KPI+in.Period+in.Segment]; in.KPI == key && ok && was != figureOf(in) {
			n++
		}
	}
	return n
}

// TestImportObservationsFailsAtLastRow checks that a large file whose last
// row is bad, or which repeats a row far from its first, writes nothing:
// no observation, no import, no audit entry, no new scorecard version.
func TestImportObservationsFailsAtLastRow(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		b := newBigImport(t, db, f, 24, 701) // 33,648 rows
		actor := accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
		rows := b.rows(func(i int) int { return i % 500 })
		last := len(rows) - 1
		version := countRows(t, db, "SELECT MAX(version) FROM scorecard_versions")
		rows[last].Period = "2019-13"
		rep, err := db.ImportObservations(ctx, actor, accord.ImportRequest{AllianceID: f.alliance.ID, Filename: "big.csv", Rows: rows})
		if err != nil || len(rep.Errors) != 1 || rep.Errors[0].Line != last+2 || rep.Errors[0].Field != "period" || rep.New != 0 || rep.ImportID != "" {
			t.Fatalf("import = %+v (errors %v), %v; want only line %d's period named", rep, rep.Errors, err, last+2)
		}

		// A repeat of the first row at the end, and a bad row in the middle.
		rows[last] = rows[0]
		rows[last].Line = last + 2
		rows[last/2].KPI = "no-such-kpi"
		rep, err = db.ImportObservations(ctx, actor, accord.ImportRequest{AllianceID: f.alliance.ID, Filename: "big.csv", Rows: rows})
		if err != nil || len(rep.Errors) != 2 || rep.Errors[0].Line != last/2+2 || rep.Errors[0].Field != "kpi" ||
			rep.Errors[1].Line != last+2 || rep.Errors[1].Message != "repeats line 2: the same KPI, period and segment" {
			t.Fatalf("errors = %+v, %v; want line %d's KPI, then line %d repeating line 2", rep.Errors, err, last/2+2, last+2)
		}
		for _, q := range []string{"SELECT COUNT(*) FROM observations", "SELECT COUNT(*) FROM imports"} {
			if n := countRows(t, db, q); n != 0 {
				t.Errorf("%s = %d after failed imports, want 0", q, n)
			}
		}
		if v := countRows(t, db, "SELECT MAX(version) FROM scorecard_versions"); v != version {
			t.Errorf("scorecard version %d after failed imports, want %d as before", v, version)
		}
		if audit, _ := db.ListAudit(ctx, accord.AuditFilter{AllianceID: f.alliance.ID, Entity: "observations"}); len(audit) != 0 {
			t.Errorf("%d audit entries after failed imports, want none", len(audit))
		}
	})
}

// TestImportObservationsRollsBackOnConflict makes the write itself fail
// after most rows are written (a revision that already exists, as when
// another import wrote the same point meanwhile) and checks that the
// import leaves nothing behind.
func TestImportObservationsRollsBackOnConflict(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		b := newBigImport(t, db, f, 12, 100)
		actor := accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
		rows := b.rows(func(i int) int { return i })
		// A superseded revision 1 of the last point the import writes: the
		// plan sees no current revision and writes revision 1 again.
		lastMonth := time.Date(2019, 12, 1, 0, 0, 0, 0, time.UTC)
		q := bind(db.Dialect(), `INSERT INTO observations (kpi_seq, period, segment, value, revision, import_seq, superseded_at)
			SELECT seq, ?, 'Clinic 99', 1, 1, 0, ? FROM kpis WHERE id = ?`)
		if _, err := db.SQL().Exec(q, periodArg(db.Dialect(), lastMonth), "2020-01-02T00:00:00.000000Z", b.rate.ID); err != nil {
			t.Fatal(err)
		}
		_, err := db.ImportObservations(ctx, actor, accord.ImportRequest{AllianceID: f.alliance.ID, Filename: "big.csv", Rows: rows})
		if accord.ErrorCode(err) != accord.ECONFLICT {
			t.Fatalf("import over an existing revision: got %v, want a conflict", err)
		}
		if n := countRows(t, db, "SELECT COUNT(*) FROM observations"); n != 1 {
			t.Errorf("%d observations after the failed import, want only the one there before", n)
		}
		if n := countRows(t, db, "SELECT COUNT(*) FROM imports"); n != 0 {
			t.Errorf("%d imports recorded after the failed import, want 0", n)
		}

		// A submitter the database does not know breaks a foreign key.
		ghost := accord.Actor{UserID: "no-such-user", Name: "Ghost", Via: "api"}
		_, err = db.ImportObservations(ctx, ghost, accord.ImportRequest{AllianceID: f.alliance.ID, Filename: "big.csv", Rows: rows[:300]})
		if accord.ErrorCode(err) != accord.EINVALID {
			t.Fatalf("import by an unknown user: got %v, want invalid", err)
		}
		// The database takes the next import as usual.
		rep, err := db.ImportObservations(ctx, actor, accord.ImportRequest{AllianceID: f.alliance.ID, Filename: "big.csv", Rows: rows[:300]})
		if err != nil || rep.New != 300 {
			t.Fatalf("import after the failed ones = %+v, %v; want 300 new", rep, err)
		}
		if n := countRows(t, db, "SELECT COUNT(*) FROM observations"); n != 301 {
			t.Errorf("%d observations, want 301", n)
		}
	})
}
