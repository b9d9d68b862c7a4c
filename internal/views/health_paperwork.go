package views

import (
	"context"
	"fmt"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/health"
)

// paperworkMonths is how many months the paperwork index trends.
const paperworkMonths = 18

// HealthPaperwork is one party's paperwork index in one month, with its
// parts (0 no burden to 100), each nil where there was nothing to measure.
type HealthPaperwork struct {
	Party          string   `json:"party"`
	Month          string   `json:"month"`
	Observations   int      `json:"observations"`
	HandShare      *float64 `json:"hand_share"`
	MedianLatency  *float64 `json:"median_latency_days"`
	FormsPerMember *float64 `json:"forms_per_member"`
	Hand           *float64 `json:"hand"`
	Lateness       *float64 `json:"lateness"`
	Forms          *float64 `json:"forms"`
	Index          *float64 `json:"index"`
	Change         *float64 `json:"change"`
}

// HealthPaperwork computes each party's paperwork index over the last
// paperworkMonths months from what accord recorded, once an hour per
// alliance and scorecard version.
func (s *Loader) HealthPaperwork(ctx context.Context, a accord.Alliance) ([]HealthPaperwork, error) {
	now := s.Now().UTC()
	key := fmt.Sprintf("paperwork:%s:%d:%s", a.ID, a.ScorecardVersion, now.Format("2006-01-02T15"))
	if v, ok := s.Frags.Get(key); ok {
		return v.([]HealthPaperwork), nil
	}
	counts, err := s.Svc.PaperworkCounts(ctx, a.ID, now.AddDate(0, -(paperworkMonths-1), 0))
	if err != nil {
		return nil, err
	}
	parties, err := s.Svc.ListParties(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, p := range parties {
		names[p.ID] = p.OrgName
	}
	months := make([]health.PaperworkMonth, len(counts))
	for i, c := range counts {
		months[i] = health.PaperworkMonth{Party: names[c.PartyID], Month: c.Month, Manual: c.Manual, Upload: c.Upload, API: c.API, Feed: c.Feed,
			LatencyDays: c.LatencyDays, Forms: c.Forms, Members: c.Members}
	}
	points, err := health.Paperwork(months)
	if err != nil {
		return nil, fmt.Errorf("paperwork index: %w", err)
	}
	out := make([]HealthPaperwork, len(points))
	for i, p := range points {
		out[i] = HealthPaperwork{Party: p.Party, Month: p.Month, Observations: p.Observations, HandShare: fnum(p.HandShare),
			MedianLatency: fnum(p.MedianLatency), FormsPerMember: fnum(p.FormsPerMember), Hand: fnum(p.Hand), Lateness: fnum(p.Lateness),
			Forms: fnum(p.FormsLoad), Index: fnum(p.Index), Change: fnum(p.Change)}
	}
	s.Frags.Put(key, out)
	return out, nil
}
