package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestConcurrentImportsAndSignals submits the same figures from several
// goroutines at once, then evaluates the KPI's signals from several at
// once: every import succeeds (one writes, the others find the figures
// unchanged), and every evaluation succeeds with one
// signal per condition.
func TestConcurrentImportsAndSignals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		k := approvedKPI(t, db, f, accord.KPI{Key: "wait-days", Name: "Days to appointment", Category: accord.CatPatientAccess,
			Unit: accord.UnitDays, Direction: accord.LowerIsBetter, Frequency: accord.Monthly, SegmentBy: "clinic"})
		base := []float64{12, 14, 11, 13, 12, 15, 11, 13, 14, 12, 13, 11, 20, 21, 19, 22, 20, 21}
		start := accord.Monthly.PeriodStart(db.Now()).AddDate(0, -len(base), 0)
		rowsOf := func(shift int) []accord.ObservationInput {
			var rows []accord.ObservationInput
			for i, v := range base {
				for _, seg := range []string{"", "North", "South"} {
					rows = append(rows, accord.ObservationInput{KPI: k.Key, Period: start.AddDate(0, i, 0).Format("2006-01"), Segment: seg,
						Value: dec(fmt.Sprint(v + float64(shift))), Line: len(rows) + 2})
				}
			}
			return rows
		}
		admin := accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
		const n = 6
		errs := make([]error, n)
		var wg sync.WaitGroup
		// Round 0 writes new points, each later round revises all of them.
		for round := range 4 {
			rows := rowsOf(round)
			reps := make([]accord.ImportReport, n)
			for i := range n {
				wg.Go(func() {
					reps[i], errs[i] = db.ImportObservations(ctx, admin, accord.ImportRequest{AllianceID: f.alliance.ID, Format: "json", Filename: "request", Rows: rows})
				})
			}
			wg.Wait()
			written := 0
			for i := range n {
				if errs[i] != nil {
					t.Fatalf("round %d: concurrent import %d: %v; want each to succeed", round, i, errs[i])
				}
				if changed := reps[i].New + reps[i].Revised; changed > 0 {
					written++
					if changed != len(rows) {
						t.Errorf("round %d: import %d = %+v; want all %d rows written", round, i, reps[i], len(rows))
					}
				} else if reps[i].Unchanged != len(rows) {
					t.Errorf("round %d: import %d = %+v; want all %d rows unchanged", round, i, reps[i], len(rows))
				}
			}
			if written != 1 {
				t.Errorf("round %d: %d imports wrote rows, want exactly 1", round, written)
			}
			if got := countRows(t, db, "SELECT COUNT(*) FROM observations"); got != len(rows)*(round+1) {
				t.Errorf("round %d: %d observations, want %d", round, got, len(rows)*(round+1))
			}
			if got := countRows(t, db, "SELECT SUM(points) FROM period_totals"); got != len(rows) {
				t.Errorf("round %d: period_totals count %d points, want %d", round, got, len(rows))
			}
		}

		for i := range n {
			wg.Go(func() {
				_, errs[i] = db.EvaluateSignals(ctx, accord.SystemActor("signals"), f.alliance.ID, []string{k.Key})
			})
		}
		wg.Wait()
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("concurrent evaluation %d: %v; want each to succeed", i, errs[i])
			}
		}
		byKey := map[string]int{}
		for _, g := range signalsByStatus(t, db, f.alliance.ID, accord.SignalOpen) {
			byKey[g.Rule+"/"+g.Segment]++
		}
		if len(byKey) == 0 {
			t.Fatal("no signal opened; want the shift's")
		}
		for key, c := range byKey {
			if c != 1 {
				t.Errorf("%d open signals for %s, want 1", c, key)
			}
		}
		if got := countRows(t, db, "SELECT COUNT(*) FROM audit_log WHERE action = 'open'"); got != len(byKey) {
			t.Errorf("%d audit entries open a signal, want %d", got, len(byKey))
		}
	})
}
