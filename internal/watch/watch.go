// Package watch decides which conditions deserve a signal now. On a KPI's
// data: a run-chart or control-chart pattern that touches the latest
// periods, a latest value in red against its target, and data overdue from
// the party that reports it. Beyond the data: action items overdue,
// concerns not acknowledged in time, and contracts due for review or asked
// to be renegotiated. It is pure: no I/O, and the clock is an argument. The
// store turns the conditions it returns into durable signals (one per
// ongoing condition); docs/signals.md states the rules.
package watch

import (
	"math"
	"strconv"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/scorecard"
)

// Recent is how many of the latest periods an SPC pattern must touch to be
// news; older patterns are history, shown on the KPI's charts.
const Recent = 6

// CriticalMissing is how many periods of missing data make lateness
// critical rather than a warning: a partner who has stopped reporting.
const CriticalMissing = 3

// Input is what Evaluate reads about one KPI.
type Input struct {
	KPI     accord.KPI
	Targets []accord.Target // the alliance's or the KPI's; others are ignored
	// Totals are the KPI's current period totals, as the store's
	// PeriodTotals or scorecard.Totals give them.
	Totals []accord.PeriodTotal
	// Series is a derived KPI's alliance series, computed from the KPIs
	// its formula names; it is used instead of Totals when KPI.Formula is set.
	Series []scorecard.Point
	Now    time.Time
	// Reading is how the alliance reads the KPI's charts (rule sets,
	// baseline, phases); the zero value reads them with the defaults.
	Reading Reading
}

// Evaluate returns the conditions that hold on the KPI's alliance-wide
// series at in.Now, SPC patterns first, then red, then late data. A
// pattern or a red value last seen over a year before in.Now is returned
// marked Stale: it no longer holds.
func Evaluate(in Input) []accord.SignalCondition {
	k := in.KPI
	var whole map[time.Time]accord.PeriodTotal
	if k.Formula == "" {
		whole = WholeTotals(in.Totals)
	}
	raw := rawSeries(in)
	pts := scorecard.Continuous(k.Frequency, raw, time.Time{})
	r := in.Reading
	if r.Settings == (accord.SPCSettings{}) {
		r.Settings = accord.DefaultSPCSettings()
	}
	out := spcConditions(k, pts, whole, r)
	if c, ok := redCondition(k, in.Targets, pts); ok {
		out = append(out, c)
	}
	for i := range out {
		out[i].Stale = Stale(k.Frequency, out[i].LastPeriod, in.Now)
	}
	if k.Formula == "" {
		var latest time.Time
		if len(raw) > 0 {
			latest = raw[len(raw)-1].Period
		}
		if c, ok := lateCondition(k, latest, in.Now); ok {
			out = append(out, c)
		}
	}
	return out
}

// rawSeries is the KPI's alliance-wide series as the scorecard shows it:
// a derived KPI's computed series, or the one its totals add up to.
func rawSeries(in Input) []scorecard.Point {
	if in.KPI.Formula != "" {
		return in.Series
	}
	return scorecard.AllianceSeries(in.KPI, in.Totals)
}

// RedRun returns the run of consecutive periods, ending with the latest
// value, in which the KPI was red against the target in force for each
// period: its first and last period and its length (0 when the latest
// value is not red). A period without data ends a run.
func RedRun(in Input) (first, last time.Time, n int) {
	pts := scorecard.Continuous(in.KPI.Frequency, rawSeries(in), time.Time{})
	i, j, ok := redRun(in.KPI, in.Targets, pts)
	if !ok {
		return time.Time{}, time.Time{}, 0
	}
	return pts[i].Period, pts[j].Period, j - i + 1
}

// redRun finds the indexes of the run of red values that ends with the
// latest value, if the latest value is red.
func redRun(k accord.KPI, targets []accord.Target, pts []scorecard.Point) (first, last int, ok bool) {
	last = -1
	for i := len(pts) - 1; i >= 0; i-- {
		if pts[i].OK {
			last = i
			break
		}
	}
	red := func(p scorecard.Point) bool {
		return p.OK && scorecard.StatusOf(k.Direction, scorecard.TargetAt(targets, k.ID, p.Period), p.Value) == scorecard.Red
	}
	if last < 0 || !red(pts[last]) {
		return 0, 0, false
	}
	first = last
	for i := last - 1; i >= 0 && red(pts[i]); i-- {
		first = i
	}
	return first, last, true
}

// redCondition holds when the latest value is red against the target in
// force for its period; it spans the run of red periods that ends there.
func redCondition(k accord.KPI, targets []accord.Target, pts []scorecard.Point) (accord.SignalCondition, bool) {
	first, last, ok := redRun(k, targets, pts)
	if !ok {
		return accord.SignalCondition{}, false
	}
	p := pts[last]
	t := scorecard.TargetAt(targets, k.ID, p.Period)
	f := k.Frequency.FormatPeriod
	summary := f(p.Period) + ": " + num(p.Value) + unitSuffix(k) + ", red against the target of " + num(t.Value.Float()) + unitSuffix(k) + "."
	if first < last {
		summary += " Red for " + strconv.Itoa(last-first+1) + " periods in a row, since " + f(pts[first].Period) + "."
	}
	return accord.SignalCondition{
		Kind: accord.SignalTargetRed, Severity: accord.SeverityWarning, Effect: accord.EffectDeterioration,
		Subject: k.Name + ": in red against its target", Summary: summary,
		FirstPeriod: pts[first].Period, LastPeriod: p.Period,
	}, true
}

// lateCondition holds when data expected by now has not arrived. A KPI
// that never had data is late once the first period after its approval is
// due.
func lateCondition(k accord.KPI, latest, now time.Time) (accord.SignalCondition, bool) {
	fr := scorecard.Due(k, latest, now)
	if !fr.Late {
		return accord.SignalCondition{}, false
	}
	f := k.Frequency.FormatPeriod
	first := k.Frequency.Next(latest)
	summary := ""
	if latest.IsZero() {
		if k.ApprovedAt == nil || fr.Expected.Before(k.Frequency.PeriodStart(*k.ApprovedAt)) {
			return accord.SignalCondition{}, false
		}
		first = k.Frequency.PeriodStart(*k.ApprovedAt)
		summary = "No data yet from " + k.OwnerName + "; " + f(first) + " was due."
	} else {
		summary = "No data from " + k.OwnerName + " after " + f(latest) + ": " + strconv.Itoa(fr.Missing) + " period(s) missing, up to " + f(fr.Expected) + "."
	}
	sev := accord.SeverityWarning
	if fr.Missing >= CriticalMissing {
		sev = accord.SeverityCritical
	}
	return accord.SignalCondition{
		Kind: accord.SignalDataLate, Severity: sev, Effect: accord.EffectUnclear,
		Subject: k.Name + ": data late from " + k.OwnerName, Summary: summary,
		FirstPeriod: first, LastPeriod: fr.Expected,
	}, true
}

// num writes a figure with at most two decimals.
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

func unitSuffix(k accord.KPI) string {
	if k.Unit == accord.UnitPercent {
		return "%"
	}
	return ""
}

// StaleAfter is how long after its last period a pattern or a red value
// stays news. Past it, the data behind it is over a year old (the KPI's
// reporting stopped, say: late data is its own signal) and the condition
// no longer holds; its signal closes itself.
const StaleAfter = 1 // year

// Stale reports whether a condition last seen in the period starting at
// last is, at now, older than StaleAfter: the period ended over a year ago.
func Stale(f accord.Frequency, last, now time.Time) bool {
	return f.Next(last).AddDate(StaleAfter, 0, 0).Before(now)
}
