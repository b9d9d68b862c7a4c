package ical_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/accord-alliance/accord/internal/ical"
)

var (
	start   = time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC)
	updated = time.Date(2026, 11, 20, 9, 30, 15, 0, time.UTC)
)

// meeting returns a valid event to change in a test case.
func meeting(id string) ical.Event {
	return ical.Event{
		UID:     "meeting-" + id + "@accord",
		Start:   start,
		End:     start.Add(90 * time.Minute),
		Summary: "Quality committee",
		Updated: updated,
	}
}

func TestRoundTrip(t *testing.T) {
	long := strings.Repeat("Qualité — 日本, review; sign-off\nnext line \\ backslash. ", 12)
	full := meeting("full")
	full.Sequence = 3
	full.Description = long
	full.Location = "Room 4, Riverside; 2nd floor"
	full.URL = "https://accord.example/a/north-valley/meetings/0190c7e2?tab=agenda&x=1;y=2,3"
	full.Organizer = ical.Person{Name: "Morgan Ellis", Email: "admin@accord-demo.example"}
	full.Attendees = []ical.Person{
		{Name: "Haddad, Nadia", Email: "nadia.haddad@riversidepg.example"},
		{Name: `Ana "Nan" Souza: Lead; QA ^ team`, Email: "ana@cedar.example"},
		{Name: "Zoë Ōtomo 日本", Email: "zoe@brightline.example"},
		{Email: "no-name@valley.example"},
	}
	full.Status = ical.StatusConfirmed
	cancelled := meeting("cancelled")
	cancelled.Sequence = 4
	cancelled.Status = ical.StatusCancelled
	noEnd := meeting("no-end")
	noEnd.End = time.Time{}
	local := meeting("local")
	local.Start = time.Date(2026, 12, 3, 10, 0, 0, 0, time.FixedZone("EST", -5*3600))
	local.End = local.Start.Add(time.Hour)
	odd := meeting(`odd; uid, with\n`)
	odd.Summary = "Tab\there, CR\r\nLF and emoji 🩺🩺🩺🩺🩺🩺🩺🩺🩺🩺🩺🩺🩺🩺🩺🩺🩺🩺🩺🩺🩺🩺🩺🩺"

	tests := []struct {
		name string
		cal  ical.Calendar
		want ical.Calendar // when it differs from cal
	}{
		{name: "empty feed", cal: ical.Calendar{}},
		{name: "feed", cal: ical.Calendar{Name: "North Valley; Quality, Safety \\ Finance", Events: []ical.Event{full, cancelled, noEnd}}},
		{name: "invitation", cal: ical.Calendar{Method: ical.MethodRequest, Events: []ical.Event{full}}},
		{name: "cancellation", cal: ical.Calendar{Method: ical.MethodCancel, Events: []ical.Event{cancelled}}},
		{name: "time zone", cal: ical.Calendar{Events: []ical.Event{local}}},
		{
			name: "line breaks normalised",
			cal:  ical.Calendar{Events: []ical.Event{odd}},
			want: ical.Calendar{Events: []ical.Event{func() ical.Event {
				e := odd
				e.Summary = strings.Replace(odd.Summary, "\r\n", "\n", 1)
				return e
			}()}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.cal.Encode(&buf); err != nil {
				t.Fatalf("Encode: %v", err)
			}
			checkLines(t, buf.Bytes())
			if b := tt.cal.Bytes(); !bytes.Equal(b, buf.Bytes()) {
				t.Errorf("Bytes differs from Encode:\n%s\nwant\n%s", b, buf.Bytes())
			}
			got, err := ical.Parse(&buf)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			want := tt.cal
			if tt.want.Events != nil {
				want = tt.want
			}
			wantSame(t, got, want)
		})
	}
}

// checkLines checks the physical form of an encoded calendar: CRLF after
// every line, at most 75 octets, each line valid UTF-8 on its own.
func checkLines(t *testing.T, b []byte) {
	t.Helper()
	if !bytes.HasSuffix(b, []byte("\r\n")) {
		t.Errorf("output does not end with CRLF")
	}
	for i, line := range strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n") {
		if n := len(line); n > 75 {
			t.Errorf("line %d: got %d octets, want at most 75: %q", i+1, n, line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("line %d: a UTF-8 sequence is split: %q", i+1, line)
		}
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d: bare CR or LF in %q", i+1, line)
		}
	}
}

// wantSame compares calendars by meaning: instants rather than time zones,
// and no attendees as nil.
func wantSame(t *testing.T, got, want ical.Calendar) {
	t.Helper()
	norm := func(c ical.Calendar) ical.Calendar {
		c.Method = strings.ToUpper(c.Method)
		evs := make([]ical.Event, len(c.Events))
		for i, e := range c.Events {
			e.Start, e.End, e.Updated = utc(e.Start), utc(e.End), utc(e.Updated)
			if len(e.Attendees) == 0 {
				e.Attendees = nil
			}
			evs[i] = e
		}
		if len(evs) == 0 {
			evs = nil
		}
		c.Events = evs
		return c
	}
	if g, w := norm(got), norm(want); !reflect.DeepEqual(g, w) {
		t.Errorf("got  %+v\nwant %+v", g, w)
	}
}

func utc(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

func TestEncodeForm(t *testing.T) {
	e := meeting("0190c7e2")
	e.Sequence = 2
	e.Location = "Room 4, Riverside"
	e.Status = ical.StatusConfirmed
	e.Organizer = ical.Person{Name: "Morgan Ellis", Email: "admin@accord-demo.example"}
	e.Attendees = []ical.Person{{Name: "Haddad, Nadia", Email: "nadia@riversidepg.example"}}
	head := "BEGIN:VCALENDAR\r\nPRODID:-//accord//accord//EN\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\n"
	event := "BEGIN:VEVENT\r\n" +
		"UID:meeting-0190c7e2@accord\r\n" +
		"SEQUENCE:2\r\n" +
		"DTSTAMP:20261120T093015Z\r\n" +
		"LAST-MODIFIED:20261120T093015Z\r\n" +
		"DTSTART:20261203T150000Z\r\n" +
		"DTEND:20261203T163000Z\r\n" +
		"SUMMARY:Quality committee\r\n" +
		"LOCATION:Room 4\\, Riverside\r\n" +
		"STATUS:CONFIRMED\r\n" +
		"ORGANIZER;CN=Morgan Ellis:mailto:admin@accord-demo.example\r\n"
	tests := []struct {
		name string
		cal  ical.Calendar
		want string
	}{
		{
			name: "feed",
			cal:  ical.Calendar{Name: "North Valley", Events: []ical.Event{e}},
			want: head + "X-WR-CALNAME:North Valley\r\n" + event +
				"ATTENDEE;CN=\"Haddad, Nadia\":mailto:nadia@riversidepg.example\r\n" +
				"END:VEVENT\r\nEND:VCALENDAR\r\n",
		},
		{
			name: "invitation",
			cal:  ical.Calendar{Method: "request", Events: []ical.Event{e}},
			want: head + "METHOD:REQUEST\r\n" + event +
				"ATTENDEE;CN=\"Haddad, Nadia\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP\r\n" +
				" =TRUE:mailto:nadia@riversidepg.example\r\n" +
				"END:VEVENT\r\nEND:VCALENDAR\r\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(tt.cal.Bytes()); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestFolding(t *testing.T) {
	// Prefixes of every length move the multi-byte characters across the
	// folding points, so each of their octets falls on a cut at least once.
	for _, chunk := range []string{"é", "—", "日", "🩺", "a", "\\;"} {
		for pad := 0; pad < 8; pad++ {
			e := meeting("fold")
			e.Description = strings.Repeat("x", pad) + strings.Repeat(chunk, 200)
			b := ical.Calendar{Events: []ical.Event{e}}.Bytes()
			checkLines(t, b)
			got, err := ical.Parse(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("chunk %q pad %d: Parse: %v", chunk, pad, err)
			}
			if d := got.Events[0].Description; d != e.Description {
				t.Errorf("chunk %q pad %d: got description %q, want %q", chunk, pad, d, e.Description)
			}
		}
	}
}

func TestEncodeInvalid(t *testing.T) {
	tests := []struct {
		name   string
		change func(*ical.Calendar)
		want   string
	}{
		{"no uid", func(c *ical.Calendar) { c.Events[0].UID = "" }, `ical: event 1 (""): no uid`},
		{"uid of control characters", func(c *ical.Calendar) { c.Events[0].UID = "\x7f\x01" }, `ical: event 1 ("\x7f\x01"): no uid`},
		{"no start", func(c *ical.Calendar) { c.Events[0].Start = time.Time{} }, `ical: event 1 ("meeting-1@accord"): no start`},
		{"no updated", func(c *ical.Calendar) { c.Events[0].Updated = time.Time{} }, `ical: event 1 ("meeting-1@accord"): no updated time for DTSTAMP`},
		{"end before start", func(c *ical.Calendar) { c.Events[0].End = start.Add(-time.Minute) },
			`ical: event 1 ("meeting-1@accord"): end 20261203T145900Z before start 20261203T150000Z`},
		{"bad status", func(c *ical.Calendar) { c.Events[0].Status = "DONE" }, `ical: event 1 ("meeting-1@accord"): bad status "DONE"`},
		{"negative sequence", func(c *ical.Calendar) { c.Events[0].Sequence = -1 }, `ical: event 1 ("meeting-1@accord"): negative sequence -1`},
		{"url with a line break", func(c *ical.Calendar) { c.Events[0].URL = "https://a.example/\r\nX:y" },
			`ical: event 1 ("meeting-1@accord"): control character in url "https://a.example/\r\nX:y"`},
		{"attendee without e-mail", func(c *ical.Calendar) { c.Events[0].Attendees = []ical.Person{{Name: "Nadia"}} },
			`ical: event 1 ("meeting-1@accord"): attendee: "Nadia" has no e-mail address`},
		{"organizer with a line break", func(c *ical.Calendar) { c.Events[0].Organizer = ical.Person{Email: "a@b.example\nX"} },
			`ical: event 1 ("meeting-1@accord"): organizer: bad e-mail address "a@b.example\nX"`},
		{"bad method", func(c *ical.Calendar) { c.Method = "REQUEST\r\nX" }, `ical: bad method "REQUEST\r\nX"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ical.Calendar{Events: []ical.Event{meeting("1")}}
			tt.change(&c)
			var buf bytes.Buffer
			err := c.Encode(&buf)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("got error %v, want %s", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("got %d bytes written, want none", buf.Len())
			}
			if b := c.Bytes(); b != nil {
				t.Errorf("Bytes: got %q, want nil", b)
			}
		})
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestEncodeWriteError(t *testing.T) {
	err := ical.Calendar{}.Encode(failingWriter{})
	if err == nil || err.Error() != "ical: write calendar: disk full" {
		t.Fatalf("got error %v, want ical: write calendar: disk full", err)
	}
}

// TestEncodeLeavesOutTextOfControlsAlone: a text or a name made only of
// control characters, which Encode drops, leaves its property or parameter
// out rather than writing it empty, so that what Parse reads back encodes
// to the same bytes (found by FuzzParse).
func TestEncodeLeavesOutTextOfControlsAlone(t *testing.T) {
	at := time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC)
	c := ical.Calendar{Name: "\x7f", Events: []ical.Event{{UID: "u", Start: at, Updated: at, Summary: "\x01", Location: "\x1b",
		Attendees: []ical.Person{{Name: "\x02", Email: "a@x.example"}}}}}
	got := string(c.Bytes())
	for _, absent := range []string{"X-WR-CALNAME", "SUMMARY", "LOCATION", "CN="} {
		if strings.Contains(got, absent) {
			t.Errorf("got %s in\n%s", absent, got)
		}
	}
	back, err := ical.Parse(strings.NewReader(got))
	if err != nil {
		t.Fatal(err)
	}
	if again := string(back.Bytes()); again != got {
		t.Errorf("read back and encoded again:\n%s\nwant\n%s", again, got)
	}
}
