package spc

import "testing"

// Every case reads values against centre 0 and sigma 1 unless it says
// otherwise, so a value is its own distance from the centre in sigmas.
type ruleCase struct {
	name   string
	values []float64
	centre float64
	sigma  float64
	want   []want
}

func runRuleCases(t *testing.T, rs RuleSet, rule RuleID, cases []ruleCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			sigma := tt.sigma
			if sigma == 0 {
				sigma = 1
			}
			got, err := fixed(tt.values, tt.centre, sigma).Signals(rs)
			if err != nil {
				t.Fatalf("Signals: got error %v, want none", err)
			}
			checkSignals(t, got, rule, tt.want)
		})
	}
}

func TestNelson1BeyondThreeSigma(t *testing.T) {
	runRuleCases(t, Nelson, Nelson1, []ruleCase{
		{name: "exactly 3 sigma is not beyond", values: []float64{3, -3, 0}},
		{name: "just beyond above", values: []float64{0, 3.0001, 0}, want: []want{{[]int{1}, Above}}},
		{name: "just beyond below", values: []float64{-3.0001}, want: []want{{[]int{0}, Below}}},
		{name: "each point is its own signal", values: []float64{4, 5, -4}, want: []want{{[]int{0}, Above}, {[]int{1}, Above}, {[]int{2}, Below}}},
		{name: "decimal exactly at 3 sigma despite binary rounding", values: []float64{0.9}, sigma: 0.3},
		{name: "empty series", values: nil},
	})
}

func TestNelson2NineSameSide(t *testing.T) {
	runRuleCases(t, Nelson, Nelson2, []ruleCase{
		{name: "eight is not enough", values: rep(0.5, 8)},
		{name: "nine above", values: rep(0.5, 9), want: []want{{seq(0, 8), Above}}},
		{name: "nine below after a point above", values: cat([]float64{1}, rep(-0.1, 9)), want: []want{{seq(1, 9), Below}}},
		{name: "a longer run is one signal", values: rep(0.5, 12), want: []want{{seq(0, 11), Above}}},
		{name: "a point on the centre breaks the run", values: cat(rep(0.5, 5), []float64{0}, rep(0.5, 5))},
		{name: "centre point then nine", values: cat(rep(0.5, 5), []float64{0}, rep(0.5, 9)), want: []want{{seq(6, 14), Above}}},
		{name: "nine above then nine below", values: cat(rep(1, 9), rep(-1, 9)), want: []want{{seq(0, 8), Above}, {seq(9, 17), Below}}},
		{name: "decimal on a decimal centre is on the centre", values: cat(rep(0.4, 4), []float64{0.1 + 0.2}, rep(0.4, 4)), centre: 0.3},
	})
}

func TestNelson3SixMonotone(t *testing.T) {
	runRuleCases(t, Nelson, Nelson3, []ruleCase{
		{name: "five rising points are not enough", values: []float64{1, 2, 3, 4, 5}, sigma: 10},
		{name: "six rising", values: []float64{1, 2, 3, 4, 5, 6}, sigma: 10, want: []want{{seq(0, 5), Up}}},
		{name: "six falling", values: []float64{6, 5, 4, 3, 2, 1}, sigma: 10, want: []want{{seq(0, 5), Down}}},
		{name: "an equal neighbour breaks the run", values: []float64{1, 2, 3, 3, 4, 5, 6}, sigma: 10},
		{name: "a longer run is one signal", values: []float64{0, 1, 2, 3, 4, 5, 6, 7}, sigma: 10, want: []want{{seq(0, 7), Up}}},
		{name: "rise then fall share the peak", values: []float64{1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1}, sigma: 10,
			want: []want{{seq(0, 5), Up}, {seq(5, 10), Down}}},
		{name: "crossing the centre does not matter", values: []float64{-3, -2, -1, 0, 1, 2}, sigma: 10, want: []want{{seq(0, 5), Up}}},
	})
}

// zigzag returns n points alternating up and down, starting up.
func zigzag(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		if i%2 == 1 {
			out[i] = 0.5
		}
	}
	return out
}

func TestNelson4FourteenAlternating(t *testing.T) {
	runRuleCases(t, Nelson, Nelson4, []ruleCase{
		{name: "thirteen are not enough", values: zigzag(13)},
		{name: "fourteen", values: zigzag(14), want: []want{{seq(0, 13), Both}}},
		{name: "fifteen are one signal", values: zigzag(15), want: []want{{seq(0, 14), Both}}},
		{name: "an equal neighbour breaks it", values: cat(zigzag(8), []float64{0.5}, zigzag(6))},
		{name: "two steps the same way restart it", values: cat([]float64{-1}, zigzag(14)), want: []want{{seq(1, 14), Both}}},
	})
}

func TestNelson5TwoOfThreeBeyondTwoSigma(t *testing.T) {
	runRuleCases(t, Nelson, Nelson5, []ruleCase{
		{name: "two of three above", values: []float64{2.5, 0, 2.1}, want: []want{{[]int{0, 2}, Above}}},
		{name: "two adjacent below", values: []float64{0, -2.5, -2.5}, want: []want{{[]int{1, 2}, Below}}},
		{name: "opposite sides do not count together", values: []float64{2.5, -2.5, 0}},
		{name: "exactly 2 sigma is not beyond", values: []float64{2, 2.5, 2}},
		{name: "beyond 3 sigma also counts", values: []float64{3.5, 2.5}, want: []want{{[]int{0, 1}, Above}}},
		{name: "overlapping windows merge", values: []float64{2.5, 2.5, 2.5}, want: []want{{[]int{0, 1, 2}, Above}}},
		{name: "windows sharing a point chain", values: []float64{2.5, 0, 2.5, 0, 2.5}, want: []want{{[]int{0, 2, 4}, Above}}},
		{name: "separate windows are separate signals", values: []float64{2.5, 2.5, 0, 0, 0, 2.5, 2.5},
			want: []want{{[]int{0, 1}, Above}, {[]int{5, 6}, Above}}},
		{name: "one side each, ordered by first point", values: []float64{-2.5, -2.5, 0, 2.5, 2.5},
			want: []want{{[]int{0, 1}, Below}, {[]int{3, 4}, Above}}},
		{name: "a phase shorter than the window is one window", values: []float64{2.5, 2.5}, want: []want{{[]int{0, 1}, Above}}},
		{name: "one point", values: []float64{2.5}},
	})
}

func TestNelson6FourOfFiveBeyondOneSigma(t *testing.T) {
	runRuleCases(t, Nelson, Nelson6, []ruleCase{
		{name: "four of five above", values: []float64{1.5, 1.5, 0, 1.5, 1.5}, want: []want{{[]int{0, 1, 3, 4}, Above}}},
		{name: "three of five", values: []float64{1.5, 1.5, 0, 0, 1.5}},
		{name: "exactly 1 sigma is not beyond", values: []float64{1.5, 1, 1.5, 1.5, 0}},
		{name: "mixed sides", values: []float64{1.5, 1.5, -1.5, 1.5, 0}},
		{name: "below", values: []float64{-1.2, -1.2, -1.2, -1.2}, want: []want{{[]int{0, 1, 2, 3}, Below}}},
		{name: "six in a row is one signal", values: rep(1.5, 6), want: []want{{seq(0, 5), Above}}},
	})
}

func TestNelson7FifteenWithinOneSigma(t *testing.T) {
	hug := func(n int) []float64 { // within 1 sigma, on both sides
		out := make([]float64, n)
		for i := range out {
			out[i] = 0.5
			if i%3 == 0 {
				out[i] = -0.5
			}
		}
		return out
	}
	runRuleCases(t, Nelson, Nelson7, []ruleCase{
		{name: "fourteen are not enough", values: hug(14)},
		{name: "fifteen", values: hug(15), want: []want{{seq(0, 14), Both}}},
		{name: "exactly 1 sigma is within", values: cat(hug(7), []float64{1}, hug(7)), want: []want{{seq(0, 14), Both}}},
		{name: "just beyond 1 sigma breaks it", values: cat(hug(7), []float64{1.01}, hug(7))},
		{name: "points on the centre are within", values: rep(0, 15), want: []want{{seq(0, 14), Both}}},
		{name: "all on one side reports that side", values: rep(0.5, 15), want: []want{{seq(0, 14), Above}}},
		{name: "a longer run is one signal", values: hug(20), want: []want{{seq(0, 19), Both}}},
	})
}

func TestNelson8EightNoneWithinOneSigma(t *testing.T) {
	swing := func(n int) []float64 { // beyond 1 sigma, alternating sides
		out := make([]float64, n)
		for i := range out {
			out[i] = 1.5
			if i%2 == 1 {
				out[i] = -1.5
			}
		}
		return out
	}
	runRuleCases(t, Nelson, Nelson8, []ruleCase{
		{name: "seven are not enough", values: swing(7)},
		{name: "eight", values: swing(8), want: []want{{seq(0, 7), Both}}},
		{name: "exactly 1 sigma is within and breaks it", values: cat(swing(4), []float64{1}, swing(4))},
		{name: "all above reports above", values: rep(2.5, 8), want: []want{{seq(0, 7), Above}}},
		{name: "a point on the centre breaks it", values: cat(swing(4), []float64{0}, swing(8)), want: []want{{seq(5, 12), Both}}},
	})
}

func TestPhasesConfineRuns(t *testing.T) {
	c := fixed(rep(0.5, 10), 0, 1)
	c.Phases = []Phase{{Start: 0, End: 5, BaselineEnd: 5}, {Start: 5, End: 10, BaselineEnd: 10}}
	got, err := c.Signals(Nelson)
	if err != nil {
		t.Fatal(err)
	}
	if s := only(got, Nelson2); len(s) != 0 {
		t.Errorf("nelson-2 across a phase boundary: got %v, want none", s)
	}
}

func TestSignalsRejectsRunChartRules(t *testing.T) {
	if _, err := fixed([]float64{1}, 0, 1).Signals(IHI); err == nil {
		t.Error("Chart.Signals(IHI): got no error, want one")
	}
}
