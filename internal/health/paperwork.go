package health

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"time"
)

// The caps of the paperwork index's parts: at or past them a part is 100.
const (
	// LatencyCapDays is the median delay after a period closes at which
	// the lateness part is full: two months, past which a monthly figure
	// arrives after the next one is due.
	LatencyCapDays = 60
	// FormsCapPerMember is the number of forms and approvals per active
	// member in a month at which the forms part is full: about one a week.
	FormsCapPerMember = 4
)

// PaperworkMonth is what accord recorded of one party's data work in one
// month.
type PaperworkMonth struct {
	Party string
	// Month is "2026-03".
	Month string
	// Observations by how they arrived: typed into a form, uploaded as a
	// file, sent through the API, or read from a feed (FHIR and the like).
	Manual, Upload, API, Feed int
	// LatencyDays are the days from the close of an observation's period
	// to its arrival, one per observation or per import; a negative delay
	// counts as 0.
	LatencyDays []int
	// Forms counts the forms and approvals the party's people completed.
	Forms int
	// Members counts the party's active members in the month.
	Members int
}

// PaperworkPoint is the paperwork index of one party in one month, with
// its parts. A part with nothing to measure is NaN and left out of the
// index.
type PaperworkPoint struct {
	Party, Month string
	Observations int
	// HandShare is (Manual + Upload) / all observations, 0 to 1.
	HandShare float64
	// MedianLatency is the median of LatencyDays, in days.
	MedianLatency float64
	// FormsPerMember is Forms / Members.
	FormsPerMember float64
	// The parts, 0 (no burden) to 100: Hand = 100 · HandShare, Lateness =
	// 100 · min(MedianLatency / LatencyCapDays, 1), FormsLoad = 100 ·
	// min(FormsPerMember / FormsCapPerMember, 1).
	Hand, Lateness, FormsLoad float64
	// Index is the mean of the parts that are not NaN; NaN when none is.
	Index float64
	// Change is Index minus the party's previous month's Index in the
	// input; NaN for its first month or when either is NaN.
	Change float64
}

// Paperwork computes the index of each party's months, sorted by party
// then month, each party's months trended against the one before. A month
// that is not YYYY-MM, a count below zero or a party's month given twice
// is an error.
func Paperwork(months []PaperworkMonth) ([]PaperworkPoint, error) {
	seen := map[[2]string]bool{}
	out := make([]PaperworkPoint, 0, len(months))
	for _, m := range months {
		if _, err := time.Parse("2006-01", m.Month); err != nil {
			return nil, fmt.Errorf("paperwork index: %s: month %q is not YYYY-MM", m.Party, m.Month)
		}
		if min(m.Manual, m.Upload, m.API, m.Feed, m.Forms, m.Members) < 0 {
			return nil, fmt.Errorf("paperwork index: %s %s: a count is below zero", m.Party, m.Month)
		}
		k := [2]string{m.Party, m.Month}
		if seen[k] {
			return nil, fmt.Errorf("paperwork index: %s %s is there twice", m.Party, m.Month)
		}
		seen[k] = true
		out = append(out, paperworkPoint(m))
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Party != out[b].Party {
			return out[a].Party < out[b].Party
		}
		return out[a].Month < out[b].Month
	})
	for i := range out {
		out[i].Change = math.NaN()
		if i > 0 && out[i-1].Party == out[i].Party {
			out[i].Change = out[i].Index - out[i-1].Index // NaN when either is
		}
	}
	return out, nil
}

func paperworkPoint(m PaperworkMonth) PaperworkPoint {
	nan := math.NaN()
	p := PaperworkPoint{Party: m.Party, Month: m.Month, Observations: m.Manual + m.Upload + m.API + m.Feed,
		HandShare: nan, MedianLatency: nan, FormsPerMember: nan, Hand: nan, Lateness: nan, FormsLoad: nan, Index: nan}
	if p.Observations > 0 {
		p.HandShare = float64(m.Manual+m.Upload) / float64(p.Observations)
		p.Hand = 100 * p.HandShare
	}
	if len(m.LatencyDays) > 0 {
		p.MedianLatency = median(m.LatencyDays)
		p.Lateness = 100 * math.Min(p.MedianLatency/LatencyCapDays, 1)
	}
	if m.Members > 0 {
		p.FormsPerMember = float64(m.Forms) / float64(m.Members)
		p.FormsLoad = 100 * math.Min(p.FormsPerMember/FormsCapPerMember, 1)
	}
	sum, n := 0.0, 0
	for _, part := range []float64{p.Hand, p.Lateness, p.FormsLoad} {
		if !math.IsNaN(part) {
			sum += part
			n++
		}
	}
	if n > 0 {
		p.Index = sum / float64(n)
	}
	return p
}

// median returns the middle delay, or the mean of the two middle ones,
// counting a negative delay as 0.
func median(days []int) float64 {
	d := make([]int, len(days))
	for i, v := range days {
		d[i] = max(v, 0)
	}
	slices.Sort(d)
	n := len(d)
	if n%2 == 1 {
		return float64(d[n/2])
	}
	return float64(d[n/2-1]+d[n/2]) / 2
}
