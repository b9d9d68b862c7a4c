package watch

import (
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// TestOppositeEffectsResolveToTheLatest: a shift down (worse, for a KPI
// where higher is better) followed by a value far above the range (better)
// both touch the latest periods; only the one the latest period shows is a
// condition, whichever way round.
func TestOppositeEffectsResolveToTheLatest(t *testing.T) {
	low := []float64{40, 41, 39, 40, 42, 41, 41, 40}
	high := []float64{60, 61, 59, 60, 62, 61, 61, 60}
	tests := []struct {
		name string
		dir  accord.Direction
		vals []float64
		want string
	}{
		{"worse level, then one much better value", accord.HigherIsBetter, append(append(append([]float64(nil), noise...), low...), 80), accord.EffectImprovement},
		{"the same, lower is better", accord.LowerIsBetter, append(append(append([]float64(nil), noise...), low...), 80), accord.EffectDeterioration},
		{"better level, then one much worse value", accord.HigherIsBetter, append(append(append([]float64(nil), noise...), high...), 20), accord.EffectDeterioration},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all := spcOf(Evaluate(Input{KPI: kpi(tt.dir), Totals: totals(tt.vals), Now: fresh(len(tt.vals))}))
			if len(all) != 1 {
				t.Fatalf("got %d SPC conditions (%+v), want 1", len(all), all)
			}
			if all[0].Effect != tt.want {
				t.Errorf("got effect %s (rules %s), want %s", all[0].Effect, all[0].Rule, tt.want)
			}
		})
	}
}

func spcOf(cs []accord.SignalCondition) []accord.SignalCondition {
	var out []accord.SignalCondition
	for _, c := range cs {
		if c.Kind == accord.SignalSPC {
			out = append(out, c)
		}
	}
	return out
}

// TestStale: a pattern in the latest periods of a KPI that stopped
// reporting is news for a year after its last period, then stale.
func TestStale(t *testing.T) {
	vals := shifted(7, 8) // the last value is June 2024
	for _, tt := range []struct {
		now  time.Time
		want bool
	}{{time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), false}, {time.Date(2025, 7, 2, 0, 0, 0, 0, time.UTC), true}} {
		all := spcOf(Evaluate(Input{KPI: kpi(accord.HigherIsBetter), Totals: totals(vals), Now: tt.now}))
		if len(all) != 1 || all[0].Stale != tt.want {
			t.Errorf("at %s: got %+v, want one condition, stale %v", tt.now.Format("2006-01-02"), all, tt.want)
		}
	}
}
