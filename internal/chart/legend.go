package chart

import "sort"

// swatch is the kind of key drawn beside a legend label.
type swatch int

const (
	swSeries swatch = iota
	swCentre
	swLimits
	swTarget
	swImprovement
	swDeterioration
	swUnclear
	swMissing
	swProvisional
)

var effectSwatch = map[Effect]swatch{Improvement: swImprovement, Deterioration: swDeterioration, Unclear: swUnclear}

type legendItem struct {
	sw    swatch
	label string
}

// legendItems lists what the chart shows, in drawing order, so that the
// legend never names something absent.
func legendItems(se Series) []legendItem {
	n := se.len()
	items := []legendItem{{swSeries, se.name()}}
	if se.Centre.present(n) {
		items = append(items, legendItem{swCentre, se.centreLabel()})
	}
	if se.UCL.present(n) || se.LCL.present(n) {
		items = append(items, legendItem{swLimits, "Control limits"})
	}
	if se.Target.present(n) {
		items = append(items, legendItem{swTarget, "Target"})
	}
	eff, _, ok := se.marks()
	var seen [3]bool
	for i := range ok {
		if ok[i] {
			seen[eff[i]] = true
		}
	}
	for _, e := range []Effect{Improvement, Deterioration, Unclear} {
		if seen[e] {
			items = append(items, legendItem{effectSwatch[e], e.String()})
		}
	}
	if se.hasGaps() {
		items = append(items, legendItem{swMissing, "No data"})
	}
	if se.provisionalCount() > 0 {
		items = append(items, legendItem{swProvisional, "Provisional (not final yet)"})
	}
	return items
}

const (
	swatchW   = 18.0
	legendGap = 18.0
	legendRow = 20.0
)

// legend draws items left to right from (x, y), wrapping within width,
// and returns the y below it.
func legend(s *svg, items []legendItem, x, y, width, font float64) float64 {
	cx, row := x, 0
	s.open("g", "class", "legend", "font-size", num(font), "fill", colNote)
	for _, it := range items {
		w := swatchW + 6 + textWidth(it.label, font)
		if cx > x && cx+w > x+width {
			cx, row = x, row+1
		}
		cy := y + float64(row)*legendRow + legendRow/2
		drawSwatch(s, it.sw, cx, cy)
		s.text(cx+swatchW+6, cy+font*0.35, it.label)
		cx += w + legendGap
	}
	s.close("g")
	return y + float64(row+1)*legendRow
}

func drawSwatch(s *svg, sw swatch, x, y float64) {
	mid := x + swatchW/2
	switch sw {
	case swSeries:
		s.line(x, y, x+swatchW, y, "stroke", colSeries, "stroke-width", "2.25", "stroke-linecap", "round")
		s.el("circle", "cx", num(mid), "cy", num(y), "r", "3", "fill", colSeries, "stroke", colWhite, "stroke-width", "1")
	case swCentre:
		s.line(x, y, x+swatchW, y, "stroke", colCentre, "stroke-width", "1.5")
	case swLimits:
		s.el("rect", "x", num(x), "y", num(y-5), "width", num(swatchW), "height", "10",
			"fill", colBand, "fill-opacity", "0.08")
		s.line(x, y-5, x+swatchW, y-5, "stroke", colLimit, "stroke-width", "1.25", "stroke-dasharray", "4 3")
		s.line(x, y+5, x+swatchW, y+5, "stroke", colLimit, "stroke-width", "1.25", "stroke-dasharray", "4 3")
	case swTarget:
		s.line(x, y, x+swatchW, y, "stroke", colTarget, "stroke-width", "1.75", "stroke-dasharray", "7 4")
	case swProvisional:
		s.el("circle", "cx", num(mid), "cy", num(y), "r", "4", "fill", colWhite, "stroke", colSeries, "stroke-width", "2")
	case swMissing:
		s.line(x+1, y, x+swatchW-1, y, "stroke", colMissing, "stroke-width", "1.5",
			"stroke-dasharray", "1 4", "stroke-linecap", "round")
	default:
		for e, esw := range effectSwatch {
			if esw == sw {
				s.open("g", "stroke", colWhite)
				marker(s, mid, y, 4.5, e, "")
				s.close("g")
			}
		}
	}
}

// note is an annotation placed in the band above the plot.
type note struct {
	i      int
	x      float64
	row    int // -1: no room for a label; the text is in the tooltip only
	anchor string
	text   string
	full   string
}

const noteRows = 3

// placeNotes lays annotation labels out in up to noteRows rows: each label
// beside its marker line, on the right unless it would leave the plot, in
// the first row where it overlaps no other label.
func placeNotes(f frame, se Series, font float64) (notes []note, rows int) {
	idx, anns := se.annotationsAt()
	order := make([]int, len(idx))
	for k := range order {
		order[k] = k
	}
	sort.SliceStable(order, func(a, b int) bool { return idx[order[a]] < idx[order[b]] })
	var taken [noteRows][][2]float64
	for _, k := range order {
		x := f.x(idx[k])
		text := clip(anns[k].Label, min(280, (f.right-f.left)*0.6), font*1.13)
		n := note{i: idx[k], x: x, row: -1, anchor: "start", text: text, full: anns[k].Label}
		w := boldWidth(n.text, font)
		lo, hi := x, x+6+w
		if hi > f.right+8 {
			n.anchor, lo, hi = "end", x-6-w, x
		}
		for r := range noteRows {
			if lo < f.left-40 || overlaps(taken[r], lo, hi) {
				continue
			}
			taken[r] = append(taken[r], [2]float64{lo - 10, hi + 10})
			n.row, rows = r, max(rows, r+1)
			break
		}
		notes = append(notes, n)
	}
	return notes, rows
}

func overlaps(spans [][2]float64, lo, hi float64) bool {
	for _, sp := range spans {
		if lo < sp[1] && hi > sp[0] {
			return true
		}
	}
	return false
}
