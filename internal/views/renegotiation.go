package views

import (
	"net/http"
	"time"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// apiRenegotiation is a renegotiation request in the API.
type apiRenegotiation struct {
	ID          string `json:"id"`
	Contract    string `json:"contract"`
	PartyID     string `json:"party_id"`
	PartyName   string `json:"party_name"`
	Reason      string `json:"reason"`
	RequestedBy string `json:"requested_by"`
	RequestedAt string `json:"requested_at"`
	BaseVersion int    `json:"base_version"`
	Open        bool   `json:"open"`
}

// RenegotiationRequest is the body of a request: what should change.
type RenegotiationRequest struct {
	Reason string `json:"reason"`
}

// ToAPIRenegotiation is the API's form of a renegotiation request.
func ToAPIRenegotiation(key string, g accord.Renegotiation) apiRenegotiation {
	return apiRenegotiation{ID: g.ID, Contract: key, PartyID: g.PartyID, PartyName: g.PartyName, Reason: g.Reason, RequestedBy: g.RequestedBy,
		RequestedAt: g.RequestedAt.UTC().Format(time.RFC3339), BaseVersion: g.BaseVersion, Open: g.Open}
}

// RenegotiationView is the contract page's part about renegotiation: the
// requests, and whether the viewer may ask for their party.
type RenegotiationView struct {
	Requests []accord.Renegotiation
	// CanAsk is true for an executive or admin whose party has no open
	// request, once the contract has an agreed version.
	CanAsk bool
	// Waiting is the viewer's party's open request, if any.
	Waiting *accord.Renegotiation
}

// RenegotiationFor reads the contract's requests for its page.
func (s *Loader) RenegotiationFor(r *http.Request, c accord.Contract) (RenegotiationView, error) {
	var v RenegotiationView
	var err error
	if v.Requests, err = s.Svc.ListRenegotiations(r.Context(), c.ID); err != nil {
		return v, err
	}
	ac := edge.AllianceOf(r)
	for i, g := range v.Requests {
		if g.Open && g.PartyID == ac.Member.PartyID {
			v.Waiting = &v.Requests[i]
		}
	}
	v.CanAsk = c.Versions > 0 && v.Waiting == nil && access.Allowed(ac.Member.Roles, edge.SessionOf(r).Actor.Scope, access.SignAmendment)
	return v, nil
}
