package spc

import (
	"math"
	"sort"
)

// zoned is a series read against a centre line and a sigma per point, with
// each point's side and zone worked out once so that rules scanning windows
// do not redo the arithmetic.
type zoned struct {
	x     []float64
	sides []int8 // +1 above the centre line, −1 below, 0 exactly on it
	zones []int8 // the largest k in 1..3 that the point is strictly beyond, or 0
}

// newZoned reads x against centre c and sigma s; s may be nil (a run chart),
// leaving every point in zone 0.
func newZoned(x, c, s []float64) zoned {
	z := zoned{x: x, sides: make([]int8, len(x)), zones: make([]int8, len(x))}
	for i := range x {
		d := x[i] - c[i]
		// Differences within tol are rounding noise; see the package comment.
		tol := relTol * math.Max(math.Abs(x[i]), math.Abs(c[i]))
		switch {
		case d > tol:
			z.sides[i] = 1
		case d < -tol:
			z.sides[i] = -1
		}
		if s == nil {
			continue
		}
		for k := 3; k >= 1; k-- {
			if math.Abs(d)-float64(k)*s[i] > tol {
				z.zones[i] = int8(k)
				break
			}
		}
	}
	return z
}

// side is +1 above the centre line, −1 below, 0 exactly on it.
func (z zoned) side(i int) int { return int(z.sides[i]) }

// beyond is +1 if point i is strictly more than k sigma above the centre
// line, −1 if strictly more than k sigma below, 0 otherwise.
func (z zoned) beyond(i, k int) int {
	if int(z.zones[i]) >= k {
		return int(z.sides[i])
	}
	return 0
}

// within reports whether point i is no more than k sigma from the centre
// line: the complement of beyond.
func (z zoned) within(i, k int) bool { return z.beyond(i, k) == 0 }

// sideOf is the side shared by every point of idx, or Both.
func (z zoned) sideOf(idx []int) Side {
	above, below := 0, 0
	for _, i := range idx {
		switch z.side(i) {
		case 1:
			above++
		case -1:
			below++
		}
	}
	switch {
	case above == len(idx):
		return Above
	case below == len(idx):
		return Below
	}
	return Both
}

// zoneRule evaluates one rule on the points [lo, hi) of a zoned series.
type zoneRule func(z zoned, lo, hi int) []Signal

// span returns the indices lo..hi inclusive.
func span(lo, hi int) []int {
	out := make([]int, 0, hi-lo+1)
	for i := lo; i <= hi; i++ {
		out = append(out, i)
	}
	return out
}

// runsOf returns the maximal runs of consecutive points in [lo, hi) that
// share a non-zero key, as [first, last] pairs, keeping those of at least
// minLen points. A zero key belongs to no run and ends the current one.
func runsOf(lo, hi, minLen int, key func(i int) int) [][2]int {
	var out [][2]int
	start, cur := lo, 0
	for i := lo; i <= hi; i++ {
		k := 0
		if i < hi {
			k = key(i)
		}
		if i < hi && k == cur && k != 0 {
			continue
		}
		if cur != 0 && i-start >= minLen {
			out = append(out, [2]int{start, i - 1})
		}
		start, cur = i, k
	}
	return out
}

// sameSide is "n in a row on the same side of the centre line"; a point on
// the centre line is on neither side and ends the run.
func sameSide(rule RuleID, n int) zoneRule {
	return func(z zoned, lo, hi int) []Signal {
		var out []Signal
		for _, r := range runsOf(lo, hi, n, z.side) {
			pts := span(r[0], r[1])
			out = append(out, Signal{Rule: rule, Points: pts, Side: z.sideOf(pts)})
		}
		return out
	}
}

// beyondPoint is "one point beyond k sigma": one signal per point.
func beyondPoint(rule RuleID, k int) zoneRule {
	return func(z zoned, lo, hi int) []Signal {
		var out []Signal
		for i := lo; i < hi; i++ {
			if b := z.beyond(i, k); b != 0 {
				out = append(out, Signal{Rule: rule, Points: []int{i}, Side: sideFor(b)})
			}
		}
		return out
	}
}

func sideFor(dir int) Side {
	if dir > 0 {
		return Above
	}
	return Below
}

// kOfM is "k of m consecutive points beyond level sigma on the same side".
// Qualifying windows on the same side that share a point are merged into one
// signal whose points are the beyond-zone points of those windows. A phase
// shorter than m points is one window: k points beyond in it are the same
// evidence whatever the points that have not happened yet.
func kOfM(rule RuleID, k, m, level int) zoneRule {
	return func(z zoned, lo, hi int) []Signal {
		var out []Signal
		w := min(m, hi-lo) // window length
		if w <= 0 {
			return nil
		}
		for _, dir := range []int{1, -1} {
			hit := func(i int) bool { return z.beyond(i, level) == dir }
			count := 0
			for i := lo; i < lo+w; i++ {
				if hit(i) {
					count++
				}
			}
			var cur *Signal
			lastEnd, lastAdded := -1, -1
			for s := lo; s+w <= hi; s++ {
				if s > lo {
					if hit(s - 1) {
						count--
					}
					if hit(s + w - 1) {
						count++
					}
				}
				if count < k {
					continue
				}
				if cur == nil || s > lastEnd {
					out = append(out, Signal{Rule: rule, Side: sideFor(dir)})
					cur = &out[len(out)-1]
				}
				for i := max(s, lastAdded+1); i < s+w; i++ {
					if hit(i) {
						cur.Points = append(cur.Points, i)
						lastAdded = i
					}
				}
				lastEnd = s + w - 1
			}
		}
		sort.SliceStable(out, func(a, b int) bool { return out[a].Points[0] < out[b].Points[0] })
		return out
	}
}

// inRow is "n in a row" of points satisfying ok, one signal per maximal run.
func inRow(rule RuleID, n int, ok func(z zoned, i int) bool) zoneRule {
	return func(z zoned, lo, hi int) []Signal {
		var out []Signal
		key := func(i int) int {
			if ok(z, i) {
				return 1
			}
			return 0
		}
		for _, r := range runsOf(lo, hi, n, key) {
			pts := span(r[0], r[1])
			out = append(out, Signal{Rule: rule, Points: pts, Side: z.sideOf(pts)})
		}
		return out
	}
}
