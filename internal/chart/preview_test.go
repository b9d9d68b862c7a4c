package chart_test

import (
	"fmt"
	"html/template"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/chart"
)

// TestPreview renders a page of realistic charts. It always runs (so the
// examples keep rendering); with ACCORD_CHART_PREVIEW=/some/dir it writes
// preview.html there for a person to look at in a browser or a headless
// screenshot at laptop and phone widths.
func TestPreview(t *testing.T) {
	dir := os.Getenv("ACCORD_CHART_PREVIEW")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString(previewHead)
	section(&b, "Scorecard tiles", tiles())
	both(&b, "Run chart: a shift after an intervention", func(w int, id string) template.HTML {
		return chart.RunChart(chart.RunChartOptions{ID: id, Title: "Patients with controlled HbA1c (< 8%)",
			Subtitle: "Monthly · percent of patients with diabetes · higher is better",
			Series:   shiftKPI(), Format: chart.Format{Unit: chart.Percent, Decimals: 1}, Width: w})
	})
	both(&b, "p-chart: limits vary with each month's discharges", func(w int, id string) template.HTML {
		return chart.RunChart(chart.RunChartOptions{ID: id, Title: "30-day readmissions, Northgate",
			Subtitle: "Monthly · percent of discharges · lower is better",
			Series:   pChart(), Format: chart.Format{Unit: chart.Percent, Decimals: 1}, Include: []float64{0}, Width: w})
	})
	both(&b, "Small multiples: one KPI per clinic", func(w int, id string) template.HTML {
		return chart.SmallMultiples(chart.MultiplesOptions{ID: id, Title: "Same-week appointment availability",
			Subtitle: "Monthly · percent of requests · shared scale", Panels: clinics(),
			Format: chart.Format{Unit: chart.Percent, Decimals: 1}, Width: w})
	})
	both(&b, "Currency, a stopped feed and edge cases", func(w int, id string) template.HTML {
		cost := chart.Series{Name: "Cost per member per month", Periods: months(2022, 36),
			Values: trend(4, 36, 1284, -4.2, 22), Target: chart.Line{1200}}
		for i := 29; i < 36; i++ {
			cost.Values[i] = math.NaN()
		}
		return chart.RunChart(chart.RunChartOptions{ID: id, Title: "Total cost of care PMPM",
			Subtitle: "Monthly · lower is better · no data since 2024-05", Series: cost,
			Format: chart.Format{Unit: chart.Currency}, Width: w}) +
			chart.RunChart(chart.RunChartOptions{ID: id + "-empty", Title: "Patient-reported experience score",
				Series: chart.Series{Periods: months(2024, 12)}, Width: w, Height: 220}) +
			chart.RunChart(chart.RunChartOptions{ID: id + "-one", Title: "Days to third next available appointment",
				Series: chart.Series{Name: "Days", Periods: []string{"2024-Q4"}, Values: []float64{12.5}},
				Format: chart.Format{Decimals: 1, Suffix: " days"}, Width: w, Height: 220})
	})
	both(&b, "Stress: weekly labels, crowded annotations, a long title", func(w int, id string) template.HTML {
		weeks := make([]string, 52)
		for i := range weeks {
			weeks[i] = fmt.Sprintf("2024-W%02d", i+1)
		}
		se := chart.Series{Name: "Median minutes from arrival to clinician", Periods: weeks,
			Values: trend(8, 52, 42, -0.15, 4), Centre: chart.Line{38.5}, CentreLabel: "Median",
			Signals: []chart.Signal{{Points: []int{40, 41, 42, 43, 44, 45}, Effect: chart.Unclear, Label: "Shift below the median (direction not set)"}},
			Annotations: []chart.Annotation{
				{Period: "2024-W10", Label: "Triage nurse added to the morning shift"},
				{Period: "2024-W12", Label: "New check-in kiosks"},
				{Period: "2024-W14", Label: "Flu season staffing"},
				{Period: "2024-W15", Label: "EHR downtime"},
				{Period: "2024-W50", Label: "Holiday rota"},
			}}
		return chart.RunChart(chart.RunChartOptions{ID: id, Title: "Median minutes from arrival to first clinician contact, urgent care, all sites combined",
			Series: se, Format: chart.Format{Suffix: " min"}, Width: w})
	})
	both(&b, "Radar: each party's profile on the partnership survey", func(w int, id string) template.HTML {
		return chart.Radar(chart.RadarOptions{ID: id, Title: "Each party's profile, 2026 Q3",
			Subtitle: "Mean score per factor · 1 to 5 · higher is better", Axes: factors, Profiles: partyProfiles(), Width: w})
	})
	tbl := chart.Table(pChart(), chart.Format{Unit: chart.Percent, Decimals: 1})
	b.WriteString("<h2>Table alternative (p-chart)</h2><table><tr>")
	for _, c := range tbl.Columns {
		fmt.Fprintf(&b, "<th>%s</th>", template.HTMLEscapeString(c))
	}
	b.WriteString("</tr>")
	for _, r := range tbl.Rows[:6] {
		b.WriteString("<tr>")
		for _, c := range r {
			fmt.Fprintf(&b, "<td>%s</td>", template.HTMLEscapeString(c))
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</table></main></body></html>\n")
	out := filepath.Join(dir, "preview.html")
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s", out)
}

// both writes a wide and a narrow variant of a chart; the page's media
// query shows one, as a real page would.
func both(b *strings.Builder, heading string, draw func(width int, id string) template.HTML) {
	id := fmt.Sprintf("c%d", b.Len())
	section(b, heading, `<div class="chart-wide">`+draw(760, id+"w")+`</div><div class="chart-narrow">`+draw(360, id+"n")+`</div>`)
}

func section(b *strings.Builder, heading string, body template.HTML) {
	fmt.Fprintf(b, "<section class=\"card\"><h2>%s</h2>%s</section>\n", template.HTMLEscapeString(heading), body)
}

// tiles is a row of scorecard tiles with sparklines.
func tiles() template.HTML {
	type tile struct {
		name, value, target string
		vals                []float64
		goal                float64
		st                  chart.Status
		unit                chart.Format
	}
	pct := chart.Format{Unit: chart.Percent, Decimals: 1}
	ts := []tile{
		{"Controlled HbA1c", "70.4%", "Target 72%", shiftKPI().Values[24:], 72, chart.StatusAmber, pct},
		{"Same-week access", "81.2%", "Target 75%", trend(2, 12, 70, 1, 1.5), 75, chart.StatusGreen, pct},
		{"30-day readmissions", "14.9%", "Target 10%", trend(5, 12, 11, 0.35, 0.8), 10, chart.StatusRed, pct},
		{"Cost PMPM", "$1,162", "Target $1,200", trend(4, 12, 1240, -7, 14), 1200, chart.StatusGreen, chart.Format{Unit: chart.Currency}},
		{"Patient experience", "—", "Target 85", nil, 85, chart.StatusNone, chart.Format{}},
	}
	var b strings.Builder
	b.WriteString(`<div class="tiles">`)
	for k, t := range ts {
		sp := chart.Sparkline(chart.SparklineOptions{ID: fmt.Sprintf("spark%d", k), Title: t.name + ", last 12 months",
			Series: chart.Series{Name: t.name, Periods: months(2024, 12), Values: t.vals, Target: chart.Line{t.goal}},
			Format: t.unit, Status: t.st})
		fmt.Fprintf(&b, `<div class="tile"><div class="tname">%s</div><div class="trow"><span class="tval">%s</span>%s</div><div class="tmeta">%s · updated 3 days ago</div></div>`,
			template.HTMLEscapeString(t.name), template.HTMLEscapeString(t.value), sp, template.HTMLEscapeString(t.target))
	}
	b.WriteString(`</div>`)
	return template.HTML(b.String())
}

const previewHead = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>accord chart preview</title>
<style>
body{margin:0;background:#f5f7f8;color:#14232b;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:840px;margin:0 auto;padding:24px 16px}
.card{background:#fff;border-radius:10px;box-shadow:0 1px 2px rgba(20,35,43,.06),0 2px 8px rgba(20,35,43,.05);padding:16px;margin:0 0 20px}
h1{font-size:22px;margin:0 0 16px}h2{font-size:13px;text-transform:uppercase;letter-spacing:.06em;color:#55656e;margin:0 0 10px}
.chart-narrow{display:none}
@media (max-width:600px){.chart-wide{display:none}.chart-narrow{display:block}main{padding:12px 8px}.card{padding:10px}}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:12px}
.tile{border:1px solid #dde3e7;border-radius:10px;padding:12px 14px}
.tname{font-size:13px;color:#55656e;font-weight:600}.trow{display:flex;align-items:center;justify-content:space-between;gap:8px;margin:4px 0}
.tval{font-size:24px;font-weight:700;color:#0f5e66}.tmeta{font-size:12px;color:#55656e}
table{border-collapse:collapse;font-size:13px}td,th{border-bottom:1px solid #dde3e7;padding:4px 10px;text-align:right}
</style></head><body><main><h1>accord · chart preview</h1>
`
