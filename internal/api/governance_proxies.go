package api

import (
	"net/http"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// proxyRequest names the seat-holder the caller gives their proxy to.
type proxyRequest struct {
	HolderID string `json:"holder_member_id"`
}

// apiMotionProxy gives the caller's proxy for one motion.
func (s *API) apiMotionProxy(w http.ResponseWriter, r *http.Request) error {
	return s.apiGrantProxy(w, r, func() (accord.Proxy, error) {
		n, err := motionNumber(r)
		return accord.Proxy{MotionNumber: n}, err
	})
}

// apiMeetingProxy gives the caller's proxy for every motion of a meeting.
func (s *API) apiMeetingProxy(w http.ResponseWriter, r *http.Request) error {
	return s.apiGrantProxy(w, r, func() (accord.Proxy, error) {
		return accord.Proxy{MeetingID: r.PathValue("id")}, nil
	})
}

// apiGrantProxy reads the body first, as the other governance writes do,
// then what the proxy covers.
func (s *API) apiGrantProxy(w http.ResponseWriter, r *http.Request, covers func() (accord.Proxy, error)) error {
	var q proxyRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	if strings.TrimSpace(q.HolderID) == "" {
		return accord.FieldError("holder_member_id", "is required: the seat-holder who is to vote for you")
	}
	p, err := covers()
	if err != nil {
		return err
	}
	p.AllianceID, p.HolderID = edge.AllianceOf(r).Alliance.ID, q.HolderID
	if err := s.Svc.GrantProxy(r.Context(), edge.SessionOf(r).Actor, &p); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, p)
	return nil
}

// apiProxyRevoke revokes a proxy the caller gave.
func (s *API) apiProxyRevoke(w http.ResponseWriter, r *http.Request) error {
	p, err := s.Svc.RevokeProxy(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, p)
	return nil
}
