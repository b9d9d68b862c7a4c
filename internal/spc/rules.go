package spc

// nelsonRules are Nelson's eight tests (L. S. Nelson, "The Shewhart Control
// Chart — Tests for Special Causes", J Qual Technol 16(4), 1984), with the
// exact semantics of docs/spc.md.
var nelsonRules = []zoneRule{
	beyondPoint(Nelson1, 3),
	sameSide(Nelson2, 9),
	monotone(Nelson3, 6),
	alternating(Nelson4, 14),
	kOfM(Nelson5, 2, 3, 2),
	kOfM(Nelson6, 4, 5, 1),
	inRow(Nelson7, 15, func(z zoned, i int) bool { return z.within(i, 1) }),
	inRow(Nelson8, 8, func(z zoned, i int) bool { return !z.within(i, 1) }),
}

// westernElectricRules are the four zone rules of the Western Electric
// Statistical Quality Control Handbook (1956).
var westernElectricRules = []zoneRule{
	beyondPoint(WE1, 3),
	kOfM(WE2, 2, 3, 2),
	kOfM(WE3, 4, 5, 1),
	sameSide(WE4, 8),
}

// step is the sign of the change from point j to point j+1.
func step(x []float64, j int) int {
	switch {
	case x[j+1] > x[j]:
		return 1
	case x[j+1] < x[j]:
		return -1
	}
	return 0
}

// monotone is "n points in a row, each strictly higher (or each strictly
// lower) than the one before": n points, n−1 strict steps the same way. An
// equal neighbour ends the run.
func monotone(rule RuleID, n int) zoneRule {
	return func(z zoned, lo, hi int) []Signal {
		var out []Signal
		// Steps j in [lo, hi-1) join points j and j+1; a run of s steps is s+1 points.
		for _, r := range runsOf(lo, hi-1, n-1, func(j int) int { return step(z.x, j) }) {
			side := Up
			if step(z.x, r[0]) < 0 {
				side = Down
			}
			out = append(out, Signal{Rule: rule, Points: span(r[0], r[1]+1), Side: side})
		}
		return out
	}
}

// alternating is "n points in a row alternating up and down": n−1 strict
// steps, each the opposite way to the one before. An equal neighbour ends
// the run.
func alternating(rule RuleID, n int) zoneRule {
	return func(z zoned, lo, hi int) []Signal {
		var out []Signal
		if hi-lo < 2 {
			return nil
		}
		// Key each step by its sign times (−1)^j, so alternating steps share a key.
		key := func(j int) int {
			k := step(z.x, j)
			if (j-lo)%2 == 1 {
				k = -k
			}
			return k
		}
		// Consecutive runs of equal keys are alternating stretches; a stretch
		// ends where the key flips (two steps the same way) or is zero.
		for _, r := range runsOf(lo, hi-1, n-1, key) {
			out = append(out, Signal{Rule: rule, Points: span(r[0], r[1]+1), Side: Both})
		}
		return out
	}
}
