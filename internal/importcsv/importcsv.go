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
	"unsafe"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/csvscan"
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
	rows := &rowChunks{}
	if l, ok := r.(interface{ Len() int }); ok {
		rows.cur = make([]accord.ObservationInput, 0, estimateRows(sc.Buffered(), l.Len()))
	}
	err = readRows(sc, &rowParser{cols: cols, file: file, source: "csv:" + file}, rows, res)
	if err != nil {
		return fail(res, file, err)
	}
	res.Rows = rows.all()
	if len(res.Rows) == 0 && len(res.Errors) == 0 {
		// A header alone is most often an export that failed or a wrong
		// filter: saying so beats reporting an import of nothing.
		res.Errors = append(res.Errors, accord.RowError{File: file, Line: 2, Message: "the file has a header but no data rows; nothing to import"})
	}
	return res, nil
}

// readRows reads the records after the header into rows, and the errors
// of bad ones into res, until the end of the file, MaxErrors or an error
// that ends the file (returned).
func readRows(sc *csvscan.Scanner, p *rowParser, rows *rowChunks, res *Result) error {
	for {
		rec, err := sc.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		var rerr *accord.RowError
		switch {
		case errors.Is(err, csvscan.ErrWidth):
			rerr = rowError(err)
		case err != nil:
			return err
		default:
			var in accord.ObservationInput
			if in, rerr = p.parse(rec, int(sc.Line())); rerr == nil {
				rows.add(in)
			}
		}
		if rerr != nil {
			if res.Errors = append(res.Errors, *rerr); len(res.Errors) >= MaxErrors {
				return nil
			}
		}
	}
}

// estimateRows guesses how many rows a file has from the part read ahead
// (buf) and the length of the rest (more), a little over rather than under.
func estimateRows(buf []byte, more int) int {
	n := bytes.Count(buf, []byte{'\n'}) + 1
	if more == 0 || len(buf) == 0 {
		return n
	}
	return min(n*((len(buf)+more)/len(buf)+1), (len(buf)+more)/4)
}

// rowChunks collects rows in chunks and copies them once into a slice of
// their number: a slice grown row by row would copy them again and again.
type rowChunks struct {
	done [][]accord.ObservationInput
	cur  []accord.ObservationInput
	n    int
}

func (c *rowChunks) add(in accord.ObservationInput) {
	if len(c.cur) == cap(c.cur) {
		if c.cur == nil {
			c.cur = make([]accord.ObservationInput, 0, 4096)
		} else {
			c.done = append(c.done, c.cur)
			c.cur = make([]accord.ObservationInput, 0, max(4096, c.n/4))
		}
	}
	c.cur = append(c.cur, in)
	c.n++
}

// all returns the rows in order.
func (c *rowChunks) all() []accord.ObservationInput {
	if len(c.done) == 0 {
		return c.cur
	}
	rows := make([]accord.ObservationInput, 0, c.n)
	for _, d := range c.done {
		rows = append(rows, d...)
	}
	return append(rows, c.cur...)
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
	slab   []number.Decimal
	// seen holds the text of the fields read so far: a file repeats the
	// same few KPIs, periods, segments and most counts, so a row mostly
	// costs no string of its own (the file is read as a stream, so its
	// fields are not substrings of one text held in memory).
	seen map[string]string
	last [8]string // the previous row's fields
}

// maxSeen bounds seen, for a file whose every segment differs.
const maxSeen = 1 << 14

// text returns field i of a row as a string: the previous row's when they
// are the same, else the one kept in seen when it is there.
func (p *rowParser) text(i int, b []byte) string {
	if i < len(p.last) && p.last[i] == string(b) {
		return p.last[i]
	}
	if s, ok := p.seen[string(b)]; ok {
		p.remember(i, s)
		return s
	}
	s := string(b)
	if p.seen == nil {
		p.seen = map[string]string{}
	}
	if len(p.seen) < maxSeen {
		p.seen[s] = s
	}
	p.remember(i, s)
	return s
}

func (p *rowParser) remember(i int, s string) {
	if i < len(p.last) {
		p.last[i] = s
	}
}

func (p *rowParser) decimal(v number.Decimal) *number.Decimal {
	if len(p.slab) == cap(p.slab) {
		p.slab = make([]number.Decimal, 0, 4096)
	}
	p.slab = append(p.slab, v)
	return &p.slab[len(p.slab)-1]
}

// parse reads one record, which has as many fields as the header.
func (p *rowParser) parse(rec [][]byte, line int) (accord.ObservationInput, *accord.RowError) {
	get := func(i int) string {
		if i >= 0 {
			return p.text(i, bytes.TrimSpace(rec[i]))
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
	if in.Value, rerr = p.number(field(rec, p.cols.value), "value", line); rerr != nil {
		return in, rerr
	}
	if in.Numerator, rerr = p.number(field(rec, p.cols.numerator), "numerator", line); rerr != nil {
		return in, rerr
	}
	if in.Denominator, rerr = p.number(field(rec, p.cols.denominator), "denominator", line); rerr != nil {
		return in, rerr
	}
	if in.Value == nil && in.Numerator == nil && in.Denominator == nil {
		return in, &accord.RowError{File: p.file, Line: line, Field: "value", Message: "is empty: give a value, or a numerator and a denominator"}
	}
	return in, nil
}

// field returns field i of rec trimmed of spaces, or nothing when i < 0.
func field(rec [][]byte, i int) []byte {
	if i < 0 {
		return nil
	}
	return bytes.TrimSpace(rec[i])
}

// number reads an optional number of column col. The field is read in
// place, as a string over the scanner's bytes that lives only for the
// call: ParseDecimal keeps none of its text (its errors quote a copy), and
// a copy of every number would be most of what a row costs.
func (p *rowParser) number(b []byte, col string, line int) (*number.Decimal, *accord.RowError) {
	if len(b) == 0 {
		return nil, nil
	}
	v, err := number.ParseDecimal(unsafe.String(&b[0], len(b)))
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
