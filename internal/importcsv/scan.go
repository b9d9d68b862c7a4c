package importcsv

import (
	"encoding/csv"
	"io"
	"strings"
)

// scanner splits CSV text into records the way encoding/csv does with
// FieldsPerRecord -1 and strict quotes (empty lines skipped, \r\n read as
// \n, a quote only at the start of a field, "" inside quotes for one
// quote), and reports syntax errors as *csv.ParseError. It works on the
// whole text in memory: an unquoted field is a substring of it, so a row
// costs no allocation unless it quotes a field.
type scanner struct {
	s      string
	pos    int      // offset of the next unread byte
	line   int      // lines read so far
	fields []string // reused for every record
	buf    []byte   // a quoted field being unescaped
	// more says text was cut off after s (see parse): a quoted field that
	// runs to the end of s is then not an error of its own.
	more bool
}

// errCut reports a quoted field that runs past the end of s into text cut off.
var errCut = &csv.ParseError{Err: io.ErrUnexpectedEOF}

// readLine returns the next line without its line ending, and whether it
// had one (the last line may not).
func (sc *scanner) readLine() (line string, nl, ok bool) {
	if sc.pos >= len(sc.s) {
		return "", false, false
	}
	rest := sc.s[sc.pos:]
	i := strings.IndexByte(rest, '\n')
	if i < 0 {
		sc.pos = len(sc.s)
	} else {
		rest, sc.pos = rest[:i], sc.pos+i+1
	}
	sc.line++
	return strings.TrimSuffix(rest, "\r"), i >= 0, true
}

// record returns the next record and the line it starts on, or io.EOF.
// The fields are valid until the next call.
func (sc *scanner) record() (int, []string, error) {
	var line string
	for {
		l, _, ok := sc.readLine()
		if !ok {
			return 0, nil, io.EOF
		}
		if l != "" {
			line = l
			break
		}
	}
	start := sc.line
	sc.fields = sc.fields[:0]
	if strings.IndexByte(line, '"') < 0 {
		for {
			i := strings.IndexByte(line, ',')
			if i < 0 {
				sc.fields = append(sc.fields, line)
				return start, sc.fields, nil
			}
			sc.fields = append(sc.fields, line[:i])
			line = line[i+1:]
		}
	}
	err := sc.quoted(line, start)
	return start, sc.fields, err
}

// quoted parses a record holding a quote, which may continue on later lines.
func (sc *scanner) quoted(line string, start int) error {
	col, at := 1, sc.line // at: the last line with text, for an unclosed quote
	for {
		if line == "" || line[0] != '"' {
			i := strings.IndexByte(line, ',')
			field := line
			if i >= 0 {
				field = line[:i]
			}
			if j := strings.IndexByte(field, '"'); j >= 0 {
				return &csv.ParseError{StartLine: start, Line: sc.line, Column: col + j, Err: csv.ErrBareQuote}
			}
			sc.fields = append(sc.fields, field)
			if i < 0 {
				return nil
			}
			line, col = line[i+1:], col+i+1
			continue
		}
		line, col = line[1:], col+1
		sc.buf = sc.buf[:0]
		for {
			i := strings.IndexByte(line, '"')
			if i < 0 {
				// The field goes on past the end of this line.
				sc.buf = append(sc.buf, line...)
				col += len(line)
				next, nl, ok := sc.readLine()
				if next != "" || nl {
					at = sc.line
				}
				if !ok || next == "" && !nl {
					if sc.more {
						return errCut
					}
					return &csv.ParseError{StartLine: start, Line: at, Column: col, Err: csv.ErrQuote}
				}
				sc.buf = append(sc.buf, '\n')
				line, col = next, 1
				continue
			}
			sc.buf = append(sc.buf, line[:i]...)
			line, col = line[i+1:], col+i+1
			switch {
			case line != "" && line[0] == '"':
				sc.buf = append(sc.buf, '"')
				line, col = line[1:], col+1
				continue
			case line == "":
				sc.fields = append(sc.fields, string(sc.buf))
				return nil
			case line[0] == ',':
				sc.fields = append(sc.fields, string(sc.buf))
				line, col = line[1:], col+1
			default:
				return &csv.ParseError{StartLine: start, Line: sc.line, Column: col - 1, Err: csv.ErrQuote}
			}
			break
		}
	}
}
