package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// WaterfallStep is one bar of a waterfall: a level drawn from zero (Total)
// or a change drawn from the level before it.
type WaterfallStep struct {
	Label string
	// Value is the level for a Total, otherwise the signed change.
	Value float64
	Total bool
	// Text writes the value on the chart and in the table; Format.Value
	// when empty. Money passes its exact figure here.
	Text string
}

// WaterfallOptions describe a waterfall chart: how an amount is reached
// from a starting level through additions and deductions, e.g. a
// settlement from the benchmark to each party's share.
type WaterfallOptions struct {
	// ID prefixes the ids of the chart's elements; unique on the page.
	ID    string
	Title string
	// Desc is the text alternative; written from the steps when empty.
	Desc   string
	Class  string
	Steps  []WaterfallStep
	Format Format
	// Width is the laid-out width in CSS pixels, 760 when zero (340 when
	// Narrow).
	Width int
	// Narrow puts each label above its bar, for a phone's width: the bars
	// and values then have the whole width, and the text stays legible
	// when the chart is scaled to the screen.
	Narrow bool
}

// Waterfall layout, in pixels.
const (
	wfRow    = 30
	wfBar    = 18
	wfTop    = 12
	wfBottom = 12
	wfGap    = 10
	// A narrow waterfall's row: the label's line, then the bar.
	wfRowNarrow = 42
	wfBarNarrow = 14
)

// waterfallBar is one bar in value space.
type waterfallBar struct {
	from, to float64
	step     WaterfallStep
}

// bars turns steps into spans: a total spans 0..Value, a change spans the
// running level to the level plus Value.
func waterfallBars(steps []WaterfallStep) []waterfallBar {
	out := make([]waterfallBar, 0, len(steps))
	level := 0.0
	for _, st := range steps {
		v := st.Value
		if !finite(v) {
			v = 0
		}
		if st.Total {
			out = append(out, waterfallBar{0, v, st})
			level = v
			continue
		}
		out = append(out, waterfallBar{level, level + v, st})
		level += v
	}
	return out
}

// text writes a step's value as given or with the format.
func (st WaterfallStep) text(fm Format) string {
	if st.Text != "" {
		return st.Text
	}
	return fm.Value(st.Value)
}

// Waterfall draws one horizontal bar per step, labels on the left and
// values at the bars' ends: totals in the series colour from zero,
// increases in green and decreases in red (told apart by a "+" or "−"
// in the value too), with a dashed connector from each level to the next
// bar. A zero line marks where gains turn into losses.
func Waterfall(o WaterfallOptions) template.HTML {
	w := size(o.Width, 760)
	row := wfRow
	if o.Narrow {
		w, row = size(o.Width, 340), wfRowNarrow
	}
	id := cleanID(o.ID, "waterfall")
	bars := waterfallBars(o.Steps)
	h := float64(wfTop + wfBottom + row*max(1, len(bars)))
	desc := o.Desc
	if desc == "" {
		desc = describeWaterfall(o.Steps, o.Format)
	}
	var s svg
	s.root(id, w, h, "100%", o.Class, o.Title, desc)
	if len(bars) == 0 {
		s.text(w/2, h/2, "No figures", "fill", colMuted, "font-size", "12", "text-anchor", "middle")
		s.close("svg")
		return s.html()
	}
	labelW := 0.0
	for _, b := range bars {
		labelW = math.Max(labelW, textWidth(b.step.Label, 12))
	}
	labelW = math.Min(labelW+wfGap, w*0.4)
	valueW := 0.0
	for _, b := range bars {
		valueW = math.Max(valueW, boldWidth(b.step.text(o.Format), 12))
	}
	lo, hi := 0.0, 0.0
	for _, b := range bars {
		lo, hi = math.Min(lo, math.Min(b.from, b.to)), math.Max(hi, math.Max(b.from, b.to))
	}
	if hi-lo == 0 {
		hi = 1
	}
	// Values sit outside the bars, so leave room on both sides of the plot.
	x0, x1 := labelW+wfGap, w-wfGap
	if o.Narrow {
		x0 = wfGap
	}
	left, right := x0, x1
	if lo < 0 {
		left += valueW + wfGap
	}
	right -= valueW + wfGap
	x := func(v float64) float64 { return left + (v-lo)/(hi-lo)*(right-left) }
	s.line(x(0), wfTop-4, x(0), h-wfBottom+4, "class", "zero", "stroke", colAxis, "stroke-width", "1")
	lay := wfLayout{row: float64(row), bar: wfBar, labelX: labelW, labelW: labelW - 2, labelAnchor: "end"}
	if o.Narrow {
		lay = wfLayout{row: float64(row), bar: wfBarNarrow, labelX: wfGap, labelW: w - 2*wfGap, labelAnchor: "start", above: true}
	}
	waterfallRows(&s, bars, o.Format, x, lay)
	s.close("svg")
	return s.html()
}

// wfLayout places a waterfall's rows: the row and bar heights, and the
// labels beside the bars (ending at labelX) or above them (from labelX).
type wfLayout struct {
	row, bar       float64
	labelX, labelW float64
	labelAnchor    string
	above          bool
}

// waterfallRows draws each bar with its label, value and connector.
func waterfallRows(s *svg, bars []waterfallBar, fm Format, x func(float64) float64, lay wfLayout) {
	for i, b := range bars {
		y := float64(wfTop) + float64(i)*lay.row
		mid, labelY := y+lay.row/2, y+lay.row/2+4
		if lay.above {
			labelY, mid = y+12, y+14+lay.bar/2+3
		}
		s.text(lay.labelX, labelY, clip(b.step.Label, lay.labelW, 12), "class", "step-label", "fill", colInk, "font-size", "12", "text-anchor", lay.labelAnchor)
		a, z := math.Min(b.from, b.to), math.Max(b.from, b.to)
		class, fill := "step total", colSeries
		switch {
		case b.step.Total:
		case b.to >= b.from:
			class, fill = "step increase", colGreen
		default:
			class, fill = "step decrease", colRed
		}
		bw := math.Max(1, x(z)-x(a))
		tip := b.step.Label + ": " + b.step.text(fm)
		s.elTip("rect", tip, "class", class, "x", num(x(a)), "y", num(mid-lay.bar/2), "width", num(bw), "height", num(lay.bar), "fill", fill)
		val := b.step.text(fm)
		if !b.step.Total && b.to >= b.from && !strings.HasPrefix(val, "+") {
			val = "+" + val
		}
		if z >= 0 {
			s.text(x(z)+6, mid+4, val, "class", "step-value", "fill", colInk, "font-size", "12", "font-weight", "600")
		} else {
			s.text(x(a)-6, mid+4, val, "class", "step-value", "fill", colInk, "font-size", "12", "font-weight", "600", "text-anchor", "end")
		}
		if i+1 < len(bars) && !bars[i+1].step.Total {
			next := mid + lay.row
			s.line(x(b.to), mid+lay.bar/2, x(b.to), next-lay.bar/2, "class", "connector", "stroke", colMuted, "stroke-width", "1", "stroke-dasharray", "2 2")
		}
	}
}

// describeWaterfall writes the steps as sentences.
func describeWaterfall(steps []WaterfallStep, fm Format) string {
	if len(steps) == 0 {
		return "No figures."
	}
	parts := make([]string, len(steps))
	for i, st := range steps {
		if st.Total {
			parts[i] = fmt.Sprintf("%s %s", st.Label, st.text(fm))
		} else {
			parts[i] = fmt.Sprintf("%s changes it by %s", st.Label, st.text(fm))
		}
	}
	return strings.Join(parts, "; ") + "."
}

// WaterfallTable returns the steps as rows: the step, the change (empty for
// a total) and the level after it.
func WaterfallTable(steps []WaterfallStep, fm Format) DataTable {
	t := DataTable{Columns: []string{"Step", "Change", "Amount"}}
	level := 0.0
	for _, st := range steps {
		if st.Total {
			level = st.Value
			t.Rows = append(t.Rows, []string{st.Label, "", st.text(fm)})
			continue
		}
		level += st.Value
		t.Rows = append(t.Rows, []string{st.Label, st.text(fm), fm.Value(level)})
	}
	return t
}
