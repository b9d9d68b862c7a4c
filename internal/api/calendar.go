package api

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// apiCalendarFeed makes (or replaces) the caller's secret feed link and
// returns the feed addresses, once. Every member may, but only with a
// write token: replacing the link stops the old one working.
func (s *API) apiCalendarFeed(w http.ResponseWriter, r *http.Request) error {
	if err := edge.RequireWrite(r); err != nil {
		return err
	}
	ac := edge.AllianceOf(r)
	cs, err := s.Svc.ListCommittees(r.Context(), ac.Alliance.ID)
	if err != nil {
		return err
	}
	token, err := s.Svc.CalendarFeed(r.Context(), edge.SessionOf(r).User.ID, ac.Alliance.ID)
	if err != nil {
		return err
	}
	base := s.BaseURL(r) + "/feeds/" + token + "/"
	out := views.CalendarFeedLinks{MyMeetings: base + "my-meetings.ics", Committees: map[string]string{}}
	for _, c := range cs {
		out.Committees[c.Key] = base + c.Key + ".ics"
	}
	edge.WriteJSON(w, http.StatusCreated, out)
	return nil
}
