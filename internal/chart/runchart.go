package chart

import (
	"html/template"
	"strings"
)

// RunChartOptions describe a run chart or control chart of one series.
type RunChartOptions struct {
	// ID prefixes the ids of the chart's elements; it must be unique on
	// the page. "chart" when empty.
	ID string
	// Title is the chart's accessible name and its heading; the series
	// name when empty.
	Title string
	// Subtitle is drawn under the title, e.g. "Monthly · higher is better".
	Subtitle string
	// Desc is the text alternative; written from the data when empty.
	Desc string
	// Class is put on the <svg> element for the page's stylesheet.
	Class string
	Series
	Format Format
	// Include lists values the y axis must reach, e.g. 0 or 100.
	Include []float64
	// Width and Height are the size the chart is laid out for, in CSS
	// pixels: 760×340 when zero. The chart scales to its container.
	Width, Height int
}

const pad = 16.0

// RunChart draws a series over its periods with its centre line, control
// limits (constant or per period, with the band between them shaded),
// target, signals, gaps, annotations, a legend and a nice y axis.
func RunChart(o RunChartOptions) template.HTML {
	w, h := size(o.Width, 760), size(o.Height, 340)
	id := cleanID(o.ID, "chart")
	title := o.Title
	if title == "" {
		title = o.Series.name()
	}
	desc := o.Desc
	if desc == "" {
		desc = describe(o.Series, o.Format)
	}
	var s svg
	s.root(id, w, h, "100%", o.Class, title, desc)
	top := heading(&s, title, o.Subtitle, w)
	bottom := h - pad - 32
	if !o.Series.hasData() {
		emptyPlot(&s, pad, top, w-pad, bottom, 14, o.Series.emptyText())
		s.close("svg")
		return s.html()
	}
	top = legend(&s, legendItems(o.Series), pad, top+4, w-2*pad, 12.5) + 10
	lo, hi, _ := extent(append(o.Series.domainValues(), o.Include)...)
	ticks, step := niceTicks(lo, hi, max(3, int((bottom-top)/44)))
	f := frame{n: o.Series.len(), lo: ticks[0], hi: ticks[len(ticks)-1], bottom: bottom}
	f.left = pad + min(yLabelWidth(ticks, step, o.Format, fullLook.font), maxGutter(w)) + 10
	f.right = w - pad
	latest := latestText(o.Series, o.Format, w)
	f.right -= lastLabelRoom(f, o.Series, latest)
	notes, rows := placeNotes(f, o.Series, 11.5)
	f.top = top + float64(rows)*17
	if rows > 0 {
		f.top += 6
	}
	plot(&s, f, o.Series, o.Format, fullLook, ticks, step, true)
	stale(&s, f, o.Series, 11.5)
	noteLabels(&s, f, notes, top, 11.5)
	lastLabel(&s, f, o.Series, latest)
	xAxis(&s, f, o.Series, fullLook.font, true)
	s.close("svg")
	return s.html()
}

// plot draws everything inside the plot area, back to front.
func plot(s *svg, f frame, se Series, fm Format, lk look, ticks []float64, step float64, yLabels bool) {
	grid(s, f, ticks, step, fm, lk, yLabels)
	references(s, f, se)
	noteLines(s, f, se)
	points(s, f, se, fm, lk)
}

func size(v, def int) float64 {
	if v <= 0 {
		return float64(def)
	}
	return float64(v)
}

// heading draws the title and subtitle, each wrapped to at most two lines,
// and returns the y below them.
func heading(s *svg, title, subtitle string, w float64) float64 {
	y := pad
	for _, l := range wrap(title, w-2*pad, 16*1.13, 2) {
		s.text(pad, y+14, l, "fill", colInk, "font-size", "16", "font-weight", "600")
		y += 21
	}
	if title != "" {
		y++
	}
	for _, l := range wrap(subtitle, w-2*pad, 12.5, 2) {
		s.text(pad, y+13, l, "fill", colMuted, "font-size", "12.5")
		y += 18
	}
	return y + 2
}

// wrap breaks text into lines no wider than width at size font, at most
// maxLines of them; the last line ends in an ellipsis when text is left over.
func wrap(text string, width, font float64, maxLines int) []string {
	var lines []string
	line := ""
	words := strings.Fields(text)
	for k, word := range words {
		next := strings.TrimSpace(line + " " + word)
		if line == "" || textWidth(next, font) <= width {
			line = next
			continue
		}
		if len(lines) == maxLines-1 {
			line = strings.Join(words[k-strings.Count(line, " ")-1:], " ")
			break
		}
		lines, line = append(lines, line), word
	}
	if line != "" {
		lines = append(lines, clip(line, width, font))
	}
	return lines
}

// maxGutter caps the room for y tick labels, so that a long unit suffix
// cannot squeeze the plot away; longer labels are clipped.
func maxGutter(w float64) float64 { return w * 0.3 }

func yLabelWidth(ticks []float64, step float64, fm Format, font float64) float64 {
	w := 0.0
	for _, t := range ticks {
		w = max(w, textWidth(fm.tick(t, step), font))
	}
	return w
}

// lastLabelRoom is how much of f, whose right is the chart's edge, the
// plot must leave for the latest value's label: none when the label fits
// over later, empty periods.
func lastLabelRoom(f frame, se Series, latest string) float64 {
	_, last := se.dataRange()
	need := boldWidth(latest, 13) + 10
	f.right -= need
	spare := float64(se.len()-1-last)*f.band() - f.band()/2
	return max(0, need-max(0, spare))
}

// latestText is the latest value as its label writes it: at most a fifth
// of the chart wide, so that a long unit suffix cannot squeeze the plot.
func latestText(se Series, fm Format, w float64) string {
	_, last := se.dataRange()
	return clip(fm.Value(se.value(last)), w*0.2, 13*1.13)
}

// lastLabel writes the latest value beside the latest point, haloed in
// white so that lines behind it do not cut through the digits.
func lastLabel(s *svg, f frame, se Series, text string) {
	_, last := se.dataRange()
	s.text(f.x(last)+8, f.y(se.value(last))+4.5, text, "fill", colSeries, "font-size", "13",
		"font-weight", "700", "stroke", colWhite, "stroke-width", "3", "paint-order", "stroke",
		"stroke-linejoin", "round")
}

// noteLines draws each annotation's marker line, from the top of its label
// row to the bottom of the plot, behind the data.
func noteLines(s *svg, f frame, se Series) {
	idx, anns := se.annotationsAt()
	if len(idx) == 0 {
		return
	}
	s.open("g", "class", "annotations", "stroke", colNote, "stroke-width", "1", "stroke-dasharray", "3 3")
	for k, i := range idx {
		s.elTip("line", se.period(i)+": "+anns[k].Label, "class", "annotation", "x1", num(f.x(i)), "y1", num(f.top),
			"x2", num(f.x(i)), "y2", num(f.bottom))
	}
	s.close("g")
}

// noteLabels writes the annotation labels in their rows above the plot,
// each joined to its marker line by a solid stem.
func noteLabels(s *svg, f frame, notes []note, top, font float64) {
	for _, n := range notes {
		if n.row < 0 {
			// No room for the label (it is in the tooltip and the
			// description); a pin still says the line is a note.
			s.el("circle", "cx", num(n.x), "cy", num(f.top), "r", "2.5", "fill", colNote)
			continue
		}
		y := top + float64(n.row)*17
		s.line(n.x, y+2, n.x, f.top, "stroke", colNote, "stroke-width", "1")
		s.el("circle", "cx", num(n.x), "cy", num(y+2), "r", "2.5", "fill", colNote)
		dx := 6.0
		if n.anchor == "end" {
			dx = -6
		}
		s.textEl("text", n.text, "class", "annotation-label", "x", num(n.x+dx), "y", num(y+font*0.35+2), "fill", colNote,
			"font-size", num(font), "font-weight", "600", "text-anchor", n.anchor)
	}
}
