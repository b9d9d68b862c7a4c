package ui

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// kpiChangeCreate proposes a change to a KPI's definition from its page.
func (s *App) kpiChangeCreate(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	back := "/a/" + ac.Alliance.Slug + "/kpis/" + r.PathValue("key")
	k, err := s.Svc.KPIByKey(r.Context(), ac.Alliance.ID, r.PathValue("key"))
	if err != nil {
		return edge.HideNotFound(err)
	}
	changes, err := views.DefinitionChange(r.PostFormValue)
	if err != nil {
		return backTo(back, err)
	}
	c := accord.KPIChange{AllianceID: ac.Alliance.ID, KPIID: k.ID, Changes: changes, Reason: r.PostFormValue("reason")}
	if err := s.Svc.ProposeKPIChange(r.Context(), edge.SessionOf(r).Actor, ac.Member.PartyID, &c); err != nil {
		return backTo(back, err)
	}
	flash(w, "Change proposed, with "+ac.Member.PartyName+"'s approval; it takes effect when every party has approved it.")
	http.Redirect(w, r, back+"#definition-changes", http.StatusSeeOther)
	return nil
}

// kpiChangeApprove approves a change for the viewer's party.
func (s *App) kpiChangeApprove(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	c, err := s.Svc.KPIChange(r.Context(), ac.Alliance.ID, r.PathValue("id"))
	if err != nil {
		return edge.HideNotFound(err)
	}
	return s.approveSubject(w, r, accord.SubjectKPIChange, c.ID, "/a/"+ac.Alliance.Slug+"/kpis/"+c.KPIKey)
}
