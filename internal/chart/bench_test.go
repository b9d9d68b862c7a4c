package chart_test

import (
	"testing"

	"github.com/accord-alliance/accord/internal/chart"
)

// The KPI page draws a run chart, a control chart and small multiples; the
// scorecard one sparkline per tile. Their cost counts against the page
// budgets of issue 3 (50 ms at the 95th percentile).

func BenchmarkRunChart60(b *testing.B) {
	se := shiftKPI()
	se.Periods, se.Values = months(2020, 60), trend(1, 60, 65, 0.1, 2)
	for b.Loop() {
		chart.RunChart(chart.RunChartOptions{ID: "k", Series: se, Format: pct})
	}
}

func BenchmarkSmallMultiples20(b *testing.B) {
	panels := make([]chart.Series, 20)
	for k := range panels {
		panels[k] = chart.Series{Name: "Clinic", Periods: months(2020, 60), Values: trend(uint64(k), 60, 70, 0, 3), Centre: chart.Line{70}}
	}
	for b.Loop() {
		chart.SmallMultiples(chart.MultiplesOptions{ID: "m", Panels: panels, Format: pct})
	}
}

func BenchmarkSparkline(b *testing.B) {
	se := chart.Series{Periods: months(2024, 12), Values: trend(1, 12, 70, 1, 1), Target: chart.Line{75}}
	for b.Loop() {
		chart.Sparkline(chart.SparklineOptions{ID: "s", Series: se, Status: chart.StatusGreen})
	}
}
