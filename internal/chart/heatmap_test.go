package chart_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/chart"
)

// capacity is three clinics over six months, Lakeview over capacity in
// two of them.
func capacity() chart.HeatmapOptions {
	cols := []string{"2027-10", "2027-11", "2027-12", "2028-01", "2028-02", "2028-03"}
	row := func(label string, ratios ...float64) chart.HeatRow {
		r := chart.HeatRow{Label: label}
		for _, v := range ratios {
			r.Cells = append(r.Cells, chart.HeatCell{Ratio: v, Over: v > 1, Text: strconv.FormatFloat(v*40, 'f', 0, 64) + " of 40 hours a week"})
		}
		return r
	}
	return chart.HeatmapOptions{ID: "heat", Title: "Capacity for change <by site>", Columns: cols, Rows: []chart.HeatRow{
		row("Eastgate", 0.2, 0.4, 0.6, 0.8, 1, 0.5),
		row("Lakeview", 0.5, 0.9, 1.3, 1.1, 0.7, 0),
		row("Northgate & Co", 0, 0, 0, 0, 0, 0),
	}}
}

func TestHeatmapElements(t *testing.T) {
	root := checkChart(t, chart.Heatmap(capacity()))
	if got := root.named("title")[0].text.String(); got != "Capacity for change <by site>" {
		t.Errorf("title: got %q", got)
	}
	// Each cell is a rect in its row's group (a cell over capacity, a
	// group of its rect and its stroke).
	var cells []*node
	for _, g := range root.classed("cells") {
		cells = append(cells, g.named("rect")...)
	}
	if len(cells) != 18 {
		t.Errorf("cells: got %d, want 18", len(cells))
	}
	for class, want := range map[string]int{"cells": 3, "over": 2, "idle": 7, "row-label": 3, "legend": 1} {
		if got := len(root.classed(class)); got != want {
			t.Errorf("elements of class %q: got %d, want %d", class, got, want)
		}
	}
	for _, over := range root.classed("over") {
		rect := over.named("rect")[0]
		if rect.attr["fill"] != "#a8231c" || len(over.named("line")) != 1 {
			t.Errorf("over cell: got fill %q and %d strokes, want red and struck through", rect.attr["fill"], len(over.named("line")))
		}
		if tip := rect.named("title")[0].text.String(); !strings.HasPrefix(tip, "Lakeview, 2027-12") && !strings.HasPrefix(tip, "Lakeview, 2028-01") ||
			!strings.HasSuffix(tip, "hours a week (over capacity)") {
			t.Errorf("over cell tip %q", tip)
		}
	}
	for _, idle := range root.classed("idle") {
		if len(idle.named("title")) != 0 {
			t.Errorf("an idle cell has a tooltip: %q", idle.named("title")[0].text.String())
		}
	}
	desc := root.named("desc")[0].text.String()
	if want := "Load against capacity of 3 sites over 6 months, 2027-10 to 2028-03. Over capacity: Lakeview in 2027-12, 2028-01."; desc != want {
		t.Errorf("desc: got %q, want %q", desc, want)
	}
	labels := strings.Join(root.classed("x-labels")[0].texts(), " ")
	if want := "Oct 2027 Nov Dec Jan 2028 Feb Mar"; labels != want {
		t.Errorf("month labels: got %q, want %q", labels, want)
	}
}

// TestHeatmapShades checks that a fuller month is darker.
func TestHeatmapShades(t *testing.T) {
	root := checkChart(t, chart.Heatmap(capacity()))
	var last float64
	for i, cell := range root.classed("cells")[0].named("rect")[:5] { // Eastgate, 0.2 to 1
		op, err := strconv.ParseFloat(cell.attr["fill-opacity"], 64)
		if err != nil || i > 0 && op <= last {
			t.Errorf("cell %d: opacity %q after %v, want it darker", i, cell.attr["fill-opacity"], last)
		}
		last = op
	}
}

// TestHeatmapFiveYears: sixty months at a laptop's width label years and
// quarters, not every month, and no label overlaps the next.
func TestHeatmapFiveYears(t *testing.T) {
	var cols []string
	for m := range 60 {
		cols = append(cols, time.Date(2027, time.Month(m+1), 1, 0, 0, 0, 0, time.UTC).Format("2006-01"))
	}
	row := chart.HeatRow{Label: "Eastgate", Cells: make([]chart.HeatCell, 60)}
	root := checkChart(t, chart.Heatmap(chart.HeatmapOptions{ID: "h5", Title: "Five years", Columns: cols, Rows: []chart.HeatRow{row}}))
	texts := root.classed("x-labels")[0].named("text")
	years := 0
	lastEnd := map[string]float64{}
	for _, e := range texts {
		x, _ := strconv.ParseFloat(e.attr["x"], 64)
		if x < lastEnd[e.attr["y"]] {
			t.Errorf("label %q at x=%v overlaps the one before, ending at %v", e.text.String(), x, lastEnd[e.attr["y"]])
		}
		lastEnd[e.attr["y"]] = x + 6.5*float64(len(e.text.String()))
		if len(e.text.String()) == 4 {
			years++
		}
	}
	if years != 5 || len(texts) >= 60 {
		t.Errorf("got %d labels with %d years, want fewer than 60 with 5 years", len(texts), years)
	}
}

func TestHeatmapEmpty(t *testing.T) {
	root := checkChart(t, chart.Heatmap(chart.HeatmapOptions{ID: "none", Title: "Nothing"}))
	if got := root.named("desc")[0].text.String(); got != "No sites." {
		t.Errorf("desc: got %q", got)
	}
}

func TestHeatmapTable(t *testing.T) {
	tab := chart.HeatmapTable(capacity())
	if got := strings.Join(tab.Columns, "|"); got != "Site|2027-10|2027-11|2027-12|2028-01|2028-02|2028-03" {
		t.Errorf("columns: got %q", got)
	}
	if got, want := tab.Rows[1][3], "52 of 40 hours a week (over capacity)"; got != want {
		t.Errorf("Lakeview, 2027-12: got %q, want %q", got, want)
	}
}

// TestHeatmapFirstMonthMidQuarter: a window starting in the middle of a
// quarter names its first month only where it does not crowd the next
// label, and always its year.
func TestHeatmapFirstMonthMidQuarter(t *testing.T) {
	cols := []string{"2026-09", "2026-10", "2026-11", "2026-12", "2027-01", "2027-02"}
	for i := range 18 {
		cols = append(cols, time.Date(2027, time.Month(i+3), 1, 0, 0, 0, 0, time.UTC).Format("2006-01"))
	}
	row := chart.HeatRow{Label: "Eastgate", Cells: make([]chart.HeatCell, len(cols))}
	root := checkChart(t, chart.Heatmap(chart.HeatmapOptions{ID: "mid", Title: "Mid", Columns: cols, Rows: []chart.HeatRow{row}, LabelWidth: 170}))
	labels := root.classed("x-labels")[0].texts()
	if got := strings.Join(labels[:3], " "); got != "2026 Oct Jan" {
		t.Errorf("first labels: got %q, want %q", got, "2026 Oct Jan")
	}
}
