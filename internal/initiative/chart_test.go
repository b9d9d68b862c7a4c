package initiative

import (
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
