package initiative

import (
	"fmt"
	"slices"
	"time"
)

// RatioCap is the ratio shown for a site-month whose limit is zero but
// which has demand: over capacity without a finite ratio.
const RatioCap = 10.0

// Initiative names an initiative of the portfolio.
type Initiative struct {
	ID, Name string
}

// Cell is one site-month of the capacity heatmap: the load against the
// capacity, and the ratio that colours it.
type Cell struct {
	Load
	// Ratio is the larger of hours over HoursPerWeek and initiatives over
	// MaxActive; above 1 is over capacity. It is for drawing only: Over
	// says exactly whether a limit is exceeded.
	Ratio float64
}

// HeatRow is one site's months.
type HeatRow struct {
	Site  Site
	Cells []Cell
}

// Span is a phase as the timeline draws it, within the window.
type Span struct {
	PhaseID, Name string
	// Start and End are the phase's days, cut to the window; Cut says
	// whether the phase starts before (CutStart) or ends after (CutEnd) it.
	Start, End       time.Time
	CutStart, CutEnd bool
	// Sites are the names of the sites in scope, in the phase's order, and
	// SiteIDs their IDs.
	Sites, SiteIDs []string
	// Over says that a site in scope is over capacity in a month of the
	// phase.
	Over bool
}

// TimelineRow is one initiative's phases in the window, in start order.
type TimelineRow struct {
	Initiative Initiative
	Spans      []Span
}

// Portfolio is the data of the portfolio page: the capacity heatmap (site
// by month) and the timeline (initiative by phase) over the same months.
type Portfolio struct {
	Months   []Month
	Heatmap  []HeatRow
	Timeline []TimelineRow
}

// BuildPortfolio computes the portfolio's heatmap and timeline for the
// months from, from+1, … (months in all). Sites keep the order given, and
// so do initiatives; a phase of an initiative not listed is an error. An
// initiative with no phase in the window has an empty row.
func BuildPortfolio(sites []Site, initiatives []Initiative, phases []Phase, from Month, months int) (Portfolio, error) {
	g, err := Compute(sites, phases, from, months)
	if err != nil {
		return Portfolio{}, err
	}
	p := Portfolio{Months: g.Months(), Heatmap: make([]HeatRow, len(sites))}
	for s := range sites {
		row := HeatRow{Site: sites[s], Cells: make([]Cell, months)}
		for m := range months {
			l := g.load(s, m)
			row.Cells[m] = Cell{Load: l, Ratio: ratio(l)}
		}
		p.Heatmap[s] = row
	}
	p.Timeline, err = timeline(g, initiatives, phases)
	return p, err
}

// ratio is the larger of the load's two ratios to its limits.
func ratio(l Load) float64 {
	r := 0.0
	if h := l.Hours.Float(); h > 0 {
		if c := l.Site.HoursPerWeek.Float(); c > 0 {
			r = h / c
		} else {
			r = RatioCap
		}
	}
	if l.Active > 0 {
		if l.Site.MaxActive > 0 {
			r = max(r, float64(l.Active)/float64(l.Site.MaxActive))
		} else {
			r = RatioCap
		}
	}
	return min(r, RatioCap)
}

// timeline lays each initiative's phases in the window.
func timeline(g *Grid, initiatives []Initiative, phases []Phase) ([]TimelineRow, error) {
	rows := make([]TimelineRow, len(initiatives))
	at := make(map[string]int, len(initiatives))
	for i, ini := range initiatives {
		rows[i].Initiative = ini
		at[ini.ID] = i
	}
	count := make([]int, len(rows))
	for _, ph := range phases {
		if i, ok := at[ph.Initiative]; ok {
			count[i]++
		}
	}
	for i := range rows {
		rows[i].Spans = make([]Span, 0, count[i]) // one allocation a row
	}
	first, last := g.from.Start(), (g.from+Month(g.months)).Start().AddDate(0, 0, -1)
	for _, ph := range phases {
		i, ok := at[ph.Initiative]
		if !ok {
			return nil, fmt.Errorf("phase %s: initiative %s is not listed", ph.Name, ph.Initiative)
		}
		start, end := dateOnly(ph.Start), dateOnly(ph.End)
		if end.Before(first) || start.After(last) {
			continue
		}
		sp := Span{PhaseID: ph.ID, Name: ph.Name, Start: start, End: end}
		if start.Before(first) {
			sp.Start, sp.CutStart = first, true
		}
		if end.After(last) {
			sp.End, sp.CutEnd = last, true
		}
		lo, hi := int(MonthOf(sp.Start)-g.from), int(MonthOf(sp.End)-g.from)
		sp.Sites, sp.SiteIDs = make([]string, len(ph.Sites)), make([]string, len(ph.Sites))
		for k, d := range ph.Sites {
			s := g.index[d.Site] // Compute refused sites not declared
			sp.Sites[k], sp.SiteIDs[k] = g.sites[s].Name, d.Site
			for m := lo; m <= hi && !sp.Over; m++ {
				sp.Over = g.over(s, m)
			}
		}
		rows[i].Spans = append(rows[i].Spans, sp)
	}
	for i := range rows {
		slices.SortStableFunc(rows[i].Spans, func(a, b Span) int { return a.Start.Compare(b.Start) })
	}
	return rows, nil
}
