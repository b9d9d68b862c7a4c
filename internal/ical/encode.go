package ical

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// utcLayout is the form of a DATE-TIME in UTC (RFC 5545, 3.3.5).
const utcLayout = "20060102T150405Z"

// maxLineOctets is the longest content line that RFC 5545 (3.1) allows,
// without the CRLF that ends it.
const maxLineOctets = 75

// Encode writes c as an iCalendar object: CRLF line endings, lines folded at
// 75 octets without splitting a UTF-8 sequence, TEXT values escaped. It
// checks every event first and writes nothing if one is not valid: a
// calendar program drops a whole feed that it cannot read, so a bad event
// must fail loudly here rather than quietly there.
func (c Calendar) Encode(w io.Writer) error {
	var b bytes.Buffer
	if err := c.encode(&b); err != nil {
		return err
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("ical: write calendar: %w", err)
	}
	return nil
}

// Bytes returns the encoding of c, or nil when c is not valid (Encode tells
// why). Use it where c is known to be valid, such as an invitation built from
// a stored meeting.
func (c Calendar) Bytes() []byte {
	var b bytes.Buffer
	if err := c.encode(&b); err != nil {
		return nil
	}
	return b.Bytes()
}

func (c Calendar) encode(b *bytes.Buffer) error {
	method := strings.ToUpper(c.Method)
	if method != "" && !isName(method) {
		return fmt.Errorf("ical: bad method %q", c.Method)
	}
	for i, e := range c.Events {
		if err := e.validate(); err != nil {
			return fmt.Errorf("ical: event %d (%q): %w", i+1, e.UID, err)
		}
	}
	writeLine(b, "BEGIN:VCALENDAR")
	writeLine(b, "PRODID:"+ProdID)
	writeLine(b, "VERSION:2.0")
	writeLine(b, "CALSCALE:GREGORIAN")
	if method != "" {
		writeLine(b, "METHOD:"+method)
	}
	writeText(b, "X-WR-CALNAME", c.Name)
	for _, e := range c.Events {
		e.encode(b, method == MethodRequest)
	}
	writeLine(b, "END:VCALENDAR")
	return nil
}

// validate reports what would make e unreadable or invalid once written.
func (e Event) validate() error {
	switch {
	case escapeText(e.UID) == "":
		// A UID of control characters alone is written empty (found by
		// FuzzParse): a calendar program would drop the event.
		return errors.New("no uid")
	case e.Start.IsZero():
		return errors.New("no start")
	case e.Updated.IsZero():
		return errors.New("no updated time for DTSTAMP")
	case !e.End.IsZero() && e.End.Before(e.Start):
		return fmt.Errorf("end %s before start %s", e.End.UTC().Format(utcLayout), e.Start.UTC().Format(utcLayout))
	case e.Sequence < 0:
		return fmt.Errorf("negative sequence %d", e.Sequence)
	case hasControl(e.URL):
		return fmt.Errorf("control character in url %q", e.URL)
	}
	switch e.Status {
	case "", StatusConfirmed, StatusTentative, StatusCancelled:
	default:
		return fmt.Errorf("bad status %q", e.Status)
	}
	if e.Organizer != (Person{}) {
		if err := e.Organizer.validate(); err != nil {
			return fmt.Errorf("organizer: %w", err)
		}
	}
	for _, a := range e.Attendees {
		if err := a.validate(); err != nil {
			return fmt.Errorf("attendee: %w", err)
		}
	}
	return nil
}

func (p Person) validate() error {
	switch {
	case p.Email == "":
		return fmt.Errorf("%q has no e-mail address", p.Name)
	case hasControl(p.Email) || strings.ContainsAny(p.Email, " \t"):
		return fmt.Errorf("bad e-mail address %q", p.Email)
	}
	return nil
}

func (e Event) encode(b *bytes.Buffer, request bool) {
	writeLine(b, "BEGIN:VEVENT")
	writeLine(b, "UID:"+escapeText(e.UID))
	writeLine(b, "SEQUENCE:"+strconv.Itoa(e.Sequence))
	writeLine(b, "DTSTAMP:"+formatUTC(e.Updated))
	writeLine(b, "LAST-MODIFIED:"+formatUTC(e.Updated))
	writeLine(b, "DTSTART:"+formatUTC(e.Start))
	if !e.End.IsZero() {
		writeLine(b, "DTEND:"+formatUTC(e.End))
	}
	writeText(b, "SUMMARY", e.Summary)
	writeText(b, "DESCRIPTION", e.Description)
	writeText(b, "LOCATION", e.Location)
	if e.URL != "" {
		writeLine(b, "URL:"+e.URL)
	}
	if e.Status != "" {
		writeLine(b, "STATUS:"+e.Status)
	}
	if e.Organizer != (Person{}) {
		writeLine(b, "ORGANIZER"+e.Organizer.params()+":mailto:"+e.Organizer.Email)
	}
	for _, a := range e.Attendees {
		params := a.params()
		if request {
			params += ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE"
		}
		writeLine(b, "ATTENDEE"+params+":mailto:"+a.Email)
	}
	writeLine(b, "END:VEVENT")
}

// params returns the CN parameter of p, with its leading semicolon, or ""
// when p has no name (or one of control characters alone, which would be
// written empty).
func (p Person) params() string {
	v := paramValue(p.Name)
	if v == "" {
		return ""
	}
	return ";CN=" + v
}

func formatUTC(t time.Time) string { return t.UTC().Format(utcLayout) }

// writeText writes a TEXT property, or nothing when the value is empty
// once escaped (control characters alone): an empty property would read
// back as none, and the calendar would encode differently (found by
// FuzzParse).
func writeText(b *bytes.Buffer, name, value string) {
	if v := escapeText(value); v != "" {
		writeLine(b, name+":"+v)
	}
}

// writeLine writes one content line, folded so that no physical line is
// longer than 75 octets: the first takes up to 75 octets of the line, each
// continuation a space and up to 74 more. A cut never falls inside a UTF-8
// sequence, so every physical line is valid UTF-8 on its own.
func writeLine(b *bytes.Buffer, line string) {
	limit := maxLineOctets
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = maxLineOctets - 1
	}
	b.WriteString(line)
	b.WriteString("\r\n")
}

// escapeText escapes a TEXT value (RFC 5545, 3.3.11). Line breaks of any
// kind become \n; other control characters, which TEXT does not allow, are
// dropped; invalid UTF-8 becomes U+FFFD.
func escapeText(s string) string {
	s = normalize(s)
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case ';':
			b.WriteString(`\;`)
		case ',':
			b.WriteString(`\,`)
		case '\n':
			b.WriteString(`\n`)
		default:
			if !isControl(r) {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// paramValue encodes a parameter value: RFC 6868 caret escapes for ^, line
// breaks and double quotes, which a parameter cannot hold otherwise, and
// double quotes around the value when it holds ; : or , (RFC 5545, 3.2).
func paramValue(s string) string {
	s = normalize(s)
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '^':
			b.WriteString("^^")
		case '\n':
			b.WriteString("^n")
		case '"':
			b.WriteString("^'")
		default:
			if !isControl(r) {
				b.WriteRune(r)
			}
		}
	}
	v := b.String()
	if strings.ContainsAny(v, ";:,") {
		return `"` + v + `"`
	}
	return v
}

// normalize makes s valid UTF-8 with \n as its only line break.
func normalize(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// isControl reports the characters that RFC 5545 calls CONTROL, except the
// horizontal tab, which TEXT and parameter values allow.
func isControl(r rune) bool { return (r < 0x20 && r != '\t') || r == 0x7f }

func hasControl(s string) bool { return strings.ContainsFunc(s, isControl) }

// isName reports whether s is an iana-token or x-name: letters, digits and
// hyphens (RFC 5545, 3.1).
func isName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
