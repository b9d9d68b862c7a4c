package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// ImportObservations validates every row and, only if all are valid,
// writes them in one transaction: a row whose figures equal the current
// revision changes nothing (so a file can be imported twice), a row that
// differs becomes a new revision and the old one is kept as superseded.
// One audit entry records the import.
func (db *DB) ImportObservations(ctx context.Context, actor accord.Actor, req accord.ImportRequest) (accord.ImportReport, error) {
	rep := accord.ImportReport{DryRun: req.DryRun, Rows: len(req.Rows)}
	run := db.update
	if req.DryRun {
		run = db.view
	}
	err := run(ctx, func(tx *Tx) error {
		kpis, err := tx.listKPIs(ctx, req.AllianceID, accord.KPIFilter{})
		if err != nil {
			return err
		}
		obs, errs := resolveRows(kpis, req)
		if len(errs) > 0 {
			rep.Errors = errs
			return nil
		}
		plan, err := tx.planImport(ctx, obs)
		if err != nil {
			return err
		}
		rep.New, rep.Revised, rep.Unchanged, rep.KPIs = plan.counts(kpis)
		if req.DryRun {
			return nil
		}
		return tx.applyImport(ctx, actor, req, plan, &rep)
	})
	return rep, err
}

// resolveRows checks each row against its KPI and finds rows that repeat
// a series point of an earlier row.
func resolveRows(kpis []accord.KPI, req accord.ImportRequest) ([]accord.Observation, []accord.RowError) {
	byKey := make(map[string]*accord.KPI, len(kpis))
	for i := range kpis {
		byKey[kpis[i].Key] = &kpis[i]
	}
	seen := make(map[accord.ObservationKey]int, len(req.Rows))
	var out []accord.Observation
	var errs []accord.RowError
	for _, in := range req.Rows {
		k := byKey[in.KPI]
		if k == nil {
			errs = append(errs, accord.RowError{File: req.Filename, Line: in.Line, Field: "kpi", Message: fmt.Sprintf("%q is not a KPI of this alliance", in.KPI)})
			continue
		}
		if req.PartyID != "" && k.OwnerPartyID != req.PartyID {
			errs = append(errs, accord.RowError{File: req.Filename, Line: in.Line, Field: "kpi", Message: fmt.Sprintf("KPI %q is reported by %s; only its people or an alliance admin can submit its data", k.Key, k.OwnerName)})
			continue
		}
		o, rerr := k.Resolve(in, req.Filename)
		if rerr != nil {
			errs = append(errs, *rerr)
			continue
		}
		if first, dup := seen[o.Key()]; dup {
			errs = append(errs, accord.RowError{File: req.Filename, Line: in.Line, Field: "period", Message: fmt.Sprintf("repeats line %d: the same KPI, period and segment", first)})
			continue
		}
		seen[o.Key()] = in.Line
		out = append(out, o)
	}
	return out, errs
}

type current struct {
	id       string
	revision int
	obs      accord.Observation
}

type importPlan struct {
	rows     []accord.Observation
	existing map[accord.ObservationKey]current
}

func (p importPlan) counts(kpis []accord.KPI) (n, rev, same int, keys []string) {
	touched := map[string]bool{}
	for _, o := range p.rows {
		c, ok := p.existing[o.Key()]
		switch {
		case !ok:
			n++
		case c.obs.SameFigures(o):
			same++
			continue
		default:
			rev++
		}
		touched[o.KPIID] = true
	}
	for _, k := range kpis {
		if touched[k.ID] {
			keys = append(keys, k.Key)
		}
	}
	sort.Strings(keys)
	return n, rev, same, keys
}

// planImport loads the current revision of every series point the rows touch.
func (tx *Tx) planImport(ctx context.Context, rows []accord.Observation) (importPlan, error) {
	plan := importPlan{rows: rows, existing: map[accord.ObservationKey]current{}}
	span := map[string][2]time.Time{}
	for _, o := range rows {
		s, ok := span[o.KPIID]
		if !ok || o.Period.Before(s[0]) {
			s[0] = o.Period
		}
		if !ok || o.Period.After(s[1]) {
			s[1] = o.Period
		}
		span[o.KPIID] = s
	}
	for kpiID, s := range span {
		rs, err := tx.query(ctx, `SELECT id, period, segment, value, numerator, denominator, revision FROM observations
			WHERE kpi_id = ? AND superseded_at IS NULL AND period >= ? AND period <= ?`, kpiID, day(s[0]), day(s[1]))
		if err != nil {
			return plan, err
		}
		for rs.Next() {
			c := current{obs: accord.Observation{KPIID: kpiID}}
			if err := rs.Scan(&c.id, timeCol{&c.obs.Period}, &c.obs.Segment, decCol{&c.obs.Value}, decCol{&c.obs.Numerator}, decCol{&c.obs.Denominator}, &c.revision); err != nil {
				rs.Close()
				return plan, err
			}
			plan.existing[c.obs.Key()] = c
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return plan, err
		}
	}
	return plan, nil
}

func (tx *Tx) applyImport(ctx context.Context, actor accord.Actor, req accord.ImportRequest, plan importPlan, rep *accord.ImportReport) error {
	ins := tx.newBatchInsert(`INSERT INTO observations (id, kpi_id, period, segment, value, numerator, denominator, revision, source, submitted_by, submitted_name, import_id, recorded_at) VALUES `, 13, 64)
	importID, now := newID(), ts(tx.now)
	var superseded []string
	submitter := nullStr(actor.UserID)
	for _, o := range plan.rows {
		rev := 1
		if c, ok := plan.existing[o.Key()]; ok {
			if c.obs.SameFigures(o) {
				continue
			}
			superseded = append(superseded, c.id)
			rev = c.revision + 1
		}
		if err := ins.add(ctx, newID(), o.KPIID, day(o.Period), o.Segment, decPtr(o.Value), decPtr(o.Numerator), decPtr(o.Denominator),
			rev, o.Source, submitter, actor.Name, importID, now); err != nil {
			return fmt.Errorf("insert observations: %w", err)
		}
	}
	if err := tx.supersede(ctx, superseded, now); err != nil {
		return err
	}
	if err := ins.flush(ctx); err != nil {
		return fmt.Errorf("insert observations: %w", err)
	}
	var err error
	_, err = tx.exec(ctx, `INSERT INTO imports (id, alliance_id, format, filename, sha256, rows_read, rows_new, rows_revised, rows_unchanged, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, importID, req.AllianceID, req.Format, req.Filename, req.SHA256, rep.Rows, rep.New, rep.Revised, rep.Unchanged, nullStr(actor.UserID), now)
	if err != nil {
		return err
	}
	rep.ImportID = importID
	if err := tx.noteLatest(ctx, plan.rows, now); err != nil {
		return err
	}
	if err := tx.bumpScorecard(ctx, req.AllianceID); err != nil {
		return err
	}
	return tx.audit(ctx, actor, change{allianceID: req.AllianceID, action: "import", entity: "observations", entityID: importID,
		after: map[string]any{"file": req.Filename, "format": req.Format, "sha256": req.SHA256, "rows": rep.Rows, "new": rep.New, "revised": rep.Revised, "unchanged": rep.Unchanged, "kpis": rep.KPIs}})
}

const obsCols = "o.id, o.kpi_id, o.period, o.segment, o.value, o.numerator, o.denominator, o.revision, o.source, o.submitted_name, o.recorded_at, o.superseded_at"

func scanObs(rs *sql.Rows) (accord.Observation, error) {
	var o accord.Observation
	err := rs.Scan(&o.ID, &o.KPIID, timeCol{&o.Period}, &o.Segment, decCol{&o.Value}, decCol{&o.Numerator}, decCol{&o.Denominator}, &o.Revision, &o.Source, &o.SubmittedBy, timeCol{&o.RecordedAt}, nullTimeCol{&o.SupersededAt})
	return o, err
}

// Observations returns a KPI's observations in every segment, ordered by
// period and segment: the current revisions, or with asOf those that were
// current at that moment, or with history every revision.
func (db *DB) Observations(ctx context.Context, kpiID string, asOf *time.Time, history bool) ([]accord.Observation, error) {
	q, args := "SELECT "+obsCols+" FROM observations o WHERE o.kpi_id = ?", []any{kpiID}
	switch {
	case history:
	case asOf != nil:
		q += " AND o.recorded_at <= ? AND (o.superseded_at IS NULL OR o.superseded_at > ?)"
		args = append(args, ts(*asOf), ts(*asOf))
	default:
		q += " AND o.superseded_at IS NULL"
	}
	q += " ORDER BY o.period, o.segment, o.revision"
	var out []accord.Observation
	err := db.view(ctx, func(tx *Tx) error {
		rs, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rs.Close()
		for rs.Next() {
			o, err := scanObs(rs)
			if err != nil {
				return err
			}
			out = append(out, o)
		}
		return rs.Err()
	})
	return out, err
}

// noteLatest keeps each touched KPI's latest period and last arrival on its
// row, found through the observations index (one seek per KPI).
func (tx *Tx) noteLatest(ctx context.Context, rows []accord.Observation, now string) error {
	done := map[string]bool{}
	for _, o := range rows {
		if done[o.KPIID] {
			continue
		}
		done[o.KPIID] = true
		_, err := tx.exec(ctx, `UPDATE kpis SET last_recorded_at = ?, latest_period =
			(SELECT MAX(period) FROM observations WHERE kpi_id = ? AND superseded_at IS NULL) WHERE id = ?`, now, o.KPIID, o.KPIID)
		if err != nil {
			return err
		}
	}
	return nil
}

// supersede marks the replaced revisions, many ids per statement. It runs
// before the new revisions are flushed, which is safe: a revision's unique
// key includes its number, so old and new never collide.
func (tx *Tx) supersede(ctx context.Context, ids []string, now string) error {
	for len(ids) > 0 {
		n := min(len(ids), 500)
		args := make([]any, 0, n+1)
		args = append(args, now)
		for _, id := range ids[:n] {
			args = append(args, id)
		}
		q := "UPDATE observations SET superseded_at = ? WHERE id IN (" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
		if _, err := tx.exec(ctx, q, args...); err != nil {
			return fmt.Errorf("supersede revisions: %w", err)
		}
		ids = ids[n:]
	}
	return nil
}
