package claims

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/accord-alliance/accord/internal/csvscan"
)

// scanner holds one record of a claims or enrollment file at a time: read
// from CSV by csvscan, or set row by row from a Parquet file.
type scanner struct {
	cs     *csvscan.Scanner // nil for Parquet
	file   string
	line   int64 // line number of the current record's first line
	fields [][]byte
	cols   map[string]int
	// rows says the records are a Parquet file's rows, numbered from 1.
	rows bool
}

func newScanner(r io.Reader, file string) *scanner {
	cs := csvscan.New(r, file)
	// A claims file is written by a program, whole: a last line without a
	// line break is a file cut short, maybe inside its last value.
	cs.NeedLineEnd = true
	return &scanner{cs: cs, file: file}
}

// fork returns a scanner over the same CSV file for a worker reading
// blocks of it (reset).
func (s *scanner) fork() *scanner {
	return &scanner{cs: s.cs.Fork(64 << 10), file: s.file, cols: s.cols}
}

func (s *scanner) errorf(field, format string, a ...any) error {
	return &ParseError{File: s.file, Line: s.line, Row: s.rows, Field: field, Msg: fmt.Sprintf(format, a...)}
}

// header reads the first record and checks that the named columns exist;
// it returns their indexes in the order given.
func (s *scanner) header(required ...string) ([]int, error) {
	names, err := s.cs.Header(strings.ToUpper)
	if err != nil {
		return nil, parseError(err)
	}
	s.cols = make(map[string]int, len(names))
	for i, name := range names {
		s.cols[name] = i
	}
	idx := make([]int, len(required))
	for i, name := range required {
		j, ok := s.cols[name]
		if !ok {
			return nil, &ParseError{File: s.file, Line: 1, Msg: "missing column " + name}
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
	limit := 0
	for _, i := range idx {
		limit = max(limit, i+2)
	}
	s.cs.Limit = limit
}

// scan reads the next record into s.fields; false at the end of the file.
// A file stops at its first error: a settlement is computed from all of
// its lines or not at all.
func (s *scanner) scan() (bool, error) {
	fields, err := s.cs.Next()
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	s.line, s.fields = s.cs.Line(), fields
	if err != nil {
		return true, parseError(err)
	}
	return true, nil
}

// parseError turns the scanner's errors into the package's own; an error
// reading the file is left as it is.
func parseError(err error) error {
	var se *csvscan.Error
	if !errors.As(err, &se) {
		return err
	}
	return &ParseError{File: se.File, Line: se.Line, Field: se.Field, Msg: se.Msg, Err: se.Kind}
}

// field returns field i of the current record, trimmed of spaces.
func (s *scanner) field(i int, name string) ([]byte, error) {
	if i >= len(s.fields) {
		return nil, s.errorf(name, "missing: the line has %d fields", len(s.fields))
	}
	return bytes.TrimSpace(s.fields[i]), nil
}
