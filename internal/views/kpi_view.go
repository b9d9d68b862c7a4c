package views

import (
	"html/template"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/chart"
	"github.com/accord-alliance/accord/internal/scorecard"
	"github.com/accord-alliance/accord/internal/spc"
	"github.com/accord-alliance/accord/internal/watch"
)

// KPICharts are the charts of one KPI's page.
type KPICharts struct {
	Run         template.HTML
	RunSmall    template.HTML
	Control     template.HTML
	ControlSm   template.HTML
	ControlKind string
	Multiples   template.HTML
	Table       chart.DataTable
	Signals     []signalNote
}

// signalNote describes one signal in words under the charts.
type signalNote struct {
	Rule, Effect, Periods string
	Count                 int
}

// BuildCharts draws a KPI's run chart (median, IHI rules), its control
// chart (p, u or XmR with the Western Electric rules) and a small multiple
// per segment, from the observations shown (current, or as of a date).
func BuildCharts(k accord.KPI, obs []accord.Observation, targets []accord.Target, notes []accord.Annotation, settings accord.SPCSettings) KPICharts {
	totals := scorecard.Totals(obs)
	pts := scorecard.Continuous(k.Frequency, scorecard.AllianceSeries(k, totals), time.Time{})
	se := chart.Series{Name: k.Name}
	if slices.ContainsFunc(pts, func(p scorecard.Point) bool { return p.ZeroOfZero }) {
		se.Empty = "Only 0 of 0: no one in the denominator, so no rate"
	}
	prov := provisionalPeriods(obs)
	for _, p := range pts {
		addPoint(&se, k, p, targets)
		se.Provisional = append(se.Provisional, prov[p.Period])
	}
	reading := watch.Reading{Settings: settings}
	for _, a := range notes {
		label := a.Label
		if a.NewPhase {
			reading.Phases = append(reading.Phases, a.Period)
			label += " (new phase)"
		}
		se.Annotations = append(se.Annotations, chart.Annotation{Period: k.Frequency.FormatPeriod(a.Period), Label: label})
	}
	an := watch.Analyse(k, pts, watch.WholeTotals(totals), reading)
	present := an.Present
	var c KPICharts
	c.Table = chart.Table(se, chartFormat(k))
	fm := chartFormat(k)
	desc := chartSpan(k, pts) + DirectionLabel(k.Direction)
	run := se
	if rc := an.Run; rc != nil {
		run.Centre, run.CentreLabel = spread(rc.Median, present, len(pts)), "Median"
		run.Signals, c.Signals = mapSignals(k, an.RunSignals, present, se.Periods, c.Signals)
	}
	opts := chart.RunChartOptions{ID: "run-" + k.Key, Title: "Run chart", Subtitle: desc, Series: run, Format: fm}
	c.Run = chart.RunChart(opts)
	opts.ID, opts.Width, opts.Height = "run-sm-"+k.Key, 360, 260
	c.RunSmall = chart.RunChart(opts)

	if ctl := an.Control; ctl != nil {
		kind := ctl.Kind
		cs := se
		scale := 1.0
		if kind != spc.Individuals {
			scale = float64(k.Scale)
		}
		cs.Values = spread(scaled(ctl.Values, scale), present, len(pts))
		cs.Centre, cs.CentreLabel = spread(scaled(ctl.Centre, scale), present, len(pts)), "Mean"
		cs.UCL, cs.LCL = spread(scaled(ctl.UCL, scale), present, len(pts)), spread(scaled(ctl.LCL, scale), present, len(pts))
		cs.Signals, c.Signals = mapSignals(k, an.ControlSignals, present, se.Periods, c.Signals)
		c.ControlKind = map[spc.Kind]string{spc.Proportion: "p-chart", spc.Rate: "u-chart", spc.Individuals: "XmR chart"}[kind]
		co := chart.RunChartOptions{ID: "ctl-" + k.Key, Title: "Control chart (" + c.ControlKind + ")", Subtitle: desc + " · limits at 3σ", Series: cs, Format: fm}
		c.Control = chart.RunChart(co)
		co.ID, co.Width, co.Height = "ctl-sm-"+k.Key, 360, 260
		c.ControlSm = chart.RunChart(co)
	}
	c.Multiples = SegmentMultiples(k, obs)
	c.Signals = condense(c.Signals)
	return c
}

// condense groups signal notes by rule and effect, naming the most recent
// stretches, so a long series does not list the same rule twenty times.
func condense(notes []signalNote) []signalNote {
	type group struct {
		note    signalNote
		periods []string
	}
	var order []string
	groups := map[string]*group{}
	for _, n := range notes {
		key := n.Rule + "\x00" + n.Effect
		g := groups[key]
		if g == nil {
			g = &group{note: n}
			groups[key] = g
			order = append(order, key)
		}
		g.periods = append(g.periods, n.Periods)
	}
	out := make([]signalNote, 0, len(order))
	for _, key := range order {
		g := groups[key]
		ps := g.periods
		more := ""
		if len(ps) > 3 {
			more = " and " + Itoa(len(ps)-3) + " earlier"
			ps = ps[len(ps)-3:]
		}
		g.note.Periods = strings.Join(ps, "; ") + more
		g.note.Count = len(g.periods)
		out = append(out, g.note)
	}
	return out
}

func scaled(xs []float64, f float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = x * f
	}
	return out
}

// spread places values computed on the present points back on the
// continuous period axis, NaN where a period has no data.
func spread(xs []float64, present []int, n int) chart.Line {
	out := make(chart.Line, n)
	for i := range out {
		out[i] = math.NaN()
	}
	for j, i := range present {
		if j < len(xs) {
			out[i] = xs[j]
		}
	}
	return out
}

func mapSignals(k accord.KPI, sigs []spc.Signal, present []int, periods []string, notes []signalNote) ([]chart.Signal, []signalNote) {
	dir := map[accord.Direction]spc.Direction{accord.HigherIsBetter: spc.HigherIsBetter, accord.LowerIsBetter: spc.LowerIsBetter}[k.Direction]
	var out []chart.Signal
	for _, s := range sigs {
		eff := spc.Classify(s, dir)
		cs := chart.Signal{Label: string(s.Rule), Effect: map[spc.Effect]chart.Effect{spc.Improvement: chart.Improvement, spc.Deterioration: chart.Deterioration}[eff]}
		for _, p := range s.Points {
			if p < len(present) {
				cs.Points = append(cs.Points, present[p])
			}
		}
		if len(cs.Points) == 0 {
			continue
		}
		out = append(out, cs)
		span := periods[cs.Points[0]]
		if last := periods[cs.Points[len(cs.Points)-1]]; last != span {
			span += " to " + last
		}
		notes = append(notes, signalNote{Rule: watch.RuleName(s.Rule), Effect: string(eff), Periods: span})
	}
	return out, notes
}

// provisionalPeriods finds the periods whose alliance-wide figure is
// provisional: its whole-alliance observation is, or, without one, any of
// the segments' it is summed from.
func provisionalPeriods(obs []accord.Observation) map[time.Time]bool {
	whole, segs := map[time.Time]bool{}, map[time.Time]bool{}
	for _, o := range obs {
		if o.Segment == "" {
			whole[o.Period] = o.Provisional
		} else if o.Provisional {
			segs[o.Period] = true
		}
	}
	out := map[time.Time]bool{}
	for p := range segs {
		if _, ok := whole[p]; !ok {
			out[p] = true
		}
	}
	for p, prov := range whole {
		if prov {
			out[p] = true
		}
	}
	return out
}

// SegmentMultiples draws one small chart per segment, sharing a scale; a
// provisional figure is drawn hollow, a 0 of 0 is no point.
func SegmentMultiples(k accord.KPI, obs []accord.Observation) template.HTML {
	bySeg := map[string][]scorecard.Point{}
	prov := map[string]map[time.Time]bool{}
	for _, o := range obs {
		if o.Segment == "" {
			continue
		}
		v, ok := o.Figure(k.Scale)
		bySeg[o.Segment] = append(bySeg[o.Segment], scorecard.Point{Period: o.Period, Value: v, OK: ok,
			ZeroOfZero: k.IsRatio && o.Numerator != nil && o.Denominator != nil && *o.Numerator == 0 && *o.Denominator == 0})
		if o.Provisional {
			if prov[o.Segment] == nil {
				prov[o.Segment] = map[time.Time]bool{}
			}
			prov[o.Segment][o.Period] = true
		}
	}
	if len(bySeg) < 2 {
		return ""
	}
	var names []string
	for s := range bySeg {
		names = append(names, s)
	}
	sort.Strings(names)
	var panels []chart.Series
	for _, s := range names {
		pts := bySeg[s]
		sort.Slice(pts, func(i, j int) bool { return pts[i].Period.Before(pts[j].Period) })
		se := chart.Series{Name: s}
		if slices.ContainsFunc(pts, func(p scorecard.Point) bool { return p.ZeroOfZero }) {
			se.Empty = "Only 0 of 0: no one in the denominator, so no rate"
		}
		for _, p := range scorecard.Continuous(k.Frequency, pts, time.Time{}) {
			se.Periods = append(se.Periods, k.Frequency.FormatPeriod(p.Period))
			se.Values = append(se.Values, valueOrNaN(p))
			se.Provisional = append(se.Provisional, prov[s][p.Period])
		}
		panels = append(panels, se)
	}
	return chart.SmallMultiples(chart.MultiplesOptions{ID: "seg-" + k.Key, Title: "By " + SegmentWord(k), Panels: panels, Format: chartFormat(k)})
}

// SegmentWord names what a KPI's segments are ("clinic"), or "segment".
func SegmentWord(k accord.KPI) string {
	if k.SegmentBy != "" {
		return k.SegmentBy
	}
	return "segment"
}

// chartSpan is the start of a chart's subtitle: the periods it covers, or
// nothing for a KPI with no data yet (never the zero date).
func chartSpan(k accord.KPI, pts []scorecard.Point) string {
	if len(pts) == 0 {
		return ""
	}
	return k.Frequency.FormatPeriod(firstPeriod(pts)) + " to " + k.Frequency.FormatPeriod(lastPeriod(pts)) + " · "
}

func firstPeriod(pts []scorecard.Point) time.Time {
	if len(pts) == 0 {
		return time.Time{}
	}
	return pts[0].Period
}

func lastPeriod(pts []scorecard.Point) time.Time {
	if len(pts) == 0 {
		return time.Time{}
	}
	return pts[len(pts)-1].Period
}
