package api

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

func (s *API) apiKPIChanges(w http.ResponseWriter, r *http.Request) {
	k, err := s.Svc.KPIByKey(r.Context(), edge.AllianceOf(r).Alliance.ID, r.PathValue("key"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	cs, err := s.Svc.KPIChanges(r.Context(), k.ID)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if cs == nil {
		cs = []accord.KPIChange{}
	}
	edge.WriteJSON(w, http.StatusOK, map[string]any{"items": cs})
}

func (s *API) apiKPIChangeCreate(w http.ResponseWriter, r *http.Request) {
	ac := edge.AllianceOf(r)
	k, err := s.Svc.KPIByKey(r.Context(), ac.Alliance.ID, r.PathValue("key"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	var req views.KPIChangeRequest
	if err := edge.DecodeJSON(r, &req); err != nil {
		s.Fail(w, r, err)
		return
	}
	c := accord.KPIChange{AllianceID: ac.Alliance.ID, KPIID: k.ID, Changes: req.Changes, Reason: req.Reason}
	if err := s.Svc.ProposeKPIChange(r.Context(), edge.SessionOf(r).Actor, ac.Member.PartyID, &c); err != nil {
		s.Fail(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusCreated, c)
}

func (s *API) apiKPIChangeApprove(w http.ResponseWriter, r *http.Request) {
	c, err := s.Svc.KPIChange(r.Context(), edge.AllianceOf(r).Alliance.ID, r.PathValue("id"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.apiApprove(w, r, accord.SubjectKPIChange, c.ID)
}
