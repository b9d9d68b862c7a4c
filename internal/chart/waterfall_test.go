package chart_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/chart"
)

var usd = chart.Format{Unit: chart.Currency, Decimals: 2}

// settlementSteps walks a settlement from the benchmark to the shares.
func settlementSteps() []chart.WaterfallStep {
	return []chart.WaterfallStep{
		{Label: "Benchmark", Value: 1000, Total: true},
		{Label: "Expenditure", Value: -900},
		{Label: "Gross savings", Value: 100, Total: true},
		{Label: "Sharing at 50%", Value: -50, Text: "−$50.00"},
		{Label: "Shared savings", Value: 50, Total: true, Text: "$50.00"},
		{Label: "Provider <70%>", Value: 35, Total: true},
	}
}

func TestWaterfallElements(t *testing.T) {
	h := chart.Waterfall(chart.WaterfallOptions{ID: "wf 1", Title: "Settlement & shares", Steps: settlementSteps(), Format: usd})
	root := checkChart(t, h)
	if got := root.named("title")[0].text.String(); got != "Settlement & shares" {
		t.Errorf("title: got %q", got)
	}
	for class, want := range map[string]int{"step": 6, "total": 4, "decrease": 2, "increase": 0, "connector": 2, "zero": 1, "step-label": 6} {
		if got := len(root.classed(class)); got != want {
			t.Errorf("elements of class %q: got %d, want %d", class, got, want)
		}
	}
	desc := root.named("desc")[0].text.String()
	for _, want := range []string{"Benchmark $1,000.00", "Expenditure changes it by −$900.00", "Shared savings $50.00", "Provider <70%>"} {
		if !strings.Contains(desc, want) {
			t.Errorf("desc %q: want %q", desc, want)
		}
	}
	if strings.Contains(string(h), "style") {
		t.Error("the chart has a style attribute or element")
	}
}

// TestWaterfallLoss checks that a loss draws left of zero with room for
// its value.
func TestWaterfallLoss(t *testing.T) {
	steps := []chart.WaterfallStep{
		{Label: "Benchmark", Value: 1000, Total: true},
		{Label: "Expenditure", Value: -1100},
		{Label: "Gross savings", Value: -100, Total: true},
	}
	root := checkChart(t, chart.Waterfall(chart.WaterfallOptions{ID: "loss", Title: "Loss", Steps: steps, Format: usd, Width: 360}))
	zero, _ := strconv.ParseFloat(root.classed("zero")[0].attr["x1"], 64)
	x, _ := strconv.ParseFloat(root.classed("total")[1].attr["x"], 64)
	if x >= zero {
		t.Errorf("the loss bar starts at x=%v, want left of zero at %v", x, zero)
	}
}

func TestWaterfallEmpty(t *testing.T) {
	root := checkChart(t, chart.Waterfall(chart.WaterfallOptions{ID: "none", Title: "Nothing"}))
	if got := root.named("desc")[0].text.String(); got != "No figures." {
		t.Errorf("desc: got %q", got)
	}
}

func TestWaterfallTable(t *testing.T) {
	tab := chart.WaterfallTable(settlementSteps()[:4], usd)
	want := [][]string{{"Benchmark", "", "$1,000.00"}, {"Expenditure", "−$900.00", "$100.00"}, {"Gross savings", "", "$100.00"}, {"Sharing at 50%", "−$50.00", "$50.00"}}
	if strings.Join(tab.Columns, "|") != "Step|Change|Amount" {
		t.Errorf("columns %v", tab.Columns)
	}
	for i, row := range want {
		if strings.Join(tab.Rows[i], "|") != strings.Join(row, "|") {
			t.Errorf("row %d: got %q, want %q", i, tab.Rows[i], row)
		}
	}
}

// TestWaterfallNarrow: at a phone's width each label sits above its bar,
// whole, and every value ends inside the chart.
func TestWaterfallNarrow(t *testing.T) {
	steps := append(settlementSteps(), chart.WaterfallStep{Label: "Minimum savings rate and quality gate passed", Value: 0})
	root := checkChart(t, chart.Waterfall(chart.WaterfallOptions{ID: "n", Title: "Narrow", Steps: steps, Format: usd, Narrow: true}))
	if w := root.attr["viewBox"]; !strings.HasSuffix(strings.Fields(w)[2], "340") {
		t.Errorf("viewBox %q, want 340 wide", w)
	}
	labels, rects, values := root.classed("step-label"), root.classed("step"), root.classed("step-value")
	if len(labels) != len(steps) || len(rects) != len(steps) || len(values) != len(steps) {
		t.Fatalf("%d labels, %d bars, %d values; want %d each", len(labels), len(rects), len(values), len(steps))
	}
	for i, l := range labels {
		ly, _ := strconv.ParseFloat(l.attr["y"], 64)
		ry, _ := strconv.ParseFloat(rects[i].attr["y"], 64)
		if ly >= ry || l.attr["text-anchor"] != "start" {
			t.Errorf("label %q at y=%v (anchor %q), bar at y=%v; want the label above, from the left", l.text.String(), ly, l.attr["text-anchor"], ry)
		}
		if got := l.text.String(); got != steps[i].Label {
			t.Errorf("label %q clipped, want %q", got, steps[i].Label)
		}
		vx, _ := strconv.ParseFloat(values[i].attr["x"], 64)
		if end := vx + 7.5*float64(len(values[i].text.String())); end > 340 {
			t.Errorf("value %q ends near x=%v, beyond the chart's 340", values[i].text.String(), end)
		}
	}
}
