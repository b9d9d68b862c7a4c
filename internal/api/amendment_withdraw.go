package api

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

func (s *API) apiAmendmentWithdraw(w http.ResponseWriter, r *http.Request) error {
	var req views.WithdrawRequest
	if err := edge.DecodeJSON(r, &req); err != nil {
		return err
	}
	c, err := s.ContractOf(r)
	if err != nil {
		return err
	}
	n, err := views.AmendmentNumber(r)
	if err != nil {
		return err
	}
	if _, err := s.Svc.WithdrawAmendment(r.Context(), edge.SessionOf(r).Actor, c.ID, n, edge.AllianceOf(r).Member.PartyID, req.Reason); err != nil {
		return err
	}
	return s.writeAmendment(w, r, c.ID, n, http.StatusOK)
}
