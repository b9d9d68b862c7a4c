package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"time"
)

// TimelineBar is one phase on a timeline, from its first day to its last.
type TimelineBar struct {
	Label      string
	Start, End time.Time
	// Over marks a phase that takes a site over capacity: outlined in red
	// and named in the description.
	Over bool
	// Text adds to the tooltip, e.g. the sites in scope.
	Text string
}

// TimelineRow is one row of a timeline: an initiative's phases, or one
// lane of a site's. A row without a Label continues the row above it: no
// rule is drawn between them.
type TimelineRow struct {
	Label string
	Bars  []TimelineBar
}

// TimelineOptions describe a timeline of phases over months.
type TimelineOptions struct {
	// ID prefixes the ids of the chart's elements; unique on the page.
	ID    string
	Title string
	// Desc is the text alternative; written from the bars when empty.
	Desc  string
	Class string
	// Columns name the months of the window as 2027-03, in order; each
	// takes an equal width, as in a Heatmap of the same Width, so that the
	// two charts line up.
	Columns []string
	Rows    []TimelineRow
	// Width is the laid-out width in CSS pixels, 760 when zero.
	Width int
	// LabelWidth fixes the width of the row labels (0: fitted to them);
	// give a Heatmap's and a Timeline's the same to line their months up.
	LabelWidth float64
}

// Timeline layout, in pixels.
const (
	tlRow = 24
	tlBar = 16
)

// Timeline draws one row per initiative with a bar per phase over the
// months of the window; phases alternate in shade, carry their name when
// it fits, and a phase that takes a site over capacity is outlined in red.
func Timeline(o TimelineOptions) template.HTML {
	w := size(o.Width, 760)
	id := cleanID(o.ID, "timeline")
	h := float64(hmTop + tlRow*max(1, len(o.Rows)) + hmGap)
	desc := o.Desc
	if desc == "" {
		desc = describeTimeline(o)
	}
	var s svg
	s.root(id, w, h, "100%", o.Class, o.Title, desc)
	starts := monthStarts(o.Columns)
	if len(o.Rows) == 0 || starts == nil {
		s.text(w/2, h/2, "No initiatives", "fill", colMuted, "font-size", "12", "text-anchor", "middle")
		s.close("svg")
		return s.html()
	}
	labels := make([]string, len(o.Rows))
	for i, r := range o.Rows {
		labels[i] = r.Label
	}
	labelW, cw, xs := monthColumns(&s, w, o.LabelWidth, labels, o.Columns)
	for _, x := range xs {
		s.line(x, hmTop-2, x, h-hmGap, "class", "grid", "stroke", colGrid, "stroke-width", "1")
	}
	x := func(t time.Time) float64 { return dayX(starts, xs, cw, t) }
	// The phases' labels are drawn after every bar, in one group that
	// gives them their colour and size: a five-year timeline has
	// thousands of them.
	var names svg
	for r, row := range o.Rows {
		y := float64(hmTop + r*tlRow)
		if r > 0 && row.Label != "" {
			// A rule between rows; rows without a label continue the
			// labelled row above (more lanes of one site).
			s.line(0, y, w, y, "class", "row-rule", "stroke", colGrid, "stroke-width", "1")
		}
		if row.Label != "" {
			s.text(labelW-hmGap, y+tlRow/2+4, clip(row.Label, labelW-hmGap-2, 12), "class", "row-label", "fill", colInk, "font-size", "12", "text-anchor", "end")
		}
		for i, b := range row.Bars {
			x0, x1 := x(b.Start), x(b.End.AddDate(0, 0, 1))
			if x1 <= x0 {
				continue // outside the window
			}
			timelineBar(&s, &names, x0, x1, y+(tlRow-tlBar)/2, i, row.Label, b)
		}
	}
	s.open("g", "class", "phase-labels", "fill", colWhite, "font-size", "10")
	s.b.WriteString(names.b.String())
	s.close("g")
	s.close("svg")
	return s.html()
}

// timelineBar draws one phase between x0 and x1 with its top at y, and
// its label (where it fits) into labels; the i-th phase of its row sets
// the shade.
func timelineBar(s, labels *svg, x0, x1, y float64, i int, row string, b TimelineBar) {
	fill, class := colSeries, "phase"
	if i%2 == 1 {
		fill = colNote
	}
	kv := []string{"x", num(x0), "y", num(y), "width", num(math.Max(1, x1-x0-1)), "height", num(tlBar), "fill", fill}
	tip := fmt.Sprintf("%s: %s to %s", b.Label, b.Start.Format(time.DateOnly), b.End.Format(time.DateOnly))
	if row != "" { // a site's further lanes have no label of their own
		tip = row + ", " + tip
	}
	if b.Text != "" {
		tip += ", " + b.Text
	}
	if b.Over {
		class += " over"
		tip += " (takes a site over capacity)"
		kv = append(kv, "stroke", colRed, "stroke-width", "2.5")
	}
	s.elTip("rect", tip, append(kv, "class", class)...)
	if room := x1 - x0 - 8; room >= textWidth("Abc", 10) {
		labels.text(x0+4, y+tlBar/2+3.5, clip(b.Label, room, 10))
	}
}

// monthStarts reads the columns as months; nil when one is not a month.
func monthStarts(cols []string) []time.Time {
	out := make([]time.Time, 0, len(cols))
	for _, c := range cols {
		kind, year, month := parsePeriod(c)
		if kind != monthPeriods {
			return nil
		}
		out = append(out, time.Date(year, time.Month(month+1), 1, 0, 0, 0, 0, time.UTC))
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// dayX places the start of t's day: within its month's column by the day,
// at the window's edges when t lies outside it.
func dayX(starts []time.Time, xs []float64, cw float64, t time.Time) float64 {
	t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	if t.Before(starts[0]) {
		return xs[0]
	}
	for i, m := range starts {
		next := m.AddDate(0, 1, 0)
		if t.Before(next) {
			return xs[i] + cw*t.Sub(m).Hours()/next.Sub(m).Hours()
		}
	}
	return xs[len(xs)-1] + cw
}

// describeTimeline lists each initiative's phases and those over capacity.
func describeTimeline(o TimelineOptions) string {
	if len(o.Rows) == 0 || len(o.Columns) == 0 {
		return "No initiatives."
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Phases of %d initiatives, %s to %s.", len(o.Rows), o.Columns[0], o.Columns[len(o.Columns)-1])
	for _, r := range o.Rows {
		if len(r.Bars) == 0 {
			continue
		}
		var parts []string
		for _, bar := range r.Bars {
			p := fmt.Sprintf("%s %s to %s", bar.Label, bar.Start.Format(time.DateOnly), bar.End.Format(time.DateOnly))
			if bar.Over {
				p += " (over capacity)"
			}
			parts = append(parts, p)
		}
		fmt.Fprintf(&b, " %s: %s.", r.Label, strings.Join(parts, "; "))
	}
	return b.String()
}
