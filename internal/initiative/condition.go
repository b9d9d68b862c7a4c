package initiative

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
)

// DefaultTrendPeriods is how many of the latest readings the trend of a
// "by date" milestone is drawn through when the condition does not say.
const DefaultTrendPeriods = 3

// Reading is a KPI's value for one reporting period, named by its start.
type Reading struct {
	Period time.Time
	Value  number.Decimal
}

// Condition is a milestone on the scorecard: a KPI (alliance-wide or one
// segment, such as a site) compared with a threshold, either for a number
// of consecutive periods or by a date.
type Condition struct {
	// KPI and Segment name what is measured, for the reason sentence;
	// Segment is empty for the whole alliance.
	KPI, Segment string
	// Frequency is the KPI's reporting frequency: it says which periods
	// follow one another and which period contains a date.
	Frequency accord.Frequency
	Compare   Comparison
	Threshold number.Decimal
	// Consecutive, when above zero, asks for the condition to hold for
	// that many consecutive periods; By is then an optional deadline.
	// When zero, By is required: the condition must hold by that date.
	Consecutive int
	By          time.Time
	// From, when set, ignores readings of periods before the one that
	// contains it (the baseline before the initiative began).
	From time.Time
	// TrendPeriods is how many of the latest readings the trend is drawn
	// through (at least 2); zero means DefaultTrendPeriods.
	TrendPeriods int
}

// Validate reports the first thing wrong with c.
func (c Condition) Validate() error {
	switch {
	case c.Frequency != accord.Weekly && c.Frequency != accord.Monthly && c.Frequency != accord.Quarterly:
		return fmt.Errorf("condition: frequency %q is not weekly, monthly or quarterly", c.Frequency)
	case !c.Compare.Valid():
		return fmt.Errorf("condition: comparison %q is not one of <=, >=, <, >", c.Compare)
	case c.Consecutive < 0:
		return errors.New("condition: consecutive periods cannot be negative")
	case c.Consecutive == 0 && c.By.IsZero():
		return errors.New("condition: give either a number of consecutive periods or a date")
	case c.TrendPeriods == 1 || c.TrendPeriods < 0:
		return errors.New("condition: a trend needs at least 2 periods")
	case !c.By.IsZero() && !c.From.IsZero() && c.From.After(c.By):
		return errors.New("condition: the date to meet it by is before the date it counts from")
	}
	return nil
}

// final returns the start of the last period that counts: the one that
// contains the deadline.
func (c Condition) final() time.Time { return c.Frequency.PeriodStart(c.By) }

// what names the measure and its target for reason sentences:
// "No-show rate at Eastgate ≤ 8".
func (c Condition) what() string {
	s := c.KPI
	if c.Segment != "" {
		s += " at " + c.Segment
	}
	return s + " " + c.Compare.Symbol() + " " + c.Threshold.String()
}

// period writes a period start as people name it (2027-03, 2027-Q1).
func (c Condition) period(t time.Time) string { return c.Frequency.FormatPeriod(t) }

// Evaluate computes the condition's state from the KPI's readings on
// today. Readings may come in any order; those outside the periods that
// count (before From, after the deadline's period) are ignored. The rules
// are those of docs/initiatives.md, "Milestones".
func (c Condition) Evaluate(series []Reading, today time.Time) (Evaluation, error) {
	if err := c.Validate(); err != nil {
		return Evaluation{}, err
	}
	rs := c.counted(series)
	if len(rs) == 0 {
		return Evaluation{NoData, fmt.Sprintf("%s: no data yet", c.what())}, nil
	}
	if c.Consecutive > 0 {
		return c.consecutive(rs), nil
	}
	return c.byDate(rs, dateOnly(today)), nil
}

// counted returns the readings that count, sorted by period, each period
// once (the last given wins).
func (c Condition) counted(series []Reading) []Reading {
	rs := make([]Reading, 0, len(series))
	for _, r := range series {
		r.Period = c.Frequency.PeriodStart(r.Period)
		if !c.From.IsZero() && r.Period.Before(c.Frequency.PeriodStart(c.From)) ||
			!c.By.IsZero() && r.Period.After(c.final()) {
			continue
		}
		rs = append(rs, r)
	}
	slices.SortStableFunc(rs, func(a, b Reading) int { return a.Period.Compare(b.Period) })
	out := rs[:0]
	for _, r := range rs {
		if n := len(out); n > 0 && out[n-1].Period.Equal(r.Period) {
			out[n-1] = r
			continue
		}
		out = append(out, r)
	}
	return out
}
