// Package csvscan reads CSV files as a stream, record by record, for the
// importers of observation and claims files. It reads a header (a BOM
// stripped, a column named twice refused), yields each record with the line
// it starts on and checks its number of fields against the header, and
// refuses what is not CSV text: binary data, text that is not UTF-8, a
// quote left open at the end of the file. Its errors name the file, the
// line and, where one is at fault, the column.
//
// Records are split as encoding/csv splits them with FieldsPerRecord -1
// (empty lines skipped, \r\n read as \n, a quote only at the start of a
// field, "" inside quotes for one quote), but without allocating per
// record: a line without quotes is split in place.
package csvscan

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Kinds of Error, for errors.Is. A syntax error has the kind encoding/csv
// gives it: csv.ErrQuote or csv.ErrBareQuote.
var (
	// ErrEmpty: the file has no header line.
	ErrEmpty = errors.New("empty file")
	// ErrBinary: the file holds binary data (a NUL byte near its start).
	ErrBinary = errors.New("binary data")
	// ErrEncoding: a line is not valid UTF-8.
	ErrEncoding = errors.New("not UTF-8")
	// ErrDuplicate: the header names a column twice.
	ErrDuplicate = errors.New("column named twice")
	// ErrWidth: a record has more or fewer fields than the header has
	// columns. It is the only error after which the scanner goes on.
	ErrWidth = errors.New("wrong number of fields")
	// ErrNoLineEnd: the last line has no line break, where one is required
	// (Scanner.NeedLineEnd).
	ErrNoLineEnd = errors.New("no line end")
)

// Error names the file, line and column (Field, when one is at fault) of
// a problem, in words a person reads (Msg), and its kind (Kind).
type Error struct {
	File  string
	Line  int64
	Field string
	Msg   string
	Kind  error
}

// Error returns "file:line: field: message".
func (e *Error) Error() string {
	where := fmt.Sprintf("%s:%d", e.File, e.Line)
	if e.Field != "" {
		where += ": " + e.Field
	}
	return where + ": " + e.Msg
}

// Unwrap returns the kind of the error.
func (e *Error) Unwrap() error { return e.Kind }

// headSize is how much of the start of a file is looked at for binary data.
const headSize = 8 << 10

// Scanner reads records from a CSV file. The fields it returns are valid
// until the next call.
type Scanner struct {
	r      *bufio.Reader
	file   string
	next   int64 // number of the next line to read
	line   int64 // line the current record starts on
	fields [][]byte
	long   []byte // a line longer than the buffer
	quoted []byte // the content of a record with quotes
	bounds []int  // ends of its fields in quoted
	names  []string
	nl     bool  // the last line read ended with a line break
	err    error // a fatal error, returned by every later call
	headOK bool  // the start of the file was checked for binary data
	// Limit, when positive, stops splitting a quote-free line after that
	// many fields: the rest of the line is left in the last one (its
	// fields are still counted against the header).
	Limit int
	// NeedLineEnd refuses a last line without a line break: a file cut
	// inside its last column would otherwise read as a shorter value.
	NeedLineEnd bool
}

// New returns a scanner reading r, a file named file in errors.
func New(r io.Reader, file string) *Scanner {
	return &Scanner{r: bufio.NewReaderSize(r, 1<<20), file: file, next: 1}
}

// Fork returns a scanner with s's header and settings and no input, for
// Reset: one worker's scanner over blocks of the same file.
func (s *Scanner) Fork(bufSize int) *Scanner {
	return &Scanner{r: bufio.NewReaderSize(nil, bufSize), file: s.file, names: s.names,
		headOK: true, Limit: s.Limit, NeedLineEnd: s.NeedLineEnd}
}

// Reset makes s read whole records from r, whose first line is line.
func (s *Scanner) Reset(r io.Reader, line int64) {
	s.r.Reset(r)
	s.next, s.err = line, nil
}

// Rest returns the input not read yet and the number of its first line,
// for a caller that cuts the rest of the file into blocks.
func (s *Scanner) Rest() (io.Reader, int64) { return s.r, s.next }

// Buffered returns the input read ahead and not scanned yet, valid until
// the next call: a caller may estimate from it how many records follow.
func (s *Scanner) Buffered() []byte {
	b, _ := s.r.Peek(s.r.Buffered())
	return b
}

// Line returns the line the current record starts on.
func (s *Scanner) Line() int64 { return s.line }

// Names returns the header's column names, as Header returned them.
func (s *Scanner) Names() []string { return s.names }

func (s *Scanner) errorf(kind error, line int64, field, format string, a ...any) *Error {
	return &Error{File: s.file, Line: line, Field: field, Msg: fmt.Sprintf(format, a...), Kind: kind}
}

// Header reads the first record as the column names, each trimmed of
// spaces and passed through norm (strings.ToLower, say, when case does not
// matter). A name that norm makes the same as an earlier one is refused.
func (s *Scanner) Header(norm func(string) string) ([]string, error) {
	limit := s.Limit
	s.Limit = 0
	fields, err := s.Next()
	s.Limit = limit
	if errors.Is(err, io.EOF) {
		return nil, s.errorf(ErrEmpty, 1, "", "the file is empty: the first line must name the columns")
	}
	if err != nil {
		return nil, err
	}
	names := make([]string, len(fields))
	at := make(map[string]int, len(fields))
	for i, f := range fields {
		f = bytes.TrimPrefix(f, []byte("\ufeff"))
		name := norm(string(bytes.TrimSpace(f)))
		if j, dup := at[name]; dup && name != "" {
			return nil, s.errorf(ErrDuplicate, s.line, name, "the header names this column twice (columns %d and %d): which one holds the values?", j+1, i+1)
		}
		at[name], names[i] = i, name
	}
	s.names = names
	return names, nil
}

// Next returns the next record's fields, or io.EOF after the last one.
// After the header, a line of spaces alone is skipped as blank. An Error
// of kind ErrWidth still returns the fields, and the next call goes on;
// any other error ends the file.
func (s *Scanner) Next() ([][]byte, error) {
	if s.err != nil {
		return nil, s.err
	}
	fields, n, err := s.record()
	if err != nil {
		s.err = err
		return nil, err
	}
	if n == 1 && len(s.names) > 0 && len(bytes.Trim(fields[0], " \t")) == 0 {
		return s.Next()
	}
	if err := s.checkWidth(n); err != nil {
		return fields, err
	}
	if s.NeedLineEnd && !s.nl && len(s.names) > 0 {
		s.err = s.errorf(ErrNoLineEnd, s.line, s.names[len(s.names)-1],
			"the last line has no line break: the file may be cut short inside this value; a whole file ends with a line break")
		return nil, s.err
	}
	return fields, nil
}

// checkWidth refuses a record with more or fewer fields than the header
// has columns: a line cut short (a file cut mid-amount would otherwise
// count 123 for 1234.56) or a stray comma shifts every value after it.
func (s *Scanner) checkWidth(n int) error {
	switch w := len(s.names); {
	case w == 0 || n == w:
		return nil
	case n < w:
		return s.errorf(ErrWidth, s.line, s.names[n], "missing: the line has %d fields but the header has %d columns (a line cut short?)", n, w)
	default:
		return s.errorf(ErrWidth, s.line, "", "the line has %d fields but the header has %d columns: the value after %s has no column (a comma in an unquoted value?)", n, w, s.names[w-1])
	}
}
