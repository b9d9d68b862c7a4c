package views

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// MayWithdraw reports whether the viewer may withdraw amendment a: it is
// still proposed, the viewer may propose amendments, and acts for the
// party that proposed it or is an alliance admin. The store checks again.
func MayWithdraw(r *http.Request, a accord.Amendment) bool {
	m := edge.AllianceOf(r).Member
	return a.Status == accord.AmendmentProposed && access.Allowed(m.Roles, edge.SessionOf(r).Actor.Scope, access.ProposeAmendment) &&
		(m.Roles.Has(accord.RoleAdmin) || a.ProposedParty != "" && a.ProposedParty == m.PartyID)
}

// WithdrawRequest gives the reason an amendment is withdrawn.
type WithdrawRequest struct {
	Reason string `json:"reason"`
}
