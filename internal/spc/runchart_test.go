package spc

import (
	"slices"
	"testing"
)

// pm turns a pattern into values: '+' is 1, '-' is −1 and '0' is 0. With as
// many '+' as '-', the median is 0 and the pattern reads directly.
func pm(pattern string) []float64 {
	out := make([]float64, 0, len(pattern))
	balance := 0
	for _, r := range pattern {
		switch r {
		case '+':
			out = append(out, 1)
			balance++
		case '-':
			out = append(out, -1)
			balance--
		case '0':
			out = append(out, 0)
		}
	}
	if balance != 0 {
		panic("pm: pattern " + pattern + " has unequal numbers of + and -, so its median is not 0")
	}
	return out
}

func runSignals(t *testing.T, values []float64, opt Options, rs RuleSet) []Signal {
	t.Helper()
	rc, err := NewRunChart(values, opt)
	if err != nil {
		t.Fatalf("NewRunChart: got error %v, want none", err)
	}
	got, err := rc.Signals(rs)
	if err != nil {
		t.Fatalf("Signals: got error %v, want none", err)
	}
	return got
}

func TestMedian(t *testing.T) {
	tests := []struct {
		values []float64
		opt    Options
		want   []float64
	}{
		{values: []float64{3, 1, 2}, want: rep(2, 3)},
		{values: []float64{4, 1, 3, 2}, want: rep(2.5, 4)},
		{values: []float64{87.1, 87.3, 87.2, 87.2}, want: rep(87.2, 4)},
		{values: []float64{1, 2, 3, 50, 60}, opt: Options{Baseline: 3}, want: rep(2, 5)},
		{values: []float64{1, 2, 3, 50, 60, 70}, opt: Options{Phases: []int{3}}, want: cat(rep(2, 3), rep(60, 3))},
	}
	for _, tt := range tests {
		rc, err := NewRunChart(tt.values, tt.opt)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(rc.Median, tt.want) {
			t.Errorf("median of %v with %+v: got %v, want %v", tt.values, tt.opt, rc.Median, tt.want)
		}
	}
}

type runCase struct {
	name   string
	values []float64
	opt    Options
	want   []want
}

func runRunCases(t *testing.T, rs RuleSet, rule RuleID, cases []runCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			checkSignals(t, runSignals(t, tt.values, tt.opt, rs), rule, tt.want)
		})
	}
}

func TestIHIShift(t *testing.T) {
	runRunCases(t, IHI, IHIShift, []runCase{
		{name: "five on one side are not enough", values: pm("+++++-----")},
		{name: "six above", values: pm("++++++------"), want: []want{{seq(0, 5), Above}, {seq(6, 11), Below}}},
		{name: "a point on the median is skipped, not a break", values: pm("+++0+++------"),
			want: []want{{[]int{0, 1, 2, 4, 5, 6}, Above}, {seq(7, 12), Below}}},
		{name: "points on the median do not count", values: pm("+++00++------+"), want: []want{{seq(7, 12), Below}}},
		{name: "a longer run is one signal", values: pm("-+++++++-------+"), want: []want{{seq(1, 7), Above}, {seq(8, 14), Below}}},
		{name: "short series", values: pm("+-")},
	})
}

func TestIHITrend(t *testing.T) {
	runRunCases(t, IHI, IHITrend, []runCase{
		{name: "four rising points are not enough", values: []float64{1, 2, 3, 4}},
		{name: "five rising", values: []float64{1, 2, 3, 4, 5}, want: []want{{seq(0, 4), Up}}},
		{name: "five falling", values: []float64{9, 7, 5, 3, 1}, want: []want{{seq(0, 4), Down}}},
		{name: "equal neighbours count once", values: []float64{1, 2, 2, 3, 4}},
		{name: "equal neighbours do not break", values: []float64{1, 2, 2, 3, 4, 5}, want: []want{{seq(0, 5), Up}}},
		{name: "plateaus at the ends are left out", values: []float64{3, 3, 4, 5, 6, 7, 7}, want: []want{{seq(1, 5), Up}}},
		{name: "rise then fall share the peak", values: []float64{1, 2, 3, 4, 5, 4, 3, 2, 1},
			want: []want{{seq(0, 4), Up}, {seq(4, 8), Down}}},
		{name: "a flat peak splits between the two", values: []float64{1, 2, 3, 4, 5, 5, 4, 3, 2, 1},
			want: []want{{seq(0, 4), Up}, {seq(5, 9), Down}}},
		{name: "points on the median still count for a trend", values: []float64{1, 2, 3, 4, 5, 3}, want: []want{{seq(0, 4), Up}}},
		{name: "constant series", values: rep(1, 8)},
	})
}

func TestIHIRuns(t *testing.T) {
	runRunCases(t, IHI, IHIRuns, []runCase{
		// 10 useful points: fewer than 3 or more than 9 runs is a signal.
		{name: "two runs are too few", values: pm("+++++-----"), want: []want{{seq(0, 9), Both}}},
		{name: "three runs are enough", values: pm("++++-----+")},
		{name: "ten runs are too many", values: pm("+-+-+-+-+-"), want: []want{{seq(0, 9), Both}}},
		{name: "nine runs are fine", values: pm("+-+-+-+--+")},
		{name: "fewer than ten useful points: not applied", values: pm("++++0----")},
		{name: "points on the median are left out", values: pm("+++++00-----"),
			want: []want{{[]int{0, 1, 2, 3, 4, 7, 8, 9, 10, 11}, Both}}},
	})
}

func TestIHIRunsCounts(t *testing.T) {
	rc, err := NewRunChart(pm("++0--+-++-0-"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := rc.Summaries()[0]
	if len(s.Useful) != 10 || s.Runs != 6 || s.Longest != 2 || s.Crossings != 5 {
		t.Errorf("got %d useful, %d runs, longest %d, %d crossings; want 10, 6, 2, 5", len(s.Useful), s.Runs, s.Longest, s.Crossings)
	}
	if s.RunsLower != 3 || s.RunsUpper != 9 || !s.RunsKnown || s.LongestLimit != 6 || s.CrossingsLimit != 2 {
		t.Errorf("got limits %+v, want runs 3..9, longest 6, crossings 2", s)
	}
}

func TestAnhojLongestRun(t *testing.T) {
	runRunCases(t, Anhoj, AnhojLongestRun, []runCase{
		// 14 useful points: the limit is round(log2(14)+3) = 7.
		{name: "seven is not more than the limit", values: pm("+++++++-------")},
		// 16 useful points: the limit is round(log2(16)+3) = 7.
		{name: "eight is", values: pm("++++++++--------"), want: []want{{seq(0, 7), Above}, {seq(8, 15), Below}}},
		// 18 useful points: the limit is round(log2(18)+3) = 7.
		{name: "median points are skipped", values: pm("----0----+++-++++++"), want: []want{{[]int{0, 1, 2, 3, 5, 6, 7, 8}, Below}}},
	})
}

func TestAnhojCrossings(t *testing.T) {
	runRunCases(t, Anhoj, AnhojCrossings, []runCase{
		// 10 useful points: fewer than 2 crossings is a signal.
		{name: "one crossing", values: pm("+++++-----"), want: []want{{seq(0, 9), Both}}},
		{name: "two crossings", values: pm("+++-----++")},
		{name: "no useful points", values: rep(1, 4)},
		{name: "per phase", values: cat(pm("+++++-----"), pm("+-+-+-+-+-")), opt: Options{Phases: []int{10}},
			want: []want{{seq(0, 9), Both}}},
	})
}

func TestRunChartErrors(t *testing.T) {
	if _, err := NewRunChart(nil, Options{}); err == nil {
		t.Error("NewRunChart(nil): got no error, want one")
	}
	rc, err := NewRunChart([]float64{1, 2}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rc.Signals(Nelson); err == nil {
		t.Error("RunChart.Signals(Nelson): got no error, want one")
	}
}
