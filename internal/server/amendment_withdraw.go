package server

import (
	"net/http"
	"strconv"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/accord"
)

// mayWithdraw reports whether the viewer may withdraw amendment a: it is
// still proposed, the viewer may propose amendments, and acts for the
// party that proposed it or is an alliance admin. The store checks again.
func mayWithdraw(r *http.Request, a accord.Amendment) bool {
	m := allianceOf(r).member
	return a.Status == accord.AmendmentProposed && access.Allowed(m.Roles, sessionOf(r).actor.Scope, access.ProposeAmendment) &&
		(m.Roles.Has(accord.RoleAdmin) || a.ProposedParty != "" && a.ProposedParty == m.PartyID)
}

// amendmentWithdraw withdraws a proposed amendment from its page.
func (s *Server) amendmentWithdraw(w http.ResponseWriter, r *http.Request) {
	c, err := s.contractOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := amendmentNumber(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	back := "/a/" + allianceOf(r).alliance.Slug + "/contracts/" + c.Key + "/amendments/" + strconv.Itoa(n)
	if !confirmed(r) {
		s.failBack(w, r, back+"#withdraw", errNotConfirmed("withdraw amendment "+strconv.Itoa(n)))
		return
	}
	if _, err := s.svc.WithdrawAmendment(r.Context(), sessionOf(r).actor, c.ID, n, allianceOf(r).member.PartyID, r.PostFormValue("reason")); err != nil {
		s.failBack(w, r, back+"#withdraw", err)
		return
	}
	flash(w, "Amendment "+strconv.Itoa(n)+" withdrawn. It can no longer be signed off.")
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// withdrawRequest gives the reason an amendment is withdrawn.
type withdrawRequest struct {
	Reason string `json:"reason"`
}

func (s *Server) apiAmendmentWithdraw(w http.ResponseWriter, r *http.Request) {
	var req withdrawRequest
	if err := decodeJSON(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.contractOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := amendmentNumber(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.svc.WithdrawAmendment(r.Context(), sessionOf(r).actor, c.ID, n, allianceOf(r).member.PartyID, req.Reason); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeAmendment(w, r, c.ID, n, http.StatusOK)
}
