package initiative

import (
	"fmt"
	"strings"
	"testing"
)

func TestBuildPortfolio(t *testing.T) {
	sites := append(sitesFixture(t), Site{ID: "team", Name: "Integration team"})
	initiatives := []Initiative{{"tele", "Telehealth pilot"}, {"rpm", "Remote monitoring"}, {"ehr", "EHR referral"}}
	phases := []Phase{
		phase(t, "tele-2", "tele", "2027-04-01", "2027-09-30", "east=10", "lake=4"),
		phase(t, "tele-1", "tele", "2026-11-01", "2027-03-31", "east=12"),
		phase(t, "rpm-1", "rpm", "2027-03-15", "2027-04-14", "lake=8"),
	}
	p, err := BuildPortfolio(sites, initiatives, phases, MonthOf(date(t, "2027-03-01")), 3)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(p.Months), "[2027-03 2027-04 2027-05]"; got != want {
		t.Errorf("got months %s, want %s", got, want)
	}
	var heat []string
	for _, row := range p.Heatmap {
		var cells []string
		for _, c := range row.Cells {
			cells = append(cells, fmt.Sprintf("%s/%d %.2f %t", c.Hours, c.Active, c.Ratio, c.Over()))
		}
		heat = append(heat, row.Site.Name+": "+strings.Join(cells, ", "))
	}
	wantHeat := []string{
		"Eastgate: 12/1 0.50 false, 10/1 0.50 false, 10/1 0.50 false",
		// March: rpm 8×17/31; April: 4 + 8×14/30 and two initiatives.
		"Lakeview: 4.387097/1 1.00 false, 7.733333/2 2.00 true, 4/1 1.00 false",
		// A zero capacity with no demand is not over.
		"Integration team: 0/0 0.00 false, 0/0 0.00 false, 0/0 0.00 false",
	}
	if got := strings.Join(heat, "\n"); got != strings.Join(wantHeat, "\n") {
		t.Errorf("got heatmap\n%s\nwant\n%s", got, strings.Join(wantHeat, "\n"))
	}
	var lines []string
	for _, row := range p.Timeline {
		var spans []string
		for _, s := range row.Spans {
			spans = append(spans, fmt.Sprintf("%s %s..%s cut %t/%t %v over %t", s.Name, s.Start.Format("01-02"), s.End.Format("01-02"),
				s.CutStart, s.CutEnd, s.Sites, s.Over))
		}
		lines = append(lines, row.Initiative.Name+": "+strings.Join(spans, "; "))
	}
	wantLines := []string{
		"Telehealth pilot: tele-1 03-01..03-31 cut true/false [Eastgate] over false; tele-2 04-01..05-31 cut false/true [Eastgate Lakeview] over true",
		"Remote monitoring: rpm-1 03-15..04-14 cut false/false [Lakeview] over true",
		"EHR referral: ",
	}
	if got := strings.Join(lines, "\n"); got != strings.Join(wantLines, "\n") {
		t.Errorf("got timeline\n%s\nwant\n%s", got, strings.Join(wantLines, "\n"))
	}
}

func TestBuildPortfolioRefuses(t *testing.T) {
	sites := sitesFixture(t)
	_, err := BuildPortfolio(sites, nil, []Phase{phase(t, "p", "ghost", "2027-01-01", "2027-01-31", "east=1")}, MonthOf(date(t, "2027-01-01")), 1)
	if err == nil || !strings.Contains(err.Error(), "not listed") {
		t.Errorf("got %v, want an error naming the initiative not listed", err)
	}
	if _, err := BuildPortfolio(sites, nil, nil, 0, 0); err == nil {
		t.Error("got no error for an empty window")
	}
}

func TestRatio(t *testing.T) {
	site := func(max int, hours string) Site { return Site{MaxActive: max, HoursPerWeek: dec(t, hours)} }
	tests := []struct {
		name string
		l    Load
		want float64
	}{
		{"idle", Load{Site: site(2, "40")}, 0},
		{"hours", Load{Site: site(4, "40"), Hours: dec(t, "30"), Active: 1}, 0.75},
		{"initiatives", Load{Site: site(2, "40"), Hours: dec(t, "10"), Active: 3}, 1.5},
		{"no hours available", Load{Site: site(2, "0"), Hours: dec(t, "1"), Active: 1}, RatioCap},
		{"no initiative allowed", Load{Site: site(0, "40"), Active: 1}, RatioCap},
		{"capped", Load{Site: site(1, "1"), Hours: dec(t, "50")}, RatioCap},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ratio(tt.l); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMonth(t *testing.T) {
	tests := []struct {
		date, str, label string
		days             int
	}{
		{"2027-03-15", "2027-03", "Mar 2027", 31},
		{"2028-02-29", "2028-02", "Feb 2028", 29},
		{"2100-02-01", "2100-02", "Feb 2100", 28},
		{"2000-02-01", "2000-02", "Feb 2000", 29},
		{"2027-12-31", "2027-12", "Dec 2027", 31},
		{"2027-11-01", "2027-11", "Nov 2027", 30},
	}
	for _, tt := range tests {
		m := MonthOf(date(t, tt.date))
		if m.String() != tt.str || m.Label() != tt.label || m.Days() != tt.days || MonthOf(m.Start()) != m {
			t.Errorf("%s: got %s %q %d days, want %s %q %d", tt.date, m, m.Label(), m.Days(), tt.str, tt.label, tt.days)
		}
	}
	if got := (MonthOf(date(t, "2027-12-01")) + 1).String(); got != "2028-01" {
		t.Errorf("got %s after 2027-12, want 2028-01", got)
	}
}

// BenchmarkPortfolio builds the heatmap and timeline of 200 initiatives,
// 1,000 phases and 50 sites over 60 months.
func BenchmarkPortfolio(b *testing.B) {
	sites, phases, from := portfolioFixture(b)
	initiatives := make([]Initiative, 200)
	for i := range initiatives {
		initiatives[i] = Initiative{ID: fmt.Sprintf("i%03d", i), Name: fmt.Sprintf("Initiative %d", i)}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := BuildPortfolio(sites, initiatives, phases, from, 60); err != nil {
			b.Fatal(err)
		}
	}
}
