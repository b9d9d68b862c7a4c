package initiative

import "github.com/accord-alliance/accord/internal/number"

// State is a milestone's state, computed from the data and the date, never
// typed by anyone.
type State string

// The states of a milestone.
const (
	NoData  State = "no_data"
	Met     State = "met"
	OnTrack State = "on_track"
	AtRisk  State = "at_risk"
	Missed  State = "missed"
)

// Label returns the state's name for people.
func (s State) Label() string {
	switch s {
	case NoData:
		return "No data yet"
	case Met:
		return "Met"
	case OnTrack:
		return "On track"
	case AtRisk:
		return "At risk"
	case Missed:
		return "Missed"
	}
	return string(s)
}

// Evaluation is a milestone's state with the reason in one plain sentence.
type Evaluation struct {
	State  State
	Reason string
}

// Comparison is how a KPI's value is compared with a milestone's threshold.
type Comparison string

// The comparisons.
const (
	AtMost  Comparison = "<="
	AtLeast Comparison = ">="
	Below   Comparison = "<"
	Above   Comparison = ">"
)

// Valid reports whether c is one of the comparisons.
func (c Comparison) Valid() bool {
	return c == AtMost || c == AtLeast || c == Below || c == Above
}

// Symbol writes the comparison for people: ≤, ≥, < or >.
func (c Comparison) Symbol() string {
	switch c {
	case AtMost:
		return "≤"
	case AtLeast:
		return "≥"
	}
	return string(c)
}

// Holds reports whether v compares with threshold as c says.
func (c Comparison) Holds(v, threshold number.Decimal) bool {
	switch c {
	case AtMost:
		return v <= threshold
	case AtLeast:
		return v >= threshold
	case Below:
		return v < threshold
	case Above:
		return v > threshold
	}
	return false
}

// upward reports whether meeting c needs higher values (≥, >).
func (c Comparison) upward() bool { return c == AtLeast || c == Above }

// worse reports whether v is further from meeting c than prev: lower for
// ≥ and >, higher for ≤ and <.
func (c Comparison) worse(v, prev number.Decimal) bool {
	if c.upward() {
		return v < prev
	}
	return v > prev
}
