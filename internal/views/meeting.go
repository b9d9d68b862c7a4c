package views

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// MeetingAndCommittee loads the meeting of the path and its committee.
func (s *Loader) MeetingAndCommittee(r *http.Request) (accord.Meeting, accord.Committee, error) {
	ac := edge.AllianceOf(r)
	m, err := s.Svc.Meeting(r.Context(), ac.Alliance.ID, r.PathValue("id"))
	if err != nil {
		return m, accord.Committee{}, err
	}
	c, err := s.Svc.CommitteeByKey(r.Context(), ac.Alliance.ID, m.CommitteeKey)
	return m, c, err
}
