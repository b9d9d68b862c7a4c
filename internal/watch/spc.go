package watch

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/scorecard"
	"github.com/accord-alliance/accord/internal/spc"
)

// Reading is how an alliance reads a KPI's charts: its rule sets and
// baseline, and the periods where a recorded change starts a new phase.
type Reading struct {
	Settings accord.SPCSettings
	Phases   []time.Time
}

// Charts are a KPI's run chart and control chart as the alliance reads
// them, with the signals each one's rules find. Present are the indexes of
// the series' points that have a value: the charts' points, in order.
type Charts struct {
	Present        []int
	Run            *spc.RunChart
	RunSignals     []spc.Signal
	Control        *spc.Chart
	ControlSignals []spc.Signal
}

// Analyse draws the charts of the series pts (a point for every period;
// whole gives the totals behind each, for rates) under the reading r. The
// KPI page and the signals both read the charts here, so they always agree.
func Analyse(k accord.KPI, pts []scorecard.Point, whole map[time.Time]accord.PeriodTotal, r Reading) Charts {
	var c Charts
	var vals, nums, dens []float64
	for i, p := range pts {
		if !p.OK {
			continue
		}
		c.Present = append(c.Present, i)
		vals = append(vals, p.Value)
		if t, ok := whole[p.Period]; ok && k.IsRatio {
			nums, dens = append(nums, t.Numerator.Float()), append(dens, t.Denominator.Float())
		}
	}
	if len(vals) < 2 {
		return c
	}
	opt := spc.Options{Baseline: r.Settings.Baseline, Phases: phaseIndexes(pts, c.Present, r.Phases)}
	if rc, err := spc.NewRunChart(vals, spc.Options{}); err == nil {
		c.Run = rc
		c.RunSignals, _ = rc.Signals(runRules(r.Settings))
	}
	if ctl := ControlChart(k, vals, nums, dens, opt); ctl != nil {
		c.Control = ctl
		c.ControlSignals, _ = ctl.Signals(controlRules(r.Settings))
	}
	return c
}

// runRules and controlRules are the rule sets of the settings, the IHI and
// Western Electric rules by default.
func runRules(s accord.SPCSettings) spc.RuleSet {
	if s.RunRules == string(spc.Anhoj) {
		return spc.Anhoj
	}
	return spc.IHI
}

func controlRules(s accord.SPCSettings) spc.RuleSet {
	if s.ControlRules == string(spc.Nelson) {
		return spc.Nelson
	}
	return spc.WesternElectric
}

// phaseIndexes turns the periods that start a phase into indexes among
// the charted points: the first point at or after each period. A phase
// that would start at the first point, after the last, or where the
// previous one starts is left out.
func phaseIndexes(pts []scorecard.Point, present []int, starts []time.Time) []int {
	var out []int
	for _, st := range starts {
		for j, i := range present {
			if !pts[i].Period.Before(st) {
				if j > 0 && (len(out) == 0 || j > out[len(out)-1]) {
					out = append(out, j)
				}
				break
			}
		}
	}
	return out
}

// spcConditions reads the run chart and the control chart of the series
// pts, which has a point for every period. Signals of the same effect that
// touch the latest Recent periods are one condition spanning all of them.
func spcConditions(k accord.KPI, pts []scorecard.Point, whole map[time.Time]accord.PeriodTotal, r Reading) []accord.SignalCondition {
	c := Analyse(k, pts, whole, r)
	present := c.Present
	sigs := append(append([]spc.Signal(nil), c.RunSignals...), c.ControlSignals...)
	if len(sigs) == 0 {
		return nil
	}
	cutoff := pts[max(0, len(pts)-Recent)].Period
	dir := map[accord.Direction]spc.Direction{accord.HigherIsBetter: spc.HigherIsBetter, accord.LowerIsBetter: spc.LowerIsBetter}[k.Direction]
	// One condition per effect: the rules that found it are listed in it.
	var out []accord.SignalCondition
	at := map[string]int{}
	labels := map[string][]string{}
	for _, s := range sigs {
		if len(s.Points) == 0 {
			continue
		}
		first, last := pts[present[s.Points[0]]].Period, pts[present[s.Points[len(s.Points)-1]]].Period
		if last.Before(cutoff) {
			continue
		}
		eff := string(spc.Classify(s, dir))
		i, ok := at[eff]
		if !ok {
			i = len(out)
			at[eff] = i
			out = append(out, accord.SignalCondition{Kind: accord.SignalSPC, Severity: spcSeverity(eff), Effect: eff, FirstPeriod: first, LastPeriod: last})
		}
		c := &out[i]
		c.FirstPeriod, c.LastPeriod = minTime(c.FirstPeriod, first), maxTime(c.LastPeriod, last)
		if !slices.Contains(strings.Split(c.Rule, ","), string(s.Rule)) {
			if c.Rule != "" {
				c.Rule += ","
			}
			c.Rule += string(s.Rule)
			labels[eff] = append(labels[eff], RuleLabel(s.Rule, s.Side))
		}
	}
	// Patterns without a direction (too few runs, say) are explained by a
	// directional one when there is one: a shift makes few runs.
	if len(out) > 1 {
		if i, ok := at[accord.EffectUnclear]; ok {
			out = append(out[:i], out[i+1:]...)
		}
	}
	// A KPI is not better and worse than before at once: when both hold,
	// the one the latest periods show is the news (the store closes the
	// other as superseded).
	if len(out) > 1 {
		keep := latestEffect(out, c, pts, dir)
		out = slices.DeleteFunc(out, func(x accord.SignalCondition) bool { return x.Effect != keep })
	}
	for i := range out {
		c := &out[i]
		c.Subject = k.Name + ": " + effectHeadline(c.Effect)
		c.Summary = spcSummary(k, labels[c.Effect], c.FirstPeriod, c.LastPeriod, c.Effect)
	}
	return out
}

// latestEffect decides between an improvement and a deterioration found
// together: the pattern that reaches the later period holds now; when both
// reach the latest, the side of the centre line the latest value is on
// says which.
func latestEffect(out []accord.SignalCondition, c Charts, pts []scorecard.Point, dir spc.Direction) string {
	best := out[0]
	for _, x := range out[1:] {
		if x.LastPeriod.After(best.LastPeriod) {
			best = x
		} else if x.LastPeriod.Equal(best.LastPeriod) {
			best.Effect = sideOfLatest(c, dir, best.Effect)
		}
	}
	return best.Effect
}

// sideOfLatest is the effect of the latest charted value's side of its
// centre line (the control chart's, else the run chart's median); tie
// when it sits on the line or there is no direction.
func sideOfLatest(c Charts, dir spc.Direction, tie string) string {
	var v, centre float64
	switch {
	case c.Control != nil && len(c.Control.Values) > 0:
		i := len(c.Control.Values) - 1
		v, centre = c.Control.Values[i], c.Control.Centre[i]
	case c.Run != nil && len(c.Run.Values) > 0:
		i := len(c.Run.Values) - 1
		v, centre = c.Run.Values[i], c.Run.Median[i]
	default:
		return tie
	}
	if v == centre || dir == "" {
		return tie
	}
	if (v > centre) == (dir == spc.HigherIsBetter) {
		return accord.EffectImprovement
	}
	return accord.EffectDeterioration
}

// effectHeadline names what the patterns mean for the KPI.
func effectHeadline(effect string) string {
	switch effect {
	case accord.EffectImprovement:
		return "special-cause improvement"
	case accord.EffectDeterioration:
		return "special-cause deterioration"
	}
	return "non-random variation"
}

// spcSeverity: a deterioration is a warning; an improvement or a pattern
// without a direction is information.
func spcSeverity(effect string) accord.Severity {
	if effect == accord.EffectDeterioration {
		return accord.SeverityWarning
	}
	return accord.SeverityInfo
}

func spcSummary(k accord.KPI, rules []string, first, last time.Time, effect string) string {
	f := k.Frequency.FormatPeriod
	span := f(first)
	if !last.Equal(first) {
		span += " to " + f(last)
	}
	what := "worth a look"
	switch effect {
	case accord.EffectImprovement:
		what = "an improvement"
	case accord.EffectDeterioration:
		what = "a deterioration"
	}
	return strings.Join(rules, "; ") + " — " + span + ": " + what + "."
}

// ruleWords describes each rule twice: on its own, as a chart's legend
// lists it, and as found, with "%s" where its side goes.
var ruleWords = map[spc.RuleID][2]string{
	spc.IHIShift:        {"Shift: 6 or more points on one side of the median", "shift %s the median"},
	spc.IHITrend:        {"Trend: 5 or more points going one way", "trend going %s"},
	spc.IHIRuns:         {"Too few or too many runs", "too few or too many runs around the median"},
	spc.WE1:             {"A point beyond 3σ", "a point beyond 3σ %s the mean"},
	spc.WE2:             {"2 of 3 points beyond 2σ on one side", "2 of 3 points beyond 2σ %s the mean"},
	spc.WE3:             {"4 of 5 points beyond 1σ on one side", "4 of 5 points beyond 1σ %s the mean"},
	spc.WE4:             {"8 points in a row on one side of the mean", "8 points in a row %s the mean"},
	spc.Nelson1:         {"A point beyond 3σ", "a point beyond 3σ %s the mean"},
	spc.Nelson2:         {"9 points in a row on one side of the mean", "9 points in a row %s the mean"},
	spc.Nelson3:         {"6 points in a row going one way", "6 points in a row each going %s"},
	spc.Nelson4:         {"14 points in a row alternating up and down", "14 points in a row alternating up and down"},
	spc.Nelson5:         {"2 of 3 points beyond 2σ on one side", "2 of 3 points beyond 2σ %s the mean"},
	spc.Nelson6:         {"4 of 5 points beyond 1σ on one side", "4 of 5 points beyond 1σ %s the mean"},
	spc.Nelson7:         {"15 points in a row within 1σ", "15 points in a row within 1σ of the mean"},
	spc.Nelson8:         {"8 points in a row none within 1σ", "8 points in a row none within 1σ of the mean"},
	spc.AnhojLongestRun: {"An unusually long run on one side of the median", "an unusually long run %s the median"},
	spc.AnhojCrossings:  {"Unusually few crossings of the median", "unusually few crossings of the median"},
}

// RuleName names a rule in words, without a side.
func RuleName(r spc.RuleID) string {
	if w, ok := ruleWords[r]; ok {
		return w[0]
	}
	return string(r)
}

// RuleLabel names a rule's pattern in words, with its side.
func RuleLabel(r spc.RuleID, side spc.Side) string {
	w, ok := ruleWords[r]
	if !ok {
		return string(r) + " (" + string(side) + ")"
	}
	if strings.Contains(w[1], "%s") {
		return fmt.Sprintf(w[1], side)
	}
	return w[1]
}

// ControlChart picks the chart that fits the measure — a p-chart for a
// percentage of counts, a u-chart for other rates, XmR otherwise — so that
// the KPI page draws the chart the signals are read on. nums and dens are
// used only when there is one of each per value. It is nil for fewer than
// two values.
func ControlChart(k accord.KPI, vals, nums, dens []float64, opt spc.Options) *spc.Chart {
	if len(vals) < 2 {
		return nil
	}
	if k.IsRatio && len(nums) == len(vals) {
		if k.Unit == accord.UnitPercent {
			if c, err := spc.PChart(nums, dens, opt); err == nil {
				return c
			}
		}
		if c, err := spc.UChart(nums, dens, opt); err == nil {
			return c
		}
	}
	c, err := spc.IChart(vals, opt)
	if err != nil {
		return nil
	}
	return c
}

// WholeTotals gives, per period, the totals the alliance figure came from
// (the whole-alliance row when there is one), where they carry counts.
func WholeTotals(totals []accord.PeriodTotal) map[time.Time]accord.PeriodTotal {
	out := map[time.Time]accord.PeriodTotal{}
	for _, t := range totals {
		if _, ok := out[t.Period]; t.Whole || !ok {
			if t.Numerator != nil && t.Denominator != nil {
				out[t.Period] = t
			}
		}
	}
	return out
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
