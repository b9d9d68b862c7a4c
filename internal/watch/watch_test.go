package watch

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/scorecard"
)

var jan2023 = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)

// noise is a stable series with no run-chart or control-chart signal.
var noise = []float64{50, 53, 49, 52, 48, 51, 54, 50, 47, 52, 49, 53, 50, 48, 52, 51, 49, 53}

func kpi(d accord.Direction) accord.KPI {
	approved := jan2023
	return accord.KPI{ID: "k1", Key: "k", Name: "Measure", Unit: accord.UnitScore, Direction: d, Frequency: accord.Monthly,
		GraceDays: 30, OwnerName: "Riverside", Status: accord.KPIApproved, ApprovedAt: &approved}
}

// totals makes whole-alliance monthly totals from January 2023.
func totals(vals []float64) []accord.PeriodTotal {
	out := make([]accord.PeriodTotal, len(vals))
	for i, v := range vals {
		d := number.Decimal(v * 1_000_000)
		out[i] = accord.PeriodTotal{KPIID: "k1", Period: jan2023.AddDate(0, i, 0), Whole: true, Value: &d, Count: 1}
	}
	return out
}

// fresh is a moment at which data up to the last of n months is on time.
func fresh(n int) time.Time { return jan2023.AddDate(0, n, 10) }

func target(green, amber float64) []accord.Target {
	return []accord.Target{{KPIID: "k1", EffectiveAt: jan2023, Status: accord.KPIApproved,
		Value: number.Decimal(green * 1_000_000), Green: number.Decimal(green * 1_000_000), Amber: number.Decimal(amber * 1_000_000)}}
}

func shifted(tail int, by float64) []float64 {
	out := append([]float64(nil), noise...)
	for i := len(out) - tail; i < len(out); i++ {
		out[i] += by
	}
	return out
}

type want struct {
	kind     accord.SignalKind
	rule     string
	effect   string
	severity accord.Severity
}

func TestEvaluate(t *testing.T) {
	old := append(shifted(0, 0)[:4], append([]float64{60, 61, 62, 60, 61, 63, 62}, noise[:10]...)...)
	tests := []struct {
		name    string
		k       accord.KPI
		vals    []float64
		targets []accord.Target
		now     time.Time
		want    []want
		absent  []want
	}{
		{name: "stable and on time", k: kpi(accord.HigherIsBetter), vals: noise, now: fresh(len(noise))},
		{name: "recent shift up is an improvement", k: kpi(accord.HigherIsBetter), vals: shifted(7, 8), now: fresh(len(noise)),
			want: []want{{accord.SignalSPC, "ihi-shift", accord.EffectImprovement, accord.SeverityInfo}}},
		{name: "recent shift up is a deterioration when lower is better", k: kpi(accord.LowerIsBetter), vals: shifted(7, 8), now: fresh(len(noise)),
			want: []want{{accord.SignalSPC, "ihi-shift", accord.EffectDeterioration, accord.SeverityWarning}}},
		{name: "an old shift is history", k: kpi(accord.HigherIsBetter), vals: old, now: fresh(len(old)),
			absent: []want{{kind: accord.SignalSPC, rule: "ihi-shift"}}},
		{name: "latest value red", k: kpi(accord.HigherIsBetter), vals: noise, targets: target(60, 55), now: fresh(len(noise)),
			want: []want{{accord.SignalTargetRed, "", accord.EffectDeterioration, accord.SeverityWarning}}},
		{name: "latest value amber is no signal", k: kpi(accord.HigherIsBetter), vals: noise, targets: target(60, 50), now: fresh(len(noise)),
			absent: []want{{kind: accord.SignalTargetRed}}},
		{name: "one period late", k: kpi(accord.HigherIsBetter), vals: noise, now: fresh(len(noise) + 2),
			want: []want{{accord.SignalDataLate, "", accord.EffectUnclear, accord.SeverityWarning}}},
		{name: "three periods late is critical", k: kpi(accord.HigherIsBetter), vals: noise, now: fresh(len(noise) + 4),
			want: []want{{accord.SignalDataLate, "", accord.EffectUnclear, accord.SeverityCritical}}},
		{name: "never reported", k: kpi(accord.HigherIsBetter), now: fresh(3),
			want: []want{{accord.SignalDataLate, "", accord.EffectUnclear, accord.SeverityWarning}}},
		{name: "in range: patterns are unclear", k: kpi(accord.InRange), vals: shifted(7, 8), now: fresh(len(noise)),
			want: []want{{accord.SignalSPC, "ihi-shift", accord.EffectUnclear, accord.SeverityInfo}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Evaluate(Input{KPI: tt.k, Totals: totals(tt.vals), Targets: tt.targets, Now: tt.now})
			if len(tt.want) == 0 && len(tt.absent) == 0 && len(got) > 0 {
				t.Fatalf("got %d conditions (%+v), want none", len(got), got)
			}
			for _, w := range tt.want {
				c, ok := find(got, w)
				if !ok {
					t.Fatalf("got %+v, want a %s %s condition", got, w.kind, w.rule)
				}
				if c.Effect != w.effect || c.Severity != w.severity {
					t.Errorf("got effect %s severity %s, want %s %s", c.Effect, c.Severity, w.effect, w.severity)
				}
				if c.Subject == "" || c.Summary == "" || c.LastPeriod.Before(c.FirstPeriod) {
					t.Errorf("condition %+v lacks words or has periods out of order", c)
				}
			}
			for _, w := range tt.absent {
				if _, ok := find(got, w); ok {
					t.Errorf("got %+v, want no %s %s condition", got, w.kind, w.rule)
				}
			}
		})
	}
}

func find(cs []accord.SignalCondition, w want) (accord.SignalCondition, bool) {
	for _, c := range cs {
		if c.Kind == w.kind && (w.rule == "" || slices.Contains(strings.Split(c.Rule, ","), w.rule)) {
			return c, true
		}
	}
	return accord.SignalCondition{}, false
}

// TestEvaluateMergesOneRule checks that several patterns of one rule and
// effect in the recent periods are one condition, so the store keeps one
// signal for them.
func TestEvaluateMergesOneRule(t *testing.T) {
	got := Evaluate(Input{KPI: kpi(accord.HigherIsBetter), Totals: totals(shifted(7, 8)), Now: fresh(len(noise))})
	seen := map[string]bool{}
	for _, c := range got {
		key := c.Key("k1")
		if seen[key] {
			t.Errorf("condition %s appears twice", key)
		}
		seen[key] = true
	}
}

// TestEvaluateRatioUsesPChart checks that a percentage reported as counts
// is read on its p-chart: a large denominator makes a small move beyond 3σ.
func TestEvaluateRatioUsesPChart(t *testing.T) {
	k := kpi(accord.HigherIsBetter)
	k.IsRatio, k.Unit, k.Scale = true, accord.UnitPercent, 100
	var ts []accord.PeriodTotal
	for i := range 18 {
		n, d := number.Decimal(5000*1_000_000), number.Decimal(10000*1_000_000)
		if i%2 == 1 {
			n = number.Decimal(5050 * 1_000_000)
		}
		if i == 17 {
			n = number.Decimal(5400 * 1_000_000)
		}
		ts = append(ts, accord.PeriodTotal{KPIID: "k1", Period: jan2023.AddDate(0, i, 0), Whole: true, Numerator: &n, Denominator: &d, Count: 1})
	}
	got := Evaluate(Input{KPI: k, Totals: ts, Now: fresh(18)})
	if _, ok := find(got, want{kind: accord.SignalSPC, rule: "we-1"}); !ok {
		t.Errorf("got %+v, want a we-1 condition from the p-chart", got)
	}
}

// TestEvaluateReading: the alliance's rule sets and a recorded change of
// phase decide which patterns are read. A level that stepped up and stayed
// there is a shift under the default rules; re-based at the step, the new
// phase is stable and the control-chart patterns go away.
func TestEvaluateReading(t *testing.T) {
	k := accord.KPI{ID: "k", Key: "visits", Name: "Visits", Unit: accord.UnitCount, Direction: accord.HigherIsBetter, Frequency: accord.Monthly}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var totals []accord.PeriodTotal
	for i := range 24 {
		v := int64(100 + i%3)
		if i >= 12 {
			v += 30
		}
		d := number.DecimalFromInt(v)
		totals = append(totals, accord.PeriodTotal{KPIID: "k", Period: start.AddDate(0, i, 0), Whole: true, Value: &d, Count: 1})
	}
	now := start.AddDate(2, 0, 20)
	rules := func(cs []accord.SignalCondition) string {
		var out []string
		for _, c := range cs {
			if c.Kind == accord.SignalSPC {
				out = append(out, c.Rule)
			}
		}
		return strings.Join(out, "|")
	}
	for _, tc := range []struct {
		name     string
		reading  Reading
		has, not string
	}{
		{"defaults", Reading{}, "we-", "nelson-"},
		{"Nelson and Anhøj", Reading{Settings: accord.SPCSettings{RunRules: "anhoj", ControlRules: "nelson"}}, "nelson-", "we-"},
		{"re-based at the step", Reading{Phases: []time.Time{start.AddDate(0, 12, 0)}}, "ihi-", "we-"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := rules(Evaluate(Input{KPI: k, Totals: totals, Now: now, Reading: tc.reading}))
			if !strings.Contains(got, tc.has) || strings.Contains(got, tc.not) {
				t.Errorf("rules = %q, want %q and not %q", got, tc.has, tc.not)
			}
		})
	}
}

// TestZeroOfZeroLeftOut: a period whose whole-alliance figure is 0 of 0
// (nobody in the denominator) is kept on the scorecard but left out of the
// charts the signals read: it is not a point of the run or control chart,
// the p-chart's values and limits stay finite, and the spike after it is
// still found.
func TestZeroOfZeroLeftOut(t *testing.T) {
	k := kpi(accord.HigherIsBetter)
	k.IsRatio, k.Unit, k.Scale = true, accord.UnitPercent, 100
	var ts []accord.PeriodTotal
	for i := range 18 {
		n, d := number.Decimal(5000*1_000_000), number.Decimal(10000*1_000_000)
		switch {
		case i == 8:
			n, d = 0, 0
		case i == 17:
			n = number.Decimal(5400 * 1_000_000)
		case i%2 == 1:
			n = number.Decimal(5050 * 1_000_000)
		}
		ts = append(ts, accord.PeriodTotal{KPIID: "k1", Period: jan2023.AddDate(0, i, 0), Whole: true, Numerator: &n, Denominator: &d, Count: 1})
	}
	pts := scorecard.Continuous(k.Frequency, scorecard.AllianceSeries(k, ts), time.Time{})
	c := Analyse(k, pts, WholeTotals(ts), Reading{})
	if len(pts) != 18 || slices.Contains(c.Present, 8) || len(c.Present) != 17 {
		t.Fatalf("present %v of %d points; want all but the 0 of 0 (index 8)", c.Present, len(pts))
	}
	if c.Control == nil || len(c.Control.Values) != 17 {
		t.Fatalf("control chart %+v; want a p-chart of the 17 points with figures", c.Control)
	}
	for i, v := range c.Control.Values {
		if math.IsNaN(v) || math.IsInf(v, 0) || math.IsNaN(c.Control.UCL[i]) || math.IsNaN(c.Control.LCL[i]) {
			t.Errorf("point %d: value %v, limits %v to %v; want finite", i, v, c.Control.LCL[i], c.Control.UCL[i])
		}
	}
	if _, ok := find(Evaluate(Input{KPI: k, Totals: ts, Now: fresh(18)}), want{kind: accord.SignalSPC, rule: "we-1"}); !ok {
		t.Error("the spike after a 0 of 0 period is not found")
	}
}
