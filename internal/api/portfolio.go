package api

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/views"
)

// portfolioJSON is the portfolio page's data: the window, each site's load
// month by month against its capacity, each initiative's phases in the
// window, the site-months over capacity, and (for those who may read the
// ledger) the ledger summed per party.
type portfolioJSON struct {
	From        string            `json:"from"`
	Months      []string          `json:"months"`
	Sites       []siteLoadJSON    `json:"sites"`
	Initiatives []timelineJSON    `json:"initiatives"`
	Over        []overJSON        `json:"over_capacity"`
	Ledger      *[]partyTotalJSON `json:"ledger,omitempty"`
}

type siteLoadJSON struct {
	SiteID     string          `json:"site_id"`
	Name       string          `json:"name"`
	MaxActive  int             `json:"max_active_initiatives"`
	StaffHours number.Decimal  `json:"staff_hours_per_week"`
	Load       []monthLoadJSON `json:"load"`
}

type monthLoadJSON struct {
	Month           string         `json:"month"`
	Hours           number.Decimal `json:"hours_per_week"`
	StaffHours      number.Decimal `json:"staff_hours_per_week"`
	BackOfficeHours number.Decimal `json:"back_office_hours_per_week"`
	Active          int            `json:"active_initiatives"`
	OverHours       bool           `json:"over_hours"`
	OverActive      bool           `json:"over_active"`
}

type timelineJSON struct {
	InitiativeID string     `json:"initiative_id"`
	Name         string     `json:"name"`
	Phases       []spanJSON `json:"phases"`
}

type spanJSON struct {
	PhaseID  string   `json:"phase_id"`
	Name     string   `json:"name"`
	Start    string   `json:"start"`
	End      string   `json:"end"`
	CutStart bool     `json:"starts_before_window"`
	CutEnd   bool     `json:"ends_after_window"`
	SiteIDs  []string `json:"site_ids"`
	Over     bool     `json:"over_capacity"`
}

type overJSON struct {
	SiteID   string `json:"site_id"`
	Month    string `json:"month"`
	Sentence string `json:"sentence"`
}

func (s *API) apiPortfolio(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	win, err := views.ParsePortfolioWindow(r.URL.Query(), s.Now().UTC())
	if err != nil {
		return err
	}
	pv, err := s.LoadPortfolio(r.Context(), ac.Alliance.ID, win)
	if err != nil {
		return err
	}
	p := pv.Portfolio
	out := portfolioJSON{From: win.From.String(), Months: make([]string, len(p.Months)), Sites: make([]siteLoadJSON, len(p.Heatmap)),
		Initiatives: make([]timelineJSON, len(p.Timeline)), Over: make([]overJSON, len(pv.Over))}
	for i, m := range p.Months {
		out.Months[i] = m.String()
	}
	for i, row := range p.Heatmap {
		sl := siteLoadJSON{SiteID: row.Site.ID, Name: row.Site.Name, MaxActive: row.Site.MaxActive, StaffHours: row.Site.HoursPerWeek,
			Load: make([]monthLoadJSON, len(row.Cells))}
		for j, c := range row.Cells {
			sl.Load[j] = monthLoadJSON{Month: c.Month.String(), Hours: c.Hours, StaffHours: c.StaffHours, BackOfficeHours: c.BackOfficeHours,
				Active: c.Active, OverHours: c.OverHours, OverActive: c.OverActive}
		}
		out.Sites[i] = sl
	}
	for i, row := range p.Timeline {
		t := timelineJSON{InitiativeID: row.Initiative.ID, Name: row.Initiative.Name, Phases: make([]spanJSON, len(row.Spans))}
		for j, sp := range row.Spans {
			t.Phases[j] = spanJSON{PhaseID: sp.PhaseID, Name: sp.Name, Start: sp.Start.Format("2006-01-02"), End: sp.End.Format("2006-01-02"),
				CutStart: sp.CutStart, CutEnd: sp.CutEnd, SiteIDs: sp.SiteIDs, Over: sp.Over}
		}
		out.Initiatives[i] = t
	}
	for i, l := range pv.Over {
		out.Over[i] = overJSON{SiteID: l.Site.ID, Month: l.Month.String(), Sentence: l.Sentence()}
	}
	if access.Allowed(ac.Member.Roles, edge.SessionOf(r).Actor.Scope, access.ViewLedger) {
		l := partyTotalsOut(pv.Ledger)
		out.Ledger = &l
	}
	edge.WriteJSON(w, http.StatusOK, out)
	return nil
}
