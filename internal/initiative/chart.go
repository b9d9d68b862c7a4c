package initiative

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/chart"
)

// HeatmapChart returns the portfolio's heatmap for chart.Heatmap: a row
// per site, a column per month, each cell's figures in words. The caller
// adds the ID, title and width.
func (p Portfolio) HeatmapChart() chart.HeatmapOptions {
	o := chart.HeatmapOptions{Columns: p.columns(), Rows: make([]chart.HeatRow, len(p.Heatmap))}
	for i, row := range p.Heatmap {
		r := chart.HeatRow{Label: row.Site.Name, Cells: make([]chart.HeatCell, len(row.Cells))}
		for j, c := range row.Cells {
			r.Cells[j] = chart.HeatCell{Ratio: c.Ratio, Over: c.Over(), Text: fmt.Sprintf("%s of %s staff hours a week, %d of %d initiatives",
				hoursText(c.Hours), hoursText(c.Site.HoursPerWeek), c.Active, c.Site.MaxActive)}
		}
		o.Rows[i] = r
	}
	return o
}

// TimelineChart returns the portfolio's timeline for chart.Timeline: a row
// per initiative, a bar per phase with its sites. The caller adds the ID,
// title and width (and the label width it gives the heatmap, so that the
// months line up).
func (p Portfolio) TimelineChart() chart.TimelineOptions {
	o := chart.TimelineOptions{Columns: p.columns(), Rows: make([]chart.TimelineRow, len(p.Timeline))}
	for i, row := range p.Timeline {
		r := chart.TimelineRow{Label: row.Initiative.Name}
		for _, s := range row.Spans {
			r.Bars = append(r.Bars, chart.TimelineBar{Label: s.Name, Start: s.Start, End: s.End, Over: s.Over, Text: strings.Join(s.Sites, ", ")})
		}
		o.Rows[i] = r
	}
	return o
}

// columns names the portfolio's months as 2027-03.
func (p Portfolio) columns() []string {
	out := make([]string, len(p.Months))
	for i, m := range p.Months {
		out[i] = m.String()
	}
	return out
}

// SiteTimelineChart returns the portfolio's phases by site for
// chart.Timeline: for each site, in the heatmap's order, as many lanes as
// its phases overlap in time (the site's name on the first), each bar
// named "initiative: phase" and marked over where this site is over
// capacity in one of the phase's months. A site without phases in the
// window keeps one empty lane.
func (p Portfolio) SiteTimelineChart() chart.TimelineOptions {
	bars := make(map[string][]laneBar, len(p.Heatmap))
	for _, row := range p.Timeline {
		for _, s := range row.Spans {
			for _, id := range s.SiteIDs {
				bars[id] = append(bars[id], laneBar{row.Initiative.ID, chart.TimelineBar{Label: row.Initiative.Name + ": " + s.Name,
					Start: s.Start, End: s.End, Over: p.overAt(id, s.Start, s.End)}})
			}
		}
	}
	o := chart.TimelineOptions{Columns: p.columns()}
	for _, row := range p.Heatmap {
		for i, lane := range lanes(bars[row.Site.ID]) {
			label := ""
			if i == 0 {
				label = row.Site.Name
			}
			o.Rows = append(o.Rows, chart.TimelineRow{Label: label, Bars: lane})
		}
	}
	return o
}

// overAt reports whether the site is over capacity in a month from start
// to end.
func (p Portfolio) overAt(site string, start, end time.Time) bool {
	for _, row := range p.Heatmap {
		if row.Site.ID != site {
			continue
		}
		for _, c := range row.Cells {
			if c.Over() && c.Month >= MonthOf(start) && c.Month <= MonthOf(end) {
				return true
			}
		}
	}
	return false
}

// laneBar is a bar with its initiative, to keep an initiative's phases on
// one lane.
type laneBar struct {
	initiative string
	bar        chart.TimelineBar
}

// lanes packs bars into as few rows as keep them apart: each bar, in start
// order (of two starting the same day, first the one whose initiative came
// to the site first), goes on the lane where its initiative's last phase
// ended before it starts, else on the first lane whose last bar did. There
// is always at least one lane.
func lanes(bars []laneBar) [][]chart.TimelineBar {
	came := make(map[string]time.Time, len(bars))
	for _, b := range bars {
		if t, ok := came[b.initiative]; !ok || b.bar.Start.Before(t) {
			came[b.initiative] = b.bar.Start
		}
	}
	slices.SortStableFunc(bars, func(a, b laneBar) int {
		if c := a.bar.Start.Compare(b.bar.Start); c != 0 {
			return c
		}
		return came[a.initiative].Compare(came[b.initiative])
	})
	var out [][]chart.TimelineBar
	var last []laneBar // the last bar of each lane
	for _, b := range bars {
		at := -1
		for i, l := range last {
			if l.bar.End.Before(b.bar.Start) && (at < 0 || l.initiative == b.initiative) {
				at = i
			}
			if at == i && l.initiative == b.initiative {
				break
			}
		}
		if at < 0 {
			out, last = append(out, nil), append(last, laneBar{})
			at = len(out) - 1
		}
		out[at], last[at] = append(out[at], b.bar), b
	}
	if len(out) == 0 {
		out = [][]chart.TimelineBar{nil}
	}
	return out
}
