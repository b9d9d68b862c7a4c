package initiative

import (
	"fmt"
	"strings"

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
