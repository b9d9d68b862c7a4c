package ui

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/views"
)

// phaseCreate plans the initiative's next phase: its days, and for each
// site ticked the weekly demand (one staff role's hours and back-office
// hours), posted as role_<site>, staff_<site> and backoffice_<site>.
func (s *App) phaseCreate(w http.ResponseWriter, r *http.Request) error {
	back := initiativeBack(r, "#plan")
	if err := r.ParseForm(); err != nil {
		return err
	}
	p := accord.Phase{AllianceID: edge.AllianceOf(r).Alliance.ID, InitiativeID: r.PathValue("id"), Name: r.PostFormValue("name"), Sites: []accord.PhaseSite{}}
	for _, f := range []struct {
		field string
		to    *time.Time
	}{{"starts_on", &p.StartsOn}, {"ends_on", &p.EndsOn}} {
		d, err := views.ParseDate(f.field, r.PostFormValue(f.field))
		if err != nil {
			return backTo(back, err)
		}
		if d != nil {
			*f.to = *d
		}
	}
	for _, id := range r.PostForm["site"] {
		ps, err := phaseSiteForm(r, id)
		if err != nil {
			return backTo(back, err)
		}
		p.Sites = append(p.Sites, ps)
	}
	if err := s.Svc.AddPhase(r.Context(), edge.SessionOf(r).Actor, &p); err != nil {
		return backTo(back, err)
	}
	flash(w, "Phase "+strconv.Itoa(p.Ordinal)+", "+p.Name+", is planned.")
	http.Redirect(w, r, initiativeBack(r, "#phase-"+p.ID), http.StatusSeeOther)
	return nil
}

// phaseSiteForm reads one ticked site's weekly demand: back-office hours,
// and staff hours by role (roleRows).
func phaseSiteForm(r *http.Request, id string) (accord.PhaseSite, error) {
	ps := accord.PhaseSite{SiteID: id}
	hours := func(name string) (number.Decimal, error) {
		v := strings.TrimSpace(r.PostFormValue(name + "_" + id))
		if v == "" {
			return 0, nil
		}
		d, err := number.ParseDecimal(v)
		if err != nil {
			return 0, accord.FieldError(name+"_"+id, "must be a number of hours a week, such as 6 or 7.5")
		}
		return d, nil
	}
	var err error
	if ps.BackOfficeHours, err = hours("backoffice"); err != nil {
		return ps, err
	}
	ps.Staff, err = roleRows(r, id)
	return ps, err
}

// milestoneCreate adds a condition on a KPI or a deliverable to a phase.
func (s *App) milestoneCreate(w http.ResponseWriter, r *http.Request) error {
	back := initiativeBack(r, "#phase-"+r.PathValue("phase"))
	m := accord.Milestone{AllianceID: edge.AllianceOf(r).Alliance.ID, PhaseID: r.PathValue("phase"), Kind: r.PostFormValue("kind"), Title: r.PostFormValue("title")}
	var err error
	if m.Kind == accord.MilestoneCondition {
		err = conditionForm(r, &m)
	} else {
		m.ResponsibleRole = accord.Role(r.PostFormValue("responsible_role"))
		m.DueOn, err = views.ParseDate("due_on", r.PostFormValue("due_on"))
	}
	if err == nil {
		err = s.Svc.AddMilestone(r.Context(), edge.SessionOf(r).Actor, &m)
	}
	if err != nil {
		return backTo(back, err)
	}
	flash(w, "Milestone added: its state is computed from the data and the date.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// conditionForm reads a condition milestone: a KPI at a segment compared
// with a threshold for N consecutive periods or by a date.
func conditionForm(r *http.Request, m *accord.Milestone) error {
	m.KPIID, m.Segment, m.Comparison = r.PostFormValue("kpi_id"), r.PostFormValue("segment"), r.PostFormValue("comparison")
	t, err := number.ParseDecimal(strings.TrimSpace(r.PostFormValue("threshold")))
	if err != nil {
		return accord.FieldError("threshold", "must be a number in the KPI's unit")
	}
	m.Threshold = t
	if v := strings.TrimSpace(r.PostFormValue("consecutive_periods")); v != "" {
		if m.Periods, err = strconv.Atoi(v); err != nil {
			return accord.FieldError("consecutive_periods", "must be a whole number of periods")
		}
	}
	m.ByDate, err = views.ParseDate("by_date", r.PostFormValue("by_date"))
	return err
}
