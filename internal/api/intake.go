package api

import (
	"net/http"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// apiIntakeRaise raises an anonymous concern through an intake link and
// answers it with its receipt, once. No credentials are read.
func (s *API) apiIntakeRaise(w http.ResponseWriter, r *http.Request) error {
	a, err := s.Svc.AllianceByIntake(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	var b views.IntakeConcern
	if err := edge.DecodeJSON(r, &b); err != nil {
		return err
	}
	c := accord.Concern{AllianceID: a.ID, Category: strings.TrimSpace(b.Category), Severity: strings.TrimSpace(b.Severity), Body: b.Body, ReceiptCost: s.Cfg.Password}
	receipt, err := s.RaiseThroughIntake(r.Context(), &c)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, concernRaised{Concern: c, Receipt: receipt})
	return nil
}
