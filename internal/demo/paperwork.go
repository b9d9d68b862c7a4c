package demo

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// The physician group's paperwork story (docs/health.md#the-paperwork-index):
// its analyst uploaded a file of each period's figures about three weeks
// after the period closed, until the group connected its FHIR server; for
// the last feedMonths months its figures have arrived through the feed a
// few days after each period closed. Its paperwork index falls with it.
const (
	feedMonths = 9
	uploadLag  = 20 // days after a period closed that its file was sent
	feedLag    = 3  // days after a period closed that the feed delivered it
)

// feedFrom is the day the physician group's figures started to arrive
// through its FHIR feed.
func feedFrom(now time.Time) time.Time {
	return accord.Day(now.UTC()).AddDate(0, -feedMonths, 0)
}

// sendAsArrived imports the physician group's figures as they arrived:
// each period's some days after it closed (its baseline, closed before the
// KPIs were agreed, in one file a week after), by file before feedFrom and
// through the FHIR feed from then on. freq gives each KPI's frequency.
func (d *director) sendAsArrived(ctx context.Context, org string, rows []accord.ObservationInput, freq map[string]accord.Frequency) error {
	first, switched, last := d.agreedAt(false).AddDate(0, 0, 7), feedFrom(d.cal.now), d.cal.now.Add(-time.Hour)
	byDay := map[time.Time][]accord.ObservationInput{}
	for _, r := range rows {
		f := freq[r.KPI]
		p, err := f.ParsePeriod(r.Period)
		if err != nil {
			return fmt.Errorf("demo paperwork: %s %s: %w", r.KPI, r.Period, err)
		}
		closes := f.Next(p)
		at := closes.AddDate(0, 0, uploadLag).Add(10 * time.Hour)
		if !closes.Before(switched) {
			at = closes.AddDate(0, 0, feedLag).Add(6 * time.Hour)
		}
		if at.Before(first) {
			at = first
		}
		if at.After(last) {
			at = last
		}
		byDay[at] = append(byDay[at], r)
	}
	for _, at := range slices.SortedFunc(maps.Keys(byDay), func(a, b time.Time) int { return a.Compare(b) }) {
		batch := byDay[at]
		slices.SortStableFunc(batch, func(a, b accord.ObservationInput) int { return cmp.Compare(a.KPI, b.KPI) })
		req := accord.ImportRequest{AllianceID: d.alliance, Format: "csv", Filename: fmt.Sprintf("%s-figures-%s.csv", fileStem(org), at.Format("2006-01-02")),
			Rows: batch, PartyID: d.parties[org]}
		for i := range batch {
			batch[i].Line, batch[i].Source = i+2, "csv:"+req.Filename
		}
		if !at.Before(switched) {
			req.Format, req.Filename = "fhir", ""
			for i := range batch {
				batch[i].Line, batch[i].Source = i+1, "fhir:MeasureReport/"+batch[i].KPI+"-"+batch[i].Period+segmentSuffix(batch[i].Segment)
			}
		}
		rep, err := asOf(d.svc, at).ImportObservations(ctx, d.analyst(org), req)
		if err != nil {
			return fmt.Errorf("demo paperwork: import of %s: %w", at.Format(time.DateOnly), err)
		}
		if len(rep.Errors) > 0 {
			return fmt.Errorf("demo paperwork: import of %s: %d rows refused, the first: %v", at.Format(time.DateOnly), len(rep.Errors), rep.Errors[0])
		}
		d.imported += rep.New + rep.Revised
	}
	return nil
}

// segmentSuffix names a segment's report apart from the alliance's.
func segmentSuffix(segment string) string {
	if segment == "" {
		return ""
	}
	return "/" + segment
}
