package server

import (
	"net/http"
	"time"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/accord"
)

// A party's request to renegotiate a contract, from the contract page and
// the API. Executives and alliance admins ask for their own party (the
// roles that sign amendments); the request raises a contract_renegotiation
// signal every member sees, until the next amendment is adopted.

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

// renegotiationRequest is the body of a request: what should change.
type renegotiationRequest struct {
	Reason string `json:"reason"`
}

func toAPIRenegotiation(key string, g accord.Renegotiation) apiRenegotiation {
	return apiRenegotiation{ID: g.ID, Contract: key, PartyID: g.PartyID, PartyName: g.PartyName, Reason: g.Reason, RequestedBy: g.RequestedBy,
		RequestedAt: g.RequestedAt.UTC().Format(time.RFC3339), BaseVersion: g.BaseVersion, Open: g.Open}
}

// contractRenegotiation records the viewer's party's request from the
// contract page's form.
func (s *Server) contractRenegotiation(w http.ResponseWriter, r *http.Request) {
	c, err := s.contractOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ac := allianceOf(r)
	back := "/a/" + ac.alliance.Slug + "/contracts/" + c.Key
	if _, err := s.svc.RequestRenegotiation(r.Context(), sessionOf(r).actor, c.ID, ac.member.PartyID, r.PostFormValue("reason")); err != nil {
		s.failBack(w, r, back+"#renegotiation", err)
		return
	}
	flash(w, "Renegotiation requested for "+ac.member.PartyName+": every party sees it among the signals until the next amendment is adopted.")
	http.Redirect(w, r, back+"#renegotiation", http.StatusSeeOther)
}

// apiContractRenegotiation records the caller's party's request.
func (s *Server) apiContractRenegotiation(w http.ResponseWriter, r *http.Request) {
	var req renegotiationRequest
	if err := decodeJSON(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.contractOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	g, err := s.svc.RequestRenegotiation(r.Context(), sessionOf(r).actor, c.ID, allianceOf(r).member.PartyID, req.Reason)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toAPIRenegotiation(c.Key, g))
}

// renegotiationView is the contract page's part about renegotiation: the
// requests, and whether the viewer may ask for their party.
type renegotiationView struct {
	Requests []accord.Renegotiation
	// CanAsk is true for an executive or admin whose party has no open
	// request, once the contract has an agreed version.
	CanAsk bool
	// Waiting is the viewer's party's open request, if any.
	Waiting *accord.Renegotiation
}

// renegotiationFor reads the contract's requests for its page.
func (s *Server) renegotiationFor(r *http.Request, c accord.Contract) (renegotiationView, error) {
	var v renegotiationView
	var err error
	if v.Requests, err = s.svc.ListRenegotiations(r.Context(), c.ID); err != nil {
		return v, err
	}
	ac := allianceOf(r)
	for i, g := range v.Requests {
		if g.Open && g.PartyID == ac.member.PartyID {
			v.Waiting = &v.Requests[i]
		}
	}
	v.CanAsk = c.Versions > 0 && v.Waiting == nil && access.Allowed(ac.member.Roles, sessionOf(r).actor.Scope, access.SignAmendment)
	return v, nil
}
