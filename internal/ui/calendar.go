package ui

import (
	"context"
	"net/http"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/ical"
	"github.com/accord-alliance/accord/internal/views"
)

// calendarOf builds a feed of the alliance's meetings: of one committee,
// or of the committees where the user holds a seat.
func (s *App) calendarOf(ctx context.Context, base string, a accord.Alliance, committeeKey, userID string) (ical.Calendar, error) {
	cs, err := s.Svc.ListCommittees(ctx, a.ID)
	if err != nil {
		return ical.Calendar{}, err
	}
	byID := map[string]accord.Committee{}
	cal := ical.Calendar{Name: a.Name + " meetings"}
	f := accord.MeetingFilter{AllianceID: a.ID, UserID: userID}
	for _, c := range cs {
		byID[c.ID] = c
		if c.Key == committeeKey {
			f.CommitteeID, cal.Name = c.ID, a.Name+" · "+c.Name
		}
	}
	if committeeKey != "" && f.CommitteeID == "" {
		return cal, edge.ErrNotFound
	}
	if committeeKey != "" {
		f.UserID = ""
	}
	ms, err := s.Svc.ListMeetings(ctx, f)
	if err != nil {
		return cal, err
	}
	for _, m := range ms {
		cal.Events = append(cal.Events, views.MeetingEvent(base, a.Slug, byID[m.CommitteeID], m))
	}
	return cal, nil
}

// feedCalendar serves a person's calendar feed by its secret link: the
// meetings of their committees, or of one committee of their alliance.
func (s *App) feedCalendar(w http.ResponseWriter, r *http.Request) error {
	userID, allianceID, err := s.Svc.CalendarFeedUser(r.Context(), r.PathValue("token"))
	if err != nil {
		return edge.ErrNotFound
	}
	as, err := s.Svc.AlliancesForUser(r.Context(), userID)
	if err != nil {
		return err
	}
	for _, a := range as {
		if a.ID != allianceID {
			continue
		}
		key := strings.TrimSuffix(r.PathValue("file"), ".ics")
		if key == "my-meetings" {
			key = ""
		} else if !strings.HasSuffix(r.PathValue("file"), ".ics") {
			break
		}
		seatOf := userID // the person's own feed: their committees' meetings
		if key != "" {
			seatOf = ""
		}
		cal, err := s.calendarOf(r.Context(), s.BaseURL(r), a, key, seatOf)
		if err != nil {
			return edge.HideNotFound(err)
		}
		return s.WriteCalendar(w, r, cal, r.PathValue("file"))
	}
	return edge.ErrNotFound
}

// calendarPage explains the calendar feeds; posting to it makes (or
// replaces) the person's secret feed link and shows it once.
func (s *App) calendarPage(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	cs, err := s.Svc.ListCommittees(r.Context(), ac.Alliance.ID)
	if err != nil {
		return err
	}
	data := map[string]any{"Committees": cs}
	if r.Method == http.MethodPost {
		token, err := s.Svc.CalendarFeed(r.Context(), edge.SessionOf(r).User.ID, ac.Alliance.ID)
		if err != nil {
			return err
		}
		data["Feed"] = s.BaseURL(r) + "/feeds/" + token + "/"
	}
	s.render(w, r, "calendar", views.PageData{Title: "Calendar feeds", Nav: "governance", Data: data})
	return nil
}
