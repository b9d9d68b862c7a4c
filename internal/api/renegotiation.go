package api

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// apiContractRenegotiation records the caller's party's request.
func (s *API) apiContractRenegotiation(w http.ResponseWriter, r *http.Request) error {
	var req views.RenegotiationRequest
	if err := edge.DecodeJSON(r, &req); err != nil {
		return err
	}
	c, err := s.ContractOf(r)
	if err != nil {
		return err
	}
	g, err := s.Svc.RequestRenegotiation(r.Context(), edge.SessionOf(r).Actor, c.ID, edge.AllianceOf(r).Member.PartyID, req.Reason)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, views.ToAPIRenegotiation(c.Key, g))
	return nil
}
