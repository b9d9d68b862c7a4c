package server

import (
	"net/http"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
)

// proxyRequest names the seat-holder the caller gives their proxy to.
type proxyRequest struct {
	HolderID string `json:"holder_member_id"`
}

// apiMotionProxy gives the caller's proxy for one motion.
func (s *Server) apiMotionProxy(w http.ResponseWriter, r *http.Request) {
	s.apiGrantProxy(w, r, func() (accord.Proxy, error) {
		n, err := motionNumber(r)
		return accord.Proxy{MotionNumber: n}, err
	})
}

// apiMeetingProxy gives the caller's proxy for every motion of a meeting.
func (s *Server) apiMeetingProxy(w http.ResponseWriter, r *http.Request) {
	s.apiGrantProxy(w, r, func() (accord.Proxy, error) {
		return accord.Proxy{MeetingID: r.PathValue("id")}, nil
	})
}

// apiGrantProxy reads the body first, as the other governance writes do,
// then what the proxy covers.
func (s *Server) apiGrantProxy(w http.ResponseWriter, r *http.Request, covers func() (accord.Proxy, error)) {
	var q proxyRequest
	if err := decodeJSON(r, &q); err != nil {
		s.fail(w, r, err)
		return
	}
	if strings.TrimSpace(q.HolderID) == "" {
		s.fail(w, r, accord.FieldError("holder_member_id", "is required: the seat-holder who is to vote for you"))
		return
	}
	p, err := covers()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.AllianceID, p.HolderID = allianceOf(r).alliance.ID, q.HolderID
	if err := s.svc.GrantProxy(r.Context(), sessionOf(r).actor, &p); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, p)
}

// apiProxyRevoke revokes a proxy the caller gave.
func (s *Server) apiProxyRevoke(w http.ResponseWriter, r *http.Request) {
	p, err := s.svc.RevokeProxy(r.Context(), sessionOf(r).actor, allianceOf(r).alliance.ID, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}
