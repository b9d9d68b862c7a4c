package ingest

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/importcsv"
)

// checkParsed adds, to a file that already has rows that cannot be read,
// what is wrong with the rows that could: without it, a file with a
// mistyped number and a row for an unknown KPI reported only the number,
// and the next upload only the KPI. A file whose rows all read is checked
// by the store, which also knows who may report each KPI and which rows
// repeat one another.
func checkParsed(res *Result, filename string, kpis []accord.KPI, now time.Time) {
	if len(res.Errors) == 0 || len(res.Errors) >= importcsv.MaxErrors {
		return
	}
	byKey := make(map[string]*accord.KPI, len(kpis))
	for i := range kpis {
		byKey[kpis[i].Key] = &kpis[i]
	}
	for _, in := range res.Rows {
		k, ok := byKey[in.KPI]
		if !ok {
			res.Errors = append(res.Errors, accord.RowError{File: filename, Line: in.Line, Field: "kpi", Message: fmt.Sprintf("%q is not a KPI of this alliance", in.KPI)})
			continue
		}
		if _, rerr := k.Resolve(in, filename, now); rerr != nil {
			res.Errors = append(res.Errors, *rerr)
		}
	}
	slices.SortStableFunc(res.Errors, func(a, b accord.RowError) int { return cmp.Compare(a.Line, b.Line) })
}

// leaveOutRefused moves the rows of a file read in parts that their KPI
// would refuse (a period out of its bounds, a segment for a KPI without
// segments, …) to LeftOut, naming the row, so that the store is handed
// only rows it takes. A file of which nothing is left is refused.
func leaveOutRefused(res *Result, filename string, kpis []accord.KPI, now time.Time) {
	byKey := make(map[string]*accord.KPI, len(kpis))
	for i := range kpis {
		byKey[kpis[i].Key] = &kpis[i]
	}
	kept := res.Rows[:0]
	for _, in := range res.Rows {
		k, ok := byKey[in.KPI]
		if !ok {
			res.LeftOut = append(res.LeftOut, accord.RowError{File: filename, Line: in.Line, Field: "kpi", Message: fmt.Sprintf("left out: %q is not a KPI of this alliance", in.KPI)})
			continue
		}
		if _, rerr := k.Resolve(in, filename, now); rerr != nil {
			rerr.Message = fmt.Sprintf("left out: KPI %s, period %s, segment %q: %s", in.KPI, in.Period, in.Segment, rerr.Message)
			res.LeftOut = append(res.LeftOut, *rerr)
			continue
		}
		kept = append(kept, in)
	}
	res.Rows = kept
	slices.SortStableFunc(res.LeftOut, func(a, b accord.RowError) int { return cmp.Compare(a.Line, b.Line) })
	if len(res.Rows) == 0 && len(res.LeftOut) > 0 && len(res.Errors) == 0 {
		res.Errors = append(res.Errors, accord.RowError{File: filename, Message: "nothing in the file can be imported: every report or part of one was left out (see the reasons listed)"})
	}
}
