package chart

import (
	"html/template"
	"math"
)

// SparklineOptions describe the trend line of a scorecard tile.
type SparklineOptions struct {
	// ID prefixes the ids of the chart's elements; unique on the page.
	ID string
	// Title is the accessible name, e.g. "Telehealth share, last 12 months".
	Title string
	// Desc is the text alternative; written from the data when empty.
	Desc  string
	Class string
	// Series gives the values, their periods (for the description) and an
	// optional Target; other lines and marks are not drawn at this size.
	Series
	Format Format
	// Status colours the latest point; the series colour when StatusNone.
	Status Status
	// Width and Height are the drawn size in CSS pixels: 120×32 when zero.
	Width, Height int
}

// Sparkline draws a small trend line with a soft area under it, the
// latest point emphasised in the status colour and an optional dashed
// target line. It has a fixed size, not a fluid one.
func Sparkline(o SparklineOptions) template.HTML {
	w, h := size(o.Width, 120), size(o.Height, 32)
	id := cleanID(o.ID, "spark")
	title := o.Title
	if title == "" {
		title = o.Series.name()
	}
	desc := o.Desc
	if desc == "" {
		desc = describe(o.Series, o.Format)
		if st := o.Status.String(); st != "" {
			desc += " Status: " + st + "."
		}
	}
	var s svg
	s.root(id, w, h, num(w), o.Class, title, desc)
	sparkBody(&s, w, h, o.Series, o.Status)
	s.close("svg")
	return s.html()
}

// sparkBody draws the sparkline inside its <svg>.
func sparkBody(s *svg, w, h float64, se Series, st Status) {
	n := se.len()
	if !se.hasData() {
		s.line(2, h-4, w-2, h-4, "stroke", colAxis, "stroke-width", "1", "stroke-dasharray", "2 3")
		s.text(w/2, h/2+3.5, se.emptyText(), "fill", colMuted, "font-size", "10", "text-anchor", "middle")
		return
	}
	lo, hi, _ := extent(se.Values, []float64{se.Target.at(n - 1)})
	if hi-lo < 1e-9*math.Max(1, math.Abs(hi)) {
		lo, hi = lo-1, hi+1
	}
	const inset = 4.5 // room for the latest point's marker
	x := func(i int) float64 {
		if n == 1 {
			return w / 2
		}
		return inset + float64(i)*(w-2*inset)/float64(n-1)
	}
	y := func(v float64) float64 { return h - inset - (v-lo)/(hi-lo)*(h-2*inset) }
	if t := se.Target.at(n - 1); finite(t) {
		s.line(1, y(t), w-1, y(t), "class", "target", "stroke", colTarget, "stroke-width", "1", "stroke-dasharray", "3 2")
	}
	var area, line path
	for i := 0; i < n; i++ {
		if !finite(se.value(i)) {
			continue
		}
		j := i
		for j+1 < n && finite(se.value(j+1)) {
			j++
		}
		area.cmd("M", x(i), h)
		for k := i; k <= j; k++ {
			area.cmd("L", x(k), y(se.value(k)))
			line.cmd(map[bool]string{true: "M", false: "L"}[k == i], x(k), y(se.value(k)))
		}
		area.cmd("L", x(j), h)
		area.WriteString("Z")
		i = j
	}
	s.el("path", "d", area.String(), "fill", colSeries, "fill-opacity", "0.09")
	s.el("path", "class", "series", "d", line.String(), "fill", "none", "stroke", colSeries, "stroke-width", "1.6",
		"stroke-linejoin", "round", "stroke-linecap", "round")
	_, last := se.dataRange()
	if se.provisional(last) {
		s.el("circle", "class", "latest provisional", "cx", num(x(last)), "cy", num(y(se.value(last))), "r", "3",
			"fill", colWhite, "stroke", st.colour(), "stroke-width", "1.75")
		return
	}
	s.el("circle", "class", "latest", "cx", num(x(last)), "cy", num(y(se.value(last))), "r", "3.25",
		"fill", st.colour(), "stroke", colWhite, "stroke-width", "1.25")
}
