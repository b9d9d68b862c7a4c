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
	"github.com/accord-alliance/accord/internal/number"
)

// ImportObservations validates every row and, only if all are valid,
// writes them in one transaction: a row whose figures equal the current
// revision changes nothing (so a file can be imported twice), a row that
// differs becomes a new revision and the old one is kept as superseded.
// One audit entry records the import.
//
// The rows are checked and compared with the current revisions in Go, the
// same way on both databases (and in a dry run), under the locks of the
// KPIs they name, so that concurrent imports of the same figures write
// them once and report them unchanged after; then the new revisions are
// written in the order of the observations' key, through COPY on
// PostgreSQL and multi-row INSERTs on SQLite (see import_write.go).
func (db *DB) ImportObservations(ctx context.Context, actor accord.Actor, req accord.ImportRequest) (accord.ImportReport, error) {
	rep := accord.ImportReport{DryRun: req.DryRun, Rows: len(req.Rows)}
	run := func(tx *Tx, conn *sql.Conn) error {
		kpis, err := tx.listKPIs(ctx, req.AllianceID, accord.KPIFilter{})
		if err != nil {
			return err
		}
		seqs, err := tx.kpiSeqs(ctx, req.AllianceID, kpis)
		if err != nil {
			return err
		}
		rows, errs := resolveRows(kpis, seqs, req, tx.now)
		if len(errs) > 0 {
			rep.Errors = errs
			return nil
		}
		if !req.DryRun {
			if err := tx.lockKPIs(ctx, touchedKPIs(kpis, rows)); err != nil {
				return err
			}
		}
		if err := tx.planImport(ctx, seqs, rows); err != nil {
			return err
		}
		rep.New, rep.Revised, rep.Unchanged, rep.KeptFinal, rep.KPIs = counts(kpis, rows)
		rep.Outcomes = outcomes(len(req.Rows), rows)
		if req.DryRun {
			return nil
		}
		return tx.applyImport(ctx, conn, actor, req, kpis, seqs, rows, &rep)
	}
	if req.DryRun {
		return rep, db.view(ctx, func(tx *Tx) error { return run(tx, nil) })
	}
	return rep, db.updateConn(ctx, run)
}

// touchedKPIs lists the ids of the KPIs the rows name (rows are grouped
// by KPI).
func touchedKPIs(kpis []accord.KPI, rows []importRow) []string {
	var ids []string
	for i := range rows {
		if i == 0 || rows[i].kpi != rows[i-1].kpi {
			ids = append(ids, kpis[rows[i].kpi].ID)
		}
	}
	return ids
}

// counts sums up a planned import and lists the keys of the KPIs it changes.
func counts(kpis []accord.KPI, rows []importRow) (n, rev, same, kept int, keys []string) {
	touched := make([]bool, len(kpis))
	for i := range rows {
		r := &rows[i]
		switch {
		case r.keptFinal:
			kept++
			continue
		case r.revision == 0:
			same++
			continue
		case r.adds():
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
	return n, rev, same, kept, keys
}

// outcomes says, per row of a request of n rows, what a planned import
// does with it.
func outcomes(n int, rows []importRow) []accord.RowOutcome {
	out := make([]accord.RowOutcome, n)
	for i := range rows {
		r := &rows[i]
		switch {
		case r.revision == 0:
			out[r.in] = accord.RowUnchanged
		case r.adds():
			out[r.in] = accord.RowNew
		default:
			out[r.in] = accord.RowRevised
		}
	}
	return out
}

// planImport compares the rows with the current revision of each series
// point they touch, read per KPI over the periods the rows span, and marks
// each row new (revision 1), revised (the next revision, superseding the
// current one) or unchanged (revision 0). A provisional row where a final
// figure is recorded is left out (revision 0, keptFinal).
func (tx *Tx) planImport(ctx context.Context, seqs []int64, rows []importRow) error {
	for start := 0; start < len(rows); {
		end := start + 1
		for end < len(rows) && rows[end].kpi == rows[start].kpi {
			end++
		}
		group := rows[start:end]
		cur, err := tx.currentRevisions(ctx, seqs[group[0].kpi], group[0].day, group[len(group)-1].day)
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
			case r.provisional && !cur[j].provisional && !cur[j].withdrawn():
				r.revision, r.keptFinal = 0, true
			case r.sameAs(&cur[j]):
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
	day             int32
	revision        int32
	segment         string
	value, num, den *number.Decimal
	provisional     bool
}

// withdrawn reports whether the revision withdraws the figure before it
// (it has no figures: see WithdrawObservation).
func (c *currentRev) withdrawn() bool { return c.value == nil && c.num == nil && c.den == nil }

// adds reports whether a planned row adds a figure where there is none: a
// new series point, or one whose figure was withdrawn.
func (r *importRow) adds() bool { return r.replaces == nil || r.replaces.withdrawn() }

func (c *currentRev) before(r *importRow) bool {
	if c.day != r.day {
		return c.day < r.day
	}
	return c.segment < r.segment
}

// kpiSeqs returns the number each KPI's observations are kept under, in
// the order of kpis.
func (tx *Tx) kpiSeqs(ctx context.Context, allianceID string, kpis []accord.KPI) ([]int64, error) {
	rs, err := tx.query(ctx, `SELECT id, seq FROM kpis WHERE alliance_id = ?`, allianceID)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	byID := make(map[string]int64, len(kpis))
	for rs.Next() {
		var id string
		var seq int64
		if err := rs.Scan(&id, &seq); err != nil {
			return nil, err
		}
		byID[id] = seq
	}
	seqs := make([]int64, len(kpis))
	for i := range kpis {
		seqs[i] = byID[kpis[i].ID]
	}
	return seqs, rs.Err()
}

// currentRevisions reads a KPI's current revisions from one period to
// another (day numbers), ordered by period and segment (sorted here: the
// database's collation may order text otherwise).
func (tx *Tx) currentRevisions(ctx context.Context, kpiSeq int64, from, to int32) ([]currentRev, error) {
	out, err := queryAll(ctx, tx, scanCurrentRev, `SELECT period, segment, value, numerator, denominator, revision, provisional FROM observations
		WHERE kpi_seq = ? AND period >= ? AND period <= ? AND superseded_at IS NULL`, kpiSeq, obsPeriod(tx.dialect, from), obsPeriod(tx.dialect, to))
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b currentRev) int {
		if c := cmp.Compare(a.day, b.day); c != 0 {
			return c
		}
		return strings.Compare(a.segment, b.segment)
	})
	return out, nil
}

func scanCurrentRev(s scanner) (currentRev, error) {
	var c currentRev
	var period time.Time
	err := s.Scan(periodCol{&period}, &c.segment, decCol{&c.value}, decCol{&c.num}, decCol{&c.den}, &c.revision, &c.provisional)
	c.day = dayOf(period)
	return c, err
}

// obsPeriod writes a period's day number as the observations keep it: the
// number itself on SQLite, a date on PostgreSQL.
func obsPeriod(d Dialect, dayNum int32) any {
	if d == Postgres {
		return day(dayTime(dayNum))
	}
	return dayNum
}

// periodCol scans an observation's period: a day number on SQLite, a date
// on PostgreSQL (and in the tables that keep dates).
type periodCol struct{ t *time.Time }

func (c periodCol) Scan(v any) error {
	if d, ok := v.(int64); ok {
		*c.t = dayTime(int32(d))
		return nil
	}
	return timeCol(c).Scan(v)
}

// applyImport records the import and writes its rows. Who imported them,
// when, and the source most rows share are kept once, on the import.
func (tx *Tx) applyImport(ctx context.Context, conn *sql.Conn, actor accord.Actor, req accord.ImportRequest, kpis []accord.KPI, seqs []int64, rows []importRow, rep *accord.ImportReport) error {
	importID, source := newID(), ""
	if len(req.Rows) > 0 {
		source = req.Rows[0].Source
	}
	_, err := tx.exec(ctx, `INSERT INTO imports (id, alliance_id, format, filename, sha256, rows_read, rows_new, rows_revised, rows_unchanged,
		created_by, created_name, created_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		importID, req.AllianceID, req.Format, req.Filename, req.SHA256, rep.Rows, rep.New, rep.Revised, rep.Unchanged,
		nullStr(actor.UserID), actor.Name, ts(tx.now), source)
	if err != nil {
		return err
	}
	w := obsWrite{source: source, now: tx.now}
	if err := tx.queryRow(ctx, `SELECT seq FROM imports WHERE id = ?`, importID).Scan(&w.importSeq); err != nil {
		return err
	}
	if err := tx.writeRevisions(ctx, conn, seqs, req.Rows, rows, w); err != nil {
		return err
	}
	if err := tx.addPeriodTotals(ctx, kpis, rows, tx.now); err != nil {
		return err
	}
	rep.ImportID = importID
	if err := tx.noteLatest(ctx, kpis, rows, ts(tx.now)); err != nil {
		return err
	}
	if err := tx.bumpScorecard(ctx, req.AllianceID); err != nil {
		return err
	}
	return tx.audit(ctx, actor, change{allianceID: req.AllianceID, action: "import", entity: "observations", entityID: importID,
		after: map[string]any{"file": req.Filename, "format": req.Format, "sha256": req.SHA256, "rows": rep.Rows, "new": rep.New, "revised": rep.Revised, "unchanged": rep.Unchanged, "kpis": rep.KPIs}})
}

// obsSelect reads observations with what their import says of them.
const obsSelect = `SELECT o.period, o.segment, o.value, o.numerator, o.denominator, o.revision, COALESCE(o.source, i.source),
	i.created_name, i.created_at, o.superseded_at, i.id, o.provisional
	FROM observations o JOIN imports i ON i.seq = o.import_seq`

func scanObs(rs scanner) (accord.Observation, error) {
	var o accord.Observation
	err := rs.Scan(periodCol{&o.Period}, &o.Segment, decCol{&o.Value}, decCol{&o.Numerator}, decCol{&o.Denominator}, &o.Revision, &o.Source, &o.SubmittedBy, timeCol{&o.RecordedAt}, nullTimeCol{&o.SupersededAt}, &o.ImportID, &o.Provisional)
	o.Withdrawn = o.Value == nil && o.Numerator == nil && o.Denominator == nil
	return o, err
}

// Observations returns a KPI's observations in every segment, ordered by
// period and segment: the current figures, or with asOf those that were
// current at that moment, or with history every revision (withdrawals
// too, marked Withdrawn; the other views leave a withdrawn figure out).
func (db *DB) Observations(ctx context.Context, kpiID string, asOf *time.Time, history bool) ([]accord.Observation, error) {
	q, args := obsSelect+" WHERE o.kpi_seq = (SELECT seq FROM kpis WHERE id = ?)", []any{kpiID}
	switch {
	case history:
	case asOf != nil:
		q += " AND i.created_at <= ? AND (o.superseded_at IS NULL OR o.superseded_at > ?) AND " + hasFigures
		args = append(args, ts(*asOf), ts(*asOf))
	default:
		q += " AND o.superseded_at IS NULL AND " + hasFigures
	}
	q += " ORDER BY o.period, o.segment, o.revision"
	var out []accord.Observation
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanObs, q, args...)
		for i := range out {
			out[i].KPIID = kpiID
		}
		return err
	})
	return out, err
}

// noteLatest keeps the latest period and last arrival of each KPI the rows
// name on its row. Every row is a current figure once imported, and an
// import takes none away (only a withdrawal does, and recounts: see
// recountLatest), so the latest period is the later of the row's and the
// import's last (rows are sorted by KPI and period).
func (tx *Tx) noteLatest(ctx context.Context, kpis []accord.KPI, rows []importRow, now string) error {
	for i := 0; i < len(rows); {
		j := i + 1
		for j < len(rows) && rows[j].kpi == rows[i].kpi {
			j++
		}
		p := day(dayTime(rows[j-1].day))
		_, err := tx.exec(ctx, `UPDATE kpis SET last_recorded_at = ?,
			latest_period = CASE WHEN latest_period IS NULL OR latest_period < ? THEN ? ELSE latest_period END WHERE id = ?`,
			now, p, p, kpis[rows[i].kpi].ID)
		if err != nil {
			return err
		}
		i = j
	}
	return nil
}
