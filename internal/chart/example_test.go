package chart_test

import (
	"fmt"
	"math"

	"github.com/accord-alliance/accord/internal/chart"
)

// A KPI page draws a control chart from the spc engine's result: its
// per-point centre and limits are Lines as they are, and each signal
// becomes a chart.Signal with the effect spc.Classify gives it.
func ExampleRunChart() {
	periods := []string{"2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"}
	values := []float64{11.2, 12.9, math.NaN(), 10.4, 21.7, 11.8} // percent; NaN: not reported
	svg := chart.RunChart(chart.RunChartOptions{
		ID:       "kpi-readmissions-p",
		Title:    "30-day readmissions",
		Subtitle: "Monthly · lower is better",
		Series: chart.Series{
			Name:        "Readmissions",
			Periods:     periods,
			Values:      values,
			Centre:      chart.Line{12.1},
			CentreLabel: "Mean (p̄)",
			UCL:         chart.Line{19.8, 18.9, 20.4, 19.1, 18.7, 19.5},
			LCL:         chart.Line{4.4, 5.3, 3.8, 5.1, 5.5, 4.7},
			Target:      chart.Line{10},
			Signals:     []chart.Signal{{Points: []int{4}, Effect: chart.Deterioration, Label: "Above the upper limit"}},
			Annotations: []chart.Annotation{{Period: "2024-04", Label: "Discharge calls started"}},
		},
		Format: chart.Format{Unit: chart.Percent, Decimals: 1},
	})
	table := chart.Table(chart.Series{Periods: periods, Values: values}, chart.Format{Unit: chart.Percent, Decimals: 1})
	fmt.Println(len(svg) > 0, table.Columns, table.Rows[2])
	// Output: true [Period Value] [2024-03 No data]
}
