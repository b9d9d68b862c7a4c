package spc

import (
	"math"
	"testing"
)

const tol = 1e-9

func TestIChart(t *testing.T) {
	tests := []struct {
		name          string
		values        []float64
		opt           Options
		centre, sigma []float64 // per point
	}{
		{
			name:   "all points",
			values: []float64{1, 2, 3, 4, 5},
			centre: rep(3, 5), sigma: rep(1/1.128, 5),
		},
		{
			name:   "baseline of the first three",
			values: []float64{10, 12, 11, 30, 31},
			opt:    Options{Baseline: 3},
			centre: rep(11, 5), sigma: rep(1.5/1.128, 5),
		},
		{
			name:   "phases are re-based",
			values: []float64{1, 2, 3, 10, 12, 14},
			opt:    Options{Phases: []int{3}},
			centre: cat(rep(2, 3), rep(12, 3)), sigma: cat(rep(1/1.128, 3), rep(2/1.128, 3)),
		},
		{
			name:   "baseline counts from each phase start",
			values: []float64{1, 3, 100, 10, 12, 100},
			opt:    Options{Baseline: 2, Phases: []int{3}},
			centre: cat(rep(2, 3), rep(11, 3)), sigma: cat(rep(2/1.128, 3), rep(2/1.128, 3)),
		},
		{
			name:   "a baseline longer than the phase uses the phase",
			values: []float64{1, 2, 3},
			opt:    Options{Baseline: 10},
			centre: rep(2, 3), sigma: rep(1/1.128, 3),
		},
		{
			name:   "constant series has zero sigma",
			values: []float64{4, 4, 4},
			centre: rep(4, 3), sigma: rep(0, 3),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := IChart(tt.values, tt.opt)
			if err != nil {
				t.Fatalf("IChart: got error %v, want none", err)
			}
			for i := range tt.values {
				if !near(c.Centre[i], tt.centre[i], tol) || !near(c.Sigma[i], tt.sigma[i], tol) {
					t.Errorf("point %d: got centre %v sigma %v, want %v and %v", i, c.Centre[i], c.Sigma[i], tt.centre[i], tt.sigma[i])
				}
				if !near(c.UCL[i], tt.centre[i]+3*tt.sigma[i], tol) || !near(c.LCL[i], tt.centre[i]-3*tt.sigma[i], tol) {
					t.Errorf("point %d: got limits %v..%v, want centre ± 3 sigma", i, c.LCL[i], c.UCL[i])
				}
			}
		})
	}
}

func TestIChartBaselineSignal(t *testing.T) {
	// Limits from the stable first three points; the jump afterwards is
	// beyond them, which limits from all points would blur.
	c, err := IChart([]float64{10, 12, 11, 30, 31}, Options{Baseline: 3})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := c.Signals(Nelson)
	checkSignals(t, got, Nelson1, []want{{[]int{3}, Above}, {[]int{4}, Above}})
}

func TestChartErrors(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		make func() (*Chart, error)
	}{
		{"no points", func() (*Chart, error) { return IChart(nil, Options{}) }},
		{"one point has no moving range", func() (*Chart, error) { return IChart([]float64{1}, Options{}) }},
		{"baseline of one", func() (*Chart, error) { return IChart([]float64{1, 2, 3}, Options{Baseline: 1}) }},
		{"phase of one point", func() (*Chart, error) { return IChart([]float64{1, 2, 3}, Options{Phases: []int{2}}) }},
		{"NaN value", func() (*Chart, error) { return IChart([]float64{1, nan}, Options{}) }},
		{"infinite value", func() (*Chart, error) { return IChart([]float64{1, math.Inf(1)}, Options{}) }},
		{"negative baseline", func() (*Chart, error) { return IChart([]float64{1, 2}, Options{Baseline: -1}) }},
		{"phase at zero", func() (*Chart, error) { return IChart([]float64{1, 2, 3, 4}, Options{Phases: []int{0}}) }},
		{"phases not ascending", func() (*Chart, error) { return IChart(rep(1, 9), Options{Phases: []int{6, 3}}) }},
		{"phase past the end", func() (*Chart, error) { return IChart(rep(1, 4), Options{Phases: []int{4}}) }},
		{"p numerator above denominator", func() (*Chart, error) { return PChart([]float64{3}, []float64{2}, Options{}) }},
		{"p zero denominator", func() (*Chart, error) { return PChart([]float64{0}, []float64{0}, Options{}) }},
		{"u negative numerator", func() (*Chart, error) { return UChart([]float64{-1}, []float64{2}, Options{}) }},
		{"u length mismatch", func() (*Chart, error) { return UChart([]float64{1, 2}, []float64{2}, Options{}) }},
		{"u NaN denominator", func() (*Chart, error) { return UChart([]float64{1}, []float64{nan}, Options{}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if c, err := tt.make(); err == nil {
				t.Errorf("got chart %+v and no error, want an error", c)
			}
		})
	}
}

func TestPChart(t *testing.T) {
	c, err := PChart([]float64{5, 10, 20}, []float64{100, 100, 200}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := 35.0 / 400
	for i, n := range []float64{100, 100, 200} {
		sigma := math.Sqrt(p * (1 - p) / n)
		if !near(c.Centre[i], p, tol) || !near(c.Sigma[i], sigma, tol) {
			t.Errorf("point %d: got centre %v sigma %v, want %v and %v", i, c.Centre[i], c.Sigma[i], p, sigma)
		}
	}
	if !near(c.Values[0], 0.05, tol) {
		t.Errorf("value 0: got %v, want 0.05", c.Values[0])
	}
}

func TestPChartLimitsClipped(t *testing.T) {
	c, err := PChart([]float64{1, 2, 1, 19}, []float64{20, 20, 20, 20}, Options{Baseline: 3})
	if err != nil {
		t.Fatal(err)
	}
	for i := range c.LCL {
		if c.LCL[i] != 0 {
			t.Errorf("LCL %d: got %v, want 0 (clipped)", i, c.LCL[i])
		}
		if c.UCL[i] > 1 {
			t.Errorf("UCL %d: got %v, want at most 1", i, c.UCL[i])
		}
	}
	c, err = PChart([]float64{19, 20, 19}, []float64{20, 20, 20}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.UCL[0] != 1 {
		t.Errorf("UCL: got %v, want 1 (clipped)", c.UCL[0])
	}
}

func TestUChart(t *testing.T) {
	c, err := UChart([]float64{4, 6}, []float64{2, 4}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	u := 10.0 / 6
	for i, n := range []float64{2, 4} {
		if !near(c.Centre[i], u, tol) || !near(c.Sigma[i], math.Sqrt(u/n), tol) {
			t.Errorf("point %d: got centre %v sigma %v, want %v and %v", i, c.Centre[i], c.Sigma[i], u, math.Sqrt(u/n))
		}
	}
}

// TestPerPointSigmaZones checks that each point is read against its own
// sigma: the same proportion is beyond 3 sigma with a large denominator and
// within it with a small one.
func TestPerPointSigmaZones(t *testing.T) {
	num := []float64{10, 10, 10, 10, 10, 2, 200}
	den := []float64{100, 100, 100, 100, 100, 10, 1000}
	c, err := PChart(num, den, Options{Baseline: 5})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := c.Signals(Nelson)
	// p̄ = 0.1; 0.2 is 2.1 sigma out with 10 cases, 10.5 sigma out with 1000.
	checkSignals(t, got, Nelson1, []want{{[]int{6}, Above}})
}
