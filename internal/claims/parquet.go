package claims

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/big"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
)

// parquetMagic starts and ends every Parquet file.
var parquetMagic = []byte("PAR1")

// IsParquet reports whether a file's first bytes are Parquet's magic.
func IsParquet(head []byte) bool { return bytes.HasPrefix(head, parquetMagic) }

// pqBatch is how many rows are read from each column at a time.
const pqBatch = 4096

// pqColumn reads one column of a row group as text, the form the CSV
// reader parses: so that a Parquet file is checked by the same rules, and
// its errors read the same, naming the row and the column.
type pqColumn struct {
	pqSpec
	r    parquet.ColumnChunkValueReader
	vals []parquet.Value
	text []byte
	ends []int
}

// pqSpec is a column to read: its name, its index in the file and how its
// values are written as text.
type pqSpec struct {
	name string
	leaf int
	conv func(dst []byte, v parquet.Value) ([]byte, error)
}

// pqFile is an open Parquet file and the columns to read from it; a
// scanner's fields hold one row of them at a time, in that order.
type pqFile struct {
	f     *parquet.File
	name  string
	specs []pqSpec
}

// openParquet opens a Parquet file and finds its columns (case-insensitive
// names, like a CSV header): required ones must exist, optional ones may
// not. It returns the index in a scanner's fields of each column, required
// then optional, -1 for a missing optional one.
func openParquet(r io.ReaderAt, size int64, name string, required, optional []string) (*pqFile, []int, error) {
	if err := checkFooter(r, size); err != nil {
		return nil, nil, &ParseError{File: name, Row: true, Msg: "not a Parquet file the reader can open: " + err.Error()}
	}
	f, err := parquet.OpenFile(r, size, parquet.SkipBloomFilters(true))
	if err != nil {
		return nil, nil, &ParseError{File: name, Row: true, Msg: "not a Parquet file the reader can open: " + err.Error()}
	}
	leaves := map[string]parquet.LeafColumn{}
	for _, path := range f.Schema().Columns() {
		if len(path) != 1 {
			continue // nested columns are not part of the layout
		}
		if leaf, ok := f.Schema().Lookup(path...); ok {
			leaves[strings.ToUpper(strings.TrimSpace(path[0]))] = leaf
		}
	}
	p := &pqFile{f: f, name: name}
	var idx []int
	for i, col := range append(append([]string{}, required...), optional...) {
		leaf, ok := leaves[col]
		if !ok {
			if i < len(required) {
				return nil, nil, &ParseError{File: name, Row: true, Msg: "missing column " + col}
			}
			idx = append(idx, -1)
			continue
		}
		conv, err := converter(leaf.Node.Type())
		if err != nil {
			return nil, nil, &ParseError{File: name, Row: true, Field: col, Msg: err.Error()}
		}
		idx = append(idx, len(p.specs))
		p.specs = append(p.specs, pqSpec{name: col, leaf: leaf.ColumnIndex, conv: conv})
	}
	return p, idx, nil
}

// checkFooter refuses a file whose footer length, the four bytes before
// the closing magic, reaches past its start: the reader allocates that
// length before it reads, so a file of a few bytes made it allocate up to
// 4 GB (found by FuzzReadParquet). A Parquet file is "PAR1", the data, the
// footer, its length and "PAR1".
func checkFooter(r io.ReaderAt, size int64) error {
	if size < 12 {
		return fmt.Errorf("%d bytes is too short for a Parquet file", size)
	}
	var tail [8]byte
	if _, err := r.ReadAt(tail[:], size-8); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	if n := int64(binary.LittleEndian.Uint32(tail[:4])); n > size-12 {
		return fmt.Errorf("its footer length (%d bytes) reaches past the start of the file (%d bytes): the file is damaged or cut short", n, size)
	}
	return nil
}

// pqReader is one worker's buffers: its columns and the scanner whose
// fields hold the current row.
type pqReader struct {
	cols []*pqColumn
	s    *scanner
}

func (p *pqFile) reader() *pqReader {
	rd := &pqReader{s: &scanner{file: p.name, rows: true, fields: make([][]byte, len(p.specs))}}
	for _, sp := range p.specs {
		rd.cols = append(rd.cols, &pqColumn{pqSpec: sp, vals: make([]parquet.Value, pqBatch), ends: make([]int, 0, pqBatch)})
	}
	return rd
}

// rows calls row for every row of the file, with the scanner's fields and
// line (the row number, from 1) set to it. With several workers, row
// groups are read in parallel, row(w, …) called by worker w; the error
// reported is the one on the earliest row, as a sequential read would.
func (p *pqFile) rows(workers int, row func(w int, s *scanner) error) error {
	groups := p.f.RowGroups()
	starts := make([]int64, len(groups))
	for i := 1; i < len(groups); i++ {
		starts[i] = starts[i-1] + groups[i-1].NumRows()
	}
	workers = max(1, min(workers, len(groups)))
	var mu sync.Mutex
	var first error
	var wg sync.WaitGroup
	next := make(chan int)
	for w := range workers {
		rd := p.reader()
		wg.Go(func() {
			for g := range next {
				err := rd.group(groups[g], starts[g], func(s *scanner) error { return row(w, s) })
				if err != nil {
					mu.Lock()
					if first == nil || errLine(err) < errLine(first) {
						first = err
					}
					mu.Unlock()
				}
			}
		})
	}
	for g := range groups {
		mu.Lock()
		stop := first != nil && errLine(first) <= starts[g]
		mu.Unlock()
		if stop {
			break // later row groups cannot hold an earlier error
		}
		next <- g
	}
	close(next)
	wg.Wait()
	return first
}

// group reads one row group's rows in batches, column by column; before
// is the number of rows in the file before it.
func (rd *pqReader) group(rg parquet.RowGroup, before int64, row func(s *scanner) error) error {
	chunks := rg.ColumnChunks()
	for _, c := range rd.cols {
		c.r = parquet.NewColumnChunkValueReader(chunks[c.leaf])
	}
	defer func() {
		for _, c := range rd.cols {
			c.r.Close()
		}
	}()
	n := before
	for left := rg.NumRows(); left > 0; {
		want := int(min(left, pqBatch))
		for _, c := range rd.cols {
			if err := c.fill(want, rd.s.file, n); err != nil {
				return err
			}
		}
		for i := range want {
			n++
			rd.s.line = n
			for k, c := range rd.cols {
				start := 0
				if i > 0 {
					start = c.ends[i-1]
				}
				rd.s.fields[k] = c.text[start:c.ends[i]]
			}
			if err := row(rd.s); err != nil {
				return err
			}
		}
		left -= int64(want)
	}
	return nil
}

// fill reads the next want values of the column as text. Values are
// copied out at once: a page's memory is reused once the next is read.
func (c *pqColumn) fill(want int, file string, before int64) error {
	c.text, c.ends = c.text[:0], c.ends[:0]
	for len(c.ends) < want {
		k, err := c.r.ReadValues(c.vals[:want-len(c.ends)])
		for _, v := range c.vals[:k] {
			if v.IsNull() {
				c.ends = append(c.ends, len(c.text))
				continue
			}
			var cerr error
			if c.text, cerr = c.conv(c.text, v); cerr != nil {
				return &ParseError{File: file, Row: true, Line: before + int64(len(c.ends)) + 1, Field: c.name, Msg: cerr.Error()}
			}
			c.ends = append(c.ends, len(c.text))
		}
		if errors.Is(err, io.EOF) && len(c.ends) < want {
			return &ParseError{File: file, Row: true, Line: before + int64(len(c.ends)) + 1, Field: c.name, Msg: "the column ends before the row group does"}
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return &ParseError{File: file, Row: true, Line: before + int64(len(c.ends)) + 1, Field: c.name, Msg: err.Error()}
		}
	}
	return nil
}

// converter returns how a column's values are written as text: dates as
// YYYY-MM-DD, decimals exactly with their scale, floating-point numbers in
// their shortest exact form (so that an amount with more than two
// decimals is refused, as in a CSV file), text as it is.
func converter(t parquet.Type) (func([]byte, parquet.Value) ([]byte, error), error) {
	var lt any
	if l := t.LogicalType(); l != nil {
		lt = l.Value
	}
	ct := t.ConvertedType()
	switch x := lt.(type) {
	case *format.DecimalType:
		return decimalText(int(x.Scale), t.Kind()), nil
	case *format.DateType:
		return dateText, nil
	case *format.TimestampType:
		return timestampText(x), nil
	}
	if ct != nil && *ct == deprecated.Date {
		return dateText, nil
	}
	if ct != nil && *ct == deprecated.Decimal {
		return nil, errors.New("a DECIMAL column without its scale as a logical type; write it with the DECIMAL logical type")
	}
	switch t.Kind() {
	case parquet.ByteArray, parquet.FixedLenByteArray:
		return func(dst []byte, v parquet.Value) ([]byte, error) { return append(dst, v.ByteArray()...), nil }, nil
	case parquet.Int32:
		return func(dst []byte, v parquet.Value) ([]byte, error) {
			return strconv.AppendInt(dst, int64(v.Int32()), 10), nil
		}, nil
	case parquet.Int64:
		return func(dst []byte, v parquet.Value) ([]byte, error) { return strconv.AppendInt(dst, v.Int64(), 10), nil }, nil
	case parquet.Double:
		return func(dst []byte, v parquet.Value) ([]byte, error) {
			return strconv.AppendFloat(dst, v.Double(), 'f', -1, 64), nil
		}, nil
	case parquet.Float:
		return func(dst []byte, v parquet.Value) ([]byte, error) {
			return strconv.AppendFloat(dst, float64(v.Float()), 'f', -1, 32), nil
		}, nil
	case parquet.Boolean:
		return func(dst []byte, v parquet.Value) ([]byte, error) { return strconv.AppendBool(dst, v.Boolean()), nil }, nil
	}
	return nil, fmt.Errorf("unsupported Parquet type %s", t)
}

var epoch = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

// dateText writes a DATE (days since 1970-01-01) as YYYY-MM-DD, by the
// civil-from-days arithmetic: time.Time's formatting would be a quarter
// of the time spent reading a claims file.
func dateText(dst []byte, v parquet.Value) ([]byte, error) {
	y, m, d := civil(int64(v.Int32()))
	if y < 0 || y > 9999 {
		return nil, fmt.Errorf("date out of range (%d days from 1970-01-01)", v.Int32())
	}
	return append(dst, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10)), nil
}

// civil converts days since 1970-01-01 to a proleptic Gregorian date
// (Howard Hinnant's days_from_civil, inverted).
func civil(z int64) (y, m, d int64) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

func timestampText(x *format.TimestampType) func([]byte, parquet.Value) ([]byte, error) {
	unit := time.Millisecond
	switch x.Unit.Value.(type) {
	case *format.MicroSeconds:
		unit = time.Microsecond
	case *format.NanoSeconds:
		unit = time.Nanosecond
	}
	return func(dst []byte, v parquet.Value) ([]byte, error) {
		n := v.Int64()
		secs, rest := n/int64(time.Second/unit), n%int64(time.Second/unit)
		return time.Unix(secs, rest*int64(unit)).UTC().AppendFormat(dst, time.DateOnly), nil
	}
}

// decimalText writes an unscaled decimal with its scale, trailing zeros of
// the fraction dropped: 12340 at scale 3 is "12.34".
func decimalText(scale int, kind parquet.Kind) func([]byte, parquet.Value) ([]byte, error) {
	return func(dst []byte, v parquet.Value) ([]byte, error) {
		var digits []byte
		switch kind {
		case parquet.Int32:
			digits = strconv.AppendInt(nil, int64(v.Int32()), 10)
		case parquet.Int64:
			digits = strconv.AppendInt(nil, v.Int64(), 10)
		default:
			b := v.ByteArray()
			n := new(big.Int).SetBytes(b)
			if len(b) > 0 && b[0]&0x80 != 0 { // two's complement, big-endian
				n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
			}
			digits = n.Append(nil, 10)
		}
		neg := len(digits) > 0 && digits[0] == '-'
		if neg {
			dst, digits = append(dst, '-'), digits[1:]
		}
		for len(digits) <= scale {
			digits = append([]byte{'0'}, digits...)
		}
		whole, frac := digits[:len(digits)-scale], bytes.TrimRight(digits[len(digits)-scale:], "0")
		dst = append(dst, whole...)
		if len(frac) > 0 {
			dst = append(append(dst, '.'), frac...)
		}
		return dst, nil
	}
}

// ReadClaimsParquet adds the paid amounts of a Parquet claims file with
// the same columns (and rules) as ReadClaims reads from CSV. Rows, not
// lines, are counted in errors: "file: row 12: column CLM_PMT_AMT: …".
// On error the book is unchanged.
func (b *Book) ReadClaimsParquet(r io.ReaderAt, size int64, name string, l Layout) error {
	p, idx, err := openParquet(r, size, name, []string{l.Bene, l.Type, l.Thru, l.Amount}, []string{l.ThruFallback, l.Adjustment, l.Loaded})
	if err != nil {
		return err
	}
	cr := &claimReader{b: b, l: l, bene: idx[0], typ: idx[1], thru: idx[2], amt: idx[3],
		fallback: idx[4], adj: idx[5], load: idx[6], lastLoad: b.opts.Last + Month(b.opts.RunoutMonths)}
	workers := b.opts.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ts := make([]*tally, workers)
	for i := range ts {
		ts[i] = b.newTally()
	}
	// Enrollment is complete: workers only read the book's index.
	err = p.rows(workers, func(w int, s *scanner) error {
		ts[w].lines++
		return cr.line(s, ts[w])
	})
	if err != nil {
		return err
	}
	return b.merge(ts, name)
}

// ReadEnrollmentParquet reads enrollment rows from a Parquet file with the
// columns ReadEnrollment reads from CSV.
func (b *Book) ReadEnrollmentParquet(r io.ReaderAt, size int64, name string) error {
	b.enrollment = name
	p, idx, err := openParquet(r, size, name, []string{"CURRENT_BENE_MBI_ID", "ENROLLMENT_START_DATE", "ENROLLMENT_END_DATE"}, []string{"BENE_MEMBER_MONTH"})
	if err != nil {
		return err
	}
	var st enrollState
	// One worker: reading enrollment adds beneficiaries to the book.
	return p.rows(1, func(_ int, s *scanner) error { return b.enrollRecord(s, idx[:3], idx[3], &st) })
}
