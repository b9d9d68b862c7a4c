package store

import (
	"context"
	"fmt"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// hasFigures is the condition of an observation that is a figure, not a
// withdrawal (a revision without figures: imports always write one).
const hasFigures = "(o.value IS NOT NULL OR o.numerator IS NOT NULL OR o.denominator IS NOT NULL)"

// WithdrawObservation withdraws the current figure of one KPI, period and
// segment: it writes the next revision without figures (its source is the
// reason), recorded as an import of its own, so the history keeps the
// figure and who withdrew it and when, and views as of earlier moments
// still show it. In the same transaction it takes the figure out of
// period_totals, keeps kpi_segments and the KPI's latest period to the
// figures left, bumps the scorecard and writes the audit entry. It returns
// the withdrawn revision.
func (db *DB) WithdrawObservation(ctx context.Context, actor accord.Actor, w accord.Withdrawal) (accord.Observation, error) {
	if err := w.Check(); err != nil {
		return accord.Observation{}, err
	}
	var old accord.Observation
	err := db.update(ctx, func(tx *Tx) error {
		k, seq, err := tx.kpiForWithdrawal(ctx, w)
		if err != nil {
			return err
		}
		period, err := k.Frequency.ParsePeriod(w.Period)
		if err != nil {
			return accord.FieldError("period", "%s", accord.ErrorMessage(err))
		}
		if err := tx.lockKPIs(ctx, []string{k.ID}); err != nil {
			return err
		}
		cur, err := tx.currentRevisions(ctx, seq, dayOf(period), dayOf(period))
		if err != nil {
			return err
		}
		at := -1
		for i := range cur {
			if cur[i].segment == w.Segment {
				at = i
			}
		}
		switch {
		case at < 0:
			return accord.Errorf(accord.ENOTFOUND, "KPI %q has no figure for %s%s", k.Key, k.Frequency.FormatPeriod(period), segmentText(w.Segment))
		case cur[at].withdrawn():
			return accord.Errorf(accord.ECONFLICT, "the figure of %s%s is withdrawn already", k.Frequency.FormatPeriod(period), segmentText(w.Segment))
		}
		old = accord.Observation{KPIID: k.ID, Period: period, Segment: w.Segment, Value: cur[at].value, Numerator: cur[at].num,
			Denominator: cur[at].den, Revision: int(cur[at].revision)}
		return tx.writeWithdrawal(ctx, actor, k, seq, &cur[at], w)
	})
	return old, err
}

// segmentText names a segment in a message ("" is the whole alliance).
func segmentText(seg string) string {
	if seg == "" {
		return " for the whole alliance"
	}
	return " in " + seg
}

// kpiForWithdrawal finds the withdrawal's KPI and its number.
func (tx *Tx) kpiForWithdrawal(ctx context.Context, w accord.Withdrawal) (accord.KPI, int64, error) {
	list, err := tx.listKPIs(ctx, w.AllianceID, accord.KPIFilter{Key: w.KPIKey})
	if err != nil {
		return accord.KPI{}, 0, err
	}
	if len(list) == 0 {
		return accord.KPI{}, 0, accord.Errorf(accord.ENOTFOUND, "KPI %q not found", w.KPIKey)
	}
	seqs, err := tx.kpiSeqs(ctx, w.AllianceID, list)
	return list[0], seqs[0], err
}

// writeWithdrawal writes the revision without figures over cur and keeps
// what imports keep with the observations.
func (tx *Tx) writeWithdrawal(ctx context.Context, actor accord.Actor, k accord.KPI, seq int64, cur *currentRev, w accord.Withdrawal) error {
	importID := newID()
	_, err := tx.exec(ctx, `INSERT INTO imports (id, alliance_id, format, filename, sha256, rows_read, rows_new, rows_revised, rows_unchanged,
		created_by, created_name, created_at, source) VALUES (?, ?, 'withdrawal', '', '', 1, 0, 1, 0, ?, ?, ?, ?)`,
		importID, w.AllianceID, nullStr(actor.UserID), actor.Name, ts(tx.now), w.Reason)
	if err != nil {
		return err
	}
	var importSeq int64
	if err := tx.queryRow(ctx, `SELECT seq FROM imports WHERE id = ?`, importID).Scan(&importSeq); err != nil {
		return err
	}
	if err := tx.supersede(ctx, []obsKey{{seq, cur.day, cur.segment, cur.revision}}, tx.now); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `INSERT INTO observations (kpi_seq, period, segment, revision, import_seq) VALUES (?, ?, ?, ?, ?)`,
		seq, obsPeriod(tx.dialect, cur.day), cur.segment, cur.revision+1, importSeq); err != nil {
		return fmt.Errorf("write the withdrawal: %w", err)
	}
	row := importRow{kpi: 0, day: cur.day, segment: cur.segment, revision: cur.revision + 1, replaces: cur}
	if err := tx.addPeriodTotals(ctx, []accord.KPI{k}, []importRow{row}, tx.now); err != nil {
		return err
	}
	if err := tx.recountLatest(ctx, k.ID, seq, cur.segment); err != nil {
		return err
	}
	if err := tx.bumpScorecard(ctx, w.AllianceID); err != nil {
		return err
	}
	return tx.audit(ctx, actor, change{allianceID: w.AllianceID, action: "withdraw", entity: "observation", entityID: importID,
		before: map[string]any{"kpi": k.Key, "period": k.Frequency.FormatPeriod(dayTime(cur.day)), "segment": cur.segment, "revision": cur.revision,
			"value": decPtr(cur.value), "numerator": decPtr(cur.num), "denominator": decPtr(cur.den)},
		after: map[string]any{"revision": cur.revision + 1, "withdrawn": true, "reason": w.Reason}})
}

// recountLatest sets the KPI's latest period, and the latest period of the
// segment in kpi_segments (or takes the segment out), to the figures left
// after a withdrawal: unlike an import, a withdrawal can make them earlier.
func (tx *Tx) recountLatest(ctx context.Context, kpiID string, seq int64, segment string) error {
	latest := func(where string, args ...any) (*string, error) {
		var got nullPeriod
		err := tx.queryRow(ctx, `SELECT MAX(o.period) FROM observations o WHERE o.kpi_seq = ? AND o.superseded_at IS NULL AND `+hasFigures+where,
			append([]any{seq}, args...)...).Scan(&got)
		if err != nil || !got.ok {
			return nil, err
		}
		d := day(got.t)
		return &d, nil
	}
	kp, err := latest("")
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `UPDATE kpis SET latest_period = ? WHERE id = ?`, kp, kpiID); err != nil {
		return err
	}
	if segment == "" {
		return nil
	}
	sp, err := latest(" AND o.segment = ?", segment)
	switch {
	case err != nil:
		return err
	case sp == nil:
		_, err = tx.exec(ctx, `DELETE FROM kpi_segments WHERE kpi_id = ? AND segment = ?`, kpiID, segment)
	default:
		_, err = tx.exec(ctx, `UPDATE kpi_segments SET last_period = ? WHERE kpi_id = ? AND segment = ?`, *sp, kpiID, segment)
	}
	return err
}

// nullPeriod scans a period that may be NULL (the latest of no rows).
type nullPeriod struct {
	t  time.Time
	ok bool
}

func (n *nullPeriod) Scan(v any) error {
	if v == nil {
		n.ok = false
		return nil
	}
	n.ok = true
	return periodCol{&n.t}.Scan(v)
}
