package views

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/ical"
	"github.com/accord-alliance/accord/internal/packet"
)

// MeetingEvent is a meeting as a calendar event, with the seat-holders of
// its committee as attendees (the packet's invitation is the same event).
func MeetingEvent(base, slug string, c accord.Committee, m accord.Meeting) ical.Event {
	return packet.Event(base, slug, c, m)
}

// WriteCalendar answers with cal as an iCalendar file named filename.
func (s *Loader) WriteCalendar(w http.ResponseWriter, r *http.Request, cal ical.Calendar, filename string) error {
	var buf bytes.Buffer
	if err := cal.Encode(&buf); err != nil {
		return fmt.Errorf("calendar %s: %w", filename, err)
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="`+filename+`"`)
	w.Header().Set("Cache-Control", "private, max-age=300")
	w.Write(buf.Bytes())
	return nil
}

// MeetingICS downloads one meeting as an invitation to import.
func (s *Loader) MeetingICS(w http.ResponseWriter, r *http.Request) error {
	m, c, err := s.MeetingAndCommittee(r)
	if err != nil {
		return edge.HideNotFound(err)
	}
	ev := MeetingEvent(s.BaseURL(r), edge.AllianceOf(r).Alliance.Slug, c, m)
	return s.WriteCalendar(w, r, ical.Calendar{Name: c.Name, Method: ical.MethodPublish, Events: []ical.Event{ev}}, "meeting.ics")
}

// CalendarFeedLinks is the answer of the API that makes a feed link.
type CalendarFeedLinks struct {
	MyMeetings string            `json:"my_meetings"`
	Committees map[string]string `json:"committees"`
}
