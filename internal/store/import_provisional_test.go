package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestImportKeepsZeroDenominators imports a stratum of 0 of 0 (nobody in
// it this period) next to the whole alliance's figure: it is stored as a
// segment, adds nothing to the period's sums, and the kept totals and
// segments still agree with the observations in the same transaction.
func TestImportKeepsZeroDenominators(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		b := newBigImport(t, db, f, 0, 0)
		admin := accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
		rows := []accord.ObservationInput{
			{KPI: b.rate.Key, Period: "2025-01", Numerator: dec("30"), Denominator: dec("40"), Line: 1},
			{KPI: b.rate.Key, Period: "2025-01", Segment: "gender: unknown", Numerator: dec("0"), Denominator: dec("0"), Line: 2},
			{KPI: b.rate.Key, Period: "2025-01", Segment: "gender: female", Numerator: dec("30"), Denominator: dec("40"), Line: 3},
		}
		rep, err := db.ImportObservations(ctx, admin, accord.ImportRequest{AllianceID: f.alliance.ID, Format: "fhir", Filename: "z.json", SHA256: "z", Rows: rows})
		if err != nil || len(rep.Errors) > 0 || rep.New != 3 {
			t.Fatalf("import = %+v, %v; want 3 new rows", rep, err)
		}
		obs, err := db.Observations(ctx, b.rate.ID, nil, false)
		if err != nil {
			t.Fatal(err)
		}
		var zero *accord.Observation
		for i := range obs {
			if obs[i].Segment == "gender: unknown" {
				zero = &obs[i]
			}
		}
		if zero == nil || zero.Numerator.String() != "0" || zero.Denominator.String() != "0" {
			t.Fatalf("observations = %+v; want the 0 of 0 stratum kept", obs)
		}
		got := keptTotals(t, db, f.alliance.ID, time.Time{})
		sameTotals(t, "kept", got, summedTotals(t, db, f.alliance.ID, time.Time{}))
		sameSegments(t, db, "kept", f.alliance.ID, time.Time{})
		for _, p := range got {
			if !p.Whole && (p.Numerator.String() != "30" || p.Denominator.String() != "40") {
				t.Errorf("segments' total = %s; want 30/40: 0 of 0 adds nothing", showTotal(p))
			}
		}
	})
}

// TestImportProvisionalFigures imports a pending report's figures as
// provisional; a second pending import of the same figures changes
// nothing; a complete report with the same figures makes them final (a new
// revision); a later pending report does not replace the final figure and
// is counted as kept final.
func TestImportProvisionalFigures(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		b := newBigImport(t, db, f, 0, 0)
		admin := accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
		row := func(num string, provisional bool) []accord.ObservationInput {
			return []accord.ObservationInput{{KPI: b.rate.Key, Period: "2025-02", Numerator: dec(num), Denominator: dec("50"), Line: 1, Provisional: provisional}}
		}
		steps := []struct {
			name                       string
			rows                       []accord.ObservationInput
			wantNew, wantRev, wantSame int
			wantKept                   int
			wantNum                    string
			wantProvisional            bool
			wantRevision               int
		}{
			{"pending report", row("20", true), 1, 0, 0, 0, "20", true, 1},
			{"same pending report again", row("20", true), 0, 0, 1, 0, "20", true, 1},
			{"complete report, same figures", row("20", false), 0, 1, 0, 0, "20", false, 2},
			{"a later pending report", row("25", true), 0, 0, 0, 1, "20", false, 2},
			{"a corrected complete report", row("21", false), 0, 1, 0, 0, "21", false, 3},
		}
		for i, s := range steps {
			rep, err := db.ImportObservations(ctx, admin, accord.ImportRequest{AllianceID: f.alliance.ID, Format: "fhir", Filename: "p.json", SHA256: s.name, Rows: s.rows})
			if err != nil || len(rep.Errors) > 0 {
				t.Fatalf("%s: %+v, %v", s.name, rep, err)
			}
			if rep.New != s.wantNew || rep.Revised != s.wantRev || rep.Unchanged != s.wantSame || rep.KeptFinal != s.wantKept {
				t.Errorf("%s: got new %d, revised %d, unchanged %d, kept final %d; want %d, %d, %d, %d", s.name,
					rep.New, rep.Revised, rep.Unchanged, rep.KeptFinal, s.wantNew, s.wantRev, s.wantSame, s.wantKept)
			}
			obs, err := db.Observations(ctx, b.rate.ID, nil, false)
			if err != nil || len(obs) != 1 {
				t.Fatalf("%s: observations %+v, %v; want one", s.name, obs, err)
			}
			if o := obs[0]; o.Numerator.String() != s.wantNum || o.Provisional != s.wantProvisional || o.Revision != s.wantRevision {
				t.Errorf("step %d, %s: got %s/50 provisional %v revision %d; want %s/50 provisional %v revision %d", i, s.name,
					o.Numerator, o.Provisional, o.Revision, s.wantNum, s.wantProvisional, s.wantRevision)
			}
			sameTotals(t, s.name, keptTotals(t, db, f.alliance.ID, time.Time{}), summedTotals(t, db, f.alliance.ID, time.Time{}))
		}
	})
}
