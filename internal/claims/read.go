package claims

import (
	"bytes"
	"io"
	"math"
	"runtime"
)

// claimReader knows a claims file's column positions and the rules that
// decide whether a line counts.
type claimReader struct {
	b                    *Book
	l                    Layout
	bene, typ, thru, amt int
	fallback, adj, load  int
	lastLoad             Month
}

// tally is what reading claim lines adds up; each worker keeps its own.
type tally struct {
	sums           []int64
	lines, counted int64
	skipped        map[string]int64
}

// ReadClaims adds the paid amounts of a claims file. A line counts when
// its beneficiary is enrolled in the month of its service (through) date
// within the period, its type is not excluded, and it was loaded within
// the run-out; cancellations (CLM_ADJSMT_TYPE_CD 1) subtract their amount.
// On error the book is unchanged.
func (b *Book) ReadClaims(r io.Reader, name string, l Layout) error {
	s := newScanner(r, name)
	idx, err := s.header(l.Bene, l.Type, l.Thru, l.Amount)
	if err != nil {
		return err
	}
	cr := &claimReader{b: b, l: l, bene: idx[0], typ: idx[1], thru: idx[2], amt: idx[3],
		fallback: s.column(l.ThruFallback), adj: s.column(l.Adjustment), load: s.column(l.Loaded),
		lastLoad: b.opts.Last + Month(b.opts.RunoutMonths)}
	s.use(cr.bene, cr.typ, cr.thru, cr.amt, cr.fallback, cr.adj, cr.load)
	workers := b.opts.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var ts []*tally
	if workers <= 1 {
		t := b.newTally()
		ts, err = []*tally{t}, cr.all(s, t)
	} else {
		ts, err = cr.parallel(s, workers)
	}
	if err != nil {
		return err
	}
	return b.merge(ts, name)
}

func (b *Book) newTally() *tally {
	return &tally{sums: make([]int64, len(b.sums)), skipped: map[string]int64{}}
}

// merge adds the tallies to the book.
func (b *Book) merge(ts []*tally, name string) error {
	for _, t := range ts {
		for i, c := range t.sums {
			if (c > 0 && b.sums[i] > math.MaxInt64-c) || (c < 0 && b.sums[i] < math.MinInt64-c) {
				return &ParseError{File: name, Msg: "a beneficiary's total no longer fits in 64 bits"}
			}
			b.sums[i] += c
		}
		b.totals.Lines += t.lines
		b.totals.Counted += t.counted
		for k, v := range t.skipped {
			b.totals.Skipped[k] += v
		}
	}
	return nil
}

// all reads every remaining record of s.
func (cr *claimReader) all(s *scanner, t *tally) error {
	for {
		ok, err := s.scan()
		if err != nil || !ok {
			return err
		}
		t.lines++
		if err := cr.line(s, t); err != nil {
			return err
		}
	}
}

func (cr *claimReader) line(s *scanner, t *tally) error {
	b, l := cr.b, cr.l
	bene, err := s.field(cr.bene, l.Bene)
	if err != nil {
		return err
	}
	if len(bene) == 0 {
		return s.errorf(l.Bene, "empty: a claim line must name its beneficiary")
	}
	thru, err := cr.thruMonth(s)
	if err != nil {
		return err
	}
	f, err := s.field(cr.amt, l.Amount)
	if err != nil {
		return err
	}
	cents, err := parseCents(f)
	if err != nil {
		return s.errorf(l.Amount, "%v", err)
	}
	if cents, err = cr.adjusted(s, cents); err != nil {
		return err
	}
	if late, err := cr.late(s); err != nil || late {
		if late {
			t.skipped[SkipLate]++
		}
		return err
	}
	if f, err = s.field(cr.typ, l.Type); err != nil {
		return err
	}
	if len(b.opts.ExcludeTypes) > 0 && b.opts.ExcludeTypes[string(f)] {
		t.skipped[SkipType]++
		return nil
	}
	if thru < b.opts.First || thru > b.opts.Last {
		t.skipped[SkipOutside]++
		return nil
	}
	i, ok := b.index.get(bene)
	if !ok || b.months[i]&(1<<(thru-b.opts.First)) == 0 {
		t.skipped[SkipNotEnrolled]++
		return nil
	}
	if (cents > 0 && t.sums[i] > math.MaxInt64-cents) || (cents < 0 && t.sums[i] < math.MinInt64-cents) {
		return s.errorf(l.Amount, "the beneficiary's total no longer fits in 64 bits")
	}
	t.sums[i] += cents
	t.counted++
	return nil
}

// thruMonth reads the month of the line's service (through) date, from the
// fallback column when the layout has one and the date is empty.
func (cr *claimReader) thruMonth(s *scanner) (Month, error) {
	l := cr.l
	f, err := s.field(cr.thru, l.Thru)
	if err != nil {
		return 0, err
	}
	name := l.Thru
	if len(f) == 0 && cr.fallback >= 0 {
		name = l.ThruFallback
		if f, err = s.field(cr.fallback, name); err != nil {
			return 0, err
		}
	}
	m, err := parseMonth(f)
	if err != nil {
		return 0, s.errorf(name, "%v", err)
	}
	return m, nil
}

// adjusted applies the claim's adjustment type code, when the file has
// that column, to an amount: 0 (original) and 2 (adjustment) keep it, 1
// (cancellation) subtracts it. Leading zeros do not matter ("01" is a
// cancellation); any other code, or none, is refused rather than guessed.
func (cr *claimReader) adjusted(s *scanner, cents int64) (int64, error) {
	if cr.adj < 0 {
		return cents, nil
	}
	f, err := s.field(cr.adj, cr.l.Adjustment)
	if err != nil {
		return 0, err
	}
	if len(f) == 0 {
		return 0, s.errorf(cr.l.Adjustment, "empty: want 0 (original), 1 (cancellation) or 2 (adjustment)")
	}
	switch string(bytes.TrimLeft(f, "0")) {
	case "", "2":
		return cents, nil
	case "1":
		return -abs(cents), nil
	}
	return 0, s.errorf(cr.l.Adjustment, "unknown code %q: want 0 (original), 1 (cancellation) or 2 (adjustment)", f)
}

func abs(c int64) int64 {
	if c < 0 {
		return -c
	}
	return c
}

// late reports whether the line was loaded after the run-out. While a
// run-out applies, a line in a file with load dates must have one: without
// it the limit cannot be applied.
func (cr *claimReader) late(s *scanner) (bool, error) {
	if cr.load < 0 || cr.b.opts.RunoutMonths < 0 {
		return false, nil
	}
	f, err := s.field(cr.load, cr.l.Loaded)
	if err != nil {
		return false, err
	}
	if len(f) == 0 {
		return false, s.errorf(cr.l.Loaded, "empty: the run-out limit needs the date the claim was loaded (or set no limit, run-out -1)")
	}
	m, err := parseMonth(f)
	if err != nil {
		return false, s.errorf(cr.l.Loaded, "%v", err)
	}
	return m > cr.lastLoad, nil
}

// recordEnd returns the length of the longest prefix of data that ends
// at the end of a record: after a line break outside quotes. Blocks start
// at record boundaries, so quote parity starts even.
func recordEnd(data []byte) int {
	if bytes.IndexByte(data, '"') < 0 {
		return bytes.LastIndexByte(data, '\n') + 1
	}
	end, inQuotes := 0, false
	for i, c := range data {
		switch {
		case c == '"':
			inQuotes = !inQuotes
		case c == '\n' && !inQuotes:
			end = i + 1
		}
	}
	return end
}
