package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// RadarOptions describe a radar (spider) chart: one closed outline per
// profile over axes that share one scale, such as each party's score on
// each factor of a partnership survey.
type RadarOptions struct {
	// ID prefixes the ids of the chart's elements; unique on the page.
	ID       string
	Title    string
	Subtitle string
	// Desc is the text alternative; written from the profiles when empty.
	Desc  string
	Class string
	// Axes name the spokes, clockwise from the top. A label is wrapped to
	// three lines and clipped past them (at Width 360 a word over about
	// twelve letters is clipped): the description and tooltips keep the
	// full names, and a narrow variant may pass shorter ones.
	Axes []string
	// Profiles are drawn in order, each in its own colour, dash and marker
	// shape so that they are told apart without colour too.
	Profiles []Profile
	// Min sits at the centre and Max on the outer ring; 1 and 5 when both
	// are zero. A ring is drawn at each whole step between them.
	Min, Max float64
	// Format writes values in tooltips and the description (one decimal
	// when it is the zero Format).
	Format Format
	// Width is the size the chart is laid out for, in CSS pixels: 560 when
	// zero. The chart scales to its container.
	Width int
}

// Profile is one outline of a radar chart.
type Profile struct {
	Name string
	// Values has one value per axis; NaN leaves the axis out of the
	// outline (the neighbouring points are not joined across it).
	Values []float64
	// Note says why a profile has no values ("Hidden: 3 people answered;
	// results show from 5"); it is written in the legend and description.
	Note string
}

// radarLook is one profile's ink.
type radarLook struct{ colour, dash, shape string }

// radarLooks are the profiles' inks in order, cycled past the fifth: the
// product's teal and violet first, then colours that keep 3:1 on white.
func radarLooks(i int) radarLook {
	looks := [...]radarLook{
		{colSeries, "", "circle"}, {colTarget, "6 3", "square"}, {"#a35200", "2 3", "triangle"},
		{"#2a63a3", "9 3 2 3", "diamond"}, {colNote, "4 2", "circle"},
	}
	return looks[i%len(looks)]
}

// radarText is the room kept for the axis labels and their size: narrower
// and smaller on a phone, so that the rings keep most of the width.
type radarText struct{ w, h, font float64 }

func radarTextFor(w float64) radarText {
	if w < 480 {
		return radarText{w: math.Max(64, w*0.25), h: 40, font: 11}
	}
	return radarText{w: 112, h: 36, font: 12}
}

// Radar draws a radar chart.
func Radar(o RadarOptions) template.HTML {
	w := size(o.Width, 560)
	lo, hi := o.Min, o.Max
	if lo == 0 && hi == 0 || !(hi > lo) {
		lo, hi = 1, 5
	}
	fm := o.Format
	if fm == (Format{}) {
		fm.Decimals = 1
	}
	id := cleanID(o.ID, "radar")
	title := o.Title
	if title == "" {
		title = "Profiles"
	}
	desc := o.Desc
	if desc == "" {
		desc = describeRadar(o, lo, hi, fm)
	}
	var head svg
	top := heading(&head, title, o.Subtitle, w)
	top = radarLegend(&head, o.Profiles, pad, top+4, w-2*pad) + 6
	lt := radarTextFor(w)
	r := math.Max(40, math.Min(200, (w-2*pad-2*lt.w)/2))
	cx, cy := w/2, top+lt.h+r
	h := cy + r + lt.h + pad
	var s svg
	s.root(id, w, h, "100%", o.Class, title, desc)
	s.b.WriteString(head.b.String())
	n := len(o.Axes)
	if n < 3 {
		emptyPlot(&s, pad, top, w-pad, h-pad, 14, "No data yet")
		s.close("svg")
		return s.html()
	}
	g := radarGeom{cx: cx, cy: cy, r: r, n: n, lo: lo, hi: hi, text: lt}
	radarGrid(&s, g, o.Axes, fm)
	for i, p := range o.Profiles {
		radarProfile(&s, g, i, p, o.Axes, fm)
	}
	s.close("svg")
	return s.html()
}

// radarGeom places values on the spokes.
type radarGeom struct {
	cx, cy, r float64
	n         int
	lo, hi    float64
	text      radarText
}

// angle is spoke i's direction, clockwise from the top.
func (g radarGeom) angle(i int) float64 { return -math.Pi/2 + 2*math.Pi*float64(i)/float64(g.n) }

// at returns where value v lies on spoke i, clamped to the scale.
func (g radarGeom) at(i int, v float64) (float64, float64) {
	f := math.Max(0, math.Min(1, (v-g.lo)/(g.hi-g.lo)))
	a := g.angle(i)
	return g.cx + g.r*f*math.Cos(a), g.cy + g.r*f*math.Sin(a)
}

// radarGrid draws the rings, the spokes, the ring values and the labels.
func radarGrid(s *svg, g radarGeom, axes []string, fm Format) {
	s.open("g", "class", "grid", "fill", "none", "stroke", colGrid, "stroke-width", "1")
	steps := int(math.Floor(g.hi - g.lo))
	for k := 1; k <= steps; k++ {
		var p path
		for i := 0; i < g.n; i++ {
			x, y := g.at(i, g.lo+float64(k))
			p.cmd(map[bool]string{true: "M", false: "L"}[i == 0], x, y)
		}
		p.WriteString("Z")
		kv := []string{"d", p.String()}
		if k == steps {
			kv = append(kv, "stroke", colAxis)
		}
		s.el("path", kv...)
	}
	for i := 0; i < g.n; i++ {
		x, y := g.at(i, g.hi)
		s.line(g.cx, g.cy, x, y)
	}
	s.close("g")
	s.open("g", "class", "y-axis", "fill", colMuted, "font-size", "10.5")
	for k := 0; k <= steps; k++ {
		v := g.lo + float64(k)
		_, y := g.at(0, v)
		s.text(g.cx+4, y+11, fm.tick(v, 1)) // inside the ring: the top axis label sits above it
	}
	s.close("g")
	radarLabels(s, g, axes)
}

// radarLabels writes each axis's name beyond its spoke's end, anchored
// away from the rings.
func radarLabels(s *svg, g radarGeom, axes []string) {
	font := g.text.font
	s.open("g", "class", "x-labels", "fill", colInk, "font-size", num(font))
	for i, name := range axes {
		a := g.angle(i)
		x, y := g.cx+(g.r+10)*math.Cos(a), g.cy+(g.r+10)*math.Sin(a)
		anchor := "middle"
		switch c := math.Cos(a); {
		case c > 0.3:
			anchor = "start"
		case c < -0.3:
			anchor = "end"
		}
		lines := wrap(name, g.text.w-8, font, 3)
		lh := font + 2
		y += font/3 - float64(len(lines)-1)*lh/2 // centred on the spoke's end
		switch sn := math.Sin(a); {
		case sn < -0.3: // above the rings: the last line sits on the spoke's end
			y -= font/2 + float64(len(lines)-1)*lh/2
		case sn > 0.3: // below: the first line hangs from it
			y += font/2 + float64(len(lines)-1)*lh/2
		}
		for k, l := range lines {
			s.text(x, y+float64(k)*lh, l, "text-anchor", anchor)
		}
	}
	s.close("g")
}

// radarProfile draws one profile: its outline (closed when every axis has
// a value), a soft fill and a marker with a tooltip at each value.
func radarProfile(s *svg, g radarGeom, i int, p Profile, axes []string, fm Format) {
	lk := radarLooks(i)
	ok := func(k int) bool { k = (k + g.n) % g.n; return k < len(p.Values) && finite(p.Values[k]) }
	// Start after a missing axis, if any, so that each run of values is
	// one stroke, the run across the top included.
	start, all := 0, true
	for k := 0; k < g.n; k++ {
		if !ok(k) {
			all = false
		} else if !ok(k - 1) {
			start = k
		}
	}
	var line path
	for j := 0; j < g.n; j++ {
		k := (start + j) % g.n
		if !ok(k) {
			continue
		}
		x, y := g.at(k, p.Values[k])
		line.cmd(map[bool]string{true: "M", false: "L"}[j == 0 || !ok(k-1)], x, y)
	}
	if line.Len() == 0 {
		return
	}
	s.open("g", "class", "series profile-"+fmt.Sprint(i+1))
	if all {
		line.WriteString("Z")
		s.el("path", "d", line.String(), "fill", lk.colour, "fill-opacity", "0.08", "stroke", "none")
	}
	kv := []string{"d", line.String(), "fill", "none", "stroke", lk.colour, "stroke-width", "2", "stroke-linejoin", "round"}
	if lk.dash != "" {
		kv = append(kv, "stroke-dasharray", lk.dash)
	}
	s.el("path", kv...)
	for k := 0; k < g.n; k++ {
		if ok(k) {
			x, y := g.at(k, p.Values[k])
			radarMarker(s, lk, x, y, 3.5, p.Name+" · "+axes[k]+": "+fm.Value(p.Values[k]))
		}
	}
	s.close("g")
}

// radarMarker draws a point in the profile's shape, white-edged so that
// crowded points stay apart.
func radarMarker(s *svg, lk radarLook, x, y, r float64, tip string) {
	class := "point"
	if tip == "" {
		class = "key" // a legend swatch
	}
	base := []string{"class", class, "fill", lk.colour, "stroke", colWhite, "stroke-width", "1"}
	var p path
	switch lk.shape {
	case "square":
		s.elTip("rect", tip, append(base, "x", num(x-r), "y", num(y-r), "width", num(2*r), "height", num(2*r))...)
		return
	case "triangle":
		p.cmd("M", x, y-r*1.2)
		p.cmd("L", x+r*1.1, y+r*0.8)
		p.cmd("L", x-r*1.1, y+r*0.8)
	case "diamond":
		p.cmd("M", x, y-r*1.3)
		p.cmd("L", x+r*1.3, y)
		p.cmd("L", x, y+r*1.3)
		p.cmd("L", x-r*1.3, y)
	default:
		s.elTip("circle", tip, append(base, "cx", num(x), "cy", num(y), "r", num(r))...)
		return
	}
	p.WriteString("Z")
	s.elTip("path", tip, append(base, "d", p.String())...)
}

// radarLegend draws one key a profile, left to right, wrapping within
// width, and returns the y below it. A profile with a note shows it.
func radarLegend(s *svg, ps []Profile, x, y, width float64) float64 {
	const font = 12.5
	cx, row := x, 0
	s.open("g", "class", "legend", "font-size", num(font), "fill", colNote)
	for i, p := range ps {
		label := p.Name
		if p.Note != "" && !hasValue(p) {
			label += " (not shown)"
		}
		w := swatchW + 6 + textWidth(label, font)
		if cx > x && cx+w > x+width {
			cx, row = x, row+1
		}
		cy := y + float64(row)*legendRow + legendRow/2
		lk := radarLooks(i)
		if p.Note != "" && !hasValue(p) { // not drawn: a muted key without a marker
			s.line(cx+1, cy, cx+swatchW-1, cy, "stroke", colMissing, "stroke-width", "1.5", "stroke-dasharray", "1 4", "stroke-linecap", "round")
		} else {
			kv := []string{"stroke", lk.colour, "stroke-width", "2"}
			if lk.dash != "" {
				kv = append(kv, "stroke-dasharray", lk.dash)
			}
			s.line(cx, cy, cx+swatchW, cy, kv...)
			radarMarker(s, lk, cx+swatchW/2, cy, 3, "")
		}
		s.text(cx+swatchW+6, cy+font*0.35, label)
		cx += w + legendGap
	}
	s.close("g")
	return y + float64(row+1)*legendRow
}

// describeRadar writes the text alternative: the scale, then each
// profile's value on each axis, or why it is not shown.
func describeRadar(o RadarOptions, lo, hi float64, fm Format) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s on %d %s, on a scale from %s (centre) to %s (outer ring).", len(o.Profiles),
		plural(len(o.Profiles), "profile", "profiles"), len(o.Axes), plural(len(o.Axes), "axis", "axes"), fm.tick(lo, 1), fm.tick(hi, 1))
	for _, p := range o.Profiles {
		b.WriteString(" " + p.Name + ": ")
		var parts []string
		for k, a := range o.Axes {
			if k < len(p.Values) && finite(p.Values[k]) {
				parts = append(parts, a+" "+fm.Value(p.Values[k]))
			}
		}
		switch {
		case len(parts) == 0 && p.Note != "":
			b.WriteString("not shown (" + strings.TrimRight(p.Note, ".") + ").")
		case len(parts) == 0:
			b.WriteString("no values.")
		default:
			b.WriteString(strings.Join(parts, ", "))
			if len(parts) < len(o.Axes) {
				fmt.Fprintf(&b, "; %d %s not shown", len(o.Axes)-len(parts), plural(len(o.Axes)-len(parts), "axis", "axes"))
			}
			b.WriteString(".")
		}
	}
	return b.String()
}

func hasValue(p Profile) bool {
	for _, v := range p.Values {
		if finite(v) {
			return true
		}
	}
	return false
}
