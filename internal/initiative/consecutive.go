package initiative

import (
	"fmt"
	"time"
)

// consecutive evaluates an "N consecutive periods" condition on the
// readings that count (sorted, at least one).
func (c Condition) consecutive(rs []Reading) Evaluation {
	n := c.Consecutive
	last := rs[len(rs)-1]
	run, held := c.runs(rs)
	at := fmt.Sprintf("%s in %s", last.Value, c.period(last.Period))
	what := fmt.Sprintf("%s for %d consecutive periods", c.what(), n)
	if run >= n {
		return Evaluation{Met, fmt.Sprintf("%s: met, held for the last %d periods; latest %s", what, run, at)}
	}
	remaining := -1 // no deadline
	if !c.By.IsZero() {
		what += " by " + c.By.Format(time.DateOnly)
		remaining = 0
		for p := c.Frequency.Next(last.Period); !p.After(c.final()); p = c.Frequency.Next(p) {
			remaining++
		}
		if run+remaining < n {
			return Evaluation{Missed, fmt.Sprintf("%s: missed, %d periods in a row cannot fit before the date; latest %s", what, n, at)}
		}
	}
	if run == 0 {
		switch k := len(rs); {
		case held:
			return Evaluation{AtRisk, fmt.Sprintf("%s: at risk, it held for %d periods and has slipped; latest %s", what, n, at)}
		case remaining == n:
			return Evaluation{AtRisk, fmt.Sprintf("%s: at risk, every period left before the date must meet it; latest %s", what, at)}
		case k >= 2 && c.Compare.worse(last.Value, rs[k-2].Value):
			return Evaluation{AtRisk, fmt.Sprintf("%s: at risk, %s moved away from it (%s in %s)", what, at, rs[k-2].Value, c.period(rs[k-2].Period))}
		}
	}
	return Evaluation{OnTrack, fmt.Sprintf("%s: on track, held for %d of %d periods; latest %s", what, run, n, at)}
}

// runs returns how many periods in a row, ending with the latest reading,
// meet the condition (a period without a reading breaks the run), and
// whether an earlier run already reached the number asked for.
func (c Condition) runs(rs []Reading) (run int, held bool) {
	var prev time.Time
	for i, r := range rs {
		switch {
		case !c.Compare.Holds(r.Value, c.Threshold):
			run = 0
		case i > 0 && c.Frequency.Next(prev).Equal(r.Period):
			run++
		default:
			run = 1
		}
		if run >= c.Consecutive && i < len(rs)-1 {
			held = true
		}
		prev = r.Period
	}
	return run, held
}
