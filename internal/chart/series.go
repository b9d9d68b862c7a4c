package chart

import "math"

// Line is a reference line: nil for none, one value for the whole chart,
// or one value per period (per-point control limits, a target that rises
// each year, a centre line re-based after a phase change), drawn as a step
// line. A NaN entry leaves that period without the line.
type Line []float64

// at returns the line's value at period i, NaN when it has none.
func (l Line) at(i int) float64 {
	switch {
	case len(l) == 1:
		return l[0]
	case i >= 0 && i < len(l):
		return l[i]
	}
	return math.NaN()
}

// present reports whether the line has a value anywhere in n periods.
func (l Line) present(n int) bool {
	for i := range max(n, 1) {
		if finite(l.at(i)) {
			return true
		}
	}
	return false
}

// Effect says what a signal means for the KPI, given its direction.
type Effect int

// The effects of a signal.
const (
	// Unclear is a signal whose good or bad direction is not known (a KPI
	// to keep in a range, or a too-few-runs signal).
	Unclear Effect = iota
	// Improvement is a signal in the KPI's good direction.
	Improvement
	// Deterioration is a signal in the KPI's bad direction.
	Deterioration
)

// String names the effect for legends, tooltips and tables.
func (e Effect) String() string {
	switch e {
	case Improvement:
		return "Improvement"
	case Deterioration:
		return "Deterioration"
	}
	return "Signal"
}

// rank orders effects when a point belongs to several signals: the worse
// news wins.
func (e Effect) rank() int {
	switch e {
	case Deterioration:
		return 3
	case Improvement:
		return 2
	}
	return 1
}

// Signal marks the points of a pattern found in the data (a shift, a trend,
// a point beyond a limit).
type Signal struct {
	// Points are 0-based period indices, as the spc engine reports them.
	Points []int
	Effect Effect
	// Label says what was found, e.g. "Shift: 7 points above the median".
	Label string
}

// Annotation marks a period with a short note, e.g. "Telehealth pilot started".
type Annotation struct {
	// Period is one of the series' Periods; an annotation at a period the
	// series does not have is not drawn.
	Period string
	Label  string
}

// Series is one KPI (or one segment of it) over its periods, with the lines
// and marks drawn on it.
type Series struct {
	// Name is what is plotted: the legend and table heading of the values,
	// and the title of a panel in SmallMultiples. "Value" when empty.
	Name string
	// Periods label the x axis, oldest first, one per value: "2024-03"
	// (drawn as Mar over 2024), "2024-Q1", "2024-W05" (ISO week), or any
	// short text, drawn as it is.
	Periods []string
	// Values has one entry per period; NaN is a period with no data.
	Values []float64
	Centre Line
	// CentreLabel names the centre line: "Median", "Mean", "p̄".
	// "Centre line" when empty.
	CentreLabel string
	// UCL and LCL are the upper and lower control limits.
	UCL, LCL    Line
	Target      Line
	Signals     []Signal
	Annotations []Annotation
	// Provisional marks, per period, a figure its sender has not finalised
	// (a FHIR report of status pending): its point is drawn hollow, and the
	// legend, the point's tooltip, the text alternative and the data table
	// say so. Nil, or shorter than Values, for none.
	Provisional []bool
	// Empty is what a chart of the series says when it has no value: "No
	// data yet" when empty (a segment whose only figures are 0 of 0 has
	// data, but no value to draw).
	Empty string
}

// len is the number of periods.
func (s Series) len() int { return max(len(s.Periods), len(s.Values)) }

// value returns the value of period i, NaN when missing.
func (s Series) value(i int) float64 {
	if i < len(s.Values) {
		return s.Values[i]
	}
	return math.NaN()
}

// period returns the label of period i.
func (s Series) period(i int) string {
	if i < len(s.Periods) {
		return s.Periods[i]
	}
	return ""
}

// provisional reports whether period i has a provisional value.
func (s Series) provisional(i int) bool {
	return i < len(s.Provisional) && s.Provisional[i] && finite(s.value(i))
}

// provisionalCount is how many periods have a provisional value.
func (s Series) provisionalCount() int {
	n := 0
	for i := range s.len() {
		if s.provisional(i) {
			n++
		}
	}
	return n
}

// emptyText is what a chart without a value says.
func (s Series) emptyText() string {
	if s.Empty == "" {
		return "No data yet"
	}
	return s.Empty
}

func (s Series) name() string {
	if s.Name == "" {
		return "Value"
	}
	return s.Name
}

func (s Series) centreLabel() string {
	if s.CentreLabel == "" {
		return "Centre line"
	}
	return s.CentreLabel
}

// hasData reports whether any period has a value.
func (s Series) hasData() bool {
	for i := range s.len() {
		if finite(s.value(i)) {
			return true
		}
	}
	return false
}

// hasGaps reports whether a missing period lies between two values.
func (s Series) hasGaps() bool {
	first, last := s.dataRange()
	for i := first; i <= last; i++ {
		if !finite(s.value(i)) {
			return true
		}
	}
	return false
}

// dataRange returns the first and last periods with a value (-1, -2 if none).
func (s Series) dataRange() (first, last int) {
	first, last = -1, -2
	for i := range s.len() {
		if finite(s.value(i)) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	return first, last
}

// marks returns, per period, the effect of the signals it is part of and
// their labels; ok[i] is false for points in no signal.
func (s Series) marks() (eff []Effect, labels []string, ok []bool) {
	n := s.len()
	eff, labels, ok = make([]Effect, n), make([]string, n), make([]bool, n)
	for _, sig := range s.Signals {
		for _, p := range sig.Points {
			if p < 0 || p >= n {
				continue
			}
			if !ok[p] || sig.Effect.rank() > eff[p].rank() {
				eff[p] = sig.Effect
			}
			ok[p] = true
			if sig.Label != "" {
				if labels[p] != "" {
					labels[p] += "; "
				}
				labels[p] += sig.Label
			}
		}
	}
	return eff, labels, ok
}

// annotationsAt returns the annotations with the index of their period.
func (s Series) annotationsAt() (idx []int, notes []Annotation) {
	for _, a := range s.Annotations {
		for i := range s.len() {
			if s.period(i) == a.Period {
				idx, notes = append(idx, i), append(notes, a)
				break
			}
		}
	}
	return idx, notes
}

// domainValues lists every value the y axis must show.
func (s Series) domainValues() [][]float64 {
	out := [][]float64{s.Values}
	n := s.len()
	for _, l := range []Line{s.Centre, s.UCL, s.LCL, s.Target} {
		vals := make([]float64, 0, n)
		for i := range max(n, 1) {
			vals = append(vals, l.at(i))
		}
		out = append(out, vals)
	}
	return out
}
