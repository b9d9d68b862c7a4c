package initiative

import (
	"fmt"
	"slices"

	"github.com/accord-alliance/accord/internal/number"
)

// Load is what the phases ask of one site in one month, against its
// capacity. Hours are per week, averaged over the days of the month: a
// phase asking h hours a week that covers d of the month's D days adds
// h×d/D (rounded to the millionth for show; compared exactly).
type Load struct {
	Site  Site
	Month Month
	// StaffHours and BackOfficeHours are the month's average hours per
	// week; Hours is their sum, what counts against Site.HoursPerWeek.
	StaffHours, BackOfficeHours, Hours number.Decimal
	// Active is how many initiatives have a phase at the site on at least
	// one day of the month (an initiative counts once).
	Active int
	// OverHours and OverActive say which limit the month exceeds.
	OverHours, OverActive bool
}

// Over reports whether the month exceeds either of the site's limits.
func (l Load) Over() bool { return l.OverHours || l.OverActive }

// Sentence writes the month's figures in one plain sentence, for a
// refusal message or a table: "Lakeview, Mar 2027: 52 staff hours a week
// against 40 available; 4 initiatives against 3 allowed".
func (l Load) Sentence() string {
	return fmt.Sprintf("%s, %s: %s staff hours a week against %s available; %s against %d allowed",
		l.Site.Name, l.Month.Label(), hoursText(l.Hours), hoursText(l.Site.HoursPerWeek),
		plural(l.Active, "initiative"), l.Site.MaxActive)
}

// cell accumulates one site-month: hours as millionths of an hour per
// week times days covered, so sums stay exact integers until divided by
// the month's days.
type cell struct {
	staff, back int64
	active      int32
	last        int32 // 1 + the index of the last initiative counted here
}

// Grid is the load of every site in every month of a window.
type Grid struct {
	from   Month
	months int
	sites  []Site
	index  map[string]int
	cells  []cell // site-major: cells[site*months + month]
	first  []day  // first day of each month of the window, and of the month after
}

// Compute adds up what the phases ask of each site in each of the months
// from, from+1, … (months in all). Phases are validated; a phase that
// names a site not declared is an error.
func Compute(sites []Site, phases []Phase, from Month, months int) (*Grid, error) {
	if months <= 0 {
		return nil, errNoMonths
	}
	index, err := validateSites(sites)
	if err != nil {
		return nil, err
	}
	g := &Grid{from: from, months: months, sites: sites, index: index, cells: make([]cell, len(sites)*months)}
	g.first = make([]day, months+1)
	for i := range g.first {
		g.first[i] = (from + Month(i)).firstDay()
	}
	for _, p := range byInitiative(phases) {
		if err := g.add(p.phase, p.initiative); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// numbered is a phase with the number of its initiative.
type numbered struct {
	phase      *Phase
	initiative int32
}

// byInitiative orders the phases so that each initiative's come together
// and numbers the initiatives, so that a cell counts an initiative once by
// remembering only the last one it counted.
func byInitiative(phases []Phase) []numbered {
	out := make([]numbered, len(phases))
	for i := range phases {
		out[i].phase = &phases[i]
	}
	slices.SortStableFunc(out, func(a, b numbered) int {
		switch {
		case a.phase.Initiative < b.phase.Initiative:
			return -1
		case a.phase.Initiative > b.phase.Initiative:
			return 1
		}
		return 0
	})
	var n int32
	for i := range out {
		if i > 0 && out[i].phase.Initiative != out[i-1].phase.Initiative {
			n++
		}
		out[i].initiative = n + 1
	}
	return out
}

// add spreads one phase's demand over the months of the window it covers.
func (g *Grid) add(p *Phase, initiative int32) error {
	if err := p.Validate(); err != nil {
		return err
	}
	start, end := dayOf(p.Start), dayOf(p.End)
	lo := max(0, int(MonthOf(p.Start)-g.from))
	hi := min(g.months-1, int(MonthOf(p.End)-g.from))
	for _, d := range p.Sites {
		s, ok := g.index[d.Site]
		if !ok {
			return fmt.Errorf("phase %s: site %s is not declared", p.Name, d.Site)
		}
		staff, back := int64(d.staff()), int64(d.BackOffice)
		row := g.cells[s*g.months : (s+1)*g.months]
		for m := lo; m <= hi; m++ {
			days := int64(min(end, g.first[m+1]-1) - max(start, g.first[m]) + 1)
			c := &row[m]
			c.staff += staff * days
			c.back += back * days
			if c.last != initiative {
				c.last = initiative
				c.active++
			}
		}
	}
	return nil
}

// Sites returns the sites of the grid, in the order given.
func (g *Grid) Sites() []Site { return g.sites }

// Months returns the months of the window, in order.
func (g *Grid) Months() []Month {
	out := make([]Month, g.months)
	for i := range out {
		out[i] = g.from + Month(i)
	}
	return out
}

// At returns the load of the site with the given ID in month m; ok is
// false when the site is not declared or m lies outside the window.
func (g *Grid) At(site string, m Month) (l Load, ok bool) {
	s, ok := g.index[site]
	if !ok || m < g.from || int(m-g.from) >= g.months {
		return Load{}, false
	}
	return g.load(s, int(m-g.from)), true
}

// load reads one cell as a Load.
func (g *Grid) load(s, m int) Load {
	c, site := g.cells[s*g.months+m], g.sites[s]
	days := int64(g.first[m+1] - g.first[m])
	l := Load{
		Site: site, Month: g.from + Month(m), Active: int(c.active),
		StaffHours:      perWeek(c.staff, days),
		BackOfficeHours: perWeek(c.back, days),
		Hours:           perWeek(c.staff+c.back, days),
	}
	l.OverHours, l.OverActive = g.overHours(s, m), g.overActive(s, m)
	return l
}

// over is Load.Over for one cell, without building the Load.
func (g *Grid) over(s, m int) bool { return g.overHours(s, m) || g.overActive(s, m) }

// overHours compares the cell's hour-days with the site's hours over the
// month's days, exactly.
func (g *Grid) overHours(s, m int) bool {
	c := &g.cells[s*g.months+m]
	return c.staff+c.back > int64(g.sites[s].HoursPerWeek)*int64(g.first[m+1]-g.first[m])
}

// overActive compares the cell's initiatives with the site's limit.
func (g *Grid) overActive(s, m int) bool {
	return int(g.cells[s*g.months+m].active) > g.sites[s].MaxActive
}

// perWeek divides hour-days by the month's days, rounding half up to the
// millionth (sums are never negative).
func perWeek(hourDays, days int64) number.Decimal {
	return number.Decimal((2*hourDays + days) / (2 * days))
}

// Over returns every site-month over either limit, site by site in the
// order given, months in order.
func (g *Grid) Over() []Load {
	var out []Load
	for s := range g.sites {
		for m := range g.months {
			if g.over(s, m) {
				out = append(out, g.load(s, m))
			}
		}
	}
	return out
}

// hoursText writes hours for people, to one decimal (half up), with
// thousands separators: "1,052.5", "40".
func hoursText(d number.Decimal) string {
	tenths := (int64(d) + 50_000) / 100_000
	if d < 0 {
		tenths = (int64(d) - 50_000) / 100_000
	}
	return number.Group(number.Decimal(tenths * 100_000).String())
}
