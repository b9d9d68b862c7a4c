package views

import (
	"net/http"
	"slices"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/initiative"
)

// InitiativeBoard is what the initiative pages and their API twins read of
// an alliance at once: the portfolio (sites, initiatives, phases,
// milestones, readiness, gates), the parties, the active members and the
// KPIs, and the day the states are computed on.
type InitiativeBoard struct {
	Portfolio accord.Portfolio
	Parties   []accord.Party
	Members   []accord.Membership // active or not: past assessors keep their roles
	KPIs      []accord.KPI
	Today     time.Time
}

// LoadInitiatives reads the alliance's initiatives and what their pages
// name: a fixed number of queries, whatever the size of the portfolio.
func (s *Loader) LoadInitiatives(r *http.Request) (*InitiativeBoard, error) {
	ctx, id := r.Context(), edge.AllianceOf(r).Alliance.ID
	p, err := s.Svc.Portfolio(ctx, id)
	if err != nil {
		return nil, err
	}
	b := &InitiativeBoard{Portfolio: p, Today: accord.Day(s.Now())}
	if b.Parties, err = s.Svc.ListParties(ctx, id); err != nil {
		return nil, err
	}
	members, err := s.Svc.ListMembers(ctx, id)
	if err != nil {
		return nil, err
	}
	b.Members = members
	if b.KPIs, err = s.Svc.ListKPIs(ctx, id, accord.KPIFilter{}); err != nil {
		return nil, err
	}
	return b, nil
}

// Party returns the party with the given id.
func (b *InitiativeBoard) Party(id string) (accord.Party, bool) {
	i := slices.IndexFunc(b.Parties, func(p accord.Party) bool { return p.ID == id })
	if i < 0 {
		return accord.Party{}, false
	}
	return b.Parties[i], true
}

// Site returns the site or team with the given id.
func (b *InitiativeBoard) Site(id string) (accord.Site, bool) {
	i := slices.IndexFunc(b.Portfolio.Sites, func(s accord.Site) bool { return s.ID == id })
	if i < 0 {
		return accord.Site{}, false
	}
	return b.Portfolio.Sites[i], true
}

// KPI returns the KPI with the given id.
func (b *InitiativeBoard) KPI(id string) (accord.KPI, bool) {
	i := slices.IndexFunc(b.KPIs, func(k accord.KPI) bool { return k.ID == id })
	if i < 0 {
		return accord.KPI{}, false
	}
	return b.KPIs[i], true
}

// Initiative returns the initiative with the given id, or not found.
func (b *InitiativeBoard) Initiative(id string) (accord.Initiative, error) {
	i := slices.IndexFunc(b.Portfolio.Initiatives, func(in accord.Initiative) bool { return in.ID == id })
	if i < 0 {
		return accord.Initiative{}, accord.Errorf(accord.ENOTFOUND, "initiative not found")
	}
	return b.Portfolio.Initiatives[i], nil
}

// Phase returns the phase with the given id, or not found.
func (b *InitiativeBoard) Phase(id string) (accord.Phase, error) {
	i := slices.IndexFunc(b.Portfolio.Phases, func(p accord.Phase) bool { return p.ID == id })
	if i < 0 {
		return accord.Phase{}, accord.Errorf(accord.ENOTFOUND, "phase not found")
	}
	return b.Portfolio.Phases[i], nil
}

// PhasesOf returns an initiative's phases in order.
func (b *InitiativeBoard) PhasesOf(initiativeID string) []accord.Phase {
	var out []accord.Phase
	for _, p := range b.Portfolio.Phases {
		if p.InitiativeID == initiativeID {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b accord.Phase) int { return a.Ordinal - b.Ordinal })
	return out
}

// ClinicalLeads are the members who may lead an initiative clinically:
// active clinical leaders of provider parties.
func (b *InitiativeBoard) ClinicalLeads() []accord.Membership {
	var out []accord.Membership
	for _, m := range b.Members {
		if p, ok := b.Party(m.PartyID); ok && m.Active && p.Role == accord.PartyProvider && m.Roles.Has(accord.RoleClinicalLeader) {
			out = append(out, m)
		}
	}
	return out
}

// engineSites are the alliance's sites with their capacity, for the
// initiative engine.
func (b *InitiativeBoard) engineSites() []initiative.Site {
	out := make([]initiative.Site, len(b.Portfolio.Sites))
	for i, s := range b.Portfolio.Sites {
		out[i] = initiative.Site{ID: s.ID, Name: s.Name, MaxActive: s.MaxActive, HoursPerWeek: s.StaffHours}
	}
	return out
}

// enginePhase is a phase as the engine reads it.
func enginePhase(p accord.Phase) initiative.Phase {
	out := initiative.Phase{ID: p.ID, Initiative: p.InitiativeID, Name: p.Name, Start: p.StartsOn, End: p.EndsOn}
	for _, s := range p.Sites {
		d := initiative.SiteDemand{Site: s.SiteID, BackOffice: s.BackOfficeHours}
		for _, r := range s.Staff {
			d.Staff = append(d.Staff, initiative.RoleHours{Role: r.Role, Hours: r.Hours})
		}
		out.Sites = append(out.Sites, d)
	}
	return out
}

// holdingPhases are the phases that hold capacity: planned or running
// ones of initiatives still open, not those paused, stopped or done.
func (b *InitiativeBoard) holdingPhases() []initiative.Phase {
	closed := map[string]bool{}
	for _, in := range b.Portfolio.Initiatives {
		closed[in.ID] = in.Closed()
	}
	var out []initiative.Phase
	for _, p := range b.Portfolio.Phases {
		if !closed[p.InitiativeID] && (p.Status == accord.PhasePlanned || p.Status == accord.PhaseActive) {
			out = append(out, enginePhase(p))
		}
	}
	return out
}

// Overloads are the site-months that phase p would take over capacity,
// given every other phase that holds capacity. Starting a phase weighs it
// as new, against the others without it (a planned phase already holds
// its place in the portfolio, but the gate asks what starting it does);
// a change (an extension) weighs it against its own present plan, so that
// only what the change adds can be refused.
func (b *InitiativeBoard) Overloads(p accord.Phase, change bool) ([]initiative.Overload, error) {
	others := b.holdingPhases()
	if !change {
		others = slices.DeleteFunc(others, func(x initiative.Phase) bool { return x.ID == p.ID })
	}
	return initiative.WouldOverload(b.engineSites(), others, enginePhase(p))
}
