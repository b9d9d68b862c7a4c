// Package importcsv reads scorecard observations from CSV files exported by
// the systems that already hold them. It checks the file is UTF-8 text with
// the expected columns and names every bad row by line and field; it does
// not know KPIs (the store checks rows against them).
package importcsv

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/accord-alliance/accord/internal/accord"
)

// columns are the header names accepted, in any order and case. kpi,
// period and either value or numerator+denominator are required.
func columns() []string {
	return []string{"kpi", "period", "segment", "value", "numerator", "denominator"}
}

// Result is what a file held.
type Result struct {
	Rows   []accord.ObservationInput
	Errors []accord.RowError
}

// MaxErrors bounds the errors reported for one file; a file with more is
// clearly the wrong file, and the first ones say why.
const MaxErrors = 200

// Read parses a CSV file. A file that is not UTF-8 text, or whose header
// lacks the required columns, gives one error and no rows.
func Read(r io.Reader, file string) (*Result, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(8 << 10)
	if len(head) == 0 {
		return &Result{Errors: []accord.RowError{{File: file, Line: 1, Message: "the file is empty"}}}, nil
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return &Result{Errors: []accord.RowError{{File: file, Line: 1, Message: "this is not a CSV text file (it holds binary data); export the data as CSV, UTF-8"}}}, nil
	}
	if bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	cr := csv.NewReader(&utf8Checker{r: br})
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	res := &Result{}
	header, err := cr.Read()
	if err != nil {
		return fail(res, file, err)
	}
	idx, herr := mapHeader(header, file)
	if herr != nil {
		res.Errors = append(res.Errors, *herr)
		return res, nil
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fail(res, file, err)
		}
		line, _ := cr.FieldPos(0)
		if in, rerr := parseRow(rec, idx, file, line); rerr != nil {
			res.Errors = append(res.Errors, *rerr)
			if len(res.Errors) >= MaxErrors {
				return res, nil
			}
		} else if in != nil {
			res.Rows = append(res.Rows, *in)
		}
	}
	return res, nil
}

// fail turns a reader error into a row error: a CSV syntax error (e.g. a
// quote never closed in a truncated file) or invalid UTF-8 names its line.
func fail(res *Result, file string, err error) (*Result, error) {
	var pe *csv.ParseError
	var ue *utf8Error
	switch {
	case errors.As(err, &ue):
		res.Errors = append(res.Errors, accord.RowError{File: file, Line: ue.line, Message: "the file is not UTF-8 text; save or export it as CSV UTF-8"})
	case errors.As(err, &pe):
		res.Errors = append(res.Errors, accord.RowError{File: file, Line: pe.Line, Message: "the file is not valid CSV here (" + pe.Err.Error() + "); it may be truncated or not a CSV file"})
	default:
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	res.Rows = nil
	return res, nil
}

func mapHeader(header []string, file string) (map[string]int, *accord.RowError) {
	idx := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		known := false
		for _, c := range columns() {
			known = known || c == h
		}
		if !known {
			return nil, &accord.RowError{File: file, Line: 1, Field: h, Message: fmt.Sprintf("unknown column %q; the columns are kpi, period, segment, value, numerator, denominator", h)}
		}
		if _, dup := idx[h]; dup {
			return nil, &accord.RowError{File: file, Line: 1, Field: h, Message: fmt.Sprintf("column %q appears twice", h)}
		}
		idx[h] = i
	}
	for _, req := range []string{"kpi", "period"} {
		if _, ok := idx[req]; !ok {
			return nil, &accord.RowError{File: file, Line: 1, Field: req, Message: "the header has no " + req + " column; the first line must name the columns"}
		}
	}
	_, v := idx["value"]
	_, n := idx["numerator"]
	_, d := idx["denominator"]
	if !v && !(n && d) {
		return nil, &accord.RowError{File: file, Line: 1, Field: "value", Message: "the header needs a value column, or numerator and denominator columns"}
	}
	return idx, nil
}

func parseRow(rec []string, idx map[string]int, file string, line int) (*accord.ObservationInput, *accord.RowError) {
	get := func(col string) string {
		if i, ok := idx[col]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
		return nil, nil // a blank line
	}
	if len(rec) != len(idx) {
		return nil, &accord.RowError{File: file, Line: line, Message: fmt.Sprintf("has %d fields but the header has %d", len(rec), len(idx))}
	}
	in := &accord.ObservationInput{KPI: strings.ToLower(get("kpi")), Period: get("period"), Segment: get("segment"), Line: line, Source: "csv:" + file}
	if in.KPI == "" {
		return nil, &accord.RowError{File: file, Line: line, Field: "kpi", Message: "is empty"}
	}
	if in.Period == "" {
		return nil, &accord.RowError{File: file, Line: line, Field: "period", Message: "is empty"}
	}
	for _, f := range []struct {
		col string
		dst **accord.Decimal
	}{{"value", &in.Value}, {"numerator", &in.Numerator}, {"denominator", &in.Denominator}} {
		s := get(f.col)
		if s == "" {
			continue
		}
		v, err := accord.ParseDecimal(s)
		if err != nil {
			return nil, &accord.RowError{File: file, Line: line, Field: f.col, Message: err.Error()}
		}
		*f.dst = &v
	}
	if in.Value == nil && in.Numerator == nil && in.Denominator == nil {
		return nil, &accord.RowError{File: file, Line: line, Field: "value", Message: "is empty: give a value, or a numerator and a denominator"}
	}
	return in, nil
}

// utf8Checker passes bytes through and fails at the first line that is not
// valid UTF-8, so a file in another encoding is named, not misread.
type utf8Checker struct {
	r       *bufio.Reader
	line    int
	pending []byte
}

type utf8Error struct{ line int }

func (e *utf8Error) Error() string { return fmt.Sprintf("line %d is not valid UTF-8", e.line) }

func (c *utf8Checker) Read(p []byte) (int, error) {
	if len(c.pending) == 0 {
		l, err := c.r.ReadBytes('\n')
		if len(l) == 0 && err != nil {
			return 0, err
		}
		c.line++
		if !utf8.Valid(l) {
			return 0, &utf8Error{line: c.line}
		}
		c.pending = l
	}
	n := copy(p, c.pending)
	c.pending = c.pending[n:]
	return n, nil
}
