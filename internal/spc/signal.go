package spc

import "fmt"

// RuleID names one detection rule; the values are stable and appear in the
// CLI's JSON, the API and stored signals.
type RuleID string

// The rules the engine implements; docs/spc.md defines each one.
const (
	Nelson1 RuleID = "nelson-1"
	Nelson2 RuleID = "nelson-2"
	Nelson3 RuleID = "nelson-3"
	Nelson4 RuleID = "nelson-4"
	Nelson5 RuleID = "nelson-5"
	Nelson6 RuleID = "nelson-6"
	Nelson7 RuleID = "nelson-7"
	Nelson8 RuleID = "nelson-8"

	WE1 RuleID = "we-1"
	WE2 RuleID = "we-2"
	WE3 RuleID = "we-3"
	WE4 RuleID = "we-4"

	IHIShift RuleID = "ihi-shift"
	IHITrend RuleID = "ihi-trend"
	IHIRuns  RuleID = "ihi-runs"

	AnhojLongestRun RuleID = "anhoj-longest-run"
	AnhojCrossings  RuleID = "anhoj-crossings"
)

// Side says which way a signal points.
type Side string

// The sides a signal can have: above or below the centre line, a run going
// up or down, or both for patterns without one direction (alternation, too
// many or too few runs, hugging or avoiding the centre line on both sides).
const (
	Above Side = "above"
	Below Side = "below"
	Up    Side = "up"
	Down  Side = "down"
	Both  Side = "both"
)

// Signal is one detected pattern in a series.
type Signal struct {
	Rule RuleID `json:"rule"`
	// Points are the 0-based indices of the points that make the pattern,
	// ascending; see the package comment for which points those are.
	Points []int `json:"points"`
	Side   Side  `json:"side"`
}

// RuleSet is a named family of rules applied together.
type RuleSet string

// The rule sets: the first two read Shewhart charts, the last two run charts.
const (
	Nelson          RuleSet = "nelson"
	WesternElectric RuleSet = "western-electric"
	IHI             RuleSet = "ihi"
	Anhoj           RuleSet = "anhoj"
)

// ParseRuleSet returns the rule set with the given name.
func ParseRuleSet(name string) (RuleSet, error) {
	switch rs := RuleSet(name); rs {
	case Nelson, WesternElectric, IHI, Anhoj:
		return rs, nil
	}
	return "", fmt.Errorf("unknown rule set %q (want nelson, western-electric, ihi or anhoj)", name)
}

// RunChartRules reports whether the set reads a run chart (median, no
// limits) rather than a Shewhart chart.
func (rs RuleSet) RunChartRules() bool { return rs == IHI || rs == Anhoj }

// Direction is which way a KPI gets better.
type Direction string

// The directions a KPI can have. A KPI aimed at a target band has neither,
// and every signal on it is Unclear.
const (
	HigherIsBetter Direction = "higher-is-better"
	LowerIsBetter  Direction = "lower-is-better"
)

// Effect is what a signal means for the people who own the KPI.
type Effect string

// The effects a signal can have.
const (
	Improvement   Effect = "improvement"
	Deterioration Effect = "deterioration"
	// Unclear is a signal with no single direction (side "both") or a KPI
	// with no better direction: worth a look, but not good or bad news.
	Unclear Effect = "unclear"
)

// Classify says whether s is an improvement or a deterioration for a KPI
// that gets better in direction d.
func Classify(s Signal, d Direction) Effect {
	var higher bool
	switch s.Side {
	case Above, Up:
		higher = true
	case Below, Down:
		higher = false
	default:
		return Unclear
	}
	switch d {
	case HigherIsBetter:
		if higher {
			return Improvement
		}
		return Deterioration
	case LowerIsBetter:
		if higher {
			return Deterioration
		}
		return Improvement
	}
	return Unclear
}
