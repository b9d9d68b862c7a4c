package views

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/edge"
)

// AwaitingYou returns the settlements (by id) awaiting the viewer's
// sign-off for their party.
func (s *Loader) AwaitingYou(r *http.Request) (map[string]bool, error) {
	sess := edge.SessionOf(r)
	if sess.Actor.UserID == "" {
		return map[string]bool{}, nil
	}
	sts, err := s.Svc.SettlementsAwaitingSignOff(r.Context(), edge.AllianceOf(r).Alliance.ID, sess.Actor.UserID)
	out := map[string]bool{}
	for _, st := range sts {
		out[st.ID] = true
	}
	return out, err
}
