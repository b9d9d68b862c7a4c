package server

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/ical"
	"github.com/accord-alliance/accord/internal/packet"
)

// meetingEvent is a meeting as a calendar event, with the seat-holders of
// its committee as attendees (the packet's invitation is the same event).
func meetingEvent(base, slug string, c accord.Committee, m accord.Meeting) ical.Event {
	return packet.Event(base, slug, c, m)
}

// calendarOf builds a feed of the alliance's meetings: of one committee,
// or of the committees where the user holds a seat.
func (s *Server) calendarOf(ctx context.Context, base string, a accord.Alliance, committeeKey, userID string) (ical.Calendar, error) {
	cs, err := s.svc.ListCommittees(ctx, a.ID)
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
		return cal, errNotFound
	}
	if committeeKey != "" {
		f.UserID = ""
	}
	ms, err := s.svc.ListMeetings(ctx, f)
	if err != nil {
		return cal, err
	}
	for _, m := range ms {
		cal.Events = append(cal.Events, meetingEvent(base, a.Slug, byID[m.CommitteeID], m))
	}
	return cal, nil
}

func (s *Server) writeCalendar(w http.ResponseWriter, r *http.Request, cal ical.Calendar, filename string) {
	var buf bytes.Buffer
	if err := cal.Encode(&buf); err != nil {
		s.fail(w, r, fmt.Errorf("calendar %s: %w", filename, err))
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="`+filename+`"`)
	w.Header().Set("Cache-Control", "private, max-age=300")
	w.Write(buf.Bytes())
}

// feedCalendar serves a person's calendar feed by its secret link: the
// meetings of their committees, or of one committee of their alliance.
func (s *Server) feedCalendar(w http.ResponseWriter, r *http.Request) {
	userID, allianceID, err := s.svc.CalendarFeedUser(r.Context(), r.PathValue("token"))
	if err != nil {
		s.fail(w, r, errNotFound)
		return
	}
	as, err := s.svc.AlliancesForUser(r.Context(), userID)
	if err != nil {
		s.fail(w, r, err)
		return
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
		cal, err := s.calendarOf(r.Context(), s.baseURL(r), a, key, seatOf)
		if err != nil {
			s.fail(w, r, hideNotFound(err))
			return
		}
		s.writeCalendar(w, r, cal, r.PathValue("file"))
		return
	}
	s.fail(w, r, errNotFound)
}

// meetingICS downloads one meeting as an invitation to import.
func (s *Server) meetingICS(w http.ResponseWriter, r *http.Request) {
	m, c, err := s.meetingAndCommittee(r)
	if err != nil {
		s.fail(w, r, hideNotFound(err))
		return
	}
	ev := meetingEvent(s.baseURL(r), allianceOf(r).alliance.Slug, c, m)
	s.writeCalendar(w, r, ical.Calendar{Name: c.Name, Method: ical.MethodPublish, Events: []ical.Event{ev}}, "meeting.ics")
}

// calendarPage explains the calendar feeds; posting to it makes (or
// replaces) the person's secret feed link and shows it once.
func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request) {
	ac := allianceOf(r)
	cs, err := s.svc.ListCommittees(r.Context(), ac.alliance.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := map[string]any{"Committees": cs}
	if r.Method == http.MethodPost {
		token, err := s.svc.CalendarFeed(r.Context(), sessionOf(r).user.ID, ac.alliance.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		data["Feed"] = s.baseURL(r) + "/feeds/" + token + "/"
	}
	s.render(w, r, "calendar", pageData{Title: "Calendar feeds", Nav: "governance", Data: data})
}

// calendarFeedLinks is the answer of the API that makes a feed link.
type calendarFeedLinks struct {
	MyMeetings string            `json:"my_meetings"`
	Committees map[string]string `json:"committees"`
}

// apiCalendarFeed makes (or replaces) the caller's secret feed link and
// returns the feed addresses, once. Every member may, but only with a
// write token: replacing the link stops the old one working.
func (s *Server) apiCalendarFeed(w http.ResponseWriter, r *http.Request) {
	if err := requireWrite(r); err != nil {
		s.fail(w, r, err)
		return
	}
	ac := allianceOf(r)
	cs, err := s.svc.ListCommittees(r.Context(), ac.alliance.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	token, err := s.svc.CalendarFeed(r.Context(), sessionOf(r).user.ID, ac.alliance.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	base := s.baseURL(r) + "/feeds/" + token + "/"
	out := calendarFeedLinks{MyMeetings: base + "my-meetings.ics", Committees: map[string]string{}}
	for _, c := range cs {
		out.Committees[c.Key] = base + c.Key + ".ics"
	}
	writeJSON(w, http.StatusCreated, out)
}
