package spc

import (
	"math"
	"slices"
	"testing"
)

// fixed is a one-phase chart of values against a given centre and sigma, so
// that rule tests state their zones directly instead of through estimation.
func fixed(values []float64, centre, sigma float64) *Chart {
	ph := []Phase{{Start: 0, End: len(values), BaselineEnd: len(values)}}
	c := newChart(Individuals, values, ph)
	for i := range values {
		c.set(i, centre, sigma)
	}
	return c
}

// only returns the signals of one rule.
func only(signals []Signal, rule RuleID) []Signal {
	var out []Signal
	for _, s := range signals {
		if s.Rule == rule {
			out = append(out, s)
		}
	}
	return out
}

// want is a compact expected signal: its points and side.
type want struct {
	points []int
	side   Side
}

// checkSignals compares the signals of one rule with the expected ones.
func checkSignals(t *testing.T, got []Signal, rule RuleID, wants []want) {
	t.Helper()
	got = only(got, rule)
	if len(got) != len(wants) {
		t.Fatalf("%s: got %d signals %v, want %d %v", rule, len(got), got, len(wants), wants)
	}
	for i, w := range wants {
		if !slices.Equal(got[i].Points, w.points) || got[i].Side != w.side {
			t.Errorf("%s signal %d: got points %v side %s, want points %v side %s", rule, i, got[i].Points, got[i].Side, w.points, w.side)
		}
	}
}

// rep returns n copies of v.
func rep(v float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// cat concatenates series.
func cat(parts ...[]float64) []float64 { return slices.Concat(parts...) }

// seq returns the integers lo..hi inclusive, ascending.
func seq(lo, hi int) []int { return span(lo, hi) }

// near reports whether got is within tol of want.
func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }
