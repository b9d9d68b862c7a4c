package store

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
)

// importRow is one checked row of an import.
type importRow struct {
	in  int32 // its position in the request (which holds its source)
	kpi int32 // its KPI's position in the alliance's list
	day int32 // the start of its period, in days since 1970-01-01
	// What the plan found: the revision to write (0: unchanged) and the
	// current revision it supersedes (nil for a new series point).
	revision        int32
	replaces        *currentRev
	segment         string
	value, num, den *number.Decimal
	provisional     bool
	// keptFinal marks a provisional row left out because the series point
	// already has a final figure: a pending report never replaces one.
	keptFinal bool
}

// dayOf and dayTime convert between a period's start and its day number.
func dayOf(t time.Time) int32 { return int32(t.Unix() / 86400) }

func dayTime(d int32) time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

func (r *importRow) period() time.Time { return dayTime(r.day) }

// sameAs reports whether the row carries the current revision's figures,
// provisional as it is or final as it is: a final figure equal to a
// provisional one is still a new revision, which makes it final.
func (r *importRow) sameAs(c *currentRev) bool {
	eq := func(a, b *number.Decimal) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }
	return eq(r.value, c.value) && eq(r.num, c.num) && eq(r.den, c.den) && r.provisional == c.provisional
}

// resolveRows checks each row against its KPI at the moment now and finds rows that repeat
// a series point of an earlier row. The rows come back ordered by KPI number,
// period and segment: the order of the observations' key. Errors
// come in the order of the request.
//
// A large import is checked in parts on all processors: checking is pure,
// and the parts are joined in order, so the outcome is the same.
func resolveRows(kpis []accord.KPI, seqs []int64, req accord.ImportRequest, now time.Time) ([]importRow, []accord.RowError) {
	byKey := make(map[string]int32, len(kpis))
	for i := range kpis {
		byKey[kpis[i].Key] = int32(i)
	}
	parts := make([]resolved, inParts(len(req.Rows)))
	inParallel(len(req.Rows), len(parts), func(p, lo, hi int) {
		parts[p] = resolveSome(kpis, byKey, req, now, lo, hi)
	})
	rows, errs, errAt := parts[0].rows, parts[0].errs, parts[0].errAt
	if len(parts) > 1 {
		rows, errs, errAt = make([]importRow, 0, len(req.Rows)), nil, nil
		for _, p := range parts {
			rows, errs, errAt = append(rows, p.rows...), append(errs, p.errs...), append(errAt, p.errAt...)
		}
	}
	return repeats(req, sortRows(rows, kpiRanks(seqs)), errs, errAt)
}

// resolved is what checking part of a request found.
type resolved struct {
	rows  []importRow
	errs  []accord.RowError
	errAt []int32 // the position in the request of each error's row
}

func resolveSome(kpis []accord.KPI, byKey map[string]int32, req accord.ImportRequest, now time.Time, lo, hi int) resolved {
	res := resolved{rows: make([]importRow, 0, hi-lo)}
	for i := lo; i < hi; i++ {
		in := &req.Rows[i]
		ki, ok := byKey[in.KPI]
		var rerr *accord.RowError
		switch {
		case !ok:
			rerr = &accord.RowError{File: req.Filename, Line: in.Line, Field: "kpi", Message: fmt.Sprintf("%q is not a KPI of this alliance", in.KPI)}
		case req.PartyID != "" && kpis[ki].OwnerPartyID != req.PartyID:
			k := &kpis[ki]
			rerr = &accord.RowError{File: req.Filename, Line: in.Line, Field: "kpi", Message: fmt.Sprintf("KPI %q is reported by %s; only its people or an alliance admin can submit its data", k.Key, k.OwnerName)}
		default:
			var o accord.Observation
			if o, rerr = kpis[ki].Resolve(*in, req.Filename, now); rerr == nil {
				res.rows = append(res.rows, importRow{in: int32(i), kpi: ki, day: dayOf(o.Period), segment: o.Segment, value: o.Value, num: o.Numerator, den: o.Denominator, provisional: o.Provisional})
				continue
			}
		}
		res.errs, res.errAt = append(res.errs, *rerr), append(res.errAt, int32(i))
	}
	return res
}

// inParts says in how many parts to work on n rows: one per processor for
// a large import, one otherwise.
func inParts(n int) int {
	if n < 1<<15 {
		return 1
	}
	return min(runtime.GOMAXPROCS(0), 8)
}

// inParallel calls fn on parts contiguous ranges of [0, n), at once.
func inParallel(n, parts int, fn func(part, lo, hi int)) {
	if parts <= 1 {
		fn(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	for p := 0; p < parts; p++ {
		wg.Go(func() { fn(p, n*p/parts, n*(p+1)/parts) })
	}
	wg.Wait()
}

// sortRows orders rows by KPI number, period, segment and position in the
// request. Files mostly come grouped by KPI and period already, so it
// buckets rows by KPI (stable, in linear time) and sorts only what is out
// of order within a KPI, or within one of its periods.
func sortRows(rows []importRow, rank []int32) []importRow {
	if !slices.IsSortedFunc(rows, func(a, b importRow) int { return cmp.Compare(rank[a.kpi], rank[b.kpi]) }) {
		start := make([]int, len(rank)+1)
		for i := range rows {
			start[rank[rows[i].kpi]+1]++
		}
		for r := 1; r < len(start); r++ {
			start[r] += start[r-1]
		}
		out := make([]importRow, len(rows))
		for i := range rows {
			r := rank[rows[i].kpi]
			out[start[r]] = rows[i]
			start[r]++
		}
		rows = out
	}
	// Sort each KPI's rows, the KPIs in parts on all processors.
	var runs []int // where each KPI's rows start, and the end
	for i := range rows {
		if i == 0 || rows[i].kpi != rows[i-1].kpi {
			runs = append(runs, i)
		}
	}
	runs = append(runs, len(rows))
	inParallel(len(runs)-1, inParts(len(rows)), func(_, lo, hi int) {
		for k := lo; k < hi; k++ {
			sortKPIRun(rows[runs[k]:runs[k+1]])
		}
	})
	return rows
}

// sortKPIRun orders one KPI's rows by period, segment and position.
func sortKPIRun(run []importRow) {
	if slices.IsSortedFunc(run, byPeriodSegment) {
		return
	}
	if !slices.IsSortedFunc(run, func(a, b importRow) int { return cmp.Compare(a.day, b.day) }) {
		slices.SortFunc(run, byPeriodSegment)
		return
	}
	for lo := 0; lo < len(run); {
		hi := lo + 1
		for hi < len(run) && run[hi].day == run[lo].day {
			hi++
		}
		slices.SortFunc(run[lo:hi], byPeriodSegment)
		lo = hi
	}
}

func byPeriodSegment(a, b importRow) int {
	if a.day != b.day {
		return cmp.Compare(a.day, b.day)
	}
	if c := strings.Compare(a.segment, b.segment); c != 0 {
		return c
	}
	return cmp.Compare(a.in, b.in)
}

// kpiRanks orders KPIs by number, as the observations' key does.
func kpiRanks(seqs []int64) []int32 {
	order := make([]int32, len(seqs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(seqs[a], seqs[b]) })
	rank := make([]int32, len(seqs))
	for r, i := range order {
		rank[i] = int32(r)
	}
	return rank
}

// repeats names every row that repeats the series point of an earlier
// valid row (rows are sorted, so a repeat follows its first row), and
// returns all errors in the order of the request (errAt holds the position
// of each error's row).
func repeats(req accord.ImportRequest, rows []importRow, errs []accord.RowError, errAt []int32) ([]importRow, []accord.RowError) {
	type posErr struct {
		at int32
		e  accord.RowError
	}
	var all []posErr
	first := 0
	for i := 1; i < len(rows); i++ {
		a, b := &rows[first], &rows[i]
		if a.kpi != b.kpi || a.day != b.day || a.segment != b.segment {
			first = i
			continue
		}
		if all == nil {
			for j, e := range errs {
				all = append(all, posErr{errAt[j], e})
			}
		}
		all = append(all, posErr{b.in, accord.RowError{File: req.Filename, Line: req.Rows[b.in].Line, Field: "period",
			Message: fmt.Sprintf("repeats line %d: the same KPI, period and segment", req.Rows[a.in].Line)}})
	}
	if all == nil {
		return rows, errs
	}
	slices.SortStableFunc(all, func(a, b posErr) int { return cmp.Compare(a.at, b.at) })
	errs = errs[:0]
	for _, pe := range all {
		errs = append(errs, pe.e)
	}
	return rows, errs
}
