package scorecard

import (
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// Freshness says whether a KPI's data is up to date at a moment.
type Freshness struct {
	// Expected is the latest period whose data should have arrived by now:
	// data for a period is due GraceDays after the period ends.
	Expected time.Time
	// Latest is the latest period with data (zero if none).
	Latest time.Time
	// Late is true when Latest is before Expected.
	Late bool
	// Missing counts the expected periods after Latest.
	Missing int
	// NextDue is when the next period's data is due.
	NextDue time.Time
	// Waiting is true for a KPI with no data whose first period is not
	// due yet: it was approved so recently that nothing is late. Its first
	// period is the one it was approved in, and NextDue is when that
	// period's data is due.
	Waiting bool
}

// Due computes a KPI's freshness at now from its latest period with data.
// A KPI with no data is late once the period it was approved in is due
// (or at once, when when it was approved is unknown); before that it is
// waiting for its first period, which is not late: no data was owed yet.
func Due(k accord.KPI, latest time.Time, now time.Time) Freshness {
	f := k.Frequency
	grace := time.Duration(k.GraceDays) * 24 * time.Hour
	due := func(p time.Time) time.Time { return f.Next(p).Add(grace) }
	exp := f.PeriodStart(now)
	for due(exp).After(now) {
		exp = f.Prev(exp)
	}
	fr := Freshness{Expected: exp, Latest: latest}
	if latest.IsZero() {
		if k.ApprovedAt != nil {
			if first := f.PeriodStart(k.ApprovedAt.UTC()); due(first).After(now) {
				fr.Waiting, fr.NextDue = true, due(first)
				return fr
			}
		}
		fr.Late = true
		fr.NextDue = due(exp)
		return fr
	}
	for p := f.Next(latest); !p.After(exp); p = f.Next(p) {
		fr.Missing++
	}
	fr.Late = fr.Missing > 0
	fr.NextDue = due(f.Next(latest))
	return fr
}
