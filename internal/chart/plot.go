package chart

import "strings"

// look sets the sizes of a plot: the full RunChart or a small panel.
type look struct {
	font      float64 // tick labels
	lineW     float64 // series line
	dotR      float64 // ordinary points
	lastR     float64 // the latest point
	markR     float64 // signal markers
	noteLabel bool    // annotations carry a visible label
}

var (
	fullLook  = look{font: 12, lineW: 2.25, dotR: 2.6, lastR: 4.25, markR: 4.75, noteLabel: true}
	smallLook = look{font: 11, lineW: 1.75, dotR: 1.9, lastR: 3.25, markR: 3.75}
)

// path builds SVG path data.
type path struct{ strings.Builder }

func (p *path) cmd(c string, vs ...float64) {
	p.WriteString(c)
	for i, v := range vs {
		if i > 0 {
			p.WriteByte(' ')
		}
		p.WriteString(num(v))
	}
}

// stepPath draws l across the plot: a straight line when it is constant,
// otherwise a horizontal step over each period's band, joined by a
// vertical riser where the value changes and broken where it has none.
func stepPath(f frame, l Line) string {
	var p path
	if len(l) == 1 {
		if finite(l[0]) {
			p.cmd("M", f.left, f.y(l[0]))
			p.cmd("H", f.right)
		}
		return p.String()
	}
	h := f.band() / 2
	prev := ""
	for i := range f.n {
		v := l.at(i)
		if !finite(v) {
			prev = ""
			continue
		}
		y := f.y(v)
		switch {
		case prev == "":
			p.cmd("M", f.x(i)-h, y)
		case prev != num(y):
			p.cmd("V", y)
		}
		p.cmd("H", f.x(i)+h)
		prev = num(y)
	}
	return p.String()
}

// bandPath is the area between the lower and upper limits, stepped like
// the limits themselves, for the periods where both exist.
func bandPath(f frame, lo, hi Line) string {
	var p path
	h := f.band() / 2
	both := func(i int) bool { return i < f.n && finite(lo.at(i)) && finite(hi.at(i)) }
	for i := 0; i < f.n; i++ {
		if !both(i) {
			continue
		}
		j := i
		for both(j + 1) {
			j++
		}
		p.cmd("M", f.x(i)-h, f.y(hi.at(i)))
		for k := i; k <= j; k++ {
			p.cmd("V", f.y(hi.at(k)))
			p.cmd("H", f.x(k)+h)
		}
		for k := j; k >= i; k-- {
			p.cmd("V", f.y(lo.at(k)))
			p.cmd("H", f.x(k)-h)
		}
		p.WriteString("Z")
		i = j
	}
	return p.String()
}

// seriesPaths returns the series line, broken at missing periods, and the
// dotted bridges drawn across each gap.
func seriesPaths(f frame, s Series) (line, bridges string) {
	var l, b path
	last := -1
	for i := range f.n {
		v := s.value(i)
		if !finite(v) {
			continue
		}
		switch {
		case last == i-1 && last >= 0:
			l.cmd("L", f.x(i), f.y(v))
		case last >= 0:
			b.cmd("M", f.x(last), f.y(s.value(last)))
			b.cmd("L", f.x(i), f.y(v))
			fallthrough
		default:
			l.cmd("M", f.x(i), f.y(v))
		}
		last = i
	}
	return l.String(), b.String()
}

// grid draws the horizontal gridlines and, when labelled, the y tick labels
// right-aligned left of the plot.
func grid(s *svg, f frame, ticks []float64, step float64, fm Format, lk look, labelled bool) {
	s.open("g", "class", "grid", "stroke", colGrid, "stroke-width", "1")
	for _, t := range ticks[1:] {
		y := f.y(t)
		s.line(f.left, y, f.right, y)
	}
	s.close("g")
	s.line(f.left, f.bottom, f.right, f.bottom, "stroke", colAxis, "stroke-width", "1")
	if !labelled {
		return
	}
	s.open("g", "class", "y-axis", "fill", colMuted, "font-size", num(lk.font), "text-anchor", "end")
	for _, t := range ticks {
		s.text(f.left-8, f.y(t)+lk.font*0.35, clip(fm.tick(t, step), f.left-8, lk.font))
	}
	s.close("g")
}

// references draws the control band, the limits, the centre and target lines.
func references(s *svg, f frame, se Series) {
	if d := bandPath(f, se.LCL, se.UCL); d != "" {
		s.el("path", "class", "band", "d", d, "fill", colBand, "fill-opacity", "0.06")
	}
	s.open("g", "fill", "none", "stroke-linejoin", "round")
	for k, l := range []Line{se.UCL, se.LCL} {
		if d := stepPath(f, l); d != "" {
			s.el("path", "class", []string{"limit ucl", "limit lcl"}[k], "d", d, "stroke", colLimit, "stroke-width", "1.25", "stroke-dasharray", "5 4")
		}
	}
	if d := stepPath(f, se.Centre); d != "" {
		s.el("path", "class", "centre", "d", d, "stroke", colCentre, "stroke-width", "1.5")
	}
	if d := stepPath(f, se.Target); d != "" {
		s.el("path", "class", "target", "d", d, "stroke", colTarget, "stroke-width", "1.75", "stroke-dasharray", "7 4")
	}
	s.close("g")
}

// points draws the series: line, gap bridges, dots with tooltips, signal
// markers and the emphasised latest point.
func points(s *svg, f frame, se Series, fm Format, lk look) {
	line, bridges := seriesPaths(f, se)
	if bridges != "" {
		s.el("path", "class", "gap", "d", bridges, "fill", "none", "stroke", colMissing, "stroke-width", "1.5",
			"stroke-dasharray", "1 4", "stroke-linecap", "round")
	}
	s.el("path", "class", "series", "d", line, "fill", "none", "stroke", colSeries, "stroke-width", num(lk.lineW),
		"stroke-linejoin", "round", "stroke-linecap", "round")
	eff, labels, marked := se.marks()
	_, lastIdx := se.dataRange()
	dots := f.band() >= 4
	s.open("g", "class", "points", "stroke", colWhite)
	for i := range f.n {
		v := se.value(i)
		if !finite(v) {
			continue
		}
		tip := se.period(i) + ": " + fm.Value(v)
		if se.provisional(i) {
			tip += " (provisional: not final yet)"
		}
		x, y := f.x(i), f.y(v)
		switch {
		case marked[i]:
			tip += " — " + eff[i].String()
			if labels[i] != "" {
				tip += ": " + labels[i]
			}
			marker(s, x, y, lk.markR, eff[i], tip)
		case se.provisional(i):
			r := lk.dotR + 1
			if i == lastIdx {
				r = lk.lastR
			}
			s.elTip("circle", tip, "class", "provisional", "cx", num(x), "cy", num(y), "r", num(r),
				"fill", colWhite, "stroke", colSeries, "stroke-width", "2")
		case i == lastIdx:
			s.elTip("circle", tip, "class", "latest", "cx", num(x), "cy", num(y), "r", num(lk.lastR),
				"fill", colSeries, "stroke-width", "2")
		case dots:
			s.elTip("circle", tip, "cx", num(x), "cy", num(y), "r", num(lk.dotR),
				"fill", colSeries, "stroke-width", "1")
		}
	}
	s.close("g")
}

// marker draws a signal marker; the shape says the effect without colour:
// a circle for an improvement, a diamond for a deterioration, a square for
// a signal of unclear direction.
func marker(s *svg, x, y, r float64, e Effect, tip string) {
	fill := effectColour(e)
	class := "signal " + strings.ToLower(e.String())
	if tip == "" {
		class = "key" // a legend swatch
	}
	switch e {
	case Improvement:
		s.elTip("circle", tip, "class", class, "cx", num(x), "cy", num(y), "r", num(r), "fill", fill, "stroke-width", "1.5")
	case Deterioration:
		d := r * 1.3
		var p path
		p.cmd("M", x, y-d)
		p.cmd("L", x+d, y)
		p.cmd("L", x, y+d)
		p.cmd("L", x-d, y)
		p.WriteString("Z")
		s.elTip("path", tip, "class", class, "d", p.String(), "fill", fill, "stroke-width", "1.5")
	default:
		d := r * 0.9
		s.elTip("rect", tip, "class", class, "x", num(x-d), "y", num(y-d), "width", num(2*d), "height", num(2*d),
			"rx", "1", "fill", fill, "stroke-width", "1.5")
	}
}

// emptyPlot draws the calm placeholder of a chart without data.
func emptyPlot(s *svg, left, top, right, bottom, font float64, text string) {
	s.open("g", "class", "empty", "stroke", colGrid, "stroke-width", "1")
	for k := 1; k <= 3; k++ {
		y := top + (bottom-top)*float64(k)/4
		s.line(left, y, right, y)
	}
	s.close("g")
	s.line(left, bottom, right, bottom, "stroke", colAxis, "stroke-width", "1")
	s.text((left+right)/2, (top+bottom)/2+font*0.35, text,
		"fill", colMuted, "font-size", num(font), "text-anchor", "middle")
}

// stale shades the periods after the latest value, when there are any, and
// says since when data is missing: a partner who stops reporting is itself
// a warning sign.
func stale(s *svg, f frame, se Series, font float64) {
	_, last := se.dataRange()
	if last < 0 || last >= se.len()-1 {
		return
	}
	x0 := f.x(last) + f.band()/2
	s.el("rect", "class", "stale", "x", num(x0), "y", num(f.top), "width", num(f.right-x0), "height", num(f.bottom-f.top),
		"fill", colMissing, "fill-opacity", "0.1")
	m, yr := labelText(axisKind(se), se.period(last))
	lines := []string{"No data", "after " + strings.TrimSpace(m+" "+yr)}
	if textWidth(lines[1], font)+8 > f.right-x0 {
		return
	}
	for k, l := range lines {
		s.text((x0+f.right)/2, f.top+font+4+float64(k)*(font+3), l, "fill", colMuted,
			"font-size", num(font), "text-anchor", "middle")
	}
}
