package ical

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// contentLine is one unfolded line: name *(";" param) ":" value
// (RFC 5545, 3.1). Names of the property and its parameters are upper case;
// parameter values are unquoted and decoded.
type contentLine struct {
	name   string
	params map[string][]string
	value  string
}

// param returns the first value of the parameter name, or "".
func (cl contentLine) param(name string) string {
	if v := cl.params[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// parseContentLine splits a line into its name, parameters and value. A
// quoted parameter value may hold ; : and , so the value starts at the first
// colon outside quotes.
func parseContentLine(s string) (contentLine, error) {
	end := strings.IndexAny(s, ";:")
	if end < 0 {
		return contentLine{}, fmt.Errorf("no colon in %q", clip(s))
	}
	cl := contentLine{name: strings.ToUpper(s[:end])}
	if !isName(cl.name) {
		return contentLine{}, fmt.Errorf("bad property name %q", clip(s[:end]))
	}
	rest := s[end:]
	for rest[0] == ';' {
		var err error
		if rest, err = cl.parseParam(rest[1:]); err != nil {
			return contentLine{}, fmt.Errorf("%s: %w", cl.name, err)
		}
	}
	cl.value = rest[1:] // rest starts with the colon
	return cl, nil
}

// parseParam reads one parameter, name=value *("," value), from the start
// of s, and returns what follows it, which starts with ; or :.
func (cl *contentLine) parseParam(s string) (string, error) {
	eq := strings.IndexByte(s, '=')
	if eq < 0 || strings.ContainsAny(s[:eq], ";:") {
		return "", fmt.Errorf("parameter without '=' in %q", clip(s))
	}
	name := strings.ToUpper(s[:eq])
	if !isName(name) {
		return "", fmt.Errorf("bad parameter name %q", name)
	}
	if cl.params == nil {
		cl.params = make(map[string][]string)
	}
	s = s[eq+1:]
	for {
		var v string
		if strings.HasPrefix(s, `"`) {
			q := strings.IndexByte(s[1:], '"')
			if q < 0 {
				return "", fmt.Errorf("parameter %s: no closing quote", name)
			}
			v, s = s[1:q+1], s[q+2:]
		} else {
			i := strings.IndexAny(s, ",;:")
			if i < 0 {
				return "", fmt.Errorf("no colon after parameter %s", name)
			}
			v, s = s[:i], s[i:]
		}
		cl.params[name] = append(cl.params[name], decodeParam(v))
		switch {
		case s == "":
			return "", fmt.Errorf("no colon after parameter %s", name)
		case s[0] == ',':
			s = s[1:]
		case s[0] == ';' || s[0] == ':':
			return s, nil
		default:
			return "", fmt.Errorf("parameter %s: text after the closing quote", name)
		}
	}
}

// person reads an ORGANIZER or ATTENDEE: the CN parameter and the address of
// a mailto URI (any other URI is kept whole).
func (cl contentLine) person() Person {
	email := strings.TrimSpace(cl.value)
	if len(email) >= 7 && strings.EqualFold(email[:7], "mailto:") {
		email = email[7:]
	}
	return Person{Name: cl.param("CN"), Email: email}
}

// unescapeText undoes escapeText. It also accepts \N for a line break, and
// drops the backslash of an escape that RFC 5545 does not define.
func unescapeText(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i == len(s)-1 {
			b.WriteByte(c)
			continue
		}
		i++
		switch s[i] {
		case 'n', 'N':
			b.WriteByte('\n')
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// decodeParam undoes the caret escapes of RFC 6868; a caret before any
// other character stays as it is.
func decodeParam(s string) string {
	if !strings.Contains(s, "^") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '^' || i == len(s)-1 {
			b.WriteByte(s[i])
			continue
		}
		switch s[i+1] {
		case '^':
			b.WriteByte('^')
		case 'n':
			b.WriteByte('\n')
		case '\'':
			b.WriteByte('"')
		default:
			b.WriteByte('^')
			continue
		}
		i++
	}
	return b.String()
}

// parseTime reads a DATE or DATE-TIME property and returns it in UTC, and
// whether it is a DATE.
func parseTime(cl contentLine) (time.Time, bool, error) {
	v := strings.TrimSpace(cl.value)
	if strings.EqualFold(cl.param("VALUE"), "DATE") || len(v) == len("20060102") {
		t, err := time.Parse("20060102", v)
		return t, true, err
	}
	if strings.HasSuffix(v, "Z") {
		t, err := time.Parse(utcLayout, v)
		return t, false, err
	}
	loc := time.UTC // a floating time: read as UTC
	if tzid := strings.TrimPrefix(cl.param("TZID"), "/"); tzid != "" {
		var err error
		if loc, err = time.LoadLocation(tzid); err != nil {
			return time.Time{}, false, fmt.Errorf("unknown TZID %q", tzid)
		}
	}
	t, err := time.ParseInLocation("20060102T150405", v, loc)
	return t.UTC(), false, err
}

// parseDuration reads a DURATION value (RFC 5545, 3.3.6), such as "PT1H30M",
// "P1D" or "-P2W".
func parseDuration(s string) (time.Duration, error) {
	v := strings.TrimSpace(s)
	sign := time.Duration(1)
	switch {
	case strings.HasPrefix(v, "-"):
		sign, v = -1, v[1:]
	case strings.HasPrefix(v, "+"):
		v = v[1:]
	}
	if !strings.HasPrefix(v, "P") || len(v) < 3 {
		return 0, errors.New("not a duration")
	}
	units := map[byte]time.Duration{'W': 7 * 24 * time.Hour, 'D': 24 * time.Hour}
	var d time.Duration
	num := -1
	for i := 1; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= '0' && c <= '9':
			num = max(num, 0)*10 + int(c-'0')
		case c == 'T' && num < 0:
			units = map[byte]time.Duration{'H': time.Hour, 'M': time.Minute, 'S': time.Second}
		case units[c] != 0 && num >= 0:
			d += time.Duration(num) * units[c]
			num = -1
		default:
			return 0, fmt.Errorf("unexpected %q", c)
		}
	}
	if num >= 0 {
		return 0, errors.New("number without a unit")
	}
	return sign * d, nil
}
