package spc

import "math/big"

// runsTable is the published run-chart table for too few or too many runs:
// for n useful points (points not on the median) from 10 to 26, fewer runs
// than the first number or more than the second signal non-random variation.
//
// Source: R. J. Perla, L. P. Provost, S. K. Murray, "The run chart: a simple
// analytical tool for learning from variation in healthcare processes",
// BMJ Qual Saf 2011;20:46–51, Table 1 (also in Provost & Murray, The Health
// Care Data Guide, 2011), adapted there from F. S. Swed and C. Eisenhart,
// "Tables for testing randomness of grouping in a sequence of alternatives",
// Ann Math Stat 1943;14(1):66–87, at about a 5% risk overall.
// The table's rows from 27 on could not be checked against a print of it
// (the transcription had 11–22 at 30, which breaks the symmetry of the
// number of runs), so they are computed instead: see RunsLimits.
var runsTable = [...][2]int{
	10: {3, 9}, 11: {3, 10}, 12: {3, 11}, 13: {4, 11}, 14: {4, 12},
	15: {5, 12}, 16: {5, 13}, 17: {5, 13}, 18: {6, 14}, 19: {6, 15},
	20: {6, 16}, 21: {7, 16}, 22: {7, 17}, 23: {7, 17}, 24: {8, 18},
	25: {8, 18}, 26: {9, 19},
}

// minRunsTable is the smallest n the runs test applies to.
const minRunsTable = 10

// RunsLimits returns the limits on the number of runs among n useful points:
// fewer than lower or more than upper is a signal. For n from 10 to 26 they
// come from the published table (runsTable); from 27 on, from the exact
// Swed–Eisenhart distribution of the number of runs with ⌊n/2⌋ points on one
// side and ⌈n/2⌉ on the other, cutting as much as possible but at most 2.5%
// from each tail (11 and 21 at 30, 15 and 27 at 40). Below 10 the test does
// not apply and ok is false.
func RunsLimits(n int) (lower, upper int, ok bool) {
	if n < minRunsTable {
		return 0, 0, false
	}
	if n < len(runsTable) {
		return runsTable[n][0], runsTable[n][1], true
	}
	lower, upper = swedEisenhartLimits(n/2, n-n/2, 1.0/40)
	return lower, upper, true
}

// CrossingsLimit is Anhøj's lower limit for the number of median crossings
// among n useful points: the 5th percentile of Binomial(n−1, 0.5), that is
// the smallest c with P(X ≤ c) ≥ 0.05, computed exactly (in floating point
// beyond exactMax points).
func CrossingsLimit(n int) int {
	if n < 2 {
		return 0
	}
	if n > exactMax {
		return binomialQuantileFloat(n-1, 0.05)
	}
	m := int64(n - 1)
	total := new(big.Int).Lsh(big.NewInt(1), uint(m)) // 2^(n−1)
	cum, term := new(big.Int), big.NewInt(1)          // term = C(m, c)
	for c := int64(0); c <= m; c++ {
		cum.Add(cum, term)
		// P(X ≤ c) ≥ 1/20  ⇔  20·cum ≥ 2^(n−1)
		if new(big.Int).Mul(cum, big.NewInt(20)).Cmp(total) >= 0 {
			return int(c)
		}
		term.Mul(term, big.NewInt(m-c))
		term.Quo(term, big.NewInt(c+1))
	}
	return int(m)
}
