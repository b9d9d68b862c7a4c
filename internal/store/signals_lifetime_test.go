package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// importSeries imports monthly values for k ending with the month before
// the clock's, and evaluates its signals as the nightly run does.
func importSeries(t *testing.T, db *store.DB, f fixture, k accord.KPI, start time.Time, vals []float64) {
	t.Helper()
	ctx := context.Background()
	var rows []accord.ObservationInput
	for i, v := range vals {
		rows = append(rows, accord.ObservationInput{KPI: k.Key, Period: start.AddDate(0, i, 0).Format("2006-01"), Value: dec(fmt.Sprint(v)), Line: i + 2})
	}
	admin := accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
	if _, err := db.ImportObservations(ctx, admin, accord.ImportRequest{AllianceID: f.alliance.ID, Format: "csv", Filename: "s.csv", Rows: rows}); err != nil {
		t.Fatal(err)
	}
	evaluate(t, db, f.alliance.ID)
}

func spcSignals(t *testing.T, db *store.DB, allianceID string) []accord.Signal {
	t.Helper()
	gs, err := db.ListSignals(context.Background(), accord.SignalFilter{AllianceID: allianceID, Kind: string(accord.SignalSPC)})
	if err != nil {
		t.Fatal(err)
	}
	return gs
}

var steady = []float64{50, 53, 49, 52, 48, 51, 54, 50, 47, 52, 49, 53, 50, 48, 52, 51, 49, 53}

// TestOppositeSignalSuperseded: a KPI that improved (a shift up) and then
// shows a value far below its range keeps one open signal, the
// deterioration; the improvement closes saying the latest periods show a
// deterioration.
func TestOppositeSignalSuperseded(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			clk := &clock{t: time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)}
			db := storetest.Open(t, d, clk.Now)
			f := seed(t, db)
			k := approvedKPI(t, db, f, accord.KPI{Key: "screening", Name: "Screening rate", Category: accord.CatQuality,
				Unit: accord.UnitScore, Direction: accord.HigherIsBetter, Frequency: accord.Monthly})
			vals := append(append([]float64(nil), steady...), 60, 61, 59, 60, 62, 61, 61, 60)
			start := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC).AddDate(0, -len(vals)-1, 0)
			importSeries(t, db, f, k, start, vals)
			gs := spcSignals(t, db, f.alliance.ID)
			if len(gs) != 1 || gs[0].Effect != accord.EffectImprovement || gs[0].Status != accord.SignalOpen {
				t.Fatalf("after the shift up: got %+v, want one open improvement", gs)
			}
			improvement := gs[0].ID
			// The open improvement is not an open problem.
			problems := 0
			for _, g := range signalsByStatus(t, db, f.alliance.ID, accord.SignalOpen) {
				if g.Effect != accord.EffectImprovement {
					problems++
				}
			}
			if n, err := db.OpenSignalCount(context.Background(), f.alliance.ID); err != nil || n != problems {
				t.Errorf("OpenSignalCount = %d, %v; want %d, the open signals but the improvement", n, err, problems)
			}
			clk.Set(clk.Now().AddDate(0, 1, 0))
			importSeries(t, db, f, k, start.AddDate(0, len(vals), 0), []float64{20})
			byStatus := map[string][]accord.Signal{}
			for _, g := range spcSignals(t, db, f.alliance.ID) {
				byStatus[g.Status] = append(byStatus[g.Status], g)
			}
			if open := byStatus[accord.SignalOpen]; len(open) != 1 || open[0].Effect != accord.EffectDeterioration {
				t.Fatalf("open SPC signals: got %+v, want one deterioration", open)
			}
			closed := byStatus[accord.SignalResolved]
			if len(closed) != 1 || closed[0].ID != improvement {
				t.Fatalf("resolved SPC signals: got %+v, want the improvement", closed)
			}
			if want := "superseded: the latest periods show a deterioration, no longer an improvement"; closed[0].Reason != want {
				t.Errorf("reason: got %q, want %q", closed[0].Reason, want)
			}
		})
	}
}

// TestStaleSignalClosesItself: a KPI whose reporting stopped keeps its
// last pattern in its latest periods; once that data is over a year old,
// the nightly evaluation closes the signal with a note, as the system.
func TestStaleSignalClosesItself(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			clk := &clock{t: time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)}
			db := storetest.Open(t, d, clk.Now)
			f := seed(t, db)
			k := approvedKPI(t, db, f, accord.KPI{Key: "screening", Name: "Screening rate", Category: accord.CatQuality,
				Unit: accord.UnitScore, Direction: accord.HigherIsBetter, Frequency: accord.Monthly})
			vals := append(append([]float64(nil), steady...), 60, 61, 59, 60, 62, 61, 61, 60)
			start := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC).AddDate(0, -len(vals)-1, 0) // last value: March 2026
			importSeries(t, db, f, k, start, vals)
			if gs := spcSignals(t, db, f.alliance.ID); len(gs) != 1 || gs[0].Status != accord.SignalOpen {
				t.Fatalf("after the shift: got %+v, want one open signal", gs)
			}
			clk.Set(time.Date(2027, 3, 20, 9, 0, 0, 0, time.UTC)) // March 2026 ended less than a year ago
			evaluate(t, db, f.alliance.ID)
			if gs := spcSignals(t, db, f.alliance.ID); gs[0].Status != accord.SignalOpen {
				t.Fatalf("within the year: got %s, want still open", gs[0].Status)
			}
			clk.Set(time.Date(2027, 4, 2, 9, 0, 0, 0, time.UTC))
			evaluate(t, db, f.alliance.ID)
			gs := spcSignals(t, db, f.alliance.ID)
			if len(gs) != 1 || gs[0].Status != accord.SignalResolved || gs[0].Reason != accord.ReasonUnseen || gs[0].Live {
				t.Fatalf("over a year on: got %+v, want resolved %q", gs, accord.ReasonUnseen)
			}
			audit, err := db.ListAudit(ctx, accord.AuditFilter{AllianceID: f.alliance.ID, Entity: "signal"})
			if err != nil {
				t.Fatal(err)
			}
			var found bool
			for _, e := range audit {
				if e.EntityID == gs[0].ID && e.Action == "resolve" {
					found = true
					if e.ActorID != "" || e.ActorName != sys.Name || !strings.Contains(string(e.After), "no longer seen for over a year") {
						t.Errorf("audit entry %+v: want the system's, with the note", e)
					}
				}
			}
			if !found {
				t.Errorf("no audit entry resolves the stale signal")
			}
			// It does not come back the next night.
			if res := evaluate(t, db, f.alliance.ID); res.Opened != 0 {
				t.Errorf("next evaluation opened %d signals, want 0", res.Opened)
			}
		})
	}
}
