package initiative

import (
	"fmt"
	"strings"
	"testing"
)

func TestPortfolioCharts(t *testing.T) {
	sites := sitesFixture(t)
	initiatives := []Initiative{{"tele", "Telehealth pilot"}, {"rpm", "Remote monitoring"}}
	phases := []Phase{
		phase(t, "Two clinics", "tele", "2027-04-01", "2027-09-30", "east=10", "lake=4"),
		phase(t, "Lakeview pilot", "rpm", "2027-03-15", "2027-04-14", "lake=8"),
	}
	p, err := BuildPortfolio(sites, initiatives, phases, MonthOf(date(t, "2027-03-01")), 3)
	if err != nil {
		t.Fatal(err)
	}
	h := p.HeatmapChart()
	if got, want := strings.Join(h.Columns, " "), "2027-03 2027-04 2027-05"; got != want {
		t.Errorf("columns: got %q, want %q", got, want)
	}
	lake := h.Rows[1]
	if lake.Label != "Lakeview" || !lake.Cells[1].Over || lake.Cells[0].Over || lake.Cells[1].Ratio != 2 {
		t.Errorf("Lakeview: got %+v, want April over at twice its capacity", lake)
	}
	if got, want := lake.Cells[1].Text, "7.7 of 10 staff hours a week, 2 of 1 initiatives"; got != want {
		t.Errorf("Lakeview, April: got %q, want %q", got, want)
	}
	tl := p.TimelineChart()
	if len(tl.Rows) != 2 || tl.Rows[0].Label != "Telehealth pilot" || len(tl.Rows[0].Bars) != 1 {
		t.Fatalf("got timeline rows %+v", tl.Rows)
	}
	bar := tl.Rows[0].Bars[0]
	if bar.Label != "Two clinics" || bar.Text != "Eastgate, Lakeview" || !bar.Over || bar.End.Format("2006-01-02") != "2027-05-31" {
		t.Errorf("got bar %+v, want the two clinics cut at May's end, over", bar)
	}
}

func TestSiteTimelineChart(t *testing.T) {
	sites := sitesFixture(t)
	initiatives := []Initiative{{"tele", "Telehealth"}, {"rpm", "Remote monitoring"}, {"cm", "Care managers"}}
	phases := []Phase{
		phase(t, "Two clinics", "tele", "2027-04-01", "2027-09-30", "east=10", "lake=4"),
		phase(t, "Pilot", "rpm", "2027-03-15", "2027-04-14", "lake=8"),
		phase(t, "One clinic", "cm", "2027-03-01", "2027-03-31", "east=5"),
		phase(t, "All clinics", "cm", "2027-04-01", "2027-05-31", "east=5"),
	}
	p, err := BuildPortfolio(sites, initiatives, phases, MonthOf(date(t, "2027-03-01")), 3)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, row := range p.SiteTimelineChart().Rows {
		var bars []string
		for _, b := range row.Bars {
			bars = append(bars, fmt.Sprintf("%s %s..%s over %t", b.Label, b.Start.Format("01-02"), b.End.Format("01-02"), b.Over))
		}
		got = append(got, row.Label+" | "+strings.Join(bars, "; "))
	}
	want := []string{
		// Care managers' two phases follow one another on one lane;
		// telehealth overlaps the second and takes a lane of its own.
		"Eastgate | Care managers: One clinic 03-01..03-31 over false; Care managers: All clinics 04-01..05-31 over false",
		" | Telehealth: Two clinics 04-01..05-31 over false",
		// Lakeview is over in April (two initiatives against one).
		"Lakeview | Remote monitoring: Pilot 03-15..04-14 over true",
		" | Telehealth: Two clinics 04-01..05-31 over true",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	empty, err := BuildPortfolio(sites, nil, nil, MonthOf(date(t, "2027-03-01")), 3)
	if err != nil {
		t.Fatal(err)
	}
	if rows := empty.SiteTimelineChart().Rows; len(rows) != 2 || rows[1].Label != "Lakeview" || len(rows[1].Bars) != 0 {
		t.Errorf("got %+v, want one empty lane per site", rows)
	}
}
