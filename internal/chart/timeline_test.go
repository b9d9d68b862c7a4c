package chart_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/chart"
)

// portfolioTimeline is three initiatives over the capacity months.
func portfolioTimeline() chart.TimelineOptions {
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	return chart.TimelineOptions{ID: "tl", Title: "Initiatives", Columns: capacity().Columns, Rows: []chart.TimelineRow{
		{Label: "Care managers", Bars: []chart.TimelineBar{
			{Label: "One clinic", Start: d("2027-09-01"), End: d("2027-11-30")},
			{Label: "All clinics", Start: d("2027-12-01"), End: d("2028-06-30"), Text: "Eastgate, Lakeview"}}},
		{Label: "Remote monitoring", Bars: []chart.TimelineBar{
			{Label: "Lakeview pilot", Start: d("2027-12-15"), End: d("2028-01-31"), Over: true}}},
		{Label: "EHR referral <proposed>"},
	}}
}

func TestTimelineElements(t *testing.T) {
	o := portfolioTimeline()
	root := checkChart(t, chart.Timeline(o))
	for class, want := range map[string]int{"phase": 3, "over": 1, "row-label": 3, "grid": 6, "row-rule": 2} {
		if got := len(root.classed(class)); got != want {
			t.Errorf("elements of class %q: got %d, want %d", class, got, want)
		}
	}
	over := root.classed("over")[0]
	if over.attr["stroke"] != "#a8231c" {
		t.Errorf("over phase: got stroke %q, want red", over.attr["stroke"])
	}
	// The window is 6 equal columns: the pilot runs from the middle of
	// December (column 3) to the end of January (column 4).
	grid := root.classed("grid")
	col := func(i int) float64 { v, _ := strconv.ParseFloat(grid[i].attr["x1"], 64); return v }
	cw := col(1) - col(0)
	x, _ := strconv.ParseFloat(over.attr["x"], 64)
	w, _ := strconv.ParseFloat(over.attr["width"], 64)
	if want := col(2) + cw*14/31; x < want-0.2 || x > want+0.2 {
		t.Errorf("pilot starts at x=%v, want %v", x, want)
	}
	if want := col(4) - col(2) - cw*14/31 - 1; w < want-0.3 || w > want+0.3 {
		t.Errorf("pilot is %v wide, want %v", w, want)
	}
	// A phase before the window starts at its edge; one after ends at it.
	first := root.classed("phase")[0]
	if got := first.attr["x"]; got != grid[0].attr["x1"] {
		t.Errorf("a phase started before the window: got x=%s, want the window's edge %s", got, grid[0].attr["x1"])
	}
	desc := root.named("desc")[0].text.String()
	for _, want := range []string{"Phases of 3 initiatives, 2027-10 to 2028-03.", "Remote monitoring: Lakeview pilot 2027-12-15 to 2028-01-31 (over capacity)."} {
		if !strings.Contains(desc, want) {
			t.Errorf("desc %q: want %q", desc, want)
		}
	}
}

// TestTimelineLinesUpWithHeatmap: given the same width and label width, a
// month starts at the same x in both charts.
func TestTimelineLinesUpWithHeatmap(t *testing.T) {
	h, tl := capacity(), portfolioTimeline()
	h.LabelWidth, tl.LabelWidth = 150, 150
	heat := checkChart(t, chart.Heatmap(h))
	line := checkChart(t, chart.Timeline(tl))
	cellX, _ := strconv.ParseFloat(heat.classed("cells")[0].named("rect")[3].attr["x"], 64)
	gridX, _ := strconv.ParseFloat(line.classed("grid")[3].attr["x1"], 64)
	if cellX-0.5 != gridX {
		t.Errorf("month 4 starts at x=%v in the heatmap and %v in the timeline", cellX-0.5, gridX)
	}
}

func TestTimelineEmpty(t *testing.T) {
	root := checkChart(t, chart.Timeline(chart.TimelineOptions{ID: "none", Title: "Nothing", Columns: []string{"2027-01"}}))
	if got := root.named("desc")[0].text.String(); got != "No initiatives." {
		t.Errorf("desc: got %q", got)
	}
	root = checkChart(t, chart.Timeline(chart.TimelineOptions{ID: "q", Title: "Quarters", Columns: []string{"2027-Q1"},
		Rows: []chart.TimelineRow{{Label: "A"}}}))
	if len(root.classed("phase")) != 0 {
		t.Error("got phases on columns that are not months")
	}
}

// TestTimelineLanes: a row without a label continues the one above, with
// no rule between them.
func TestTimelineLanes(t *testing.T) {
	o := portfolioTimeline()
	o.Rows[1].Label = ""
	root := checkChart(t, chart.Timeline(o))
	if got := len(root.classed("row-rule")); got != 1 {
		t.Errorf("got %d rules, want 1 (above the third row only)", got)
	}
	if got := len(root.classed("row-label")); got != 2 {
		t.Errorf("got %d row labels, want 2", got)
	}
}
