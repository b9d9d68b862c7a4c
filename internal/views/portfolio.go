package views

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/initiative"
	"github.com/accord-alliance/accord/internal/number"
)

// The portfolio's window: twelve months from the current one unless the
// viewer asks for others, at most five years.
const (
	PortfolioMonths    = 12
	MaxPortfolioMonths = 60
)

// PortfolioWindow is the months the portfolio page shows.
type PortfolioWindow struct {
	From   initiative.Month
	Months int
}

// FromText is the first month as YYYY-MM, for the window's form.
func (w PortfolioWindow) FromText() string { return w.From.String() }

// Choices are the window lengths the page offers.
func (w PortfolioWindow) Choices() []int { return []int{6, 12, 24, 36, 60} }

// ParsePortfolioWindow reads the window from a query (from=YYYY-MM,
// months=N): by default the twelve months from today's.
func ParsePortfolioWindow(q url.Values, today time.Time) (PortfolioWindow, error) {
	w := PortfolioWindow{From: initiative.MonthOf(today), Months: PortfolioMonths}
	if s := q.Get("from"); s != "" {
		t, err := time.Parse("2006-01", s)
		if err != nil || t.Year() < 1900 || t.Year() > 9999 {
			return w, accord.FieldError("from", "must be a month, YYYY-MM")
		}
		w.From = initiative.MonthOf(t)
	}
	if s := q.Get("months"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxPortfolioMonths {
			return w, accord.FieldError("months", "must be a number of months from 1 to %d", MaxPortfolioMonths)
		}
		w.Months = n
	}
	return w, nil
}

// PortfolioView is the portfolio page's data and its API twin's: the
// engine's heatmap and timeline over the window, the site-months over
// capacity, and the ledger summed per party.
type PortfolioView struct {
	Window    PortfolioWindow
	Portfolio initiative.Portfolio
	// Initiatives are every initiative of the alliance, in the timeline's
	// order.
	Initiatives []accord.Initiative
	// Over lists the site-months over capacity in the window, by site and
	// month.
	Over []initiative.Load
	// Ledger is budget against actual per party over every initiative.
	Ledger []PartyTotal
}

// PartyTotal is one party's commitments (budget), contributions that count
// (actual) and contributions held back under an open dispute.
type PartyTotal struct {
	PartyID, Party           string
	Budget, Actual, Disputed number.Money
}

// BudgetText, ActualText and DisputedText write the amounts for pages.
func (t PartyTotal) BudgetText() string   { return Money(t.Budget) }
func (t PartyTotal) ActualText() string   { return Money(t.Actual) }
func (t PartyTotal) DisputedText() string { return Money(t.Disputed) }

// LoadPortfolio reads what the window needs of the alliance's portfolio
// (PortfolioPlan: its sites, initiatives by name, and the phases holding
// capacity in those months, one query per table) and its ledger totals,
// and computes the window's load and timeline.
func (l *Loader) LoadPortfolio(ctx context.Context, allianceID string, w PortfolioWindow) (PortfolioView, error) {
	p, err := l.Svc.PortfolioPlan(ctx, allianceID, w.From.Start(), (w.From+initiative.Month(w.Months)).Start().AddDate(0, 0, -1))
	if err != nil {
		return PortfolioView{}, err
	}
	v := PortfolioView{Window: w, Initiatives: p.Initiatives}
	sites, inits, phases := EnginePortfolio(p)
	if v.Portfolio, err = initiative.BuildPortfolio(sites, inits, phases, w.From, w.Months); err != nil {
		return v, fmt.Errorf("portfolio: %w", err)
	}
	for _, row := range v.Portfolio.Heatmap {
		for _, c := range row.Cells {
			if c.Over() {
				v.Over = append(v.Over, c.Load)
			}
		}
	}
	totals, err := l.Svc.LedgerTotals(ctx, allianceID)
	if err != nil {
		return v, err
	}
	parties, err := l.Svc.ListParties(ctx, allianceID)
	if err != nil {
		return v, err
	}
	v.Ledger = partyTotals(parties, totals, "")
	return v, nil
}

// EnginePortfolio turns the stored portfolio into the initiative engine's
// terms: every site with its capacity, every initiative, and the phases
// that hold capacity (planned or active; not paused, done or stopped).
func EnginePortfolio(p accord.Portfolio) ([]initiative.Site, []initiative.Initiative, []initiative.Phase) {
	sites := make([]initiative.Site, len(p.Sites))
	for i, s := range p.Sites {
		sites[i] = initiative.Site{ID: s.ID, Name: s.Name, MaxActive: s.MaxActive, HoursPerWeek: s.StaffHours}
	}
	inits := make([]initiative.Initiative, len(p.Initiatives))
	for i, in := range p.Initiatives {
		inits[i] = initiative.Initiative{ID: in.ID, Name: in.Name}
	}
	phases := make([]initiative.Phase, 0, len(p.Phases))
	for _, ph := range p.Phases {
		if ph.Status != accord.PhasePlanned && ph.Status != accord.PhaseActive {
			continue
		}
		e := initiative.Phase{ID: ph.ID, Initiative: ph.InitiativeID, Name: ph.Name, Start: ph.StartsOn, End: ph.EndsOn,
			Sites: make([]initiative.SiteDemand, len(ph.Sites))}
		for k, d := range ph.Sites {
			e.Sites[k] = initiative.SiteDemand{Site: d.SiteID, BackOffice: d.BackOfficeHours, Staff: make([]initiative.RoleHours, len(d.Staff))}
			for j, r := range d.Staff {
				e.Sites[k].Staff[j] = initiative.RoleHours{Role: r.Role, Hours: r.Hours}
			}
		}
		phases = append(phases, e)
	}
	return sites, inits, phases
}

// partyTotals sums the ledger's totals per party, in the parties' order,
// over one initiative (or every one, for "").
func partyTotals(parties []accord.Party, totals []accord.LedgerTotal, initiativeID string) []PartyTotal {
	out := make([]PartyTotal, 0, len(parties))
	at := map[string]int{}
	for _, p := range parties {
		at[p.ID] = len(out)
		out = append(out, PartyTotal{PartyID: p.ID, Party: p.OrgName})
	}
	for _, t := range totals {
		i, ok := at[t.PartyID]
		if !ok || (initiativeID != "" && t.InitiativeID != initiativeID) {
			continue
		}
		out[i].Budget += t.Budget
		out[i].Actual += t.Actual
		out[i].Disputed += t.Disputed
	}
	kept := out[:0]
	for _, t := range out {
		if t.Budget != 0 || t.Actual != 0 || t.Disputed != 0 {
			kept = append(kept, t)
		}
	}
	return kept
}
