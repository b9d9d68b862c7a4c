package health

import (
	"math"
	"strings"
	"testing"
)

// small is a three-factor instrument for the scoring tests.
func small() Instrument {
	return Instrument{Key: "t", Version: 1, Factors: []Factor{
		{Key: "trust", Name: "Trust", Items: []Item{{Key: "trust.a", Text: "A"}, {Key: "trust.b", Text: "B"}, {Key: "trust.r", Text: "R", Reverse: true}}},
		{Key: "pace", Name: "Pace", Items: []Item{{Key: "pace.a", Text: "A", Kind: Bipolar}, {Key: "pace.b", Text: "B", Kind: Bipolar}}},
		{Key: "one", Name: "One", Items: []Item{{Key: "one.a", Text: "A"}}},
	}}
}

// TestItemScore checks the scoring of each kind of item.
func TestItemScore(t *testing.T) {
	plain, rev, bi := Item{}, Item{Reverse: true}, Item{Kind: Bipolar}
	tests := []struct {
		it     Item
		answer int
		want   float64
	}{
		{plain, 1, 1}, {plain, 5, 5}, {rev, 1, 5}, {rev, 4, 2}, {rev, 3, 3},
		{bi, 1, 1}, {bi, 2, 3}, {bi, 3, 5}, {bi, 4, 3}, {bi, 5, 1},
	}
	for _, tt := range tests {
		if got := ItemScore(tt.it, tt.answer); got != tt.want {
			t.Errorf("ItemScore(%+v, %d): got %v, want %v", tt.it, tt.answer, got, tt.want)
		}
	}
}

// TestScoreResponse checks factor scores: reverse keys, pace's fit and
// lean, and the half-the-items rule for missing answers.
func TestScoreResponse(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name    string
		answers map[string]int
		want    [3]Score
	}{
		{"all answered", map[string]int{"trust.a": 4, "trust.b": 5, "trust.r": 2, "pace.a": 2, "pace.b": 1, "one.a": 3},
			[3]Score{{13.0 / 3, nan, 3}, {2, 1.5, 2}, {3, nan, 1}}},
		{"two of three is enough", map[string]int{"trust.a": 4, "trust.r": 5},
			[3]Score{{2.5, nan, 2}, {nan, nan, 0}, {nan, nan, 0}}},
		{"one of three is not", map[string]int{"trust.a": 4, "pace.b": 3},
			[3]Score{{nan, nan, 1}, {5, 3, 1}, {nan, nan, 0}}},
		{"too fast and too slow both miss the pace", map[string]int{"pace.a": 5, "pace.b": 1},
			[3]Score{{nan, nan, 0}, {1, 3, 2}, {nan, nan, 0}}},
		{"nothing answered", nil, [3]Score{{nan, nan, 0}, {nan, nan, 0}, {nan, nan, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := small().ScoreResponse(Response{Answers: tt.answers})
			if err != nil {
				t.Fatalf("ScoreResponse: %v", err)
			}
			for i, w := range tt.want {
				if !same(got[i].Value, w.Value) || !same(got[i].Lean, w.Lean) || got[i].Answered != w.Answered {
					t.Errorf("factor %d: got %+v, want %+v", i, got[i], w)
				}
			}
		})
	}
}

// TestScoreResponseRefuses checks answers out of range and unknown items.
func TestScoreResponseRefuses(t *testing.T) {
	for answers, want := range map[*map[string]int]string{
		{"trust.a": 0}:  "not between 1 and 5",
		{"trust.a": 6}:  "not between 1 and 5",
		{"nobody.x": 3}: "has no item nobody.x",
	} {
		_, err := small().ScoreResponse(Response{Answers: *answers})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ScoreResponse(%v): got %v, want an error containing %q", *answers, err, want)
		}
	}
}

// TestDescribe checks the statistics against SciPy 1.10
// (numpy.std(ddof=1), scipy.stats.t.interval(0.95, n-1, mean, sem)).
func TestDescribe(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name   string
		values []float64
		want   Stat
	}{
		{"five", []float64{3.5, 4, 4.5, 3, 5}, Stat{N: 5, Mean: 4, SD: 0.7905694150420949, Low: 3.0183784192612197, High: 4.98162158073878}},
		{"NaN skipped", []float64{3.5, nan, 4, 4.5, 3, 5}, Stat{N: 5, Mean: 4, SD: 0.7905694150420949, Low: 3.0183784192612197, High: 4.98162158073878}},
		{"no spread", []float64{2, 2, 2}, Stat{N: 3, Mean: 2, SD: 0, Low: 2, High: 2}},
		{"one", []float64{4}, Stat{N: 1, Mean: 4, SD: nan, Low: nan, High: nan}},
		{"none", nil, Stat{N: 0, Mean: nan, SD: nan, Low: nan, High: nan}},
	}
	for _, tt := range tests {
		got := Describe(tt.values)
		if got.N != tt.want.N || !near(got.Mean, tt.want.Mean) || !near(got.SD, tt.want.SD) ||
			!near(got.Low, tt.want.Low) || !near(got.High, tt.want.High) {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func same(a, b float64) bool {
	return a == b || math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) < 1e-12
}

func near(a, b float64) bool { return math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) < 1e-9 }
