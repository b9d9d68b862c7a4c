package claims

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// scanner reads a CSV file record by record without allocating per
// record: lines without quotes are split in place; quoted fields (RFC 4180,
// including doubled quotes and line breaks) take a slower path.
type scanner struct {
	r      *bufio.Reader
	file   string
	line   int64 // line number of the current record's first line
	next   int64 // line number of the next line to read
	fields [][]byte
	long   []byte // a line longer than the buffer
	quoted []byte // unquoted content of a record with quotes
	cols   map[string]int
	// names are the header's column names in order; every record must
	// have as many fields (none are checked before the header is read).
	names []string
	// limit, when positive, stops splitting a quote-free line after that
	// many fields: the rest of the line is left in the last one.
	limit int
	// rows says the records are a Parquet file's rows, numbered from 1.
	rows bool
}

func newScanner(r io.Reader, file string) *scanner {
	return &scanner{r: bufio.NewReaderSize(r, 1<<20), file: file, next: 1}
}

func (s *scanner) errorf(field, format string, a ...any) error {
	return &ParseError{File: s.file, Line: s.line, Row: s.rows, Field: field, Msg: fmt.Sprintf(format, a...)}
}

// header reads the first record and checks that the named columns exist;
// it returns their indexes in the order given.
func (s *scanner) header(required ...string) ([]int, error) {
	ok, err := s.scan()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, s.errorf("", "empty file: want a header line")
	}
	s.cols = map[string]int{}
	s.names = make([]string, len(s.fields))
	for i, f := range s.fields {
		name := strings.ToUpper(strings.TrimSpace(strings.TrimPrefix(string(f), "\ufeff")))
		if j, ok := s.cols[name]; ok && name != "" {
			return nil, s.errorf(name, "the header names this column twice (columns %d and %d): which one holds the values?", j+1, i+1)
		}
		s.cols[name] = i
		s.names[i] = name
	}
	idx := make([]int, len(required))
	for i, name := range required {
		j, ok := s.cols[name]
		if !ok {
			return nil, s.errorf("", "missing column %s", name)
		}
		idx[i] = j
	}
	return idx, nil
}

// column returns the index of an optional column, or -1.
func (s *scanner) column(name string) int {
	if i, ok := s.cols[name]; ok {
		return i
	}
	return -1
}

// use limits splitting to the fields up to the largest of idx.
func (s *scanner) use(idx ...int) {
	s.limit = 0
	for _, i := range idx {
		s.limit = max(s.limit, i+2)
	}
}

// readLine returns the next line without its line ending; the slice is
// valid until the next call.
func (s *scanner) readLine() ([]byte, error) {
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
	if len(line) == 0 && errors.Is(err, io.EOF) {
		return nil, io.EOF
	}
	s.next++
	line = bytes.TrimSuffix(line, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r")), nil
}

// scan reads the next non-empty record into s.fields.
func (s *scanner) scan() (bool, error) {
	for {
		s.line = s.next
		line, err := s.readLine()
		if errors.Is(err, io.EOF) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if len(line) == 0 {
			continue
		}
		if bytes.IndexByte(line, '"') >= 0 {
			if err := s.scanQuoted(line); err != nil {
				return true, err
			}
			return true, s.checkWidth(len(s.fields))
		}
		if err := s.checkWidth(bytes.Count(line, []byte(",")) + 1); err != nil {
			return true, err
		}
		s.fields = s.fields[:0]
		for {
			i := bytes.IndexByte(line, ',')
			if i < 0 || len(s.fields) == s.limit-1 {
				s.fields = append(s.fields, line)
				return true, nil
			}
			s.fields = append(s.fields, line[:i])
			line = line[i+1:]
		}
	}
}

// checkWidth refuses a record with more or fewer fields than the header
// has columns: a line cut short (a file cut mid-amount would otherwise
// count 123 for 1234.56) or a stray comma shifts every value after it.
func (s *scanner) checkWidth(n int) error {
	switch w := len(s.names); {
	case w == 0 || n == w:
		return nil
	case n < w:
		return s.errorf(s.names[n], "missing: the line has %d fields but the header has %d columns (a line cut short?)", n, w)
	default:
		return s.errorf("", "the line has %d fields but the header has %d columns: the value after %s has no column (a comma in an unquoted value?)", n, w, s.names[w-1])
	}
}

// scanQuoted parses a record with quoted fields, reading further lines
// while a quoted field is open.
func (s *scanner) scanQuoted(line []byte) error {
	s.quoted = s.quoted[:0]
	var bounds []int // end offsets of fields in s.quoted
	inQuotes, fieldStart := false, true
	for {
		for i := 0; i < len(line); i++ {
			c := line[i]
			switch {
			case inQuotes && c == '"' && i+1 < len(line) && line[i+1] == '"':
				s.quoted = append(s.quoted, '"')
				i++
			case inQuotes && c == '"':
				inQuotes = false
			case c == '"' && fieldStart:
				inQuotes = true
			case c == '"':
				return s.errorf("", "bare quote in an unquoted field")
			case !inQuotes && c == ',':
				bounds = append(bounds, len(s.quoted))
				fieldStart = true
				continue
			default:
				s.quoted = append(s.quoted, c)
			}
			fieldStart = false
		}
		if !inQuotes {
			break
		}
		next, err := s.readLine()
		if errors.Is(err, io.EOF) {
			return s.errorf("", "quoted field not closed before the end of the file")
		}
		if err != nil {
			return err
		}
		s.quoted = append(s.quoted, '\n')
		line = next
	}
	bounds = append(bounds, len(s.quoted))
	s.fields = s.fields[:0]
	start := 0
	for _, end := range bounds {
		s.fields = append(s.fields, s.quoted[start:end])
		start = end
	}
	return nil
}

// field returns field i of the current record, trimmed of spaces.
func (s *scanner) field(i int, name string) ([]byte, error) {
	if i >= len(s.fields) {
		return nil, s.errorf(name, "missing: the line has %d fields", len(s.fields))
	}
	return bytes.TrimSpace(s.fields[i]), nil
}
