package api

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

func (s *API) apiKPIChanges(w http.ResponseWriter, r *http.Request) error {
	k, err := s.Svc.KPIByKey(r.Context(), edge.AllianceOf(r).Alliance.ID, r.PathValue("key"))
	if err != nil {
		return err
	}
	cs, err := s.Svc.KPIChanges(r.Context(), k.ID)
	if err != nil {
		return err
	}
	if cs == nil {
		cs = []accord.KPIChange{}
	}
	edge.WriteJSON(w, http.StatusOK, map[string]any{"items": cs})
	return nil
}

func (s *API) apiKPIChangeCreate(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	k, err := s.Svc.KPIByKey(r.Context(), ac.Alliance.ID, r.PathValue("key"))
	if err != nil {
		return err
	}
	var req views.KPIChangeRequest
	if err := edge.DecodeJSON(r, &req); err != nil {
		return err
	}
	c := accord.KPIChange{AllianceID: ac.Alliance.ID, KPIID: k.ID, Changes: req.Changes, Reason: req.Reason}
	if err := s.Svc.ProposeKPIChange(r.Context(), edge.SessionOf(r).Actor, ac.Member.PartyID, &c); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, c)
	return nil
}

func (s *API) apiKPIChangeApprove(w http.ResponseWriter, r *http.Request) error {
	c, err := s.Svc.KPIChange(r.Context(), edge.AllianceOf(r).Alliance.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.apiApprove(w, r, accord.SubjectKPIChange, c.ID)
}
