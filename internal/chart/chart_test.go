package chart_test

import (
	"html/template"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/chart"
)

var pct = chart.Format{Unit: chart.Percent, Decimals: 1}

// TestRunChartKeyElements is the golden-ish check: a run chart with every
// feature has each of them, once, where expected.
func TestRunChartKeyElements(t *testing.T) {
	se := shiftKPI()
	h := chart.RunChart(chart.RunChartOptions{ID: "hba1c", Title: "Controlled HbA1c", Subtitle: "Monthly", Series: se, Format: pct})
	root := checkChart(t, h)
	if got := root.named("title")[0].text.String(); got != "Controlled HbA1c" {
		t.Errorf("title: got %q, want %q", got, "Controlled HbA1c")
	}
	desc := root.named("desc")[0].text.String()
	for _, want := range []string{"Controlled HbA1c: 34 values from 2022-01 to 2024-12", "Median", "Target 72.0%",
		"2 periods without data", "Improvement (Shift", "Note at 2023-07: Telehealth pilot started"} {
		if !strings.Contains(desc, want) {
			t.Errorf("desc %q: want it to contain %q", desc, want)
		}
	}
	for _, c := range []string{"centre", "target", "series", "gap", "grid", "legend", "latest", "x-labels", "y-axis"} {
		if got := len(root.classed(c)); got != 1 {
			t.Errorf("elements of class %q: got %d, want 1", c, got)
		}
	}
	if got := len(root.classed("limit")); got != 0 {
		t.Errorf("limits on a run chart without limits: got %d, want 0", got)
	}
	centre := root.classed("centre")[0].attr["d"]
	if strings.Count(centre, "V") != 1 {
		t.Errorf("centre line re-based once: got path %q, want one riser", centre)
	}
	if d := root.classed("target")[0].attr["d"]; strings.Count(d, "V") != 2 {
		t.Errorf("target rising each year: got path %q, want two risers", d)
	}
	if got, want := len(root.classed("improvement")), len(se.Signals[0].Points); got != want {
		t.Errorf("improvement markers: got %d, want %d", got, want)
	}
	if got := root.classed("annotation"); len(got) != 2 {
		t.Errorf("annotation lines: got %d, want 2", len(got))
	}
	labels := root.classed("annotation-label")
	if len(labels) != 2 || labels[1].text.String() != "Telehealth pilot started" {
		t.Errorf("annotation labels: got %d, want EHR upgrade and Telehealth pilot started", len(labels))
	}
	legend := root.classed("legend")[0].texts()
	if want := []string{"Controlled HbA1c", "Median", "Target", "Improvement", "No data"}; !slices.Equal(legend, want) {
		t.Errorf("legend: got %q, want %q", legend, want)
	}
	for _, l := range root.classed("y-axis")[0].texts() {
		if !strings.HasSuffix(l, "%") {
			t.Errorf("y tick label %q: want a percent", l)
		}
	}
	x := root.classed("x-labels")[0].texts()
	if len(x) < 6 || x[0] != "Jan" || x[1] != "2022" {
		t.Errorf("x labels: got %q, want Jan over 2022 first", x)
	}
	if root.attr["width"] != "100%" || root.attr["height"] != "" {
		t.Errorf("size: got width %q height %q, want 100%% and none so that it scales", root.attr["width"], root.attr["height"])
	}
	if root.attr["id"] != "hba1c" || root.named("title")[0].attr["id"] != "hba1c-title" {
		t.Errorf("ids: got %q and %q, want hba1c and hba1c-title", root.attr["id"], root.named("title")[0].attr["id"])
	}
}

// TestControlChartLimits checks per-point limits (p-chart) as step lines
// with the band between them, and constant limits as straight lines.
func TestControlChartLimits(t *testing.T) {
	se := pChart()
	root := checkChart(t, chart.RunChart(chart.RunChartOptions{ID: "p", Series: se, Format: pct}))
	ucl, lcl := root.classed("ucl"), root.classed("lcl")
	if len(ucl) != 1 || len(lcl) != 1 || len(root.classed("band")) != 1 {
		t.Fatalf("got %d upper, %d lower limits and %d bands, want one of each", len(ucl), len(lcl), len(root.classed("band")))
	}
	if risers := strings.Count(ucl[0].attr["d"], "V"); risers < len(se.Values)/2 {
		t.Errorf("per-point upper limit: got %d risers in %q, want a step at most periods", risers, ucl[0].attr["d"])
	}
	if got := len(root.classed("deterioration")); got != len(se.Signals[0].Points) || got == 0 {
		t.Errorf("deterioration markers: got %d, want %d", got, len(se.Signals[0].Points))
	}
	if d := root.classed("centre")[0].attr["d"]; strings.ContainsAny(d, "VL") {
		t.Errorf("constant centre line: got %q, want one straight segment", d)
	}
	legend := root.classed("legend")[0].texts()
	if !slices.Contains(legend, "Control limits") || !slices.Contains(legend, "Deterioration") || slices.Contains(legend, "No data") {
		t.Errorf("legend: got %q, want Control limits and Deterioration, no No data", legend)
	}

	constant := chart.Series{Periods: months(2024, 6), Values: []float64{5, 6, 5, 7, 6, 5},
		Centre: chart.Line{5.7}, UCL: chart.Line{8.1}, LCL: chart.Line{3.3}}
	root = checkChart(t, chart.RunChart(chart.RunChartOptions{Series: constant}))
	for _, c := range []string{"ucl", "lcl"} {
		if d := root.classed(c)[0].attr["d"]; strings.ContainsAny(d, "VL") || strings.Count(d, "H") != 1 {
			t.Errorf("constant %s: got %q, want one straight segment", c, d)
		}
	}
}

func TestSignalShapes(t *testing.T) {
	se := chart.Series{Periods: months(2024, 6), Values: []float64{1, 2, 3, 4, 5, 6}, Signals: []chart.Signal{
		{Points: []int{0}, Effect: chart.Improvement},
		{Points: []int{1}, Effect: chart.Deterioration},
		{Points: []int{2}, Effect: chart.Unclear, Label: "Too few runs"},
	}}
	root := checkChart(t, chart.RunChart(chart.RunChartOptions{Series: se}))
	shapes := map[string]string{"improvement": "circle", "deterioration": "path", "signal": "rect"}
	for class, shape := range shapes {
		got := root.all(func(e *node) bool {
			return hasWord(e.attr["class"], class) && hasWord(e.attr["class"], "signal") && e.outer.attr["class"] == "points"
		})
		if class == "signal" {
			got = slices.DeleteFunc(got, func(e *node) bool { return e.name != "rect" })
		}
		if len(got) != 1 || got[0].name != shape {
			t.Errorf("%s marker: got %d, want one <%s>", class, len(got), shape)
		}
	}
	tip := root.all(func(e *node) bool { return e.name == "title" && strings.Contains(e.text.String(), "Too few runs") })
	if len(tip) != 1 || tip[0].text.String() != "2024-03: 3 — Signal: Too few runs" {
		t.Errorf("tooltip of an unclear signal: got %d tooltips, want %q", len(tip), "2024-03: 3 — Signal: Too few runs")
	}
}

// hostile is text that breaks markup that is not escaped.
const hostile = `<script>alert("x")</script> & 'it' </text><svg onload=alert(1)> ]]> &amp;`

func TestEscapesHostileText(t *testing.T) {
	se := chart.Series{
		Name: hostile, CentreLabel: hostile,
		Periods:     []string{hostile, "2024-02", `"><b>`},
		Values:      []float64{1, 2, 3},
		Centre:      chart.Line{2},
		Signals:     []chart.Signal{{Points: []int{2}, Effect: chart.Deterioration, Label: hostile}},
		Annotations: []chart.Annotation{{Period: `"><b>`, Label: hostile}, {Period: hostile, Label: "A & B"}},
	}
	charts := map[string]template.HTML{
		"run": chart.RunChart(chart.RunChartOptions{ID: `x"><script>`, Title: hostile, Subtitle: hostile, Series: se,
			Format: chart.Format{Suffix: hostile}, Class: `a" onclick="b`}),
		"spark":     chart.Sparkline(chart.SparklineOptions{ID: hostile, Title: hostile, Series: se}),
		"multiples": chart.SmallMultiples(chart.MultiplesOptions{Title: hostile, Panels: []chart.Series{se, se}}),
		"desc":      chart.RunChart(chart.RunChartOptions{Desc: hostile + "\x00\x1b", Series: se}),
	}
	for name, h := range charts {
		t.Run(name, func(t *testing.T) {
			root := checkChart(t, h)
			if strings.Contains(string(h), "<script") || strings.Contains(string(h), "<b>") {
				t.Errorf("markup from text reached the output")
			}
			if got := root.named("title")[0].text.String(); name != "desc" && got != hostile {
				t.Errorf("title: got %q, want the text as given", got)
			}
			if id := root.attr["id"]; strings.ContainsAny(id, `"<> `) {
				t.Errorf("id %q: want only name characters", id)
			}
		})
	}
	root := parse(t, charts["run"])
	if got := root.classed("annotation-label"); len(got) != 2 || got[0].text.String() != "A & B" ||
		!strings.HasPrefix(hostile, strings.TrimSuffix(got[1].text.String(), "…")) {
		t.Errorf("annotation labels: got %d, want A & B and the hostile text, clipped", len(got))
	}
	if got := root.attr["class"]; got != `a" onclick="b` {
		t.Errorf("class: got %q, want the text as given, inside the attribute", got)
	}
	if got := parse(t, charts["desc"]).named("desc")[0].text.String(); got != hostile+"\uFFFD\uFFFD" {
		t.Errorf("desc with control characters: got %q, want them replaced", got)
	}
}

func TestEmptyAndSinglePoint(t *testing.T) {
	nan := math.NaN()
	empty := map[string]chart.Series{
		"nothing":        {},
		"periods only":   {Periods: months(2024, 12)},
		"all missing":    {Periods: months(2024, 3), Values: []float64{nan, nan, nan}, Target: chart.Line{5}},
		"infinite":       {Values: []float64{math.Inf(1), math.Inf(-1)}},
		"lines, no data": {Periods: months(2024, 2), Centre: chart.Line{3}, UCL: chart.Line{4, 5}},
	}
	for name, se := range empty {
		t.Run(name, func(t *testing.T) {
			for kind, h := range map[string]template.HTML{
				"run":       chart.RunChart(chart.RunChartOptions{Series: se}),
				"spark":     chart.Sparkline(chart.SparklineOptions{Series: se}),
				"multiples": chart.SmallMultiples(chart.MultiplesOptions{Panels: []chart.Series{se}}),
			} {
				root := checkChart(t, h)
				if !slices.Contains(root.texts(), "No data yet") {
					t.Errorf("%s: texts %q, want No data yet", kind, root.texts())
				}
				if len(root.classed("series")) != 0 || len(root.classed("legend")) != 0 {
					t.Errorf("%s: want no series line and no legend without data", kind)
				}
			}
		})
	}
	root := checkChart(t, chart.SmallMultiples(chart.MultiplesOptions{}))
	if !strings.Contains(root.named("desc")[0].text.String(), "No data yet") {
		t.Errorf("multiples without panels: want No data yet in the description")
	}

	one := chart.Series{Periods: []string{"2024-Q4"}, Values: []float64{12.5}, Target: chart.Line{10}}
	for kind, h := range map[string]template.HTML{
		"run":       chart.RunChart(chart.RunChartOptions{Series: one}),
		"spark":     chart.Sparkline(chart.SparklineOptions{Series: one, Status: chart.StatusRed}),
		"multiples": chart.SmallMultiples(chart.MultiplesOptions{Panels: []chart.Series{one}}),
	} {
		root := checkChart(t, h)
		if got := len(root.classed("latest")); got != 1 {
			t.Errorf("%s single point: got %d latest markers, want 1", kind, got)
		}
		if s := root.classed("series"); len(s) != 1 || strings.Contains(s[0].attr["d"], "L") {
			t.Errorf("%s single point: want a series path without segments", kind)
		}
	}
}

func TestSparkline(t *testing.T) {
	se := chart.Series{Name: "Access", Periods: months(2024, 12), Values: trend(1, 12, 70, 1, 1), Target: chart.Line{75}}
	colours := map[chart.Status]string{chart.StatusNone: "#0f5e66", chart.StatusGreen: "#1d6b3f",
		chart.StatusAmber: "#b26a00", chart.StatusRed: "#a8231c"}
	for st, want := range colours {
		root := checkChart(t, chart.Sparkline(chart.SparklineOptions{ID: "s", Series: se, Status: st}))
		if got := root.classed("latest")[0].attr["fill"]; got != want {
			t.Errorf("status %v: latest point %q, want %q", st, got, want)
		}
		if root.attr["width"] != "120" || root.attr["height"] != "32" || root.attr["viewBox"] != "0 0 120 32" {
			t.Errorf("size: got %q×%q (%q), want 120×32", root.attr["width"], root.attr["height"], root.attr["viewBox"])
		}
		if len(root.classed("target")) != 1 {
			t.Errorf("want a target line")
		}
	}
	root := checkChart(t, chart.Sparkline(chart.SparklineOptions{Series: se, Status: chart.StatusRed, Width: 200, Height: 40}))
	if root.attr["viewBox"] != "0 0 200 40" || !strings.HasSuffix(root.named("desc")[0].text.String(), "Status: off target.") {
		t.Errorf("got viewBox %q desc %q, want 0 0 200 40 and the status", root.attr["viewBox"], root.named("desc")[0].text.String())
	}
}

func TestSmallMultiples(t *testing.T) {
	panels := clinics()
	root := checkChart(t, chart.SmallMultiples(chart.MultiplesOptions{ID: "m", Title: "Access", Panels: panels, Format: pct}))
	got := root.classed("panel")
	if len(got) != len(panels) {
		t.Fatalf("panels: got %d, want %d", len(got), len(panels))
	}
	first := got[0].classed("y-axis")[0].texts()
	for k, p := range got {
		if title := p.texts()[0]; title != panels[k].Name {
			t.Errorf("panel %d title: got %q, want %q", k, title, panels[k].Name)
		}
		if ticks := p.classed("y-axis")[0].texts(); !slices.Equal(ticks, first) {
			t.Errorf("panel %d y ticks %q, want the shared %q", k, ticks, first)
		}
	}
	if !slices.Contains(got[3].texts(), "as of Oct 2023") || len(got[3].classed("stale")) != 1 {
		t.Errorf("panel that stopped reporting: texts %q, want as of Oct 2023 and a stale band", got[3].texts())
	}
	if legend := root.classed("legend")[0].texts(); !slices.Equal(legend, []string{"Median", "Target", "Improvement", "Deterioration"}) {
		t.Errorf("legend: got %q", legend)
	}
	narrow := checkChart(t, chart.SmallMultiples(chart.MultiplesOptions{Panels: panels, Width: 360}))
	ys := map[string]bool{}
	for _, p := range narrow.classed("panel") {
		ys[p.texts()[0]+p.named("text")[0].attr["y"]] = true
	}
	if len(ys) != len(panels) {
		t.Errorf("narrow grid: want one column, each panel on its own row")
	}
}

func TestIDsPerChart(t *testing.T) {
	a := parse(t, chart.RunChart(chart.RunChartOptions{ID: "kpi-1", Series: shiftKPI()}))
	b := parse(t, chart.RunChart(chart.RunChartOptions{ID: "kpi-2", Series: shiftKPI()}))
	if a.attr["aria-labelledby"] != "kpi-1-title kpi-1-desc" || b.attr["aria-labelledby"] != "kpi-2-title kpi-2-desc" {
		t.Errorf("aria-labelledby: got %q and %q, want ids from each prefix", a.attr["aria-labelledby"], b.attr["aria-labelledby"])
	}
}

func TestTable(t *testing.T) {
	se := shiftKPI()
	tbl := chart.Table(se, pct)
	if want := []string{"Period", "Controlled HbA1c", "Target", "Median", "Signal", "Note"}; !slices.Equal(tbl.Columns, want) {
		t.Errorf("columns: got %q, want %q", tbl.Columns, want)
	}
	if len(tbl.Rows) != 36 {
		t.Fatalf("rows: got %d, want 36", len(tbl.Rows))
	}
	if got := tbl.Rows[7]; got[0] != "2022-08" || got[1] != "No data" || got[2] != "65.0%" {
		t.Errorf("missing month: got %q, want 2022-08, No data, 65.0%%", got)
	}
	if got := tbl.Rows[18]; got[4] != "Improvement: Shift: points above the baseline median" || got[5] != "Telehealth pilot started" {
		t.Errorf("row 2023-07: got %q, want the signal and the note", got)
	}
	p := chart.Table(pChart(), pct)
	if want := []string{"Period", "30-day readmissions", "Target", "Mean (p̄)", "Lower limit", "Upper limit", "Signal", "Note"}; !slices.Equal(p.Columns, want) {
		t.Errorf("p-chart columns: got %q, want %q", p.Columns, want)
	}
	for _, r := range p.Rows {
		if len(r) != len(p.Columns) || !strings.HasSuffix(r[4], "%") || !strings.HasSuffix(r[5], "%") {
			t.Errorf("p-chart row %q: want limits on every row", r)
		}
	}
	if got := chart.Table(chart.Series{}, pct); len(got.Rows) != 0 || !slices.Equal(got.Columns, []string{"Period", "Value"}) {
		t.Errorf("empty series: got %q with %d rows, want Period, Value and none", got.Columns, len(got.Rows))
	}
}

// TestManyShapes draws charts of many sizes and shapes: none may panic or
// be malformed.
func TestManyShapes(t *testing.T) {
	for _, n := range []int{1, 2, 3, 7, 13, 36, 60, 121, 400} {
		for _, w := range []int{200, 360, 760, 1200} {
			vals := trend(uint64(n), n, 50, 0.3, 10)
			if n > 4 {
				vals[n/2] = math.NaN()
			}
			se := chart.Series{Periods: months(2020, n), Values: vals, Centre: chart.Line{50}, UCL: chart.Line{80},
				LCL: chart.Line{20}, Target: chart.Line{60},
				Signals:     []chart.Signal{{Points: []int{0, n - 1}, Effect: chart.Deterioration}},
				Annotations: []chart.Annotation{{Period: months(2020, n)[n-1], Label: "Last"}, {Period: months(2020, n)[0], Label: "First"}}}
			checkChart(t, chart.RunChart(chart.RunChartOptions{Series: se, Width: w, Height: w / 2}))
			checkChart(t, chart.SmallMultiples(chart.MultiplesOptions{Panels: []chart.Series{se, se, se}, Width: w, Columns: 3}))
			checkChart(t, chart.Sparkline(chart.SparklineOptions{Series: se, Width: w / 4}))
		}
	}
}
