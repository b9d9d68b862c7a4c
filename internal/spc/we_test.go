package spc

import "testing"

func TestWE1BeyondThreeSigma(t *testing.T) {
	runRuleCases(t, WesternElectric, WE1, []ruleCase{
		{name: "exactly 3 sigma is not beyond", values: []float64{3, -3}},
		{name: "beyond on both sides", values: []float64{3.2, 0, -3.2}, want: []want{{[]int{0}, Above}, {[]int{2}, Below}}},
	})
}

func TestWE2TwoOfThreeBeyondTwoSigma(t *testing.T) {
	runRuleCases(t, WesternElectric, WE2, []ruleCase{
		{name: "two of three below", values: []float64{-2.1, 0, -2.1}, want: []want{{[]int{0, 2}, Below}}},
		{name: "two beyond but four apart", values: []float64{2.1, 0, 0, 2.1}},
		{name: "exactly 2 sigma is not beyond", values: []float64{2.1, 2, 0}},
	})
}

func TestWE3FourOfFiveBeyondOneSigma(t *testing.T) {
	runRuleCases(t, WesternElectric, WE3, []ruleCase{
		{name: "four of five above", values: []float64{1.1, 0, 1.1, 1.1, 1.1}, want: []want{{[]int{0, 2, 3, 4}, Above}}},
		{name: "three of five", values: []float64{1.1, 0, 1.1, 0, 1.1}},
		{name: "exactly 1 sigma is not beyond", values: []float64{1.1, 1, 1.1, 1.1, 0}},
	})
}

func TestWE4EightSameSide(t *testing.T) {
	runRuleCases(t, WesternElectric, WE4, []ruleCase{
		{name: "seven are not enough", values: rep(-0.2, 7)},
		{name: "eight below", values: rep(-0.2, 8), want: []want{{seq(0, 7), Below}}},
		{name: "a point on the centre breaks the run", values: cat(rep(0.2, 4), []float64{0}, rep(0.2, 4))},
		{name: "nine are one signal", values: rep(0.2, 9), want: []want{{seq(0, 8), Above}}},
	})
}

func TestWesternElectricHasFourRules(t *testing.T) {
	// A series that would trip Nelson's trend, alternation and hugging
	// rules trips nothing here: Western Electric has only four rules.
	values := cat([]float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, -0.1}, zigzag(14), rep(0, 15))
	got, err := fixed(values, 0, 1).Signals(WesternElectric)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range got {
		switch s.Rule {
		case WE1, WE2, WE3, WE4:
		default:
			t.Errorf("got rule %s in the Western Electric set", s.Rule)
		}
	}
}
