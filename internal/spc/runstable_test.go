package spc

import (
	"math/big"
	"math/bits"
	"testing"
)

// binomialRow returns C(n, 0..n), built by exact multiplication.
func binomialRow(n int) []*big.Int {
	row := make([]*big.Int, n+1)
	row[0] = big.NewInt(1)
	for k := 1; k <= n; k++ {
		c := new(big.Int).Mul(row[k-1], big.NewInt(int64(n-k+1)))
		row[k] = c.Quo(c, big.NewInt(int64(k)))
	}
	return row
}

// runsDist counts, exactly, the arrangements of n1 and n2 points with r runs, for
// r = 2..n1+n2 (Swed & Eisenhart 1943): 2·C(n1−1, k−1)·C(n2−1, k−1) for
// r = 2k, and C(n1−1, k−1)·C(n2−1, k) + C(n1−1, k)·C(n2−1, k−1) for r = 2k+1.
type runsDist struct{ a, b []*big.Int }

func newRunsDist(n1, n2 int) runsDist {
	return runsDist{a: binomialRow(n1 - 1), b: binomialRow(n2 - 1)}
}

func (d runsDist) c(row []*big.Int, k int) *big.Int {
	if k < 0 || k >= len(row) {
		return new(big.Int)
	}
	return row[k]
}

func (d runsDist) count(r int) *big.Int {
	k := r / 2
	if r%2 == 0 {
		c := new(big.Int).Mul(d.c(d.a, k-1), d.c(d.b, k-1))
		return c.Lsh(c, 1)
	}
	c := new(big.Int).Mul(d.c(d.a, k-1), d.c(d.b, k))
	return c.Add(c, new(big.Int).Mul(d.c(d.a, k), d.c(d.b, k-1)))
}

// exactLimits is swedEisenhartLimits in exact integer arithmetic, each tail
// at most 1/div: the oracle the floating-point sums are checked against.
func exactLimits(n1, n2 int, div int64) (lower, upper int) {
	d := newRunsDist(n1, n2)
	total := new(big.Int).Binomial(int64(n1+n2), int64(n1))
	within := func(tail *big.Int) bool {
		t := new(big.Int).Mul(tail, big.NewInt(div))
		return t.Cmp(total) <= 0
	}
	maxRuns := 2 * min(n1, n2)
	if n1 != n2 {
		maxRuns++
	}
	tail := new(big.Int)
	lower = 2
	for r := 2; r <= maxRuns; r++ {
		if tail.Add(tail, d.count(r)); !within(tail) {
			break
		}
		lower = r + 1
	}
	tail.SetInt64(0)
	upper = maxRuns
	for r := maxRuns; r >= 2; r-- {
		if tail.Add(tail, d.count(r)); !within(tail) {
			break
		}
		upper = r - 1
	}
	return lower, upper
}

// bruteRuns counts, over every arrangement of n1 ones and n2 zeros, how many
// have each number of runs.
func bruteRuns(n1, n2 int) map[int]int64 {
	n := n1 + n2
	out := map[int]int64{}
	for mask := 0; mask < 1<<n; mask++ {
		if bits.OnesCount(uint(mask)) != n1 {
			continue
		}
		runs := 1
		for i := 1; i < n; i++ {
			if (mask>>i)&1 != (mask>>(i-1))&1 {
				runs++
			}
		}
		out[runs]++
	}
	return out
}

func TestRunsDistMatchesEnumeration(t *testing.T) {
	for n1 := 1; n1 <= 7; n1++ {
		for n2 := 1; n2 <= 7; n2++ {
			d := newRunsDist(n1, n2)
			want := bruteRuns(n1, n2)
			for r := 2; r <= n1+n2; r++ {
				if got := d.count(r); got.Cmp(big.NewInt(want[r])) != 0 {
					t.Errorf("n1=%d n2=%d r=%d: got %v arrangements, want %d", n1, n2, r, got, want[r])
				}
			}
		}
	}
}

// tails returns P(R < lower) and P(R > upper) for n useful points split as
// evenly as possible, as exact fractions.
func tails(n, lower, upper int) (lo, hi *big.Rat) {
	n1, n2 := n/2, n-n/2
	d := newRunsDist(n1, n2)
	total := new(big.Int).Binomial(int64(n), int64(n1))
	a, b := new(big.Int), new(big.Int)
	for r := 2; r <= n; r++ {
		switch {
		case r < lower:
			a.Add(a, d.count(r))
		case r > upper:
			b.Add(b, d.count(r))
		}
	}
	return new(big.Rat).SetFrac(a, total), new(big.Rat).SetFrac(b, total)
}

// TestRunsTableAgainstSwedEisenhart guards every row, published or
// computed: neither tail of the exact distribution it was derived from may be
// more than 2.5%, and the limits must not move backwards as n grows.
func TestRunsTableAgainstSwedEisenhart(t *testing.T) {
	limit := big.NewRat(1, 40)
	prevLo, prevHi := 0, 0
	for n := minRunsTable; n <= 120; n++ {
		lower, upper, _ := RunsLimits(n)
		lo, hi := tails(n, lower, upper)
		if lo.Cmp(limit) > 0 {
			t.Errorf("n=%d: lower limit %d cuts %s from the lower tail, want ≤ 1/40", n, lower, lo.FloatString(4))
		}
		if hi.Cmp(limit) > 0 {
			t.Errorf("n=%d: upper limit %d cuts %s from the upper tail, want ≤ 1/40", n, upper, hi.FloatString(4))
		}
		if lower < prevLo || upper < prevHi || lower > upper {
			t.Errorf("n=%d: limits %d..%d after %d..%d are not monotone", n, lower, upper, prevLo, prevHi)
		}
		prevLo, prevHi = lower, upper
	}
}

// TestRunsLimitsSymmetric checks every even row: with n/2 points on each
// side the number of runs R is distributed symmetrically about n/2+1, so
// P(R < lower) = P(R > n+2−lower) and a row must have lower + upper = n + 2.
func TestRunsLimitsSymmetric(t *testing.T) {
	for n := minRunsTable; n <= 400; n += 2 {
		lower, upper, _ := RunsLimits(n)
		if lower+upper != n+2 {
			t.Errorf("n=%d: limits %d..%d, want lower + upper = %d", n, lower, upper, n+2)
		}
	}
}

// TestComputedRowsAreTightest checks the rows past the published table (27
// on): each tail is cut as far as 2.5% allows, so one more run on either side
// would exceed it, in both tails.
func TestComputedRowsAreTightest(t *testing.T) {
	limit := big.NewRat(1, 40)
	for n := len(runsTable); n <= 120; n++ {
		lower, upper, _ := RunsLimits(n)
		if lo, _ := tails(n, lower+1, upper); lo.Cmp(limit) <= 0 {
			t.Errorf("n=%d: lower limit %d could be %d within 2.5%%", n, lower, lower+1)
		}
		if _, hi := tails(n, lower, upper-1); hi.Cmp(limit) <= 0 {
			t.Errorf("n=%d: upper limit %d could be %d within 2.5%%", n, upper, upper-1)
		}
	}
}

func TestRunsLimits(t *testing.T) {
	tests := []struct {
		n            int
		lower, upper int
		ok           bool
	}{
		{n: 0}, {n: 9},
		{n: 10, lower: 3, upper: 9, ok: true},
		{n: 14, lower: 4, upper: 12, ok: true},
		{n: 20, lower: 6, upper: 16, ok: true},
		{n: 26, lower: 9, upper: 19, ok: true},
		// Beyond the published rows: exact Swed–Eisenhart at 2.5% per
		// tail, checked independently by exact arithmetic.
		{n: 27, lower: 10, upper: 19, ok: true},
		{n: 30, lower: 11, upper: 21, ok: true},
		{n: 40, lower: 15, upper: 27, ok: true},
		{n: 41, lower: 15, upper: 28, ok: true},
		{n: 42, lower: 16, upper: 28, ok: true},
		{n: 50, lower: 19, upper: 33, ok: true},
		{n: 60, lower: 24, upper: 38, ok: true},
	}
	for _, tt := range tests {
		lower, upper, ok := RunsLimits(tt.n)
		if lower != tt.lower || upper != tt.upper || ok != tt.ok {
			t.Errorf("RunsLimits(%d): got %d, %d, %v, want %d, %d, %v", tt.n, lower, upper, ok, tt.lower, tt.upper, tt.ok)
		}
	}
}

func TestCrossingsLimit(t *testing.T) {
	// qbinom(0.05, n-1, 0.5), as tabulated by Anhøj & Olesen 2014.
	want := map[int]int{1: 0, 2: 0, 3: 0, 5: 0, 10: 2, 11: 2, 12: 3, 15: 4, 20: 6, 24: 8, 30: 10, 40: 14, 50: 19, 60: 23, 100: 41}
	for n, w := range want {
		if got := CrossingsLimit(n); got != w {
			t.Errorf("CrossingsLimit(%d): got %d, want %d", n, got, w)
		}
	}
}

func TestCrossingsLimitIsFifthPercentile(t *testing.T) {
	for n := 2; n <= 200; n++ {
		c := CrossingsLimit(n)
		m := int64(n - 1)
		cdf := func(x int) *big.Rat {
			sum := new(big.Int)
			for k := 0; k <= x; k++ {
				sum.Add(sum, new(big.Int).Binomial(m, int64(k)))
			}
			return new(big.Rat).SetFrac(sum, new(big.Int).Lsh(big.NewInt(1), uint(m)))
		}
		if cdf(c).Cmp(big.NewRat(1, 20)) < 0 || (c > 0 && cdf(c-1).Cmp(big.NewRat(1, 20)) >= 0) {
			t.Errorf("CrossingsLimit(%d) = %d is not the smallest c with P(X ≤ c) ≥ 0.05", n, c)
		}
	}
}

func TestLongestRunLimit(t *testing.T) {
	want := map[int]int{1: 3, 2: 4, 10: 6, 11: 6, 12: 7, 22: 7, 23: 8, 45: 8, 46: 9, 90: 9, 91: 10}
	for n, w := range want {
		if got := LongestRunLimit(n); got != w {
			t.Errorf("LongestRunLimit(%d): got %d, want %d", n, got, w)
		}
	}
}

// TestFloatLimitsMatchExact checks the floating-point sums against exact
// integer arithmetic: every n the runs test can meet in monthly data, then a
// sample of longer series.
func TestFloatLimitsMatchExact(t *testing.T) {
	check := func(n int) {
		l1, u1 := exactLimits(n/2, n-n/2, 40)
		l2, u2 := swedEisenhartLimits(n/2, n-n/2, 1.0/40)
		if l1 != l2 || u1 != u2 {
			t.Errorf("n=%d: float limits %d..%d, exact %d..%d", n, l2, u2, l1, u1)
		}
		if got, want := binomialQuantileFloat(n-1, 0.05), CrossingsLimit(n); n <= exactMax && got != want {
			t.Errorf("n=%d: float crossings limit %d, exact %d", n, got, want)
		}
	}
	for n := 2; n <= 400; n++ {
		check(n)
	}
	for n := 401; n <= 2500; n += 37 {
		check(n)
	}
}

func TestVeryLongSeriesLimits(t *testing.T) {
	const n = 200000
	lower, upper, ok := RunsLimits(n)
	// Mean runs n/2+1, sd ≈ √n/2 ≈ 223.6; 2.5% tails sit about 1.96 sd out.
	if !ok || lower < 99500 || lower > 99600 || upper < 100400 || upper > 100500 {
		t.Errorf("RunsLimits(%d): got %d..%d, %v, want about 99563..100439", n, lower, upper, ok)
	}
	// Crossings: Binomial(n−1, 0.5) 5th percentile ≈ (n−1)/2 − 1.645·√(n−1)/2.
	if c := CrossingsLimit(n); c < 99580 || c > 99650 {
		t.Errorf("CrossingsLimit(%d): got %d, want about 99632", n, c)
	}
}
