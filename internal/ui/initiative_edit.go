package ui

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/views"
)

// choice is one box or option of a change form, ticked or chosen when
// the record has it now.
type choice struct {
	ID, Name string
	On       bool
}

// initiativeEdit is what the form that changes an initiative offers,
// filled with what the initiative has now.
type initiativeEdit struct {
	Kinds   []string
	Parties []choice
	Leads   []choice
	Sites   []choice
	// KPIs are the initiative's KPIs with their expected effect, and one
	// empty row to add one.
	KPIs []kpiEditRow
}

// kpiEditRow is one KPI row of the form, as the proposal's rows post it.
type kpiEditRow struct {
	KPIID, Direction, Size, ByDate string
}

// phaseEdit is what the form that changes a phase offers: each of the
// initiative's sites, ticked when in scope, with its demand now (each
// staff role, and an empty row to add one).
type phaseEdit struct {
	Sites []phaseSiteEdit
}

type phaseSiteEdit struct {
	ID, Name   string
	On         bool
	Staff      []accord.RoleHours
	BackOffice string
}

// editForms fills the change forms of the initiative page.
func editForms(b *views.InitiativeBoard, d views.InitiativeDetail) (initiativeEdit, map[string]phaseEdit) {
	in := d.Initiative
	e := initiativeEdit{Kinds: accord.InitiativeKinds()}
	for _, p := range b.Parties {
		e.Parties = append(e.Parties, choice{ID: p.ID, Name: p.OrgName, On: slices.Contains(in.SponsorIDs, p.ID)})
	}
	for _, m := range b.ClinicalLeads() {
		e.Leads = append(e.Leads, choice{ID: m.ID, Name: m.UserName + ", " + m.PartyName, On: m.ID == in.ClinicalLeadID})
	}
	for _, s := range b.Portfolio.Sites {
		e.Sites = append(e.Sites, choice{ID: s.ID, Name: s.Name, On: slices.Contains(in.SiteIDs, s.ID)})
	}
	for _, k := range in.KPIs {
		e.KPIs = append(e.KPIs, kpiEditRow{KPIID: k.KPIID, Direction: k.Direction, Size: k.Size.String(), ByDate: k.ByDate.Format(time.DateOnly)})
	}
	e.KPIs = append(e.KPIs, kpiEditRow{Direction: accord.EffectIncrease})
	phases := map[string]phaseEdit{}
	for _, pd := range d.Phases {
		var pe phaseEdit
		for _, s := range d.Sites {
			se := phaseSiteEdit{ID: s.ID, Name: s.Name}
			if i := slices.IndexFunc(pd.Phase.Sites, func(ps accord.PhaseSite) bool { return ps.SiteID == s.ID }); i >= 0 {
				se.On, se.Staff, se.BackOffice = true, slices.Clone(pd.Phase.Sites[i].Staff), pd.Phase.Sites[i].BackOfficeHours.String()
			}
			se.Staff = append(se.Staff, accord.RoleHours{})
			pe.Sites = append(pe.Sites, se)
		}
		phases[pd.Phase.ID] = pe
	}
	return e, phases
}

// initiativeUpdate changes an initiative from its page's form, which
// posts the whole description: what is not ticked is taken off.
func (s *App) initiativeUpdate(w http.ResponseWriter, r *http.Request) error {
	back := initiativeBack(r, "#change")
	if err := r.ParseForm(); err != nil {
		return err
	}
	name, kind, purpose, lead := r.PostFormValue("name"), r.PostFormValue("kind"), r.PostFormValue("purpose"), r.PostFormValue("clinical_lead_member_id")
	sponsors, sites := r.PostForm["sponsor_party_ids"], r.PostForm["site_ids"]
	kpis, err := initiativeKPIs(r)
	if err != nil {
		return backTo(back, err)
	}
	if kpis == nil {
		kpis = []accord.InitiativeKPI{}
	}
	u := accord.InitiativeUpdate{Name: &name, Kind: &kind, Purpose: &purpose, SponsorIDs: &sponsors, ClinicalLeadID: &lead, SiteIDs: &sites, KPIs: &kpis}
	in, err := s.Svc.UpdateInitiative(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"), u)
	if err != nil {
		return backTo(back, err)
	}
	flash(w, in.Name+" is changed.")
	http.Redirect(w, r, initiativeBack(r, ""), http.StatusSeeOther)
	return nil
}

// phaseUpdate changes a phase from its form: its name, days, and each site
// ticked with its weekly demand. A change to an active phase that takes a
// site over capacity needs the override's reason.
func (s *App) phaseUpdate(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("phase")
	back := initiativeBack(r, "#phase-"+id)
	if err := r.ParseForm(); err != nil {
		return err
	}
	name := r.PostFormValue("name")
	u := accord.PhaseUpdate{Name: &name, OverrideReason: r.PostFormValue("override_reason")}
	for _, f := range []struct {
		field string
		to    **time.Time
	}{{"starts_on", &u.StartsOn}, {"ends_on", &u.EndsOn}} {
		d, err := views.ParseDate(f.field, r.PostFormValue(f.field))
		if err == nil && d == nil {
			err = accord.FieldError(f.field, "is required")
		}
		if err != nil {
			return backTo(back, err)
		}
		*f.to = d
	}
	sites := []accord.PhaseSite{}
	for _, sid := range r.PostForm["site"] {
		ps, err := phaseSiteForm(r, sid)
		if err != nil {
			return backTo(back, err)
		}
		sites = append(sites, ps)
	}
	u.Sites = &sites
	b, err := s.LoadInitiatives(r)
	if err != nil {
		return err
	}
	p, err := s.ChangePhase(r, b, id, u)
	if err != nil {
		return backTo(back, err)
	}
	flash(w, "Phase "+strconv.Itoa(p.Ordinal)+", "+p.Name+", is changed.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// phaseRemove removes a phase that has not started, once confirmed.
func (s *App) phaseRemove(w http.ResponseWriter, r *http.Request) error {
	back := initiativeBack(r, "#phase-"+r.PathValue("phase"))
	if !confirmed(r) {
		return backTo(back, errNotConfirmed("remove this phase"))
	}
	if err := s.Svc.RemovePhase(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("phase")); err != nil {
		return backTo(back, err)
	}
	flash(w, "The phase is removed, with its milestones and readiness scores.")
	http.Redirect(w, r, initiativeBack(r, "#plan"), http.StatusSeeOther)
	return nil
}

// roleRows reads a site's staff rows (role_<site> and staff_<site>, posted
// once per row, in order); a row without hours (or with none) is left
// out, and one with hours names its role.
func roleRows(r *http.Request, id string) ([]accord.RoleHours, error) {
	var out []accord.RoleHours
	roles := r.PostForm["role_"+id]
	for i, v := range r.PostForm["staff_"+id] {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		h, err := number.ParseDecimal(v)
		if err != nil {
			return nil, accord.FieldError("staff_"+id, "must be a number of hours a week, such as 6 or 7.5")
		}
		if h == 0 {
			continue
		}
		role := ""
		if i < len(roles) {
			role = strings.TrimSpace(roles[i])
		}
		if role == "" {
			return nil, accord.FieldError("role_"+id, "name the role that gives the staff hours (nurse, care manager)")
		}
		out = append(out, accord.RoleHours{Role: role, Hours: h})
	}
	return out, nil
}
