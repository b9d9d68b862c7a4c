package chart

import (
	"html/template"
	"strings"
)

// MultiplesOptions describe a grid of small run charts, one per segment,
// on one shared y scale so that the panels compare at a glance.
type MultiplesOptions struct {
	// ID prefixes the ids of the chart's elements; unique on the page.
	ID       string
	Title    string
	Subtitle string
	// Desc is the text alternative; written from the panels when empty.
	Desc  string
	Class string
	// Panels are the segments, each titled with its Name. Annotations are
	// drawn as marker lines whose label is in the tooltip and description.
	Panels  []Series
	Format  Format
	Include []float64
	// Columns is the number of panels per row: 2 when zero (1 when Width
	// is under 480).
	Columns int
	// Width is the size the grid is laid out for (760 when zero) and
	// PanelHeight the height of each panel's plot (120 when zero).
	Width, PanelHeight int
}

const (
	gapX       = 28.0
	gapY       = 22.0
	panelHead  = 26.0
	panelXAxis = 22.0
)

// SmallMultiples draws one small run chart per panel in a grid.
func SmallMultiples(o MultiplesOptions) template.HTML {
	w, ph := size(o.Width, 760), size(o.PanelHeight, 120)
	cols := o.Columns
	if cols <= 0 {
		cols = map[bool]int{true: 1, false: 2}[w < 480]
	}
	cols = max(1, min(cols, len(o.Panels)))
	id := cleanID(o.ID, "multiples")
	title := o.Title
	if title == "" {
		title = "By segment"
	}
	desc := o.Desc
	if desc == "" {
		desc = describePanels(o.Panels, o.Format)
	}
	// Measure the header first: the height depends on the legend's rows.
	var head svg
	top := heading(&head, title, o.Subtitle, w)
	if items := panelLegend(o.Panels); len(items) > 0 {
		top = legend(&head, items, pad, top+4, w-2*pad, 12.5) + 6
	}
	rows := (len(o.Panels) + cols - 1) / cols
	h := top + 8 + float64(rows)*(panelHead+ph+panelXAxis+gapY) - gapY + pad
	var s svg
	s.root(id, w, h, "100%", o.Class, title, desc)
	s.b.WriteString(head.b.String())
	var all [][]float64
	for _, p := range o.Panels {
		all = append(all, p.domainValues()...)
	}
	lo, hi, ok := extent(append(all, o.Include)...)
	if !ok {
		lo, hi = 0, 1
	}
	ticks, step := niceTicks(lo, hi, max(3, int(ph/30)))
	pw := (w - 2*pad - float64(cols-1)*gapX) / float64(cols)
	labelW := min(yLabelWidth(ticks, step, o.Format, smallLook.font), maxGutter(pw))
	for k, p := range o.Panels {
		x0 := pad + float64(k%cols)*(pw+gapX)
		y0 := top + 8 + float64(k/cols)*(panelHead+ph+panelXAxis+gapY)
		f := frame{left: x0 + labelW + 8, right: x0 + pw, top: y0 + panelHead, bottom: y0 + panelHead + ph,
			n: p.len(), lo: ticks[0], hi: ticks[len(ticks)-1]}
		panel(&s, f, x0, y0, p, o.Format, ticks, step)
	}
	s.close("svg")
	return s.html()
}

// panel draws one segment: its name and latest value over its plot.
func panel(s *svg, f frame, x0, y0 float64, p Series, fm Format, ticks []float64, step float64) {
	s.open("g", "class", "panel")
	defer s.close("g")
	latest, asOf := panelLatest(p, fm)
	right := f.right - boldWidth(latest, 13.5)
	if asOf != "" {
		right -= 8 + boldWidth(asOf, 12)
	}
	s.text(x0, y0+15, clip(p.name(), right-x0-12, 13.5*1.13), "fill", colInk,
		"font-size", "13.5", "font-weight", "600")
	if latest != "" {
		s.text(f.right, y0+15, latest, "fill", colSeries, "font-size", "13.5", "font-weight", "700", "text-anchor", "end")
	}
	if asOf != "" {
		s.text(f.right-boldWidth(latest, 13.5)-8, y0+15, asOf, "fill", colAmber, "font-size", "12",
			"font-weight", "600", "text-anchor", "end")
	}
	if !p.hasData() {
		emptyPlot(s, f.left, f.top, f.right, f.bottom, 12, p.emptyText())
		return
	}
	plot(s, f, p, fm, smallLook, ticks, step, true)
	stale(s, f, p, 10.5)
	xAxis(s, f, p, smallLook.font, false)
}

// panelLatest returns a panel's latest value and, when it is not from the
// latest period, when it is from: a segment that stopped reporting must
// not look current.
func panelLatest(p Series, fm Format) (latest, asOf string) {
	_, last := p.dataRange()
	if last < 0 {
		return "", ""
	}
	if last < p.len()-1 {
		m, yr := labelText(axisKind(p), p.period(last))
		asOf = strings.TrimSpace("as of " + m + " " + yr)
	}
	return fm.Value(p.value(last)), asOf
}

// panelLegend lists the lines and markers any panel shows; the series
// itself needs no key, each panel's title names it.
func panelLegend(panels []Series) []legendItem {
	var out []legendItem
	seen := map[swatch]bool{swSeries: true}
	for _, p := range panels {
		if !p.hasData() {
			continue // its panel shows no lines, only its empty text
		}
		for _, it := range legendItems(p) {
			if !seen[it.sw] {
				seen[it.sw] = true
				out = append(out, it)
			}
		}
	}
	return out
}

// describePanels joins the description of every panel.
func describePanels(panels []Series, fm Format) string {
	if len(panels) == 0 {
		return "No data yet."
	}
	parts := make([]string, len(panels))
	for k, p := range panels {
		parts[k] = describe(p, fm)
	}
	return strings.Join(parts, " ")
}
