// Package importcsv reads scorecard observations from CSV files exported by
// the systems that already hold them. It checks the file is UTF-8 text with
// the expected columns and names every bad row by line and field; it does
// not know KPIs (the store checks rows against them).
package importcsv

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/csvscan"
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

// Read parses a CSV file as it streams in. A file that is not UTF-8 text,
// is not valid CSV, whose header lacks the required columns, or that has a
// header and no rows, gives one error (after those of the rows before it)
// and no rows. Only a failure to read r is returned as an error.
func Read(r io.Reader, file string) (*Result, error) {
	sc := csvscan.New(r, file)
	res := &Result{}
	header, err := sc.Header(strings.ToLower)
	if err != nil {
		return fail(res, file, err)
	}
	cols, herr := mapHeader(header, file)
	if herr != nil {
		res.Errors = append(res.Errors, *herr)
		return res, nil
	}
	p := rowParser{cols: cols, file: file, source: "csv:" + file}
	for {
		rec, err := sc.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var rerr *accord.RowError
		switch {
		case errors.Is(err, csvscan.ErrWidth):
			rerr = rowError(err)
		case err != nil:
			return fail(res, file, err)
		default:
			var in accord.ObservationInput
			if in, rerr = p.parse(rec, int(sc.Line())); rerr == nil {
				res.Rows = append(res.Rows, in)
			}
		}
		if rerr != nil {
			if res.Errors = append(res.Errors, *rerr); len(res.Errors) >= MaxErrors {
				return res, nil
			}
		}
	}
	if len(res.Rows) == 0 && len(res.Errors) == 0 {
		// A header alone is most often an export that failed or a wrong
		// filter: saying so beats reporting an import of nothing.
		res.Errors = append(res.Errors, accord.RowError{File: file, Line: 2, Message: "the file has a header but no data rows; nothing to import"})
	}
	return res, nil
}

// fail ends a file at an error of the scanner, which names its line (the
// rows read are dropped: the file is not what it should be); an error
// reading the file is returned as such.
func fail(res *Result, file string, err error) (*Result, error) {
	rerr := rowError(err)
	if rerr == nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	res.Rows = nil
	res.Errors = append(res.Errors, *rerr)
	return res, nil
}

// rowError turns a scanner's error into a row error, or nil if it is not one.
func rowError(err error) *accord.RowError {
	var se *csvscan.Error
	if !errors.As(err, &se) {
		return nil
	}
	return &accord.RowError{File: se.File, Line: int(se.Line), Field: se.Field, Message: se.Msg}
}

// columnsAt says where each column is in a row; -1 when the file lacks it.
type columnsAt struct {
	kpi, period, segment, value, numerator, denominator int
}

func mapHeader(header []string, file string) (columnsAt, *accord.RowError) {
	idx := map[string]int{}
	for i, h := range header {
		known := false
		for _, c := range columns() {
			known = known || c == h
		}
		if !known {
			return columnsAt{}, &accord.RowError{File: file, Line: 1, Field: h, Message: fmt.Sprintf("unknown column %q; the columns are kpi, period, segment, value, numerator, denominator", h)}
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
	return columnsAt{kpi: at("kpi"), period: at("period"), segment: at("segment"),
		value: at("value"), numerator: at("numerator"), denominator: at("denominator")}, nil
}

// rowParser turns records into rows. Numbers are kept in slabs, so that a
// row costs no allocation of its own.
type rowParser struct {
	cols   columnsAt
	file   string
	source string
	slab   []accord.Decimal
}

func (p *rowParser) decimal(v accord.Decimal) *accord.Decimal {
	if len(p.slab) == cap(p.slab) {
		p.slab = make([]accord.Decimal, 0, 4096)
	}
	p.slab = append(p.slab, v)
	return &p.slab[len(p.slab)-1]
}

// parse reads one record, which has as many fields as the header.
func (p *rowParser) parse(rec [][]byte, line int) (accord.ObservationInput, *accord.RowError) {
	get := func(i int) string {
		if i >= 0 {
			return string(bytes.TrimSpace(rec[i]))
		}
		return ""
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
func (p *rowParser) number(s, col string, line int) (*accord.Decimal, *accord.RowError) {
	if s == "" {
		return nil, nil
	}
	v, err := accord.ParseDecimal(s)
	if err != nil {
		return nil, &accord.RowError{File: p.file, Line: line, Field: col, Message: err.Error()}
	}
	return p.decimal(v), nil
}

// unneutralise undoes what accord's CSV export does to a text cell a
// spreadsheet would take for a formula ("'=x" is written for "=x"), so that
// an exported file imports as it was.
func unneutralise(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.IndexByte("=+-@\t\r", s[1]) >= 0 {
		return s[1:]
	}
	return s
}
