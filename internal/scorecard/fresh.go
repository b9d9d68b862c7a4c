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
}

// Due computes a KPI's freshness at now from its latest period with data.
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
