package accord

import (
	"context"
	"time"
)

// PaperworkCount is what accord recorded of one party's data work in one
// month (docs/health.md, "The paperwork index in accord"): observations by
// how they arrived, the days from the close of each import's latest period
// to its arrival, the forms and approvals its people completed, and its
// active members.
type PaperworkCount struct {
	PartyID string
	// Month is "2026-03".
	Month                     string
	Manual, Upload, API, Feed int
	LatencyDays               []int
	Forms                     int
	Members                   int
}

// PaperworkService reads what the paperwork index is computed from.
type PaperworkService interface {
	// PaperworkCounts returns each party's counts for every month from
	// from's month on in which the party imported data or completed forms.
	PaperworkCounts(ctx context.Context, allianceID string, from time.Time) ([]PaperworkCount, error)
}
