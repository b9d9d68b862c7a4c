package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// summedTotals sums the current observations with a GROUP BY, as the
// scorecard did before period_totals: the reference the kept totals must
// equal. A moment after every write reads the current revisions.
func summedTotals(t *testing.T, db *store.DB, allianceID string, since time.Time) []accord.PeriodTotal {
	t.Helper()
	later := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	got, err := db.PeriodTotalsAsOf(context.Background(), allianceID, since, "", &later)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func keptTotals(t *testing.T, db *store.DB, allianceID string, since time.Time) []accord.PeriodTotal {
	t.Helper()
	got, err := db.PeriodTotals(context.Background(), allianceID, since, "")
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// sameSegments checks the segments the scorecard offers since a date
// against those of the current observations.
func sameSegments(t *testing.T, db *store.DB, what, allianceID string, since time.Time) {
	t.Helper()
	got, err := db.Segments(context.Background(), allianceID, since)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := db.SQL().Query(bind(db.Dialect(), `SELECT DISTINCT o.segment FROM observations o JOIN kpis k ON k.seq = o.kpi_seq
		WHERE k.alliance_id = ? AND o.superseded_at IS NULL AND o.period >= ? AND o.segment <> '' ORDER BY o.segment`), allianceID, periodArg(db.Dialect(), since))
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	var want []string
	for rs.Next() {
		var s string
		if err := rs.Scan(&s); err != nil {
			t.Fatal(err)
		}
		want = append(want, s)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: segments since %s are %q, the observations have %q", what, since.Format(time.DateOnly), got, want)
	}
}

func sameTotals(t *testing.T, what string, got, want []accord.PeriodTotal) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d period totals kept, %d summed from the observations", what, len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.KPIID != w.KPIID || !g.Period.Equal(w.Period) || g.Whole != w.Whole || g.Count != w.Count ||
			!reflect.DeepEqual(g.Value, w.Value) || !reflect.DeepEqual(g.Numerator, w.Numerator) || !reflect.DeepEqual(g.Denominator, w.Denominator) ||
			!g.LastRecorded.Equal(w.LastRecorded) {
			t.Fatalf("%s: row %d kept as %s, summed as %s", what, i, showTotal(g), showTotal(w))
		}
	}
}

func showTotal(p accord.PeriodTotal) string {
	f := func(d *number.Decimal) string {
		if d == nil {
			return "-"
		}
		return d.String()
	}
	return fmt.Sprintf("{%s %s whole=%v value=%s num=%s den=%s n=%d at %s}", p.KPIID, p.Period.Format("2006-01"), p.Whole,
		f(p.Value), f(p.Numerator), f(p.Denominator), p.Count, p.LastRecorded.Format(time.RFC3339Nano))
}

// TestPeriodTotalsFollowImports makes random imports — new series points,
// the whole alliance's rows and segments', unchanged rows, revisions of a
// count's value and of a rate's numerator or denominator — and after each checks the totals the imports keep against a
// GROUP BY of the current observations; then rebuilds them as the migration
// does on a database that already has observations, and checks them again.
// The segments the scorecard offers are checked the same way.
func TestPeriodTotalsFollowImports(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		b := newBigImport(t, db, f, 0, 0)
		admin := accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
		rng := rand.New(rand.NewPCG(14, 1))
		first := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		segments := []string{"", "North", "South", "East"}
		revised, unchanged := 0, 0
		for round := 0; round < 12; round++ {
			var rows []accord.ObservationInput
			seen := map[string]bool{}
			for len(rows) < 40 {
				k := []accord.KPI{b.rate, b.count}[rng.IntN(2)]
				period := first.AddDate(0, rng.IntN(6), 0).Format("2006-01")
				seg := segments[rng.IntN(len(segments))]
				if key := k.Key + period + seg; seen[key] {
					continue
				} else {
					seen[key] = true
				}
				in := accord.ObservationInput{KPI: k.Key, Period: period, Segment: seg, Line: len(rows) + 2, Source: "csv:round.csv"}
				figure := dec(fmt.Sprint(rng.IntN(4) * 25)) // few values: many rows come back unchanged
				if k.IsRatio {
					in.Numerator, in.Denominator = figure, dec(fmt.Sprint(100+rng.IntN(2)*50))
				} else {
					in.Value = figure
				}
				rows = append(rows, in)
			}
			rep, err := db.ImportObservations(ctx, admin, accord.ImportRequest{AllianceID: f.alliance.ID, Format: "csv",
				Filename: "round.csv", SHA256: fmt.Sprint(round), Rows: rows})
			if err != nil || len(rep.Errors) > 0 {
				t.Fatalf("round %d: %+v, %v", round, rep, err)
			}
			revised, unchanged = revised+rep.Revised, unchanged+rep.Unchanged
			what := fmt.Sprintf("round %d", round)
			sameTotals(t, what, keptTotals(t, db, f.alliance.ID, time.Time{}), summedTotals(t, db, f.alliance.ID, time.Time{}))
			for m := 0; m <= 6; m += 2 {
				sameSegments(t, db, what, f.alliance.ID, first.AddDate(0, m, 0))
			}
		}
		if revised == 0 || unchanged == 0 {
			t.Fatalf("the rounds revised %d rows and left %d unchanged; want some of both", revised, unchanged)
		}
		since := first.AddDate(0, 3, 0)
		sameTotals(t, "since April", keptTotals(t, db, f.alliance.ID, since), summedTotals(t, db, f.alliance.ID, since))

	})
}

// TestPeriodTotalsKeepAbsentFigures checks that a figure no observation of
// a period has stays absent, not zero, and that the segments' figures are
// summed apart from the whole alliance's.
func TestPeriodTotalsKeepAbsentFigures(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		b := newBigImport(t, db, f, 0, 0)
		admin := accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
		rows := []accord.ObservationInput{
			{KPI: b.rate.Key, Period: "2025-01", Segment: "North", Numerator: dec("30"), Denominator: dec("40"), Line: 2},
			{KPI: b.rate.Key, Period: "2025-01", Segment: "South", Numerator: dec("5"), Denominator: dec("10"), Line: 3},
			{KPI: b.rate.Key, Period: "2025-01", Numerator: dec("36"), Denominator: dec("50"), Line: 4},
			{KPI: b.count.Key, Period: "2025-01", Value: dec("7"), Line: 5},
		}
		if _, err := db.ImportObservations(ctx, admin, accord.ImportRequest{AllianceID: f.alliance.ID, Format: "csv", Filename: "a.csv", SHA256: "a", Rows: rows}); err != nil {
			t.Fatal(err)
		}
		got := keptTotals(t, db, f.alliance.ID, time.Time{})
		sameTotals(t, "kept", got, summedTotals(t, db, f.alliance.ID, time.Time{}))
		for _, p := range got {
			switch p.KPIID {
			case b.rate.ID:
				if p.Value != nil || p.Whole && (p.Count != 1 || *p.Numerator != *dec("36") || *p.Denominator != *dec("50")) ||
					!p.Whole && (p.Count != 2 || *p.Numerator != *dec("35") || *p.Denominator != *dec("50")) {
					t.Errorf("rate total %s: want the whole alliance's 36/50 and the segments' 35/50, no value", showTotal(p))
				}
			case b.count.ID:
				if !p.Whole || p.Count != 1 || *p.Value != *dec("7") || p.Numerator != nil || p.Denominator != nil {
					t.Errorf("count total %s: want the whole alliance's 7 and no numerator or denominator", showTotal(p))
				}
			}
		}
	})
}
