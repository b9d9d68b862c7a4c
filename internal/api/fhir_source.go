package api

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// fhirSourceBody is what a client sets of the FHIR source.
type fhirSourceBody struct {
	BaseURL    string `json:"base_url"`
	TokenFile  string `json:"token_file"`
	EveryHours int    `json:"every_hours"`
	Enabled    bool   `json:"enabled"`
	Pending    bool   `json:"pending"`
}

func (s *API) apiFHIRSource(w http.ResponseWriter, r *http.Request) error {
	src, saved, err := s.FHIRSource(r)
	if err != nil {
		return err
	}
	if !saved {
		return accord.Errorf(accord.ENOTFOUND, "this alliance has no FHIR source; set one with PUT")
	}
	edge.WriteJSON(w, http.StatusOK, src)
	return nil
}

func (s *API) apiFHIRSourceUpdate(w http.ResponseWriter, r *http.Request) error {
	var b fhirSourceBody
	if err := edge.DecodeJSON(r, &b); err != nil {
		return err
	}
	saved, err := s.SetFHIRSource(r, accord.FHIRSource{BaseURL: b.BaseURL, TokenFile: b.TokenFile, EveryHours: b.EveryHours, Enabled: b.Enabled, Pending: b.Pending})
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, saved)
	return nil
}
