package chart_test

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/chart"
)

var factors = []string{"Shared vision", "Trust", "Communication", "Decision-making", "Fair sharing of value",
	"Respect for differences", "Pace", "Paperwork and workflow", "Clinical voice", "Safe to bring bad news"}

func partyProfiles() []chart.Profile {
	nan := math.NaN()
	return []chart.Profile{
		{Name: "Northgate Health", Values: []float64{4.1, 3.9, 3.8, 3.5, 3.6, 3.7, 4.2, 3.1, 4.4, 3.9}},
		{Name: "Riverside Physicians", Values: []float64{3.8, 3.7, 3.5, 3.0, 3.2, 3.1, 2.2, 2.4, 4.6, 3.4}},
		{Name: "CareBridge <Tech> & Co", Values: []float64{4.0, 3.6, nan, 3.9, 3.3, 3.5, 4.5, 3.8, 2.1, 3.6}},
		{Name: "Summit Capital", Note: "Hidden: 3 people answered; results show from 5."},
	}
}

// TestRadarKeyElements checks a radar chart of four parties: accessible
// and well-formed, one outline per party with values, a hidden party in
// the legend and description only, and an axis without a value left out.
func TestRadarKeyElements(t *testing.T) {
	h := chart.Radar(chart.RadarOptions{ID: "health-radar", Title: "Each party's profile, 2026 Q3", Axes: factors, Profiles: partyProfiles()})
	root := checkChart(t, h)
	if got := len(root.classed("series")); got != 3 {
		t.Errorf("outlines: got %d, want 3 (the hidden party drawn in none)", got)
	}
	if got := len(root.classed("point")); got != 10+10+9 {
		t.Errorf("points: got %d, want 29 (one axis of the third party has no value)", got)
	}
	third := root.classed("profile-3")[0]
	if d := third.named("path")[0].attr["d"]; strings.HasSuffix(d, "Z") || strings.Count(d, "M") != 1 || strings.Count(d, "L") != 8 {
		t.Errorf("third outline: got %q, want one open stroke of 9 points around the missing axis", d)
	}
	if d := root.classed("profile-1")[0].named("path")[0].attr["d"]; !strings.HasSuffix(d, "Z") {
		t.Errorf("first profile's fill: got %q, want a closed outline", d)
	}
	legend := root.classed("legend")[0].texts()
	want := []string{"Northgate Health", "Riverside Physicians", "CareBridge <Tech> & Co", "Summit Capital (not shown)"}
	if !slices.Equal(legend, want) {
		t.Errorf("legend: got %q, want %q", legend, want)
	}
	if got := root.classed("x-labels")[0].texts(); len(got) < len(factors) || got[0] != "Shared vision" {
		t.Errorf("axis labels: got %q, want the ten factors from the top", got)
	}
	if got := root.classed("y-axis")[0].texts(); !slices.Equal(got, []string{"1", "2", "3", "4", "5"}) {
		t.Errorf("ring labels: got %q, want 1 to 5", got)
	}
	desc := root.named("desc")[0].text.String()
	for _, w := range []string{"4 profiles on 10 axes, on a scale from 1 (centre) to 5 (outer ring).",
		"Riverside Physicians: Shared vision 3.8, Trust 3.7", "Pace 2.2", "CareBridge <Tech> & Co: Shared vision 4.0, Trust 3.6, Decision-making",
		"1 axis not shown", "Summit Capital: not shown (Hidden: 3 people answered; results show from 5)."} {
		if !strings.Contains(desc, w) {
			t.Errorf("desc %q: want it to contain %q", desc, w)
		}
	}
	tips := root.classed("profile-2")[0].named("title")
	if len(tips) != 10 || tips[6].text.String() != "Riverside Physicians · Pace: 2.2" {
		t.Errorf("tooltips: got %d, want 10 with Riverside Physicians · Pace: 2.2 seventh", len(tips))
	}
}

// TestRadarGeometry checks where values fall: the top spoke carries the
// first axis, Max on the outer ring, Min at the centre, values out of
// range clamped.
func TestRadarGeometry(t *testing.T) {
	h := chart.Radar(chart.RadarOptions{ID: "g", Axes: []string{"A", "B", "C", "D"}, Width: 560, Profiles: []chart.Profile{
		{Name: "P", Values: []float64{5, 1, 9, 3}},
	}})
	root := checkChart(t, h)
	pts := root.classed("point")
	if len(pts) != 4 {
		t.Fatalf("points: got %d, want 4", len(pts))
	}
	xy := func(k int) (float64, float64) {
		x, _ := strconv.ParseFloat(pts[k].attr["cx"], 64)
		y, _ := strconv.ParseFloat(pts[k].attr["cy"], 64)
		return x, y
	}
	tx, ty := xy(0)
	cx, cy := xy(1) // 1 is the minimum: the centre
	bx, by := xy(2) // 9 is clamped to the outer ring, straight below
	if cx != 280 || tx != 280 || bx != 280 {
		t.Errorf("x: got top %v, centre %v, bottom %v; want all on the centre line 280", tx, cx, bx)
	}
	if !(ty < cy && by > cy) || math.Abs((cy-ty)-(by-cy)) > 0.11 {
		t.Errorf("y: got top %v, centre %v, bottom %v; want top and bottom the outer radius either side", ty, cy, by)
	}
	dx, dy := xy(3)
	if dy != cy || math.Abs((cx-dx)-(cy-ty)/2) > 0.11 {
		t.Errorf("3 on the left spoke: got (%v, %v), want half the radius left of the centre", dx, dy)
	}
}

// TestRadarEmpty checks a chart with too few axes and one with no profiles.
func TestRadarEmpty(t *testing.T) {
	root := checkChart(t, chart.Radar(chart.RadarOptions{Axes: []string{"A", "B"}}))
	if len(root.classed("empty")) != 1 || len(root.classed("series")) != 0 {
		t.Errorf("two axes: want the empty placeholder and no outline")
	}
	root = checkChart(t, chart.Radar(chart.RadarOptions{Axes: factors}))
	if got := root.named("desc")[0].text.String(); !strings.HasPrefix(got, "0 profiles on 10 axes") {
		t.Errorf("desc: got %q, want 0 profiles on 10 axes", got)
	}
}

// TestRadarGaps checks that two missing axes leave two strokes, the one
// across the top joined.
func TestRadarGaps(t *testing.T) {
	nan := math.NaN()
	h := chart.Radar(chart.RadarOptions{Axes: []string{"A", "B", "C", "D", "E", "F"}, Profiles: []chart.Profile{
		{Name: "P", Values: []float64{4, nan, 4, 4, nan, 4}},
	}})
	root := checkChart(t, h)
	d := root.classed("profile-1")[0].named("path")[0].attr["d"]
	if strings.Count(d, "M") != 2 || strings.Count(d, "L") != 2 || strings.Contains(d, "Z") {
		t.Errorf("outline: got %q, want two open strokes (C–D and F–A)", d)
	}
	if got := len(root.classed("point")); got != 4 {
		t.Errorf("points: got %d, want 4", got)
	}
}
