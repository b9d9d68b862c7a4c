package views

import (
	"slices"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/initiative"
	"github.com/accord-alliance/accord/internal/number"
)

// GateCheck is the readiness gate's answer for a decision about a phase:
// whether it may go ahead, every reason that stops it, the conditions
// noted, and the site-months it would take over capacity.
type GateCheck struct {
	Decision   string       `json:"decision"`
	Allowed    bool         `json:"allowed"`
	Overridden bool         `json:"overridden"`
	Reasons    []GateReason `json:"reasons"`
	Conditions []string     `json:"conditions"`
	Overloads  []SiteMonth  `json:"overloads"`
}

// GateReason is one thing that stops a phase, in one sentence.
type GateReason struct {
	Code string `json:"code"`
	Text string `json:"text"`
}

// SiteMonth is a site-month over capacity: its load with the phase against
// the site's capacity, and the sentence that says so.
type SiteMonth struct {
	SiteID         string         `json:"site_id"`
	Site           string         `json:"site"`
	Month          string         `json:"month"`
	Hours          number.Decimal `json:"hours_per_week"`
	HoursAvailable number.Decimal `json:"hours_available"`
	Active         int            `json:"active_initiatives"`
	MaxActive      int            `json:"max_active_initiatives"`
	Sentence       string         `json:"sentence"`
}

// siteMonths turns the engine's overloads into what pages and the API show.
func siteMonths(os []initiative.Overload) []SiteMonth {
	out := []SiteMonth{}
	for _, o := range os {
		out = append(out, SiteMonth{SiteID: o.Site.ID, Site: o.Site.Name, Month: o.Month.String(), Hours: o.Hours,
			HoursAvailable: o.Site.HoursPerWeek, Active: o.Active, MaxActive: o.Site.MaxActive, Sentence: o.Sentence()})
	}
	return out
}

// CheckGate asks the initiative engine whether phase p may go ahead as
// decided: every dimension assessed, none not ready, clinical sign-off by
// a clinical leader of each provider in scope, and no site over capacity
// (for an extension, with the phase running to newEnd). An override with
// its reason (by whom) lets it go ahead all the same.
func (b *InitiativeBoard) CheckGate(p accord.Phase, decision string, newEnd *time.Time, override, by string) (GateCheck, error) {
	d := initiative.Decision(decision)
	if !d.Valid() {
		return GateCheck{}, accord.FieldError("kind", "must be advance, scale, extend, pause or stop")
	}
	in := initiative.GateInput{Decision: d, Assessments: b.assessments(p.ID), Providers: b.providersInScope(p)}
	var overloads []initiative.Overload
	if d.NeedsReadiness() {
		changed := p
		if d == initiative.Extend && newEnd != nil {
			changed.EndsOn = accord.Day(*newEnd)
		}
		var err error
		if overloads, err = b.Overloads(changed, d == initiative.Extend); err != nil {
			return GateCheck{}, accord.FieldError("new_ends_on", "%s", err.Error())
		}
		in.Overloads = overloads
	}
	if strings.TrimSpace(override) != "" {
		in.Override = &initiative.Override{Reason: override, By: by}
	}
	res, err := initiative.Gate(in)
	if err != nil {
		return GateCheck{}, err
	}
	out := GateCheck{Decision: decision, Allowed: res.Allowed, Overridden: res.Overridden, Reasons: []GateReason{},
		Conditions: res.Conditions, Overloads: siteMonths(overloads)}
	if out.Conditions == nil {
		out.Conditions = []string{}
	}
	for _, r := range res.Reasons {
		out.Reasons = append(out.Reasons, GateReason{Code: string(r.Code), Text: r.Text})
	}
	return out, nil
}

// Refusal is the error for a gate that stops the phase: every reason in
// one message, on the override's field, since an override is what lets
// it go ahead.
func (g GateCheck) Refusal() error {
	texts := make([]string, len(g.Reasons))
	for i, r := range g.Reasons {
		texts[i] = r.Text
	}
	return accord.FieldError("override_reason", "the gate stops this phase: %s. Record an override with its reason to go ahead all the same", strings.Join(texts, "; "))
}

// assessments are the phase's current readiness scores as the engine
// reads them, each with the role it counts in: clinical leader for a
// clinical sign-off by one, else the assessor's first role.
func (b *InitiativeBoard) assessments(phaseID string) []initiative.Assessment {
	var out []initiative.Assessment
	for _, a := range b.Portfolio.Readiness {
		if a.PhaseID != phaseID {
			continue
		}
		by := initiative.Assessor{Person: a.AssessedByName, Role: accord.RoleMember, PartyID: a.PartyID}
		if i := slices.IndexFunc(b.Members, func(m accord.Membership) bool { return m.ID == a.AssessedByID }); i >= 0 && len(b.Members[i].Roles) > 0 {
			by.Role = b.Members[i].Roles[0]
			if a.Dimension == accord.ReadyClinicalSign && b.Members[i].Roles.Has(accord.RoleClinicalLeader) {
				by.Role = accord.RoleClinicalLeader
			}
		}
		if p, ok := b.Party(a.PartyID); ok {
			by.PartyKind = p.Role
		}
		if by.Person == "" {
			by.Person = "a former member"
		}
		out = append(out, initiative.Assessment{Dimension: initiative.Dimension(a.Dimension), Score: initiative.Score(a.Score), Note: a.Note, By: by})
	}
	return out
}

// providersInScope are the provider parties with a site in the phase.
func (b *InitiativeBoard) providersInScope(p accord.Phase) []initiative.Party {
	var out []initiative.Party
	for _, ps := range p.Sites {
		s, ok := b.Site(ps.SiteID)
		if !ok {
			continue
		}
		party, ok := b.Party(s.PartyID)
		if ok && party.Role == accord.PartyProvider && !slices.ContainsFunc(out, func(x initiative.Party) bool { return x.ID == party.ID }) {
			out = append(out, initiative.Party{ID: party.ID, Name: party.OrgName})
		}
	}
	return out
}
