package ui

import (
	"net/http"
	"strconv"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/initiative"
	"github.com/accord-alliance/accord/internal/views"
)

// initiativeView is what initiative.html shows.
type initiativeView struct {
	views.InitiativeDetail
	Phases     []phaseView
	Committees []accord.Committee
	AllKPIs    []accord.KPI
	// Adoptions are the passed motions that can adopt it (while proposed).
	Adoptions  []accord.Motion
	Dimensions []initiative.Dimension
	Scores     []initiative.Score
	Decisions  []initiative.Decision
	Roles      []accord.Role
	Today      time.Time
	// Parties names each party by its id, for the readiness table.
	Parties map[string]string
	// Edit fills the form that changes the initiative; PhaseEdits, by
	// phase id, the forms that change its phases.
	Edit       initiativeEdit
	PhaseEdits map[string]phaseEdit
}

// phaseView is a phase with the motions that can decide its gate.
type phaseView struct {
	views.PhaseDetail
	Next bool
	// GateMotions are the passed pilot-gate motions about it not yet recorded.
	GateMotions []accord.Motion
}

// initiativePage shows one initiative: its phases in order with dates,
// sites and demand, milestones with their computed states, readiness by
// dimension and party, the capacity check and the gate.
func (s *App) initiativePage(w http.ResponseWriter, r *http.Request) error {
	b, err := s.LoadInitiatives(r)
	if err != nil {
		return err
	}
	d, err := s.InitiativeDetail(r, b, r.PathValue("id"))
	if err != nil {
		return err
	}
	v := initiativeView{InitiativeDetail: d, AllKPIs: b.KPIs, Dimensions: initiative.Dimensions(), Scores: initiative.Scores(),
		Decisions: initiative.Decisions(), Roles: accord.AllRoles(), Today: b.Today, Parties: map[string]string{}}
	for _, p := range b.Parties {
		v.Parties[p.ID] = p.OrgName
	}
	v.Edit, v.PhaseEdits = editForms(b, d)
	if v.Committees, err = s.Svc.ListCommittees(r.Context(), edge.AllianceOf(r).Alliance.ID); err != nil {
		return err
	}
	if d.Initiative.Status == accord.InitiativeProposed {
		if v.Adoptions, err = s.PassedMotionsAbout(r, b, accord.SubjectText+":"+d.Initiative.ID); err != nil {
			return err
		}
	}
	for i, pd := range d.Phases {
		pv := phaseView{PhaseDetail: pd, Next: i == d.Next}
		if !pd.Phase.Closed() {
			if pv.GateMotions, err = s.PassedMotionsAbout(r, b, accord.SubjectPilotGate+":"+pd.Phase.ID); err != nil {
				return err
			}
		}
		v.Phases = append(v.Phases, pv)
	}
	s.render(w, r, "initiative", views.PageData{Title: d.Initiative.Name, Nav: "initiatives", Data: v})
	return nil
}

// initiativeBack is the initiative's page, at an anchor.
func initiativeBack(r *http.Request, anchor string) string {
	return "/a/" + edge.AllianceOf(r).Alliance.Slug + "/initiatives/" + r.PathValue("id") + anchor
}

// venueFromForm reads where a motion is voted: a committee, by ballot
// until the end of closes_on.
func (s *App) venueFromForm(r *http.Request) (accord.Motion, error) {
	ac := edge.AllianceOf(r)
	c, err := s.Svc.CommitteeByKey(r.Context(), ac.Alliance.ID, r.PostFormValue("committee"))
	if err != nil {
		return accord.Motion{}, accord.FieldError("committee", "choose a committee of this alliance")
	}
	closes, err := views.ParseDate("closes_on", r.PostFormValue("closes_on"))
	if err != nil {
		return accord.Motion{}, err
	}
	if closes == nil {
		return accord.Motion{}, accord.FieldError("closes_on", "is required: the day voting closes")
	}
	end := closes.Add(24*time.Hour - time.Second)
	return accord.Motion{AllianceID: ac.Alliance.ID, CommitteeID: c.ID, ClosesAt: &end}, nil
}

// adoptionMotion puts a proposed initiative's adoption to a motion.
func (s *App) adoptionMotion(w http.ResponseWriter, r *http.Request) error {
	back := initiativeBack(r, "#adoption")
	m, err := s.venueFromForm(r)
	if err != nil {
		return backTo(back, err)
	}
	b, err := s.LoadInitiatives(r)
	if err != nil {
		return err
	}
	if err := s.ProposeAdoption(r, b, r.PathValue("id"), &m); err != nil {
		return backTo(back, err)
	}
	flash(w, "Motion "+strconv.Itoa(m.Number)+" puts the adoption to a vote. Once it passes, record the adoption here.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// initiativeAdopt records the adoption by a passed motion.
func (s *App) initiativeAdopt(w http.ResponseWriter, r *http.Request) error {
	back := initiativeBack(r, "#adoption")
	if !confirmed(r) {
		return backTo(back, errNotConfirmed("record the adoption"))
	}
	in, err := s.Svc.AdoptInitiative(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"), r.PostFormValue("motion_id"))
	if err != nil {
		return backTo(back, err)
	}
	flash(w, in.Name+" is adopted. Its gates decide when each phase starts.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// gateMotion puts a gate decision about a phase to a motion, the
// evidence in its body.
func (s *App) gateMotion(w http.ResponseWriter, r *http.Request) error {
	back := initiativeBack(r, "#phase-"+r.PathValue("phase"))
	m, err := s.venueFromForm(r)
	if err != nil {
		return backTo(back, err)
	}
	b, err := s.LoadInitiatives(r)
	if err != nil {
		return err
	}
	if err := s.ProposeGate(r, b, r.PathValue("phase"), r.PostFormValue("decision"), &m); err != nil {
		return backTo(back, err)
	}
	flash(w, "Motion "+strconv.Itoa(m.Number)+" puts the gate to a vote, with the readiness, milestones and capacity as evidence.")
	http.Redirect(w, r, "/a/"+edge.AllianceOf(r).Alliance.Slug+"/motions/"+strconv.Itoa(m.Number), http.StatusSeeOther)
	return nil
}

// gateRecord records what a passed motion decided about a phase, refused
// when the readiness gate stops it and no override is given.
func (s *App) gateRecord(w http.ResponseWriter, r *http.Request) error {
	back := initiativeBack(r, "#phase-"+r.PathValue("phase"))
	if !confirmed(r) {
		return backTo(back, errNotConfirmed("record this gate decision"))
	}
	end, err := views.ParseDate("new_ends_on", r.PostFormValue("new_ends_on"))
	if err != nil {
		return backTo(back, err)
	}
	b, err := s.LoadInitiatives(r)
	if err != nil {
		return err
	}
	g := accord.GateDecision{PhaseID: r.PathValue("phase"), Kind: r.PostFormValue("kind"), MotionID: r.PostFormValue("motion_id"),
		OverrideReason: r.PostFormValue("override_reason"), NewEndsOn: end}
	check, err := s.RecordGate(r, b, &g)
	if err != nil {
		return backTo(back, err)
	}
	msg := "Recorded: " + initiative.Decision(g.Kind).Label() + ", by motion " + strconv.Itoa(g.MotionNumber) + "."
	if check.Overridden {
		msg += " The gate was overridden: " + g.OverrideReason
	}
	flash(w, msg)
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// readinessAssess scores a dimension of a phase for the viewer's party.
func (s *App) readinessAssess(w http.ResponseWriter, r *http.Request) error {
	back := initiativeBack(r, "#phase-"+r.PathValue("phase"))
	a := accord.ReadinessAssessment{AllianceID: edge.AllianceOf(r).Alliance.ID, PhaseID: r.PathValue("phase"), Dimension: r.PostFormValue("dimension"),
		Score: r.PostFormValue("score"), Note: r.PostFormValue("note")}
	if err := s.Svc.AssessReadiness(r.Context(), edge.SessionOf(r).Actor, &a); err != nil {
		return backTo(back, err)
	}
	flash(w, initiative.Dimension(a.Dimension).Label()+": "+initiative.Score(a.Score).Label()+", for "+edge.AllianceOf(r).Member.PartyName+".")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// milestoneComplete marks a deliverable done with evidence.
func (s *App) milestoneComplete(w http.ResponseWriter, r *http.Request) error {
	back := initiativeBack(r, "#milestone-"+r.PathValue("milestone"))
	m, err := s.Svc.CompleteDeliverable(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("milestone"),
		r.PostFormValue("evidence"), r.PostFormValue("evidence_link"))
	if err != nil {
		return backTo(back, err)
	}
	flash(w, m.Title+" is marked done.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
