package ical_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/ical"
)

// FuzzParse feeds Parse arbitrary input, starting from feeds of other
// tools and what Encode writes. Parse never panics and names the line of
// what it refuses; what it reads and Encode accepts is written once and
// for all: that text reads back to the same calendar, which encodes to
// the same bytes.
func FuzzParse(f *testing.F) {
	f.Add("\uFEFFBEGIN:VCALENDAR\nversion:2.0\nX-WR-CALNAME:Board\\, finance\n" +
		"BEGIN:VEVENT\ndtstart:20261203T150000Z\nDTEND:20261203T160000Z\nDTSTAMP:20261101T000000Z\n" +
		"UID:abc123@google.com\nSUMMARY:Board \n\tmeeting\\; Q4\nDESCRIPTION:Line one\\nLine two\\NLine three\\:\n" +
		"ORGANIZER;CN=\"Ellis, Morgan\";SENT-BY=\"mailto:pa@x.example\":MAILTO:morgan@x.example\n" +
		"ATTENDEE;CN=Nadia ^'N^' R^^;X-NUM-GUESTS=0:mailto:nadia@r.example\n" +
		"BEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:-P0DT0H30M0S\nEND:VALARM\nSTATUS:confirmed\nEND:VEVENT\nEND:VCALENDAR\n\n")
	f.Add(crlf("BEGIN:VCALENDAR", "METHOD:PUBLISH", "NAME:Committees",
		"BEGIN:VTIMEZONE", "TZID:America/New_York", "BEGIN:STANDARD", "DTSTART:19701101T020000", "END:STANDARD", "END:VTIMEZONE",
		"BEGIN:VEVENT", "UID:tz", "SEQUENCE:7", "DTSTART;TZID=America/New_York:20261203T100000",
		"DURATION:PT1H30M", "DTSTAMP:20261101T000000Z", "LAST-MODIFIED:20261102T000000Z", "END:VEVENT",
		"BEGIN:VEVENT", "UID:day", "DTSTART;VALUE=DATE:20261224", "DTSTAMP:20261101T000000Z", "STATUS:TENTATIVE", "END:VEVENT",
		"END:VCALENDAR"))
	f.Add(crlf("BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:x", "DTSTART:20261203", "DURATION:-P1W2D", "END:VEVENT"))
	f.Add(crlf("BEGIN:VCALENDAR", "BEGIN:VEVENT", "DTSTART:20261203T100000Z", "END:VEVENT", "END:VCALENDAR"))
	invitation := ical.Calendar{Method: ical.MethodRequest, Name: "Steering committee; Q4", Events: []ical.Event{{
		UID: "meeting-1@accord", Sequence: 2, Start: time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC),
		End: time.Date(2026, 12, 3, 16, 30, 0, 0, time.UTC), Summary: "Quarterly check-in, Riverside",
		Description: strings.Repeat("A long agenda line with ünïcödé, commas; and \\ backslashes.\n", 4),
		Location:    "Room 4", URL: "https://accord.example/a/north/meetings/1", Status: ical.StatusConfirmed,
		Organizer: ical.Person{Name: "Ellis: \"Morgan\"", Email: "morgan@x.example"},
		Attendees: []ical.Person{{Name: "Nadia", Email: "nadia@r.example"}, {Email: "sam@v.example"}},
		Updated:   time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC),
	}}}
	f.Add(string(invitation.Bytes()))
	f.Fuzz(func(t *testing.T, s string) {
		cal, err := ical.Parse(strings.NewReader(s))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "ical: line ") && !strings.HasPrefix(err.Error(), "ical: read") {
				t.Fatalf("got error %q, want it to name the line", err)
			}
			return
		}
		var first bytes.Buffer
		if err := cal.Encode(&first); err != nil {
			return // read, but not what accord writes (no UID, say)
		}
		again, err := ical.Parse(bytes.NewReader(first.Bytes()))
		if err != nil {
			t.Fatalf("what Encode wrote does not parse: %v\n%s", err, first.Bytes())
		}
		second := again.Bytes()
		if !bytes.Equal(first.Bytes(), second) {
			t.Fatalf("encoding changed after a round trip:\n%q\n%q", first.Bytes(), second)
		}
		if again.Method != strings.ToUpper(cal.Method) || len(again.Events) != len(cal.Events) {
			t.Fatalf("read back %+v, want %+v", again, cal)
		}
		for i, e := range cal.Events {
			g := again.Events[i]
			same := g.UID != "" && g.Sequence == e.Sequence && g.Status == e.Status && g.URL == e.URL &&
				g.Start.Equal(e.Start.Truncate(time.Second)) && g.End.Equal(e.End.Truncate(time.Second)) &&
				g.Updated.Equal(e.Updated.Truncate(time.Second)) && len(g.Attendees) == len(e.Attendees)
			if !same {
				t.Fatalf("event %d read back as\n %+v\nwant\n %+v", i, g, e)
			}
		}
		if !reflect.DeepEqual(again, mustParse(t, second)) {
			t.Fatal("the same text parsed twice differs")
		}
	})
}

func mustParse(t *testing.T, b []byte) ical.Calendar {
	t.Helper()
	c, err := ical.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return c
}
