package ui

import (
	"net/http"
	"strconv"

	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// amendmentWithdraw withdraws a proposed amendment from its page.
func (s *App) amendmentWithdraw(w http.ResponseWriter, r *http.Request) error {
	c, err := s.ContractOf(r)
	if err != nil {
		return err
	}
	n, err := views.AmendmentNumber(r)
	if err != nil {
		return err
	}
	back := "/a/" + edge.AllianceOf(r).Alliance.Slug + "/contracts/" + c.Key + "/amendments/" + strconv.Itoa(n)
	if !confirmed(r) {
		return backTo(back+"#withdraw", errNotConfirmed("withdraw amendment "+strconv.Itoa(n)))
	}
	if _, err := s.Svc.WithdrawAmendment(r.Context(), edge.SessionOf(r).Actor, c.ID, n, edge.AllianceOf(r).Member.PartyID, r.PostFormValue("reason")); err != nil {
		return backTo(back+"#withdraw", err)
	}
	flash(w, "Amendment "+strconv.Itoa(n)+" withdrawn. It can no longer be signed off.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
