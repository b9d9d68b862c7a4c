package api

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

func (s *API) apiSPCSettings(w http.ResponseWriter, r *http.Request) error {
	set, err := s.Svc.SPCSettings(r.Context(), edge.AllianceOf(r).Alliance.ID)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, set)
	return nil
}

func (s *API) apiSPCSettingsUpdate(w http.ResponseWriter, r *http.Request) error {
	var set accord.SPCSettings
	if err := edge.DecodeJSON(r, &set); err != nil {
		return err
	}
	saved, err := s.SetSPCSettings(r, set)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, saved)
	return nil
}
