// Package scorecard computes what the shared scorecard shows from stored
// figures: each KPI's alliance-wide series (adding segments up only where
// that is sound), derived KPIs, the target in force, the status colour and
// whether data is late. It is pure: no I/O, and the clock is an argument.
package scorecard

import (
	"sort"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
)

// Point is one period of a series; OK is false where there is no figure.
type Point struct {
	Period time.Time
	Value  float64
	OK     bool
	// ZeroOfZero marks a rate of 0 of 0 (nobody in the denominator): a
	// real observation with no figure, left out of rates and charts.
	ZeroOfZero bool
}

// Status is a KPI's colour against its target.
type Status string

// The statuses; None when there is no target or no value.
const (
	None  Status = ""
	Green Status = "green"
	Amber Status = "amber"
	Red   Status = "red"
)

// additive reports whether segment values of a unit may be added up to an
// alliance figure. Percentages, rates, days, minutes and scores may not:
// an average of segment rates is not the alliance's rate.
func additive(u accord.Unit) bool { return u == accord.UnitCount || u == accord.UnitMoney }

// AllianceSeries turns a KPI's period totals into its alliance-wide series,
// in period order. A period uses its whole-alliance row when there is one;
// otherwise ratio KPIs add numerators and denominators across segments,
// counts and money add values, and other units have no alliance figure.
func AllianceSeries(k accord.KPI, totals []accord.PeriodTotal) []Point {
	byPeriod := map[time.Time][2]*accord.PeriodTotal{}
	for i := range totals {
		t := &totals[i]
		if t.KPIID != k.ID {
			continue
		}
		pair := byPeriod[t.Period]
		if t.Whole {
			pair[0] = t
		} else {
			pair[1] = t
		}
		byPeriod[t.Period] = pair
	}
	out := make([]Point, 0, len(byPeriod))
	for period, pair := range byPeriod {
		p := Point{Period: period}
		t := pair[0]
		if t == nil && (k.IsRatio || additive(k.Unit)) {
			t = pair[1]
		}
		if t != nil {
			p.Value, p.OK = figure(k, t)
			p.ZeroOfZero = k.IsRatio && t.Numerator != nil && t.Denominator != nil && *t.Numerator == 0 && *t.Denominator == 0
		}
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Period.Before(out[j].Period) })
	return out
}

func figure(k accord.KPI, t *accord.PeriodTotal) (float64, bool) {
	o := accord.Observation{Value: t.Value, Numerator: t.Numerator, Denominator: t.Denominator}
	if k.IsRatio {
		o.Value = nil
	}
	return o.Figure(k.Scale)
}

// DerivedSeries computes a derived KPI period by period from the series of
// the KPIs its formula names; a period lacking any of them has no figure.
func DerivedSeries(f *accord.Formula, series map[string][]Point) []Point {
	values := map[time.Time]map[string]float64{}
	for _, key := range f.Keys() {
		for _, p := range series[key] {
			if !p.OK {
				continue
			}
			if values[p.Period] == nil {
				values[p.Period] = map[string]float64{}
			}
			values[p.Period][key] = p.Value
		}
	}
	out := make([]Point, 0, len(values))
	for period, env := range values {
		v, ok := f.Eval(env)
		out = append(out, Point{Period: period, Value: v, OK: ok})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Period.Before(out[j].Period) })
	return out
}

// TargetAt returns the approved target in force for a period: the latest
// effective on or before it, or nil.
func TargetAt(targets []accord.Target, kpiID string, period time.Time) *accord.Target {
	var best *accord.Target
	for i := range targets {
		t := &targets[i]
		if t.KPIID != kpiID || t.Status != accord.KPIApproved || t.EffectiveAt.After(period) {
			continue
		}
		if best == nil || !t.EffectiveAt.Before(best.EffectiveAt) {
			best = t
		}
	}
	return best
}

// StatusOf colours a value against a target by the KPI's direction. Higher
// is better: green at or above Green, amber at or above Amber, red below.
// Lower is better: the mirror image. In range: green within [Low, High],
// amber within Amber of the range, red beyond.
func StatusOf(d accord.Direction, t *accord.Target, v float64) Status {
	if t == nil {
		return None
	}
	g, a := t.Green.Float(), t.Amber.Float()
	switch d {
	case accord.HigherIsBetter:
		return pick(v >= g, v >= a)
	case accord.LowerIsBetter:
		return pick(v <= g, v <= a)
	case accord.InRange:
		if t.Low == nil || t.High == nil {
			return None
		}
		lo, hi := t.Low.Float(), t.High.Float()
		return pick(v >= lo && v <= hi, v >= lo-a && v <= hi+a)
	}
	return None
}

func pick(green, amber bool) Status {
	switch {
	case green:
		return Green
	case amber:
		return Amber
	}
	return Red
}

// Totals sums observations per period as the store's PeriodTotals does,
// for a page that already holds a KPI's observations (e.g. as of a date).
func Totals(obs []accord.Observation) []accord.PeriodTotal {
	type key struct {
		period time.Time
		whole  bool
	}
	sums := map[key]*accord.PeriodTotal{}
	var order []key
	add := func(dst **number.Decimal, v *number.Decimal) {
		if v == nil {
			return
		}
		if *dst == nil {
			z := number.Decimal(0)
			*dst = &z
		}
		**dst += *v
	}
	for _, o := range obs {
		k := key{o.Period, o.Segment == ""}
		t := sums[k]
		if t == nil {
			t = &accord.PeriodTotal{KPIID: o.KPIID, Period: o.Period, Whole: k.whole}
			sums[k] = t
			order = append(order, k)
		}
		add(&t.Value, o.Value)
		add(&t.Numerator, o.Numerator)
		add(&t.Denominator, o.Denominator)
		t.Count++
		if o.RecordedAt.After(t.LastRecorded) {
			t.LastRecorded = o.RecordedAt
		}
	}
	out := make([]accord.PeriodTotal, 0, len(order))
	for _, k := range order {
		out = append(out, *sums[k])
	}
	return out
}

// Continuous lays a series on every period from its first to last (or to
// until, if later), with missing periods as points that are not OK, so
// charts show gaps where data is missing.
func Continuous(f accord.Frequency, pts []Point, until time.Time) []Point {
	if len(pts) == 0 {
		return nil
	}
	have := make(map[time.Time]Point, len(pts))
	for _, p := range pts {
		have[p.Period] = p
	}
	last := pts[len(pts)-1].Period
	if until.After(last) {
		last = until
	}
	var out []Point
	for p := pts[0].Period; !p.After(last); p = f.Next(p) {
		if v, ok := have[p]; ok {
			out = append(out, v)
		} else {
			out = append(out, Point{Period: p})
		}
	}
	return out
}
