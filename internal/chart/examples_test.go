package chart_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/accord-alliance/accord/internal/chart"
)

// The realistic series the preview and the structure tests draw. The
// signals are computed here by hand so that these tests do not depend on
// the spc engine's API.

// months returns n monthly periods starting at year-01.
func months(year, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%04d-%02d", year+i/12, i%12+1)
	}
	return out
}

func median(vs []float64) float64 {
	s := slices.DeleteFunc(slices.Clone(vs), math.IsNaN)
	slices.Sort(s)
	if len(s) == 0 {
		return math.NaN()
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// shiftKPI is 36 months of a percent KPI that shifts up when a telehealth
// pilot starts in month 18, with two months not reported, a target that
// rises each year and a median re-based at the pilot.
func shiftKPI() chart.Series {
	r := rand.New(rand.NewPCG(7, 11))
	vals := make([]float64, 36)
	for i := range vals {
		base := 61.5
		if i >= 18 {
			base = 69.0 + float64(i-18)*0.08
		}
		vals[i] = math.Round((base+r.NormFloat64()*1.9)*10) / 10
	}
	vals[7], vals[8] = math.NaN(), math.NaN()
	centre := make(chart.Line, 36)
	m1, m2 := median(vals[:18]), median(vals[18:])
	var shift []int
	for i := range centre {
		centre[i] = m1
		if i >= 18 {
			centre[i] = m2
		}
		if i >= 18 && i < 29 && vals[i] > m1 {
			shift = append(shift, i)
		}
	}
	target := make(chart.Line, 36)
	for i := range target {
		target[i] = []float64{65, 68, 72}[i/12]
	}
	return chart.Series{
		Name:        "Controlled HbA1c",
		Periods:     months(2022, 36),
		Values:      vals,
		Centre:      centre,
		CentreLabel: "Median",
		Target:      target,
		Signals: []chart.Signal{
			{Points: shift, Effect: chart.Improvement, Label: "Shift: points above the baseline median"},
		},
		Annotations: []chart.Annotation{
			{Period: "2022-10", Label: "EHR upgrade"},
			{Period: "2023-07", Label: "Telehealth pilot started"},
		},
	}
}

// pChart is a monthly readmission proportion with denominators that vary
// from month to month, so its 3-sigma limits step.
func pChart() chart.Series {
	r := rand.New(rand.NewPCG(3, 5))
	const n = 24
	num, den := make([]float64, n), make([]float64, n)
	for i := range n {
		den[i] = float64(60 + r.IntN(170))
		p := 0.118
		if i == 15 {
			p = 0.215
		}
		num[i] = math.Round(den[i] * (p + r.NormFloat64()*0.012))
	}
	pbar := sum(num) / sum(den)
	vals, ucl, lcl := make([]float64, n), make(chart.Line, n), make(chart.Line, n)
	var above []int
	for i := range n {
		sd := math.Sqrt(pbar * (1 - pbar) / den[i])
		vals[i] = 100 * num[i] / den[i]
		ucl[i] = 100 * (pbar + 3*sd)
		lcl[i] = 100 * math.Max(0, pbar-3*sd)
		if vals[i] > ucl[i] {
			above = append(above, i)
		}
	}
	return chart.Series{
		Name:        "30-day readmissions",
		Periods:     months(2023, n),
		Values:      vals,
		Centre:      chart.Line{100 * pbar},
		CentreLabel: "Mean (p̄)",
		UCL:         ucl,
		LCL:         lcl,
		Target:      chart.Line{10},
		Signals:     []chart.Signal{{Points: above, Effect: chart.Deterioration, Label: "Above the upper control limit"}},
		Annotations: []chart.Annotation{{Period: "2024-04", Label: "Discharge-call nurse hired"}},
	}
}

func sum(vs []float64) (s float64) {
	for _, v := range vs {
		s += v
	}
	return s
}

// clinics is one access KPI for four clinics over 30 months: steady,
// improving, shifted down, and one that stopped reporting.
func clinics() []chart.Series {
	r := rand.New(rand.NewPCG(9, 1))
	names := []string{"Riverside Family Health", "Northgate Clinic", "Elm Street Pediatrics", "Harbor View Medical"}
	out := make([]chart.Series, len(names))
	for k, name := range names {
		vals := make([]float64, 30)
		for i := range vals {
			v := 72 + r.NormFloat64()*3
			switch k {
			case 1:
				v = 58 + float64(i)*0.9 + r.NormFloat64()*2.5
			case 2:
				if i >= 14 {
					v -= 11
				}
			case 3:
				if i >= 22 {
					v = math.NaN()
				}
			}
			vals[i] = math.Round(v*10) / 10
		}
		s := chart.Series{Name: name, Periods: months(2022, 30), Values: vals,
			Centre: chart.Line{median(vals)}, CentreLabel: "Median", Target: chart.Line{75}}
		switch k {
		case 1:
			s.Signals = []chart.Signal{{Points: []int{22, 23, 24, 25, 26, 27, 28, 29}, Effect: chart.Improvement, Label: "Shift above the median"}}
		case 2:
			s.Signals = []chart.Signal{{Points: []int{14, 15, 16, 17, 18, 19, 20, 21}, Effect: chart.Deterioration, Label: "Shift below the median"}}
			s.Annotations = []chart.Annotation{{Period: "2023-03", Label: "Two physicians left"}}
		}
		out[k] = s
	}
	return out
}

// trend returns n monthly values around base that drift by slope a month.
func trend(seed uint64, n int, base, slope, noise float64) []float64 {
	r := rand.New(rand.NewPCG(seed, seed+1))
	out := make([]float64, n)
	for i := range out {
		out[i] = math.Round((base+slope*float64(i)+r.NormFloat64()*noise)*10) / 10
	}
	return out
}
