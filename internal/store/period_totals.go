package store

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
)

// period_totals (migration 0014) holds, per KPI, period and kind of row
// (the whole alliance's, or the segments'), the sums of the current
// observations: what the scorecard shows, in a few rows a KPI instead of
// one per segment. Every import adds what it changes in the transaction
// that writes the observations, so the totals never disagree with them;
// TestPeriodTotalsFollowImports checks them against a GROUP BY of the
// observations after every kind of import.

// totalsDelta is what one import changes in one row of period_totals.
type totalsDelta struct {
	kpi    int32 // the KPI's position in the alliance's list
	day    int32
	whole  bool
	sums   [3]int64 // value, numerator, denominator
	counts [3]int64 // how many rows have each figure
	points int64
}

// add adds (sign 1) or takes away (sign −1) one observation's figures.
func (d *totalsDelta) add(sign int64, figures [3]*number.Decimal) error {
	for i, f := range figures {
		if f == nil {
			continue
		}
		v := sign * int64(*f)
		s := d.sums[i] + v
		if (v > 0 && s < d.sums[i]) || (v < 0 && s > d.sums[i]) || v == math.MinInt64 {
			return fmt.Errorf("the totals of a period overflow")
		}
		d.sums[i], d.counts[i] = s, d.counts[i]+sign
	}
	return nil
}

// periodDeltas sums up what a planned import changes per KPI, period and
// kind of row: each new revision's figures in, the figures of the revision
// it supersedes out. The rows are ordered by KPI, period and segment, and
// the whole alliance's row (segment "") comes first in its period, so each
// delta is built from consecutive rows.
func periodDeltas(rows []importRow) ([]totalsDelta, error) {
	var out []totalsDelta
	for i := range rows {
		r := &rows[i]
		if r.revision == 0 {
			continue
		}
		whole := r.segment == ""
		if n := len(out); n == 0 || out[n-1].kpi != r.kpi || out[n-1].day != r.day || out[n-1].whole != whole {
			out = append(out, totalsDelta{kpi: r.kpi, day: r.day, whole: whole})
		}
		d := &out[len(out)-1]
		if err := d.add(1, [3]*number.Decimal{r.value, r.num, r.den}); err != nil {
			return nil, err
		}
		// points counts the figures: a withdrawal (a revision without
		// figures) takes its figure's point away, a figure written over a
		// withdrawal brings it back.
		if r.value != nil || r.num != nil || r.den != nil {
			d.points++
		}
		if w := r.replaces; w != nil && !w.withdrawn() {
			if err := d.add(-1, [3]*number.Decimal{w.value, w.num, w.den}); err != nil {
				return nil, err
			}
			d.points--
		}
	}
	return out, nil
}

// periodTotalsColumns are the columns addPeriodTotals writes, in order.
var periodTotalsColumns = []string{"kpi_id", "period", "whole", "value_sum", "value_n", "numerator_sum", "numerator_n",
	"denominator_sum", "denominator_n", "points", "last_recorded_at"}

// addPeriodTotals adds a planned import's changes to period_totals (a row
// that exists is added to, a new one inserted) and notes the segments it
// writes in kpi_segments.
func (tx *Tx) addPeriodTotals(ctx context.Context, kpis []accord.KPI, rows []importRow, now time.Time) error {
	deltas, err := periodDeltas(rows)
	if err != nil {
		return err
	}
	var set []string
	for _, c := range periodTotalsColumns[3:10] {
		set = append(set, c+" = period_totals."+c+" + excluded."+c)
	}
	set = append(set, "last_recorded_at = "+later("period_totals", "last_recorded_at"))
	stamp := ts(now)
	err = tx.upsert(ctx, "period_totals", periodTotalsColumns, "kpi_id, period, whole", strings.Join(set, ", "), len(deltas),
		func(i int, args []any) []any {
			d := &deltas[i]
			whole := 0
			if d.whole {
				whole = 1
			}
			return append(args, kpis[d.kpi].ID, day(dayTime(d.day)), whole, d.sums[0], d.counts[0], d.sums[1], d.counts[1],
				d.sums[2], d.counts[2], d.points, stamp)
		})
	if err != nil {
		return fmt.Errorf("period totals: %w", err)
	}
	segs := newSegments(rows)
	err = tx.upsert(ctx, "kpi_segments", []string{"kpi_id", "segment", "last_period"}, "kpi_id, segment",
		"last_period = "+later("kpi_segments", "last_period"), len(segs),
		func(i int, args []any) []any {
			return append(args, kpis[segs[i].kpi].ID, segs[i].segment, day(dayTime(segs[i].day)))
		})
	if err != nil {
		return fmt.Errorf("segments: %w", err)
	}
	return nil
}

// later is the later of a column's value in a row and in the row an upsert
// would insert.
func later(table, col string) string {
	return "CASE WHEN excluded." + col + " > " + table + "." + col + " THEN excluded." + col + " ELSE " + table + "." + col + " END"
}

// segmentSeen is a segment a KPI has a new revision in, and the latest
// period of those revisions.
type segmentSeen struct {
	kpi     int32
	day     int32
	segment string
}

// newSegments lists, per KPI, the segments the rows write a figure in,
// with the latest period of each. Rows are ordered by KPI and period, so
// a segment's last row in its KPI has its latest period.
func newSegments(rows []importRow) []segmentSeen {
	var out []segmentSeen
	at := map[string]int{} // position in out of each segment of the current KPI
	for i := range rows {
		r := &rows[i]
		if i > 0 && r.kpi != rows[i-1].kpi {
			clear(at)
		}
		if r.revision == 0 || r.segment == "" || r.value == nil && r.num == nil && r.den == nil {
			continue
		}
		if j, ok := at[r.segment]; ok {
			out[j].day = r.day
			continue
		}
		at[r.segment] = len(out)
		out = append(out, segmentSeen{kpi: r.kpi, day: r.day, segment: r.segment})
	}
	return out
}

// upsert writes n rows into a table, 256 a statement; a row whose conflict
// columns match one already there updates it by set instead. row appends
// the i-th row's values, in the order of cols, to args.
func (tx *Tx) upsert(ctx context.Context, table string, cols []string, conflict, set string, n int, row func(i int, args []any) []any) error {
	const batch = 256
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	for start := 0; start < n; start += batch {
		end := min(start+batch, n)
		args := make([]any, 0, (end-start)*len(cols))
		for i := start; i < end; i++ {
			args = row(i, args)
		}
		q := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " +
			strings.TrimSuffix(strings.Repeat(one+", ", end-start), ", ") +
			" ON CONFLICT (" + conflict + ") DO UPDATE SET " + set
		if _, err := tx.exec(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// selectPeriodTotals reads the rows of period_totals of an alliance's KPIs
// as scanPeriodTotal takes them; callers add conditions and the order.
const selectPeriodTotals = `SELECT t.kpi_id, t.period, t.whole,
		CASE WHEN t.value_n > 0 THEN t.value_sum END, CASE WHEN t.numerator_n > 0 THEN t.numerator_sum END,
		CASE WHEN t.denominator_n > 0 THEN t.denominator_sum END, t.points, t.last_recorded_at
	FROM period_totals t JOIN kpis k ON k.id = t.kpi_id
	WHERE k.alliance_id = ? AND t.points > 0`

// currentPeriodTotals reads the totals of every KPI of an alliance since a
// date from period_totals: PeriodTotals for the current revisions of every
// segment.
func (tx *Tx) currentPeriodTotals(ctx context.Context, allianceID string, since time.Time) ([]accord.PeriodTotal, error) {
	return queryAll(ctx, tx, scanPeriodTotal, selectPeriodTotals+" AND t.period >= ? ORDER BY t.kpi_id, t.period, t.whole", allianceID, day(since))
}
