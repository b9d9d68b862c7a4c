package server

import (
	"context"
	"net/http"
	"strconv"

	"github.com/accord-alliance/accord/internal/accord"
)

// kpiChangeView is a proposed or past change to a KPI's definition with
// who approved it and the motion that decides it.
type kpiChangeView struct {
	accord.KPIChange
	Approvals []accord.Approval
	Motions   []accord.Motion
}

// ApprovedBy reports whether party has approved the change.
func (v kpiChangeView) ApprovedBy(party string) bool { return approvedBy(v.Approvals, party) }

func (s *Server) kpiChanges(ctx context.Context, k accord.KPI) ([]kpiChangeView, error) {
	cs, err := s.svc.KPIChanges(ctx, k.ID)
	if err != nil {
		return nil, err
	}
	out := make([]kpiChangeView, len(cs))
	for i, c := range cs {
		out[i].KPIChange = c
		if c.Status != accord.KPIProposed {
			continue
		}
		if out[i].Approvals, err = s.svc.Approvals(ctx, accord.SubjectKPIChange, c.ID); err != nil {
			return nil, err
		}
		if out[i].Motions, err = s.svc.ListMotions(ctx, accord.DecisionFilter{AllianceID: k.AllianceID, Subject: accord.SubjectKPIChange + ":" + c.ID}, accord.MotionOpen); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// definitionChange reads the proposed definition from a form or request:
// every field is sent; only those that differ are kept.
func definitionChange(get func(string) string) (accord.DefinitionChange, error) {
	c := accord.DefinitionChange{}
	for _, f := range []struct {
		name string
		to   **string
	}{{"name", &c.Name}, {"description", &c.Description}, {"numerator", &c.Numerator}, {"denominator", &c.Denominator},
		{"exclusions", &c.Exclusions}, {"source_system", &c.SourceSystem}, {"measure_url", &c.MeasureURL}} {
		v := get(f.name)
		*f.to = &v
	}
	if g := get("grace_days"); g != "" {
		n, err := strconv.Atoi(g)
		if err != nil {
			return c, accord.FieldError("grace_days", "must be a whole number of days")
		}
		c.GraceDays = &n
	}
	return c, nil
}

// kpiChangeCreate proposes a change to a KPI's definition from its page.
func (s *Server) kpiChangeCreate(w http.ResponseWriter, r *http.Request) {
	ac := allianceOf(r)
	back := "/a/" + ac.alliance.Slug + "/kpis/" + r.PathValue("key")
	k, err := s.svc.KPIByKey(r.Context(), ac.alliance.ID, r.PathValue("key"))
	if err != nil {
		s.fail(w, r, hideNotFound(err))
		return
	}
	changes, err := definitionChange(r.PostFormValue)
	if err != nil {
		s.failBack(w, r, back, err)
		return
	}
	c := accord.KPIChange{AllianceID: ac.alliance.ID, KPIID: k.ID, Changes: changes, Reason: r.PostFormValue("reason")}
	if err := s.svc.ProposeKPIChange(r.Context(), sessionOf(r).actor, ac.member.PartyID, &c); err != nil {
		s.failBack(w, r, back, err)
		return
	}
	flash(w, "Change proposed, with "+ac.member.PartyName+"'s approval; it takes effect when every party has approved it.")
	http.Redirect(w, r, back+"#definition-changes", http.StatusSeeOther)
}

// kpiChangeApprove approves a change for the viewer's party.
func (s *Server) kpiChangeApprove(w http.ResponseWriter, r *http.Request) {
	ac := allianceOf(r)
	c, err := s.svc.KPIChange(r.Context(), ac.alliance.ID, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, hideNotFound(err))
		return
	}
	s.approveSubject(w, r, accord.SubjectKPIChange, c.ID, "/a/"+ac.alliance.Slug+"/kpis/"+c.KPIKey)
}

// kpiChangeRequest proposes a change to a KPI's definition: changes names
// only the fields to change.
type kpiChangeRequest struct {
	Changes accord.DefinitionChange `json:"changes"`
	Reason  string                  `json:"reason"`
}

func (s *Server) apiKPIChanges(w http.ResponseWriter, r *http.Request) {
	k, err := s.svc.KPIByKey(r.Context(), allianceOf(r).alliance.ID, r.PathValue("key"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cs, err := s.svc.KPIChanges(r.Context(), k.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if cs == nil {
		cs = []accord.KPIChange{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": cs})
}

func (s *Server) apiKPIChangeCreate(w http.ResponseWriter, r *http.Request) {
	ac := allianceOf(r)
	k, err := s.svc.KPIByKey(r.Context(), ac.alliance.ID, r.PathValue("key"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var req kpiChangeRequest
	if err := decodeJSON(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	c := accord.KPIChange{AllianceID: ac.alliance.ID, KPIID: k.ID, Changes: req.Changes, Reason: req.Reason}
	if err := s.svc.ProposeKPIChange(r.Context(), sessionOf(r).actor, ac.member.PartyID, &c); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

func (s *Server) apiKPIChangeApprove(w http.ResponseWriter, r *http.Request) {
	c, err := s.svc.KPIChange(r.Context(), allianceOf(r).alliance.ID, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.apiApprove(w, r, accord.SubjectKPIChange, c.ID)
}
