// Package importcsv reads scorecard observations from CSV files exported by
// the systems that already hold them. It checks the file is UTF-8 text with
// the expected columns and names every bad row by line and field; it does
// not know KPIs (the store checks rows against them).
package importcsv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
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

// Read parses a CSV file. A file that is not UTF-8 text, whose header lacks
// the required columns, or that has a header and no rows, gives one error
// and no rows.
func Read(r io.Reader, file string) (*Result, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	return parse(data, file), nil
}

// readAll reads r into one buffer, sized up front when r knows its length.
func readAll(r io.Reader) ([]byte, error) {
	if l, ok := r.(interface{ Len() int }); ok {
		b := bytes.NewBuffer(make([]byte, 0, l.Len()+1))
		_, err := b.ReadFrom(r)
		return b.Bytes(), err
	}
	return io.ReadAll(r)
}

// parse reads a CSV file held in memory; see Read.
func parse(data []byte, file string) *Result {
	head := data[:min(len(data), 8<<10)]
	if len(head) == 0 {
		return &Result{Errors: []accord.RowError{{File: file, Line: 1, Message: "the file is empty"}}}
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return &Result{Errors: []accord.RowError{{File: file, Line: 1, Message: "this is not a CSV text file (it holds binary data); export the data as CSV, UTF-8"}}}
	}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	// The text is cut at the first line that is not UTF-8: the rows before
	// it are checked as usual, then that line is named.
	sc := &scanner{s: string(data)}
	badLine := 0
	if cut := invalidLine(data); cut >= 0 {
		badLine = 1 + bytes.Count(data[:cut], []byte{'\n'})
		sc.s, sc.more = sc.s[:cut], true
	}
	res := &Result{}
	_, header, err := sc.record()
	switch {
	case err == io.EOF && badLine > 0:
		return fail(res, file, &utf8Error{line: badLine})
	case err == io.EOF:
		return &Result{Errors: []accord.RowError{{File: file, Line: 1, Message: "the file is empty"}}}
	case err == errCut:
		return fail(res, file, &utf8Error{line: badLine})
	case err != nil:
		return fail(res, file, err)
	}
	cols, herr := mapHeader(header, file)
	if herr != nil {
		res.Errors = append(res.Errors, *herr)
		return res
	}
	res.Rows = make([]accord.ObservationInput, 0, bytes.Count(data, []byte{'\n'})+1)
	p := rowParser{cols: cols, file: file, source: "csv:" + file}
	for {
		line, rec, err := sc.record()
		if err == io.EOF {
			break
		}
		if err == errCut {
			err = &utf8Error{line: badLine}
		}
		if err != nil {
			return fail(res, file, err)
		}
		if in, rerr := p.parse(rec, line); rerr != nil {
			res.Errors = append(res.Errors, *rerr)
			if len(res.Errors) >= MaxErrors {
				return res
			}
		} else if in.KPI != "" {
			res.Rows = append(res.Rows, in)
		}
	}
	if badLine > 0 {
		return fail(res, file, &utf8Error{line: badLine})
	}
	if len(res.Rows) == 0 && len(res.Errors) == 0 {
		// A header alone is most often an export that failed or a wrong
		// filter: saying so beats reporting an import of nothing.
		res.Errors = append(res.Errors, accord.RowError{File: file, Line: 2, Message: "the file has a header but no data rows; nothing to import"})
	}
	return res
}

// invalidLine returns the offset of the start of the first line that is
// not valid UTF-8, or -1.
func invalidLine(data []byte) int {
	if utf8.Valid(data) {
		return -1
	}
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return bytes.LastIndexByte(data[:i], '\n') + 1
		}
		i += size
	}
	return -1
}

// fail turns a reader error into a row error: a CSV syntax error (e.g. a
// quote never closed in a truncated file) or invalid UTF-8 names its line.
func fail(res *Result, file string, err error) *Result {
	var pe *csv.ParseError
	var ue *utf8Error
	switch {
	case errors.As(err, &ue):
		res.Errors = append(res.Errors, accord.RowError{File: file, Line: ue.line, Message: "the file is not UTF-8 text; save or export it as CSV UTF-8"})
	case errors.As(err, &pe):
		res.Errors = append(res.Errors, accord.RowError{File: file, Line: pe.Line, Message: "the file is not valid CSV here (" + pe.Err.Error() + "); it may be truncated or not a CSV file"})
	}
	res.Rows = nil
	return res
}

// columnsAt says where each column is in a row; -1 when the file lacks it.
type columnsAt struct {
	n                                                   int // fields a row must have
	kpi, period, segment, value, numerator, denominator int
}

func mapHeader(header []string, file string) (columnsAt, *accord.RowError) {
	idx := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		known := false
		for _, c := range columns() {
			known = known || c == h
		}
		if !known {
			return columnsAt{}, &accord.RowError{File: file, Line: 1, Field: h, Message: fmt.Sprintf("unknown column %q; the columns are kpi, period, segment, value, numerator, denominator", h)}
		}
		if _, dup := idx[h]; dup {
			return columnsAt{}, &accord.RowError{File: file, Line: 1, Field: h, Message: fmt.Sprintf("column %q appears twice", h)}
		}
		idx[h] = i
	}
	for _, req := range []string{"kpi", "period"} {
		if _, ok := idx[req]; !ok {
			return columnsAt{}, &accord.RowError{File: file, Line: 1, Field: req, Message: "the header has no " + req + " column; the first line must name the columns"}
		}
	}
	_, v := idx["value"]
	_, n := idx["numerator"]
	_, d := idx["denominator"]
	if !v && !(n && d) {
		return columnsAt{}, &accord.RowError{File: file, Line: 1, Field: "value", Message: "the header needs a value column, or numerator and denominator columns"}
	}
	at := func(col string) int {
		if i, ok := idx[col]; ok {
			return i
		}
		return -1
	}
	return columnsAt{n: len(idx), kpi: at("kpi"), period: at("period"), segment: at("segment"),
		value: at("value"), numerator: at("numerator"), denominator: at("denominator")}, nil
}

// rowParser turns records into rows. Numbers are kept in slabs, so that a
// row costs no allocation of its own.
type rowParser struct {
	cols   columnsAt
	file   string
	source string
	slab   []number.Decimal
}

func (p *rowParser) decimal(v number.Decimal) *number.Decimal {
	if len(p.slab) == cap(p.slab) {
		p.slab = make([]number.Decimal, 0, 4096)
	}
	p.slab = append(p.slab, v)
	return &p.slab[len(p.slab)-1]
}

// parse reads one record; a blank line gives a row with no KPI and no error.
func (p *rowParser) parse(rec []string, line int) (accord.ObservationInput, *accord.RowError) {
	get := func(i int) string {
		if i >= 0 {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
		return accord.ObservationInput{}, nil // a blank line
	}
	if len(rec) != p.cols.n {
		return accord.ObservationInput{}, &accord.RowError{File: p.file, Line: line, Message: fmt.Sprintf("has %d fields but the header has %d", len(rec), p.cols.n)}
	}
	in := accord.ObservationInput{KPI: strings.ToLower(get(p.cols.kpi)), Period: get(p.cols.period), Segment: unneutralise(get(p.cols.segment)), Line: line, Source: p.source}
	if in.KPI == "" {
		return in, &accord.RowError{File: p.file, Line: line, Field: "kpi", Message: "is empty"}
	}
	if in.Period == "" {
		return in, &accord.RowError{File: p.file, Line: line, Field: "period", Message: "is empty"}
	}
	var rerr *accord.RowError
	if in.Value, rerr = p.number(get(p.cols.value), "value", line); rerr != nil {
		return in, rerr
	}
	if in.Numerator, rerr = p.number(get(p.cols.numerator), "numerator", line); rerr != nil {
		return in, rerr
	}
	if in.Denominator, rerr = p.number(get(p.cols.denominator), "denominator", line); rerr != nil {
		return in, rerr
	}
	if in.Value == nil && in.Numerator == nil && in.Denominator == nil {
		return in, &accord.RowError{File: p.file, Line: line, Field: "value", Message: "is empty: give a value, or a numerator and a denominator"}
	}
	return in, nil
}

// number reads an optional number of column col.
func (p *rowParser) number(s, col string, line int) (*number.Decimal, *accord.RowError) {
	if s == "" {
		return nil, nil
	}
	v, err := number.ParseDecimal(s)
	if err != nil {
		return nil, &accord.RowError{File: p.file, Line: line, Field: col, Message: err.Error()}
	}
	return p.decimal(v), nil
}

// utf8Error names the first line that is not valid UTF-8.
type utf8Error struct{ line int }

func (e *utf8Error) Error() string { return fmt.Sprintf("line %d is not valid UTF-8", e.line) }

// unneutralise undoes what accord's CSV export does to a text cell a
// spreadsheet would take for a formula ("'=x" is written for "=x"), so that
// an exported file imports as it was.
func unneutralise(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.IndexByte("=+-@\t\r", s[1]) >= 0 {
		return s[1:]
	}
	return s
}
