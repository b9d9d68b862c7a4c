package spc

import "math"

// exactMax is the largest number of useful points for which the crossings
// limit is computed with exact integer arithmetic, whose cost grows with the
// square of n. Beyond it the same binomial sum is taken in floating point
// through log-gamma, which agrees with the exact sum
// (TestFloatLimitsMatchExact) and keeps a very long series cheap.
const exactMax = 2000

// lchoose is log C(n, k), or −Inf when k is outside 0..n.
func lchoose(n, k int) float64 {
	if k < 0 || k > n {
		return math.Inf(-1)
	}
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}

// logFactorials returns log(j!) for j = 0..n, each from log-gamma so that
// rounding does not accumulate along a long table.
func logFactorials(n int) []float64 {
	out := make([]float64, n+1)
	for j := 2; j <= n; j++ {
		out[j], _ = math.Lgamma(float64(j + 1))
	}
	return out
}

// runsPMF is the distribution of the number of runs R among n1 and n2 points
// in random order (Swed & Eisenhart 1943), in floating point.
type runsPMF struct {
	n1, n2 int
	lf     []float64 // log factorials up to n1+n2
	total  float64   // log C(n1+n2, n1)
}

func newRunsPMF(n1, n2 int) runsPMF {
	d := runsPMF{n1: n1, n2: n2, lf: logFactorials(n1 + n2)}
	d.total = d.lchoose(n1+n2, n1)
	return d
}

// lchoose is log C(n, k) from the table, or −Inf when k is outside 0..n.
func (d runsPMF) lchoose(n, k int) float64 {
	if k < 0 || k > n {
		return math.Inf(-1)
	}
	return d.lf[n] - d.lf[k] - d.lf[n-k]
}

// p is P(R = r): 2·C(n1−1, k−1)·C(n2−1, k−1) for r = 2k, and
// C(n1−1, k−1)·C(n2−1, k) + C(n1−1, k)·C(n2−1, k−1) for r = 2k+1, each over
// C(n1+n2, n1).
func (d runsPMF) p(r int) float64 {
	a, b, k := d.n1-1, d.n2-1, r/2
	if r%2 == 0 {
		return 2 * math.Exp(d.lchoose(a, k-1)+d.lchoose(b, k-1)-d.total)
	}
	return math.Exp(d.lchoose(a, k-1)+d.lchoose(b, k)-d.total) +
		math.Exp(d.lchoose(a, k)+d.lchoose(b, k-1)-d.total)
}

// swedEisenhartLimits returns lower and upper such that P(R < lower) and
// P(R > upper) are each at most alpha, as large a cut as that allows, for
// the number of runs R among n1 ≥ 1 and n2 ≥ 1 points in random order. The
// sums are in floating point; TestFloatLimitsMatchExact checks them against
// exact rational arithmetic.
func swedEisenhartLimits(n1, n2 int, alpha float64) (lower, upper int) {
	d := newRunsPMF(n1, n2)
	maxRuns := 2 * min(n1, n2)
	if n1 != n2 {
		maxRuns++
	}
	tail := 0.0
	lower = 2
	for r := 2; r <= maxRuns; r++ {
		if tail += d.p(r); tail > alpha {
			break
		}
		lower = r + 1
	}
	tail = 0
	upper = maxRuns
	for r := maxRuns; r >= 2; r-- {
		if tail += d.p(r); tail > alpha {
			break
		}
		upper = r - 1
	}
	return lower, upper
}

// binomialQuantileFloat is the smallest c with P(X ≤ c) ≥ p for
// X ~ Binomial(m, 0.5), summed in floating point.
func binomialQuantileFloat(m int, p float64) int {
	cum := 0.0
	for c := 0; c <= m; c++ {
		if cum += math.Exp(lchoose(m, c) - float64(m)*math.Ln2); cum >= p {
			return c
		}
	}
	return m
}
