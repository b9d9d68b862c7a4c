package chart_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/chart"
)

// TestProvisionalPoints draws a series whose third and last figures are
// provisional: each is a hollow point whose tooltip says so, the legend
// names the mark, and the text alternative and the data table say which
// values are not final; a series without provisional figures has none of
// it. A sparkline's latest point is hollow when provisional.
func TestProvisionalPoints(t *testing.T) {
	se := chart.Series{Name: "Screening", Periods: months(2024, 6), Values: []float64{50, 52, 51, 55, 53, 56},
		Provisional: []bool{false, false, true, false, false, true}}
	root := checkChart(t, chart.RunChart(chart.RunChartOptions{ID: "p", Series: se, Format: pct}))
	marks := root.classed("provisional")
	if len(marks) != 2 {
		t.Fatalf("provisional points: got %d, want 2", len(marks))
	}
	for _, m := range marks {
		if m.name != "circle" || m.attr["fill"] != "#ffffff" || m.attr["stroke"] == "" {
			t.Errorf("provisional point: got <%s fill=%q stroke=%q>, want a hollow circle", m.name, m.attr["fill"], m.attr["stroke"])
		}
	}
	tips := root.all(func(e *node) bool { return e.name == "title" && strings.Contains(e.text.String(), "provisional") })
	if len(tips) != 2 || tips[0].text.String() != "2024-03: 51.0% (provisional: not final yet)" {
		t.Errorf("tooltips: got %d, want 2 starting %q", len(tips), "2024-03: 51.0% (provisional: not final yet)")
	}
	if legend := root.classed("legend")[0].texts(); !slices.Contains(legend, "Provisional (not final yet)") {
		t.Errorf("legend %q: want the provisional mark named", legend)
	}
	desc := root.named("desc")[0].text.String()
	if !strings.Contains(desc, "Latest 56.0% in 2024-06, provisional.") || !strings.Contains(desc, "2 provisional values, not final yet.") {
		t.Errorf("desc %q: want the latest value and the count of provisional ones said", desc)
	}
	tb := chart.Table(se, pct)
	if tb.Rows[2][1] != "51.0% (provisional)" || tb.Rows[3][1] != "55.0%" {
		t.Errorf("table values %q and %q, want the provisional one marked", tb.Rows[2][1], tb.Rows[3][1])
	}

	se.Provisional = nil
	root = checkChart(t, chart.RunChart(chart.RunChartOptions{ID: "f", Series: se, Format: pct}))
	if len(root.classed("provisional")) != 0 || slices.Contains(root.classed("legend")[0].texts(), "Provisional (not final yet)") ||
		strings.Contains(root.named("desc")[0].text.String(), "provisional") {
		t.Error("a series of final figures is marked provisional")
	}

	se.Provisional = []bool{false, false, false, false, false, true}
	spark := checkChart(t, chart.Sparkline(chart.SparklineOptions{ID: "s", Series: se, Status: chart.StatusGreen}))
	if l := spark.classed("latest"); len(l) != 1 || !hasWord(l[0].attr["class"], "provisional") || l[0].attr["fill"] != "#ffffff" {
		t.Errorf("sparkline: want its latest point hollow and marked provisional")
	}
}

// TestEmptyText: a panel without a value says what its series says it
// is (a segment of only 0 of 0), in the picture and in its text, and
// "No data yet" by default.
func TestEmptyText(t *testing.T) {
	const zero = "Only 0 of 0: no one in the denominator, so no rate"
	nan := math.NaN()
	panels := []chart.Series{
		{Name: "north", Periods: months(2024, 3), Values: []float64{50, 52, 51}},
		{Name: "south", Periods: months(2024, 3), Values: []float64{nan, nan, nan}, Empty: zero},
		{Name: "west", Periods: months(2024, 3), Values: []float64{nan, nan, nan}},
	}
	root := checkChart(t, chart.SmallMultiples(chart.MultiplesOptions{ID: "m", Title: "By clinic", Panels: panels, Format: pct}))
	texts := root.texts()
	if !slices.Contains(texts, zero) || !slices.Contains(texts, "No data yet") {
		t.Errorf("panel texts %q: want the 0 of 0 panel said and the other empty one as no data yet", texts)
	}
	if desc := root.named("desc")[0].text.String(); !strings.Contains(desc, "south: only 0 of 0: no one in the denominator, so no rate.") {
		t.Errorf("desc %q: want the 0 of 0 panel said", desc)
	}
}
