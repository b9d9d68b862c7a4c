package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// HeatCell is one cell of a heatmap: a load against a capacity.
type HeatCell struct {
	// Ratio is the load over the capacity: the cell is shaded from light
	// (0) to dark (1).
	Ratio float64
	// Over marks a cell over capacity: drawn red and struck through, so
	// that it stands out in print and without colour.
	Over bool
	// Text is the cell's figures for the tooltip and the table, e.g.
	// "52 of 40 hours a week, 4 of 3 initiatives".
	Text string
}

// HeatRow is one row of a heatmap: a site and its months.
type HeatRow struct {
	Label string
	Cells []HeatCell
}

// HeatmapOptions describe a capacity heatmap: rows (sites) by columns
// (months), each cell's load against its capacity.
type HeatmapOptions struct {
	// ID prefixes the ids of the chart's elements; unique on the page.
	ID    string
	Title string
	// Desc is the text alternative; written from the cells when empty.
	Desc  string
	Class string
	// Columns name the months as 2027-03; Rows have one cell per column.
	Columns []string
	Rows    []HeatRow
	// Width is the laid-out width in CSS pixels, 760 when zero.
	Width int
	// LabelWidth fixes the width of the row labels (0: fitted to them);
	// give a Heatmap's and a Timeline's the same to line their months up.
	LabelWidth float64
}

// Heatmap layout, in pixels.
const (
	hmRow    = 18
	hmTop    = 34
	hmLegend = 30
	hmGap    = 8
)

// Heatmap draws one row per site and one column per month, each cell
// shaded by its load over its capacity; cells over capacity are red with a
// white stroke across, named in the description and the legend.
func Heatmap(o HeatmapOptions) template.HTML {
	w := size(o.Width, 760)
	id := cleanID(o.ID, "heatmap")
	h := float64(hmTop + hmRow*max(1, len(o.Rows)) + hmLegend)
	desc := o.Desc
	if desc == "" {
		desc = describeHeatmap(o)
	}
	var s svg
	s.root(id, w, h, "100%", o.Class, o.Title, desc)
	if len(o.Rows) == 0 || len(o.Columns) == 0 {
		s.text(w/2, h/2, "No sites", "fill", colMuted, "font-size", "12", "text-anchor", "middle")
		s.close("svg")
		return s.html()
	}
	labels := make([]string, len(o.Rows))
	for i, r := range o.Rows {
		labels[i] = r.Label
	}
	labelW, cw, xs := monthColumns(&s, w, o.LabelWidth, labels, o.Columns)
	size := []string{"width", num(math.Max(1, cw-1)), "height", num(hmRow - 1)}
	for r, row := range o.Rows {
		y := float64(hmTop + r*hmRow)
		s.text(labelW-hmGap, y+hmRow/2+4, clip(row.Label, labelW-hmGap-2, 12), "class", "row-label", "fill", colInk, "font-size", "12", "text-anchor", "end")
		// The row's group places its cells and gives them the load's
		// colour, so each cell writes only its x, size, shade and tooltip.
		s.open("g", "class", "cells", "transform", "translate(0 "+num(y+0.5)+")", "fill", colSeries)
		for c := range o.Columns {
			var cell HeatCell
			if c < len(row.Cells) {
				cell = row.Cells[c]
			}
			heatCell(&s, xs[c], cw, size, row.Label+", "+o.Columns[c], cell)
		}
		s.close("g")
	}
	heatLegend(&s, labelW, h-hmLegend+8)
	s.close("svg")
	return s.html()
}

// heatShades is how many shades a cell with some load takes, from the
// lightest (a little load) to the darkest (full): fewer distinct values
// than the loads, and short to write.
const heatShades = 8

// heatShade is the opacity of a load ratio in (0, 1] (and of more).
func heatShade(r float64) string {
	i := math.Round(math.Min(1, r) * (heatShades - 1))
	return num2(0.12 + 0.68*i/(heatShades-1))
}

// heatCell draws one cell at x in its row's group: shaded by its load,
// with its place and figures as its tooltip; a cell over capacity is red
// and struck through; a cell without load is grey, without a tooltip (the
// legend says what grey is). A five-year heatmap of fifty sites is 3,000
// cells, so each writes as little as it can.
func heatCell(s *svg, x, cw float64, size []string, where string, c HeatCell) {
	tip := where
	if c.Text != "" {
		tip += ": " + c.Text
	}
	kv := append([]string{"x", num(x + 0.5)}, size...)
	switch r := c.Ratio; {
	case c.Over:
		s.open("g", "class", "over")
		s.elTip("rect", tip+" (over capacity)", append(kv, "fill", colRed)...)
		s.line(x+1.5, hmRow-2, x+cw-1.5, 1, "stroke", colWhite, "stroke-width", "1.5")
		s.close("g")
	case !finite(r) || r <= 0:
		s.el("rect", append(kv, "class", "idle", "fill", colGrid)...)
	default:
		s.elTip("rect", tip, append(kv, "fill-opacity", heatShade(r))...)
	}
}

// num2 writes an opacity with two decimals.
func num2(v float64) string { return fmt.Sprintf("%.2f", v) }

// heatLegend explains the shades and the mark of a month over capacity.
func heatLegend(s *svg, x, y float64) {
	s.open("g", "class", "legend", "font-size", "11", "fill", colInk)
	s.el("rect", "x", num(x), "y", num(y), "width", "12", "height", "12", "fill", colGrid)
	s.el("rect", "x", num(x+12), "y", num(y), "width", "12", "height", "12", "fill", colSeries, "fill-opacity", "0.35")
	s.el("rect", "x", num(x+24), "y", num(y), "width", "12", "height", "12", "fill", colSeries, "fill-opacity", "0.8")
	s.text(x+42, y+10, "No load to full capacity")
	lx := x + 42 + textWidth("No load to full capacity", 11) + 18
	s.el("rect", "x", num(lx), "y", num(y), "width", "12", "height", "12", "fill", colRed)
	s.line(lx+1, y+11, lx+11, y+1, "stroke", colWhite, "stroke-width", "1.5")
	s.text(lx+18, y+10, "Over capacity")
	s.close("g")
}

// describeHeatmap names every row's months over capacity.
func describeHeatmap(o HeatmapOptions) string {
	if len(o.Rows) == 0 || len(o.Columns) == 0 {
		return "No sites."
	}
	b := fmt.Sprintf("Load against capacity of %d sites over %d months, %s to %s.",
		len(o.Rows), len(o.Columns), o.Columns[0], o.Columns[len(o.Columns)-1])
	var over []string
	for _, r := range o.Rows {
		var months []string
		for c, cell := range r.Cells {
			if cell.Over && c < len(o.Columns) {
				months = append(months, o.Columns[c])
			}
		}
		if len(months) > 0 {
			over = append(over, r.Label+" in "+strings.Join(months, ", "))
		}
	}
	if len(over) == 0 {
		return b + " No site is over capacity."
	}
	return b + " Over capacity: " + strings.Join(over, "; ") + "."
}

// HeatmapTable returns the heatmap as text: one row per site, one column
// per month, each cell its Text ("over capacity" added where it is).
func HeatmapTable(o HeatmapOptions) DataTable {
	t := DataTable{Columns: append([]string{"Site"}, o.Columns...)}
	for _, r := range o.Rows {
		row := []string{r.Label}
		for c := range o.Columns {
			text := ""
			if c < len(r.Cells) {
				text = r.Cells[c].Text
				if r.Cells[c].Over {
					text = strings.TrimSpace(text + " (over capacity)")
				}
			}
			row = append(row, text)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}
