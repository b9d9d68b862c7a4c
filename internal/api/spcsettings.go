package api

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

func (s *API) apiSPCSettings(w http.ResponseWriter, r *http.Request) {
	set, err := s.Svc.SPCSettings(r.Context(), edge.AllianceOf(r).Alliance.ID)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, set)
}

func (s *API) apiSPCSettingsUpdate(w http.ResponseWriter, r *http.Request) {
	var set accord.SPCSettings
	if err := edge.DecodeJSON(r, &set); err != nil {
		s.Fail(w, r, err)
		return
	}
	saved, err := s.SetSPCSettings(r, set)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, saved)
}
