package csvscan

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// readLine returns the next line without its line ending, valid until the
// next call, or io.EOF. It checks the start of the file for binary data
// and every line for UTF-8.
func (s *Scanner) readLine() ([]byte, error) {
	if !s.headOK {
		s.headOK = true
		head, _ := s.r.Peek(headSize)
		if bytes.IndexByte(head, 0) >= 0 {
			return nil, s.errorf(ErrBinary, 1, "", "this is not a CSV text file (it holds binary data); export the data as CSV, UTF-8")
		}
	}
	line, err := s.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		s.long = append(s.long[:0], line...)
		for errors.Is(err, bufio.ErrBufferFull) {
			line, err = s.r.ReadSlice('\n')
			s.long = append(s.long, line...)
		}
		line = s.long
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s:%d: %w", s.file, s.next, err)
	}
	if len(line) == 0 {
		return nil, io.EOF
	}
	if !utf8.Valid(line) {
		return nil, s.errorf(ErrEncoding, s.next, "", "the file is not UTF-8 text; save or export it as CSV UTF-8")
	}
	s.next++
	s.nl = line[len(line)-1] == '\n'
	line = bytes.TrimSuffix(line, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r")), nil
}

// record reads the next non-empty record and returns its fields and how
// many it has (more than len(fields) when Limit left several in the last).
func (s *Scanner) record() ([][]byte, int, error) {
	var line []byte
	for {
		l, err := s.readLine()
		if err != nil {
			return nil, 0, err
		}
		if len(l) > 0 {
			line = l
			break
		}
	}
	s.line = s.next - 1
	s.fields = s.fields[:0]
	if bytes.IndexByte(line, '"') >= 0 {
		if err := s.quotedRecord(line); err != nil {
			return nil, 0, err
		}
		return s.fields, len(s.fields), nil
	}
	for {
		i := bytes.IndexByte(line, ',')
		if i < 0 {
			s.fields = append(s.fields, line)
			return s.fields, len(s.fields), nil
		}
		if s.Limit > 0 && len(s.fields) == s.Limit-1 {
			s.fields = append(s.fields, line)
			return s.fields, len(s.fields) + bytes.Count(line, []byte(",")), nil
		}
		s.fields = append(s.fields, line[:i])
		line = line[i+1:]
	}
}

// quotedRecord parses a record holding a quote, which may go on over later
// lines. Its fields are copied into s.quoted, since reading a line reuses
// the buffer the earlier one was in.
func (s *Scanner) quotedRecord(line []byte) error {
	s.quoted, s.bounds = s.quoted[:0], s.bounds[:0]
	at := s.next - 1 // at: the last line with text, for a quote left open
	for {
		if len(line) == 0 || line[0] != '"' {
			i := bytes.IndexByte(line, ',')
			field := line
			if i >= 0 {
				field = line[:i]
			}
			if j := bytes.IndexByte(field, '"'); j >= 0 {
				return s.syntax(csv.ErrBareQuote, s.next-1, msgBareQuote)
			}
			s.quoted = append(s.quoted, field...)
			s.bounds = append(s.bounds, len(s.quoted))
			if i < 0 {
				break
			}
			line = line[i+1:]
			continue
		}
		line = line[1:]
		for {
			i := bytes.IndexByte(line, '"')
			if i < 0 {
				// The field goes on past the end of this line.
				s.quoted = append(s.quoted, line...)
				next, err := s.readLine()
				if errors.Is(err, io.EOF) {
					return s.syntax(csv.ErrQuote, at, msgOpenQuote)
				}
				if err != nil {
					return err
				}
				if len(next) > 0 || s.nl {
					at = s.next - 1
				}
				s.quoted = append(s.quoted, '\n')
				line = next
				continue
			}
			s.quoted = append(s.quoted, line[:i]...)
			line = line[i+1:]
			if len(line) > 0 && line[0] == '"' {
				s.quoted = append(s.quoted, '"')
				line = line[1:]
				continue
			}
			break
		}
		switch {
		case len(line) == 0:
			s.bounds = append(s.bounds, len(s.quoted))
		case line[0] == ',':
			s.bounds = append(s.bounds, len(s.quoted))
			line = line[1:]
			continue
		default:
			return s.syntax(csv.ErrQuote, s.next-1, msgAfterQuote)
		}
		break
	}
	start := 0
	for _, end := range s.bounds {
		s.fields = append(s.fields, s.quoted[start:end])
		start = end
	}
	return nil
}

// The messages of syntax errors.
const (
	msgBareQuote  = "a quote (\") inside a value that does not start with one: quote the whole value and double the quotes inside it (\"say \"\"hi\"\"\"), or remove the quote"
	msgAfterQuote = "text after the closing quote of a value: a quote inside a quoted value is written twice (\"\")"
	msgOpenQuote  = "a quoted value is not closed before the end of the file: the file may be truncated"
)

// syntax returns a CSV syntax error of a kind encoding/csv would give.
func (s *Scanner) syntax(kind error, line int64, msg string) error {
	return s.errorf(kind, line, "", "%s", msg)
}
