package ical

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Parse reads one VCALENDAR: what Encode writes, and the ordinary feeds of
// other tools. It unfolds lines (CRLF or bare LF), unescapes TEXT values and
// decodes quoted and RFC 6868 parameter values. Times in UTC, floating times
// (read as UTC), times with a TZID that the system time zone database knows,
// and DATE values (midnight UTC) are understood. VEVENTs are returned in
// order; other components, such as VTIMEZONE, VTODO or the VALARMs inside an
// event, are skipped. An error names the line where the input went wrong.
func Parse(r io.Reader) (Calendar, error) {
	lines, err := unfold(r)
	if err != nil {
		return Calendar{}, err
	}
	var p parser
	for _, l := range lines {
		if err := p.line(l); err != nil {
			return Calendar{}, fmt.Errorf("ical: line %d: %w", l.num, err)
		}
	}
	return p.finish()
}

// logicalLine is one unfolded content line and the number of the physical
// line where it starts.
type logicalLine struct {
	num  int
	text string
}

// unfold joins each line that starts with a space or a tab to the line
// before it, without that first character (RFC 5545, 3.1). It drops blank
// lines, which some tools write at the end.
func unfold(r io.Reader) ([]logicalLine, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	var lines []logicalLine
	for num := 1; sc.Scan(); num++ {
		text := strings.TrimSuffix(sc.Text(), "\r")
		if num == 1 {
			text = strings.TrimPrefix(text, "\uFEFF")
		}
		switch {
		case text == "":
		case text[0] == ' ' || text[0] == '\t':
			if len(lines) == 0 {
				return nil, fmt.Errorf("ical: line %d: continuation line with no line before it", num)
			}
			lines[len(lines)-1].text += text[1:]
		default:
			lines = append(lines, logicalLine{num: num, text: text})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("ical: read: %w", err)
	}
	return lines, nil
}

// parser turns content lines into a Calendar.
type parser struct {
	cal   Calendar
	open  []component // BEGINs without their END yet, outermost first
	ended bool        // END:VCALENDAR seen
	event *eventState // the VEVENT being read
	first bool        // at least one line seen
}

// component is a BEGIN and the line it is on.
type component struct {
	name string
	num  int
}

// eventState is a VEVENT being read, with what Parse needs to finish it.
type eventState struct {
	Event
	begin    int
	hasStart bool
	dateOnly bool
	duration *time.Duration
	dtstamp  time.Time
}

func (p *parser) line(l logicalLine) error {
	cl, err := parseContentLine(l.text)
	if err != nil {
		return err
	}
	if !p.first {
		p.first = true
		if cl.name != "BEGIN" || !strings.EqualFold(cl.value, "VCALENDAR") {
			return fmt.Errorf("missing BEGIN:VCALENDAR, got %q", clip(l.text))
		}
	}
	if p.ended {
		return fmt.Errorf("%q after END:VCALENDAR", clip(l.text))
	}
	switch cl.name {
	case "BEGIN":
		return p.begin(strings.ToUpper(cl.value), l.num)
	case "END":
		return p.end(strings.ToUpper(cl.value))
	}
	switch {
	case len(p.open) == 1:
		p.calendarProperty(cl)
	case p.event != nil && len(p.open) == 2:
		return p.event.property(cl)
	}
	return nil
}

func (p *parser) begin(name string, num int) error {
	if !isName(name) {
		return fmt.Errorf("bad component name %q", name)
	}
	if name == "VCALENDAR" && len(p.open) > 0 {
		return errors.New("BEGIN:VCALENDAR inside another component")
	}
	p.open = append(p.open, component{name: name, num: num})
	if name == "VEVENT" && len(p.open) == 2 {
		p.event = &eventState{begin: num}
	}
	return nil
}

func (p *parser) end(name string) error {
	if len(p.open) == 0 {
		return fmt.Errorf("END:%s without BEGIN", name)
	}
	top := p.open[len(p.open)-1]
	if top.name != name {
		return fmt.Errorf("END:%s does not close BEGIN:%s of line %d", name, top.name, top.num)
	}
	p.open = p.open[:len(p.open)-1]
	switch {
	case len(p.open) == 0:
		p.ended = true
	case name == "VEVENT" && len(p.open) == 1:
		e, err := p.event.finish()
		if err != nil {
			return err
		}
		p.cal.Events = append(p.cal.Events, e)
		p.event = nil
	}
	return nil
}

func (p *parser) finish() (Calendar, error) {
	if !p.first {
		return Calendar{}, errors.New("ical: line 1: missing BEGIN:VCALENDAR (empty input)")
	}
	if len(p.open) > 0 {
		c := p.open[len(p.open)-1]
		return Calendar{}, fmt.Errorf("ical: line %d: BEGIN:%s has no END:%s", c.num, c.name, c.name)
	}
	return p.cal, nil
}

func (p *parser) calendarProperty(cl contentLine) {
	switch cl.name {
	case "METHOD":
		p.cal.Method = strings.ToUpper(strings.TrimSpace(cl.value))
	case "X-WR-CALNAME":
		p.cal.Name = unescapeText(cl.value)
	case "NAME": // RFC 7986; X-WR-CALNAME wins when both are present
		if p.cal.Name == "" {
			p.cal.Name = unescapeText(cl.value)
		}
	}
}

func (e *eventState) property(cl contentLine) error {
	var err error
	switch cl.name {
	case "UID":
		e.UID = unescapeText(cl.value)
	case "SEQUENCE":
		if e.Sequence, err = strconv.Atoi(strings.TrimSpace(cl.value)); err != nil || e.Sequence < 0 {
			return fmt.Errorf("bad SEQUENCE %q", cl.value)
		}
	case "DTSTART":
		e.Start, e.dateOnly, err = parseTime(cl)
		e.hasStart = err == nil
	case "DTEND":
		e.End, _, err = parseTime(cl)
	case "DURATION":
		var d time.Duration
		if d, err = parseDuration(cl.value); err == nil {
			e.duration = &d
		}
	case "DTSTAMP":
		e.dtstamp, _, err = parseTime(cl)
	case "LAST-MODIFIED":
		e.Updated, _, err = parseTime(cl)
	case "SUMMARY":
		e.Summary = unescapeText(cl.value)
	case "DESCRIPTION":
		e.Description = unescapeText(cl.value)
	case "LOCATION":
		e.Location = unescapeText(cl.value)
	case "URL":
		e.URL = cl.value
	case "STATUS":
		e.Status = strings.ToUpper(strings.TrimSpace(cl.value))
	case "ORGANIZER":
		e.Organizer = cl.person()
	case "ATTENDEE":
		e.Attendees = append(e.Attendees, cl.person())
	}
	if err != nil {
		return fmt.Errorf("bad %s %q: %w", cl.name, cl.value, err)
	}
	return nil
}

// finish checks the event and fills what other properties imply: the end
// from a DURATION or an all-day start, and the updated time from DTSTAMP when there is no
// LAST-MODIFIED.
func (e *eventState) finish() (Event, error) {
	if !e.hasStart {
		return Event{}, fmt.Errorf("VEVENT of line %d has no DTSTART", e.begin)
	}
	switch {
	case !e.End.IsZero():
	case e.duration != nil:
		e.End = e.Start.Add(*e.duration)
	case e.dateOnly: // an all-day event lasts one day (RFC 5545, 3.6.1)
		e.End = e.Start.AddDate(0, 0, 1)
	}
	if e.Updated.IsZero() {
		e.Updated = e.dtstamp
	}
	return e.Event, nil
}

// clip shortens a line for an error message.
func clip(s string) string {
	const n = 60
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
