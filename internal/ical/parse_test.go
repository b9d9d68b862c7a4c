package ical_test

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the TZID case must not depend on the machine's zoneinfo

	"github.com/accord-alliance/accord/internal/ical"
)

// crlf turns a readable test input into CRLF lines.
func crlf(lines ...string) string { return strings.Join(lines, "\r\n") + "\r\n" }

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  ical.Calendar
	}{
		{
			name: "feed of another tool with LF endings, tab folding and lower case names",
			input: "\uFEFFBEGIN:VCALENDAR\nversion:2.0\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\n" +
				"X-WR-CALNAME:Board\\, finance\n" +
				"BEGIN:VEVENT\ndtstart:20261203T150000Z\nDTEND:20261203T160000Z\nDTSTAMP:20261101T000000Z\n" +
				"UID:abc123@google.com\nSUMMARY:Board \n\tmeeting\\; Q4\nDESCRIPTION:Line one\\nLine two\\NLine three\\:\n" +
				"ORGANIZER;CN=\"Ellis, Morgan\";SENT-BY=\"mailto:pa@x.example\":MAILTO:morgan@x.example\n" +
				"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=nadia@r.example;X-NUM-GUESTS=0:mailto:nadia@r.example\n" +
				"BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:Reminder\nTRIGGER:-P0DT0H30M0S\nEND:VALARM\n" +
				"STATUS:confirmed\nEND:VEVENT\nEND:VCALENDAR\n\n",
			want: ical.Calendar{Name: "Board, finance", Events: []ical.Event{{
				UID:         "abc123@google.com",
				Start:       time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC),
				End:         time.Date(2026, 12, 3, 16, 0, 0, 0, time.UTC),
				Summary:     "Board meeting; Q4",
				Description: "Line one\nLine two\nLine three:",
				Organizer:   ical.Person{Name: "Ellis, Morgan", Email: "morgan@x.example"},
				Attendees:   []ical.Person{{Name: "nadia@r.example", Email: "nadia@r.example"}},
				Status:      "CONFIRMED",
				Updated:     time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
			}}},
		},
		{
			name: "time zone, duration, all-day event and skipped components",
			input: crlf("BEGIN:VCALENDAR", "METHOD:PUBLISH", "NAME:Committees",
				"BEGIN:VTIMEZONE", "TZID:America/New_York", "BEGIN:STANDARD", "DTSTART:19701101T020000", "END:STANDARD", "END:VTIMEZONE",
				"BEGIN:VTODO", "UID:todo", "DTSTART:20261201T000000Z", "END:VTODO",
				"BEGIN:VEVENT", "UID:tz", "SEQUENCE:7", "DTSTART;TZID=America/New_York:20261203T100000",
				"DURATION:PT1H30M", "DTSTAMP:20261101T000000Z", "LAST-MODIFIED:20261102T000000Z", "END:VEVENT",
				"BEGIN:VEVENT", "UID:day", "DTSTART;VALUE=DATE:20261224", "DTSTAMP:20261101T000000Z", "STATUS:TENTATIVE", "END:VEVENT",
				"BEGIN:VEVENT", "UID:floating", "DTSTART:20261203T090000", "DTEND;VALUE=DATE-TIME:20261203T093000",
				"DTSTAMP:20261101T000000Z", "URL;VALUE=URI:https://x.example/a?b=1,2;c", "END:VEVENT",
				"END:VCALENDAR"),
			want: ical.Calendar{Name: "Committees", Method: "PUBLISH", Events: []ical.Event{
				{
					UID: "tz", Sequence: 7,
					Start:   time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC),
					End:     time.Date(2026, 12, 3, 16, 30, 0, 0, time.UTC),
					Updated: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC),
				},
				{
					UID:     "day",
					Start:   time.Date(2026, 12, 24, 0, 0, 0, 0, time.UTC),
					End:     time.Date(2026, 12, 25, 0, 0, 0, 0, time.UTC),
					Status:  "TENTATIVE",
					Updated: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
				},
				{
					UID:     "floating",
					Start:   time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC),
					End:     time.Date(2026, 12, 3, 9, 30, 0, 0, time.UTC),
					URL:     "https://x.example/a?b=1,2;c",
					Updated: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
				},
			}},
		},
		{
			name: "parameter escapes of RFC 6868 and quoted colons",
			input: crlf("BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:p", "DTSTART:20261203T150000Z",
				`ATTENDEE;CN="Ana ^'Nan^' Souza: QA; ^^ ^x":mailto:ana@c.example`,
				`ATTENDEE;CN=Two^nLines;DELEGATED-TO="mailto:a@x.example","mailto:b@x.example":mailto:two@c.example`,
				"END:VEVENT", "END:VCALENDAR"),
			want: ical.Calendar{Events: []ical.Event{{
				UID:   "p",
				Start: time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC),
				Attendees: []ical.Person{
					{Name: `Ana "Nan" Souza: QA; ^ ^x`, Email: "ana@c.example"},
					{Name: "Two\nLines", Email: "two@c.example"},
				},
			}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ical.Parse(strings.NewReader(tt.input))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			wantSame(t, got, tt.want)
		})
	}
}

func TestParseErrors(t *testing.T) {
	const begin = "BEGIN:VCALENDAR\r\n"
	tests := []struct {
		name  string
		input string
		want  string
	}{
		{"empty input", "", "ical: line 1: missing BEGIN:VCALENDAR (empty input)"},
		{"blank lines only", "\r\n\r\n", "ical: line 1: missing BEGIN:VCALENDAR (empty input)"},
		{"missing BEGIN:VCALENDAR", crlf("VERSION:2.0", "BEGIN:VCALENDAR", "END:VCALENDAR"),
			`ical: line 1: missing BEGIN:VCALENDAR, got "VERSION:2.0"`},
		{"vcard instead", crlf("BEGIN:VCARD", "END:VCARD"), `ical: line 1: missing BEGIN:VCALENDAR, got "BEGIN:VCARD"`},
		{"unterminated calendar", crlf("BEGIN:VCALENDAR", "VERSION:2.0"), "ical: line 1: BEGIN:VCALENDAR has no END:VCALENDAR"},
		{"unterminated event", crlf("BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:x", "DTSTART:20261203T150000Z"),
			"ical: line 2: BEGIN:VEVENT has no END:VEVENT"},
		{"mismatched end", crlf("BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:x", "END:VCALENDAR"),
			"ical: line 4: END:VCALENDAR does not close BEGIN:VEVENT of line 2"},
		{"line without a colon", begin + "VERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY Quality committee\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
			`ical: line 4: no colon in "SUMMARY Quality committee"`},
		{"line without a colon after folding", begin + "SUMMARY\r\n  Quality\r\nEND:VCALENDAR\r\n",
			`ical: line 2: no colon in "SUMMARY Quality"`},
		{"bad DTSTART", crlf("BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:x", "DTSTART:2026-12-03T15:00:00Z", "END:VEVENT", "END:VCALENDAR"),
			`ical: line 4: bad DTSTART "2026-12-03T15:00:00Z": parsing time "2026-12-03T15:00:00Z" as "20060102T150405Z": cannot parse "-12-03T15:00:00Z" as "01"`},
		{"bad DATE", crlf("BEGIN:VCALENDAR", "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20261332", "END:VEVENT", "END:VCALENDAR"),
			`ical: line 3: bad DTSTART "20261332": parsing time "20261332": month out of range`},
		{"unknown TZID", crlf("BEGIN:VCALENDAR", "BEGIN:VEVENT", "DTSTART;TZID=Mars/Olympus:20261203T150000", "END:VEVENT", "END:VCALENDAR"),
			`ical: line 3: bad DTSTART "20261203T150000": unknown TZID "Mars/Olympus"`},
		{"no DTSTART", crlf("BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:x", "END:VEVENT", "END:VCALENDAR"),
			"ical: line 4: VEVENT of line 2 has no DTSTART"},
		{"bad SEQUENCE", crlf("BEGIN:VCALENDAR", "BEGIN:VEVENT", "SEQUENCE:two", "END:VEVENT", "END:VCALENDAR"),
			`ical: line 3: bad SEQUENCE "two"`},
		{"bad DURATION", crlf("BEGIN:VCALENDAR", "BEGIN:VEVENT", "DURATION:PT1X", "END:VEVENT", "END:VCALENDAR"),
			`ical: line 3: bad DURATION "PT1X": unexpected 'X'`},
		{"parameter without a value", crlf("BEGIN:VCALENDAR", "BEGIN:VEVENT", "ATTENDEE;RSVP:mailto:a@x.example", "END:VEVENT", "END:VCALENDAR"),
			`ical: line 3: ATTENDEE: parameter without '=' in "RSVP:mailto:a@x.example"`},
		{"unclosed quote", crlf("BEGIN:VCALENDAR", "BEGIN:VEVENT", `ATTENDEE;CN="Nadia:mailto:a@x.example`, "END:VEVENT", "END:VCALENDAR"),
			`ical: line 3: ATTENDEE: parameter CN: no closing quote`},
		{"text after a quote", crlf("BEGIN:VCALENDAR", "BEGIN:VEVENT", `ATTENDEE;CN="Nadia"x:mailto:a@x.example`, "END:VEVENT", "END:VCALENDAR"),
			`ical: line 3: ATTENDEE: parameter CN: text after the closing quote`},
		{"bad property name", crlf("BEGIN:VCALENDAR", "Hello world: foo", "END:VCALENDAR"), `ical: line 2: bad property name "Hello world"`},
		{"end without begin", crlf("BEGIN:VCALENDAR", "END:VCALENDAR", "END:VEVENT"), `ical: line 3: "END:VEVENT" after END:VCALENDAR`},
		{"nested calendar", crlf("BEGIN:VCALENDAR", "BEGIN:VCALENDAR", "END:VCALENDAR", "END:VCALENDAR"),
			"ical: line 2: BEGIN:VCALENDAR inside another component"},
		{"continuation first", " BEGIN:VCALENDAR\r\n", "ical: line 1: continuation line with no line before it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ical.Parse(strings.NewReader(tt.input))
			if err == nil || err.Error() != tt.want {
				t.Fatalf("got error %v\nwant %s", err, tt.want)
			}
		})
	}
}
