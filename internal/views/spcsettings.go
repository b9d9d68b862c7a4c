package views

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// SetSPCSettings saves the settings and re-evaluates the signals.
func (s *Loader) SetSPCSettings(r *http.Request, set accord.SPCSettings) (accord.SPCSettings, error) {
	ac := edge.AllianceOf(r)
	saved, err := s.Svc.SetSPCSettings(r.Context(), edge.SessionOf(r).Actor, ac.Alliance.ID, set)
	if err != nil {
		return saved, err
	}
	_, err = s.Svc.EvaluateSignals(r.Context(), edge.SessionOf(r).Actor, ac.Alliance.ID, nil)
	return saved, err
}
