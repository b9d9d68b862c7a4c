package store

import (
	"context"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// PeriodTotals sums the current observations of every KPI of an alliance
// per period since a date: whole-alliance rows (segment "") apart from
// segment rows, so the scorecard can use a reported alliance figure or add
// segments up where that is sound.
//
// With a segment, only that segment's rows are summed.
func (db *DB) PeriodTotals(ctx context.Context, allianceID string, since time.Time, segment string) ([]accord.PeriodTotal, error) {
	return db.PeriodTotalsAsOf(ctx, allianceID, since, segment, nil)
}

// PeriodTotalsAsOf is PeriodTotals over the revisions that were current at
// asOf (nil: now). The current totals of every segment come from
// period_totals, which imports keep; a past moment or one segment is summed
// from the observations.
func (db *DB) PeriodTotalsAsOf(ctx context.Context, allianceID string, since time.Time, segment string, asOf *time.Time) ([]accord.PeriodTotal, error) {
	var out []accord.PeriodTotal
	if asOf == nil && segment == "" {
		err := db.view(ctx, func(tx *Tx) (err error) {
			out, err = tx.currentPeriodTotals(ctx, allianceID, since)
			return err
		})
		return out, err
	}
	current, args := "o.superseded_at IS NULL AND "+hasFigures, []any{allianceID}
	if asOf != nil {
		current, args = "i.created_at <= ? AND (o.superseded_at IS NULL OR o.superseded_at > ?) AND "+hasFigures, append(args, ts(*asOf), ts(*asOf))
	}
	args = append(args, obsPeriod(db.dialect, dayOf(since)))
	where := ""
	if segment != "" {
		where, args = " AND o.segment = ?", append(args, segment)
	}
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanPeriodTotal, `SELECT k.id, o.period, CASE WHEN o.segment = '' THEN 1 ELSE 0 END AS whole,
			SUM(o.value), SUM(o.numerator), SUM(o.denominator), COUNT(*), MAX(i.created_at)
			FROM observations o JOIN kpis k ON k.seq = o.kpi_seq JOIN imports i ON i.seq = o.import_seq
			WHERE k.alliance_id = ? AND `+current+` AND o.period >= ?`+where+`
			GROUP BY k.id, o.period, CASE WHEN o.segment = '' THEN 1 ELSE 0 END
			ORDER BY k.id, o.period, whole`, args...)
		return err
	})
	return out, err
}

// ProvisionalPoints lists the series points of the alliance's KPIs, from
// since on, whose figure current at asOf (nil: now) is provisional (a
// pending FHIR report's), for the scorecard to mark the tiles whose latest
// figure is not final. Few figures are provisional, and since is the
// latest period the tiles show, so this reads only the newest periods.
func (db *DB) ProvisionalPoints(ctx context.Context, allianceID string, since time.Time, asOf *time.Time) ([]accord.ObservationKey, error) {
	current, args := "o.superseded_at IS NULL", []any{allianceID, true, obsPeriod(db.dialect, dayOf(since))}
	if asOf != nil {
		current, args = "i.created_at <= ? AND (o.superseded_at IS NULL OR o.superseded_at > ?)", append(args, ts(*asOf), ts(*asOf))
	}
	var out []accord.ObservationKey
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, func(s scanner) (accord.ObservationKey, error) {
			var k accord.ObservationKey
			return k, s.Scan(&k.KPIID, periodCol{&k.Period}, &k.Segment)
		}, `SELECT k.id, o.period, o.segment FROM observations o JOIN kpis k ON k.seq = o.kpi_seq JOIN imports i ON i.seq = o.import_seq
			WHERE k.alliance_id = ? AND o.provisional = ? AND o.period >= ? AND `+current+` AND `+hasFigures+`
			ORDER BY k.id, o.period, o.segment`, args...)
		return err
	})
	return out, err
}

// scanPeriodTotal reads a row of kpi_id, period, whole, the three sums, the
// number of observations and the last time one was recorded.
func scanPeriodTotal(s scanner) (accord.PeriodTotal, error) {
	var p accord.PeriodTotal
	var whole int
	err := s.Scan(&p.KPIID, periodCol{&p.Period}, &whole, decCol{&p.Value}, decCol{&p.Numerator}, decCol{&p.Denominator}, &p.Count, timeCol{&p.LastRecorded})
	p.Whole = whole == 1
	return p, err
}

// LatestPeriods returns, per KPI of the alliance that has data, the latest
// period with a current observation and when data last arrived, for
// freshness. Imports keep both on the KPI row, so this reads no observations.
func (db *DB) LatestPeriods(ctx context.Context, allianceID string) (map[string]accord.Freshness, error) {
	out := map[string]accord.Freshness{}
	err := db.view(ctx, func(tx *Tx) error {
		rs, err := tx.query(ctx, `SELECT id, latest_period, last_recorded_at FROM kpis WHERE alliance_id = ? AND latest_period IS NOT NULL`, allianceID)
		if err != nil {
			return err
		}
		defer rs.Close()
		for rs.Next() {
			var id string
			var f accord.Freshness
			if err := rs.Scan(&id, timeCol{&f.LatestPeriod}, timeCol{&f.LastRecorded}); err != nil {
				return err
			}
			out[id] = f
		}
		return rs.Err()
	})
	return out, err
}

// bumpScorecard marks the alliance's scorecard as changed, in the caller's
// transaction, so cached renderings are not used again.
func (tx *Tx) bumpScorecard(ctx context.Context, allianceID string) error {
	_, err := tx.exec(ctx, `INSERT INTO scorecard_versions (alliance_id, version) VALUES (?, 1)
		ON CONFLICT (alliance_id) DO UPDATE SET version = scorecard_versions.version + 1`, allianceID)
	return err
}

// AddAnnotation marks a period of a KPI with a short note for its charts.
func (db *DB) AddAnnotation(ctx context.Context, actor accord.Actor, allianceID string, a *accord.Annotation) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		a.ID, a.CreatedAt, a.CreatedBy = newID(), tx.now, actor.Name
		if _, err := tx.exec(ctx, "INSERT INTO annotations (id, kpi_id, period, label, new_phase, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			a.ID, a.KPIID, day(a.Period), a.Label, bit(a.NewPhase), nullStr(actor.UserID), ts(tx.now)); err != nil {
			return err
		}
		if err := tx.bumpScorecard(ctx, allianceID); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: "create", entity: "annotation", entityID: a.ID, after: a})
	})
}

// Annotations lists a KPI's annotations by period.
func (db *DB) Annotations(ctx context.Context, kpiID string) ([]accord.Annotation, error) {
	var out []accord.Annotation
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanAnnotation, `SELECT a.id, a.kpi_id, a.period, a.label, a.new_phase, COALESCE(u.name, ''), a.created_at FROM annotations a
			LEFT JOIN users u ON u.id = a.created_by WHERE a.kpi_id = ? ORDER BY a.period`, kpiID)
		return err
	})
	return out, err
}

func scanAnnotation(s scanner) (accord.Annotation, error) {
	var a accord.Annotation
	err := s.Scan(&a.ID, &a.KPIID, timeCol{&a.Period}, &a.Label, &a.NewPhase, &a.CreatedBy, timeCol{&a.CreatedAt})
	return a, err
}

// Segments lists the segment names an alliance's current observations use
// since a date (the scorecard offers those of its own window), from
// kpi_segments, which imports keep.
func (db *DB) Segments(ctx context.Context, allianceID string, since time.Time) ([]string, error) {
	var out []string
	err := db.view(ctx, func(tx *Tx) (err error) {
		out, err = tx.strings(ctx, `SELECT DISTINCT s.segment FROM kpi_segments s JOIN kpis k ON k.id = s.kpi_id
			WHERE k.alliance_id = ? AND s.last_period >= ? ORDER BY s.segment`, allianceID, day(since))
		return err
	})
	return out, err
}
