package spc

import (
	"fmt"
	"math"
	"slices"
)

// RunChart is a series read against its median, phase by phase.
type RunChart struct {
	Values []float64
	// Median is the centre line of every point: the median of its phase's
	// baseline values.
	Median []float64
	Phases []Phase
}

// NewRunChart computes the median of each phase from that phase's baseline.
func NewRunChart(values []float64, opt Options) (*RunChart, error) {
	if err := finite("value", values); err != nil {
		return nil, fmt.Errorf("run chart: %w", err)
	}
	ph, err := opt.phases(len(values))
	if err != nil {
		return nil, fmt.Errorf("run chart: %w", err)
	}
	rc := &RunChart{Values: values, Median: make([]float64, len(values)), Phases: ph}
	for _, p := range ph {
		m := median(values[p.Start:p.BaselineEnd])
		for i := p.Start; i < p.End; i++ {
			rc.Median[i] = m
		}
	}
	return rc, nil
}

// median of a non-empty slice; the mean of the middle two when the count is
// even, computed so that two equal middle values give that value exactly.
func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	a, b := s[n/2-1], s[n/2]
	if m := a + (b-a)/2; !math.IsInf(m, 0) {
		return m
	}
	return a/2 + b/2 // b−a overflowed
}

// RunsSummary is the runs analysis of one phase: what the run-chart rules
// count and the limits they compare the counts with.
type RunsSummary struct {
	Phase Phase
	// Useful are the indices of the points not on the median.
	Useful []int
	// Runs is the number of runs of useful points on one side of the median.
	Runs int
	// RunsLower and RunsUpper bound the expected number of runs (fewer than
	// RunsLower or more than RunsUpper is a signal); RunsKnown is false when
	// there are fewer than 10 useful points and the test does not apply.
	RunsLower, RunsUpper int
	RunsKnown            bool
	// Longest is the length of the longest run; LongestLimit is Anhøj's
	// round(log2(n) + 3).
	Longest, LongestLimit int
	// Crossings is Runs−1; CrossingsLimit is the 5th percentile of
	// Binomial(n−1, 0.5), below which crossings are too few.
	Crossings, CrossingsLimit int

	runs  [][2]int // [first, last] positions in Useful of each run
	sides []int    // +1 or −1 for each point of Useful
}

// zoned reads the series against its median; run charts have no sigma, and
// only the side of each point is ever asked.
func (rc *RunChart) zoned() zoned { return newZoned(rc.Values, rc.Median, nil) }

// Summaries returns the runs analysis of every phase.
func (rc *RunChart) Summaries() []RunsSummary { return rc.summaries(IHI, Anhoj) }

// summaries analyses every phase, working out only the limits that the
// given rule sets compare with.
func (rc *RunChart) summaries(sets ...RuleSet) []RunsSummary {
	z := rc.zoned()
	out := make([]RunsSummary, 0, len(rc.Phases))
	for _, p := range rc.Phases {
		out = append(out, summary(z, p, sets))
	}
	return out
}

func summary(z zoned, p Phase, sets []RuleSet) RunsSummary {
	s := RunsSummary{Phase: p}
	for i := p.Start; i < p.End; i++ {
		if sd := z.side(i); sd != 0 {
			s.Useful = append(s.Useful, i)
			s.sides = append(s.sides, sd)
		}
	}
	s.runs = runsOf(0, len(s.sides), 1, func(k int) int { return s.sides[k] })
	n := len(s.Useful)
	s.Runs = len(s.runs)
	for _, r := range s.runs {
		s.Longest = max(s.Longest, r[1]-r[0]+1)
	}
	if slices.Contains(sets, IHI) {
		s.RunsLower, s.RunsUpper, s.RunsKnown = RunsLimits(n)
	}
	if n > 0 {
		s.Crossings = s.Runs - 1
		if slices.Contains(sets, Anhoj) {
			s.LongestLimit = LongestRunLimit(n)
			s.CrossingsLimit = CrossingsLimit(n)
		}
	}
	return s
}

// LongestRunLimit is Anhøj's upper limit for the longest run among n useful
// points, round(log2(n) + 3). log2(n) + 3 is never exactly half an integer
// for whole n, so the rounding convention does not matter.
func LongestRunLimit(n int) int { return int(math.Round(math.Log2(float64(n)) + 3)) }

// Signals evaluates the run-chart rule set rs (IHI or Anhoj), phase by phase.
func (rc *RunChart) Signals(rs RuleSet) ([]Signal, error) {
	if !rs.RunChartRules() {
		return nil, fmt.Errorf("rule set %q reads Shewhart charts, not run charts", rs)
	}
	sums := rc.summaries(rs)
	out := []Signal{}
	if rs == IHI {
		out = append(out, rc.forEach(sums, rc.shifts)...)
		out = append(out, rc.forEach(sums, rc.trends)...)
		out = append(out, rc.forEach(sums, runsSignal)...)
		return out, nil
	}
	out = append(out, rc.forEach(sums, rc.longRuns)...)
	out = append(out, rc.forEach(sums, crossingsSignal)...)
	return out, nil
}

func (rc *RunChart) forEach(sums []RunsSummary, f func(RunsSummary) []Signal) []Signal {
	var out []Signal
	for _, s := range sums {
		out = append(out, f(s)...)
	}
	return out
}

// runPoints returns the useful points of run r and its side.
func runPoints(s RunsSummary, r [2]int) ([]int, Side) {
	return slices.Clone(s.Useful[r[0] : r[1]+1]), sideFor(s.sides[r[0]])
}

// shifts is IHI's shift: 6 or more consecutive useful points on one side of
// the median; points on the median are skipped, neither counting nor
// breaking the run.
func (rc *RunChart) shifts(s RunsSummary) []Signal {
	var out []Signal
	for _, r := range s.runs {
		if r[1]-r[0]+1 >= 6 {
			pts, side := runPoints(s, r)
			out = append(out, Signal{Rule: IHIShift, Points: pts, Side: side})
		}
	}
	return out
}

// longRuns is Anhøj's shift rule: a run longer than round(log2(n) + 3).
func (rc *RunChart) longRuns(s RunsSummary) []Signal {
	var out []Signal
	for _, r := range s.runs {
		if r[1]-r[0]+1 > s.LongestLimit {
			pts, side := runPoints(s, r)
			out = append(out, Signal{Rule: AnhojLongestRun, Points: pts, Side: side})
		}
	}
	return out
}

// trends is IHI's trend: 5 or more points all going up (or all going down).
// Equal neighbours count once: a repeated value neither counts nor breaks
// the trend. A trend starts at the point before its first strict step and
// ends at the point after its last, so a plateau at either end is left out.
func (rc *RunChart) trends(s RunsSummary) []Signal {
	x, lo, hi := rc.Values, s.Phase.Start, s.Phase.End
	var out []Signal
	for _, dir := range []int{1, -1} {
		first, last, steps := -1, -1, 0
		flush := func() {
			if steps+1 >= 5 {
				side := Up
				if dir < 0 {
					side = Down
				}
				out = append(out, Signal{Rule: IHITrend, Points: span(first, last), Side: side})
			}
			first, steps = -1, 0
		}
		for j := lo; j+1 < hi; j++ {
			switch step(x, j) {
			case dir:
				if first < 0 {
					first = j
				}
				last = j + 1
				steps++
			case -dir:
				flush()
			}
		}
		flush()
	}
	slices.SortStableFunc(out, func(a, b Signal) int { return a.Points[0] - b.Points[0] })
	return out
}

// runsSignal is IHI's "too few or too many runs" against the run-chart table.
func runsSignal(s RunsSummary) []Signal {
	if !s.RunsKnown || (s.Runs >= s.RunsLower && s.Runs <= s.RunsUpper) {
		return nil
	}
	return []Signal{{Rule: IHIRuns, Points: slices.Clone(s.Useful), Side: Both}}
}

// crossingsSignal is Anhøj's crossings rule: fewer median crossings than the
// 5th percentile of Binomial(n−1, 0.5).
func crossingsSignal(s RunsSummary) []Signal {
	if len(s.Useful) == 0 || s.Crossings >= s.CrossingsLimit {
		return nil
	}
	return []Signal{{Rule: AnhojCrossings, Points: slices.Clone(s.Useful), Side: Both}}
}
