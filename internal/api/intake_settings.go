package api

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// apiIntake answers whether the alliance's intake link is in use, and
// since when and by whom; never the link.
func (s *API) apiIntake(w http.ResponseWriter, r *http.Request) error {
	in, err := s.Svc.ConcernIntake(r.Context(), edge.AllianceOf(r).Alliance.ID)
	switch {
	case accord.ErrorCode(err) == accord.ENOTFOUND:
		edge.WriteJSON(w, http.StatusOK, views.IntakeState{})
	case err != nil:
		return err
	default:
		edge.WriteJSON(w, http.StatusOK, views.StateOf(in, ""))
	}
	return nil
}

// apiIntakeEnable makes a new intake link, replacing the one in use, and
// answers it once.
func (s *API) apiIntakeEnable(w http.ResponseWriter, r *http.Request) error {
	token, in, err := s.Svc.EnableConcernIntake(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, views.StateOf(in, s.IntakeURL(r, token)))
	return nil
}

// apiIntakeDisable turns the intake link off.
func (s *API) apiIntakeDisable(w http.ResponseWriter, r *http.Request) error {
	if err := s.Svc.DisableConcernIntake(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
