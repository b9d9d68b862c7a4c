package initiative

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// sitesFixture is two clinics: Eastgate (2 initiatives, 40 hours a week)
// and Lakeview (1 initiative, 10 hours a week).
func sitesFixture(t testing.TB) []Site {
	return []Site{
		{ID: "east", Name: "Eastgate", MaxActive: 2, HoursPerWeek: dec(t, "40")},
		{ID: "lake", Name: "Lakeview", MaxActive: 1, HoursPerWeek: dec(t, "10")},
	}
}

// phase builds a phase of initiative ini from start to end, asking each
// "site=staff/backoffice" of the demands.
func phase(t testing.TB, id, ini, start, end string, demands ...string) Phase {
	t.Helper()
	p := Phase{ID: id, Initiative: ini, Name: id, Start: date(t, start), End: date(t, end)}
	for _, d := range demands {
		site, hours, _ := strings.Cut(d, "=")
		staff, back, _ := strings.Cut(hours, "/")
		sd := SiteDemand{Site: site, Staff: []RoleHours{{Role: "nurse", Hours: dec(t, staff)}}}
		if back != "" {
			sd.BackOffice = dec(t, back)
		}
		p.Sites = append(p.Sites, sd)
	}
	return p
}

func TestLoadPerSiteMonth(t *testing.T) {
	phases := []Phase{
		// 31 days of March, then half of April (15 of 30 days).
		phase(t, "tele-1", "tele", "2027-03-01", "2027-04-15", "east=20/4"),
		// Two phases of one initiative in April count once.
		phase(t, "cm-1", "cm", "2027-04-01", "2027-04-10", "east=10", "lake=6"),
		phase(t, "cm-2", "cm", "2027-04-11", "2027-05-31", "east=10", "lake=6"),
		phase(t, "rpm-1", "rpm", "2027-04-20", "2027-06-30", "lake=9/1"),
	}
	g, err := Compute(sitesFixture(t), phases, MonthOf(date(t, "2027-03-01")), 4)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		site, month      string
		staff, back, all string
		active           int
		overH, overA     bool
	}{
		{"east", "2027-03-01", "20", "4", "24", 1, false, false},
		// 20×15/30 + 10×30/30 staff; 4×15/30 back office; two initiatives.
		{"east", "2027-04-01", "20", "2", "22", 2, false, false},
		{"east", "2027-05-01", "10", "0", "10", 1, false, false},
		{"east", "2027-06-01", "0", "0", "0", 0, false, false},
		// 6 + 9×11/30 staff, 1×11/30 back office, two initiatives against one.
		{"lake", "2027-04-01", "9.3", "0.366667", "9.666667", 2, false, true},
		{"lake", "2027-05-01", "15", "1", "16", 2, true, true},
		{"lake", "2027-06-01", "9", "1", "10", 1, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.site+" "+tt.month, func(t *testing.T) {
			l, ok := g.At(tt.site, MonthOf(date(t, tt.month)))
			if !ok {
				t.Fatal("not in the grid")
			}
			got := fmt.Sprintf("%s %s %s %d %t %t", l.StaffHours, l.BackOfficeHours, l.Hours, l.Active, l.OverHours, l.OverActive)
			want := fmt.Sprintf("%s %s %s %d %t %t", tt.staff, tt.back, tt.all, tt.active, tt.overH, tt.overA)
			if got != want {
				t.Errorf("got %s, want %s", got, want)
			}
		})
	}
	var over []string
	for _, l := range g.Over() {
		over = append(over, l.Site.ID+" "+l.Month.String())
	}
	if got, want := strings.Join(over, ", "), "lake 2027-04, lake 2027-05"; got != want {
		t.Errorf("got over %q, want %q", got, want)
	}
	if _, ok := g.At("east", MonthOf(date(t, "2027-07-01"))); ok {
		t.Error("got a load outside the window")
	}
	if _, ok := g.At("north", MonthOf(date(t, "2027-03-01"))); ok {
		t.Error("got a load for a site not declared")
	}
}

func TestLoadExactAtTheLimit(t *testing.T) {
	// 10 hours a week over all of February is exactly Lakeview's 10: not
	// over; a millionth more is.
	sites := sitesFixture(t)
	for _, tt := range []struct {
		hours string
		over  bool
	}{{"10", false}, {"10.000001", true}} {
		g, err := Compute(sites, []Phase{phase(t, "p", "i", "2028-02-01", "2028-02-29", "lake="+tt.hours)}, MonthOf(date(t, "2028-02-01")), 1)
		if err != nil {
			t.Fatal(err)
		}
		l, _ := g.At("lake", MonthOf(date(t, "2028-02-01")))
		if l.OverHours != tt.over {
			t.Errorf("%s hours: got over %t, want %t", tt.hours, l.OverHours, tt.over)
		}
	}
}

func TestLoadSentence(t *testing.T) {
	l := Load{Site: Site{Name: "Lakeview", MaxActive: 3, HoursPerWeek: dec(t, "1200")}, Month: MonthOf(date(t, "2027-03-01")),
		Hours: dec(t, "1252.25"), Active: 4}
	want := "Lakeview, Mar 2027: 1,252.3 staff hours a week against 1,200 available; 4 initiatives against 3 allowed"
	if got := l.Sentence(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestComputeRefuses(t *testing.T) {
	sites := sitesFixture(t)
	m := MonthOf(date(t, "2027-01-01"))
	tests := []struct {
		name   string
		sites  []Site
		phases []Phase
		months int
		want   string
	}{
		{"no months", sites, nil, 0, "no months"},
		{"site twice", append(sites, sites[0]), nil, 1, "declared twice"},
		{"negative capacity", []Site{{ID: "x", Name: "X", MaxActive: -1}}, nil, 1, "cannot be negative"},
		{"unknown site", sites, []Phase{phase(t, "p", "i", "2027-01-01", "2027-01-31", "north=1")}, 1, "not declared"},
		{"ends before it starts", sites, []Phase{phase(t, "p", "i", "2027-02-01", "2027-01-31", "east=1")}, 1, "ends"},
		{"no initiative", sites, []Phase{phase(t, "p", "", "2027-01-01", "2027-01-31", "east=1")}, 1, "initiative"},
		{"site in scope twice", sites, []Phase{phase(t, "p", "i", "2027-01-01", "2027-01-31", "east=1", "east=2")}, 1, "twice"},
		{"negative hours", sites, []Phase{phase(t, "p", "i", "2027-01-01", "2027-01-31", "east=-1")}, 1, "negative"},
		{"negative back office", sites, []Phase{phase(t, "p", "i", "2027-01-01", "2027-01-31", "east=1/-1")}, 1, "negative"},
		{"no dates", sites, []Phase{{Initiative: "i"}}, 1, "dates"},
		{"a mistyped year", sites, []Phase{phase(t, "p", "i", "2027-01-01", "2207-01-31", "east=1")}, 1, "at most 10 years"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compute(tt.sites, tt.phases, m, tt.months)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error with %q", err, tt.want)
			}
		})
	}
}

func TestWouldOverload(t *testing.T) {
	sites := sitesFixture(t)
	existing := []Phase{
		phase(t, "tele-1", "tele", "2027-03-01", "2027-05-31", "east=30", "lake=4"),
		phase(t, "cm-1", "cm", "2027-05-01", "2027-05-31", "east=5"),
	}
	tests := []struct {
		name  string
		phase Phase
		want  []string
	}{
		{"fits", phase(t, "", "rpm", "2027-06-01", "2027-08-31", "lake=10"), nil},
		{"hours over at Eastgate in April only",
			phase(t, "", "rpm", "2027-04-01", "2027-04-30", "east=11"),
			[]string{"Eastgate, Apr 2027: 41 staff hours a week against 40 available; 2 initiatives against 2 allowed"}},
		{"a third initiative at Eastgate in May",
			phase(t, "", "rpm", "2027-05-20", "2027-06-10", "east=1"),
			[]string{"Eastgate, May 2027: 35.4 staff hours a week against 40 available; 3 initiatives against 2 allowed"}},
		{"a second at Lakeview, both limits",
			phase(t, "", "rpm", "2027-05-01", "2027-06-30", "lake=7"),
			[]string{"Lakeview, May 2027: 11 staff hours a week against 10 available; 2 initiatives against 1 allowed"}},
		{"same initiative's next phase counts once",
			phase(t, "tele-2", "tele", "2027-05-15", "2027-06-30", "lake=4"),
			nil},
		{"a change that adds hours where already over is refused",
			phase(t, "cm-1", "cm", "2027-05-01", "2027-05-31", "east=12"),
			[]string{"Eastgate, May 2027: 42 staff hours a week against 40 available; 2 initiatives against 2 allowed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			over, err := WouldOverload(sites, existing, tt.phase)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, o := range over {
				got = append(got, o.Sentence())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestWouldOverloadLetsAChangeEaseAnOverloadedMonth(t *testing.T) {
	sites := sitesFixture(t)
	existing := []Phase{
		phase(t, "a", "a", "2027-03-01", "2027-03-31", "lake=8"),
		phase(t, "b", "b", "2027-03-01", "2027-03-31", "lake=8"),
	}
	// Lakeview is over in March (16 hours, 2 initiatives); trimming b's
	// hours leaves it over but not worse, so it is not refused.
	over, err := WouldOverload(sites, existing, phase(t, "b", "b", "2027-03-01", "2027-03-31", "lake=4"))
	if err != nil {
		t.Fatal(err)
	}
	if len(over) != 0 {
		t.Errorf("got %d overloads (%s), want none", len(over), over[0].Sentence())
	}
	// Raising them is refused, with the figures before.
	over, err = WouldOverload(sites, existing, phase(t, "b", "b", "2027-03-01", "2027-03-31", "lake=9"))
	if err != nil {
		t.Fatal(err)
	}
	if len(over) != 1 || over[0].Before.Hours != dec(t, "16") || over[0].Hours != dec(t, "17") {
		t.Errorf("got %+v, want one overload from 16 to 17 hours", over)
	}
	if _, err := WouldOverload(sites, existing, Phase{Initiative: "x"}); err == nil {
		t.Error("got no error for a phase without dates")
	}
}

// portfolioFixture builds a portfolio of the size the issue sets: 200
// initiatives of 5 phases (1,000), each over 6 to 17 months of five years,
// each phase at 1 to 5 of 50 sites.
func portfolioFixture(t testing.TB) ([]Site, []Phase, Month) {
	sites := make([]Site, 50)
	for i := range sites {
		sites[i] = Site{ID: fmt.Sprintf("s%02d", i), Name: fmt.Sprintf("Site %d", i), MaxActive: 6, HoursPerWeek: dec(t, "120")}
	}
	from := MonthOf(date(t, "2027-01-01"))
	var phases []Phase
	for i := range 200 {
		start := from.Start().AddDate(0, i%43, i%28)
		for j := range 5 {
			end := start.AddDate(0, 1+(i+j)%3, 0)
			p := Phase{ID: fmt.Sprintf("p%d-%d", i, j), Initiative: fmt.Sprintf("i%03d", i), Start: start, End: end}
			for k := range 1 + (i+j)%5 {
				p.Sites = append(p.Sites, SiteDemand{Site: sites[(i*7+j*3+k*11)%50].ID,
					Staff:      []RoleHours{{"nurse", dec(t, "6.5")}, {"physician", dec(t, "2")}},
					BackOffice: dec(t, "3.25")})
			}
			phases = append(phases, p)
			start = end.Add(24 * time.Hour)
		}
	}
	return sites, phases, from
}

func TestPortfolioFixtureFillsTheWindow(t *testing.T) {
	sites, phases, from := portfolioFixture(t)
	g, err := Compute(sites, phases, from, 60)
	if err != nil {
		t.Fatal(err)
	}
	if len(phases) != 1000 || len(g.Over()) == 0 {
		t.Errorf("got %d phases and %d overloaded site-months, want 1,000 and some", len(phases), len(g.Over()))
	}
}

// BenchmarkLoad computes the load of 50 sites over 60 months from 1,000
// phases of 200 initiatives and lists the overloaded site-months.
func BenchmarkLoad(b *testing.B) {
	sites, phases, from := portfolioFixture(b)
	b.ReportAllocs()
	for b.Loop() {
		g, err := Compute(sites, phases, from, 60)
		if err != nil {
			b.Fatal(err)
		}
		_ = g.Over()
	}
}
