package ui

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/edge"
)

// contractRenegotiation records the viewer's party's request from the
// contract page's form.
func (s *App) contractRenegotiation(w http.ResponseWriter, r *http.Request) error {
	c, err := s.ContractOf(r)
	if err != nil {
		return err
	}
	ac := edge.AllianceOf(r)
	back := "/a/" + ac.Alliance.Slug + "/contracts/" + c.Key
	if _, err := s.Svc.RequestRenegotiation(r.Context(), edge.SessionOf(r).Actor, c.ID, ac.Member.PartyID, r.PostFormValue("reason")); err != nil {
		return backTo(back+"#renegotiation", err)
	}
	flash(w, "Renegotiation requested for "+ac.Member.PartyName+": every party sees it among the signals until the next amendment is adopted.")
	http.Redirect(w, r, back+"#renegotiation", http.StatusSeeOther)
	return nil
}
