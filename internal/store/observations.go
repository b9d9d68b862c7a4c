package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
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
//
// The rows are checked and compared with the current revisions in Go, the
// same way on both databases (and in a dry run); then the new revisions are
// written in the order of the observations' indexes, through COPY on
// PostgreSQL and multi-row INSERTs on SQLite (see import_write.go).
func (db *DB) ImportObservations(ctx context.Context, actor accord.Actor, req accord.ImportRequest) (accord.ImportReport, error) {
	rep := accord.ImportReport{DryRun: req.DryRun, Rows: len(req.Rows)}
	run := func(tx *Tx, conn *sql.Conn) error {
		kpis, err := tx.listKPIs(ctx, req.AllianceID, accord.KPIFilter{})
		if err != nil {
			return err
		}
		rows, errs := resolveRows(kpis, req)
		if len(errs) > 0 {
			rep.Errors = errs
			return nil
		}
		if err := tx.planImport(ctx, kpis, rows); err != nil {
			return err
		}
		rep.New, rep.Revised, rep.Unchanged, rep.KPIs = counts(kpis, rows)
		if req.DryRun {
			return nil
		}
		return tx.applyImport(ctx, conn, actor, req, kpis, rows, &rep)
	}
	if req.DryRun {
		return rep, db.view(ctx, func(tx *Tx) error { return run(tx, nil) })
	}
	return rep, db.updateConn(ctx, run)
}

// counts sums up a planned import and lists the keys of the KPIs it changes.
func counts(kpis []accord.KPI, rows []importRow) (n, rev, same int, keys []string) {
	touched := make([]bool, len(kpis))
	for i := range rows {
		r := &rows[i]
		switch {
		case r.revision == 0:
			same++
			continue
		case r.revision == 1:
			n++
		default:
			rev++
		}
		touched[r.kpi] = true
	}
	for i, k := range kpis {
		if touched[i] {
			keys = append(keys, k.Key)
		}
	}
	sort.Strings(keys)
	return n, rev, same, keys
}

// planImport compares the rows with the current revision of each series
// point they touch, read per KPI over the periods the rows span, and marks
// each row new (revision 1), revised (the next revision, superseding the
// current one) or unchanged (revision 0).
func (tx *Tx) planImport(ctx context.Context, kpis []accord.KPI, rows []importRow) error {
	for start := 0; start < len(rows); {
		end := start + 1
		for end < len(rows) && rows[end].kpi == rows[start].kpi {
			end++
		}
		group := rows[start:end]
		cur, err := tx.currentRevisions(ctx, kpis[group[0].kpi].ID, group[0].period(), group[len(group)-1].period())
		if err != nil {
			return err
		}
		j := 0
		for i := range group {
			r := &group[i]
			for j < len(cur) && cur[j].before(r) {
				j++
			}
			switch {
			case j == len(cur) || cur[j].day != r.day || cur[j].segment != r.segment:
				r.revision = 1
			case r.sameFigures(cur[j].value, cur[j].num, cur[j].den):
				r.revision = 0
			default:
				r.revision, r.replaces = cur[j].revision+1, &cur[j]
			}
		}
		start = end
	}
	return nil
}

// currentRev is the current revision of one series point.
type currentRev struct {
	id              string
	day             int32
	revision        int32
	segment         string
	value, num, den *accord.Decimal
}

func (c *currentRev) before(r *importRow) bool {
	if c.day != r.day {
		return c.day < r.day
	}
	return c.segment < r.segment
}

// currentRevisions reads a KPI's current revisions from one period to
// another, ordered by period and segment (sorted here: the database's
// collation may order text otherwise).
func (tx *Tx) currentRevisions(ctx context.Context, kpiID string, from, to time.Time) ([]currentRev, error) {
	rs, err := tx.query(ctx, `SELECT id, period, segment, value, numerator, denominator, revision FROM observations
		WHERE kpi_id = ? AND superseded_at IS NULL AND period >= ? AND period <= ?`, kpiID, day(from), day(to))
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []currentRev
	for rs.Next() {
		var c currentRev
		var period time.Time
		if err := rs.Scan(&c.id, timeCol{&period}, &c.segment, decCol{&c.value}, decCol{&c.num}, decCol{&c.den}, &c.revision); err != nil {
			return nil, err
		}
		c.day = dayOf(period)
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b currentRev) int {
		if c := cmp.Compare(a.day, b.day); c != 0 {
			return c
		}
		return strings.Compare(a.segment, b.segment)
	})
	return out, rs.Err()
}

func (tx *Tx) applyImport(ctx context.Context, conn *sql.Conn, actor accord.Actor, req accord.ImportRequest, kpis []accord.KPI, rows []importRow, rep *accord.ImportReport) error {
	w := obsWrite{importID: newID(), now: tx.now, submitter: actor.UserID, name: actor.Name}
	if err := tx.writeRevisions(ctx, conn, kpis, req.Rows, rows, w); err != nil {
		return err
	}
	if err := tx.addPeriodTotals(ctx, kpis, rows, tx.now); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO imports (id, alliance_id, format, filename, sha256, rows_read, rows_new, rows_revised, rows_unchanged, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, w.importID, req.AllianceID, req.Format, req.Filename, req.SHA256, rep.Rows, rep.New, rep.Revised, rep.Unchanged, nullStr(actor.UserID), ts(tx.now))
	if err != nil {
		return err
	}
	rep.ImportID = w.importID
	if err := tx.noteLatest(ctx, kpis, rows, ts(tx.now)); err != nil {
		return err
	}
	if err := tx.bumpScorecard(ctx, req.AllianceID); err != nil {
		return err
	}
	return tx.audit(ctx, actor, change{allianceID: req.AllianceID, action: "import", entity: "observations", entityID: w.importID,
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

// noteLatest keeps the latest period and last arrival of each KPI the rows
// name on its row, found through the observations index (one seek per KPI).
func (tx *Tx) noteLatest(ctx context.Context, kpis []accord.KPI, rows []importRow, now string) error {
	for i := range rows {
		if i > 0 && rows[i].kpi == rows[i-1].kpi {
			continue
		}
		id := kpis[rows[i].kpi].ID
		_, err := tx.exec(ctx, `UPDATE kpis SET last_recorded_at = ?, latest_period =
			(SELECT MAX(period) FROM observations WHERE kpi_id = ? AND superseded_at IS NULL) WHERE id = ?`, now, id, id)
		if err != nil {
			return err
		}
	}
	return nil
}
