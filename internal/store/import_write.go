package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/accord-alliance/accord/internal/accord"
)

// obsWrite is what every observation written by one import shares: the
// import's number, and the source its rows have unless they say otherwise.
type obsWrite struct {
	importSeq int64
	source    string
	now       time.Time
}

// obsColumns are the columns an import writes, in the order written.
var obsColumns = []string{"kpi_seq", "period", "segment", "value", "numerator", "denominator", "revision", "import_seq", "source", "provisional"}

// writeRevisions writes a planned import's new series points and
// revisions in the order of the observations' key (rows are sorted by
// KPI, period and segment), and marks the revisions they replace
// superseded.
func (tx *Tx) writeRevisions(ctx context.Context, conn *sql.Conn, seqs []int64, in []accord.ObservationInput, rows []importRow, w obsWrite) error {
	var old []obsKey
	for i := range rows {
		if r := &rows[i]; r.replaces != nil {
			old = append(old, obsKey{seqs[r.kpi], r.day, r.segment, r.replaces.revision})
		}
	}
	if err := tx.supersede(ctx, old, w.now); err != nil {
		return err
	}
	src := newObsSource(tx.dialect, seqs, in, rows, w)
	if tx.dialect == Postgres {
		return copyObservations(ctx, conn, src)
	}
	return tx.insertObservations(ctx, src)
}

// obsKey names one revision of one series point.
type obsKey struct {
	kpi      int64
	day      int32
	segment  string
	revision int32
}

// obsSource walks the rows to write, for COPY (as a pgx.CopyFromSource)
// and for the SQLite inserts. It boxes each KPI number, period and source
// once, not once a row, and writes periods as each database keeps them: a
// day number on SQLite, a date on PostgreSQL.
type obsSource struct {
	rows []importRow
	in   []accord.ObservationInput // the request's rows, by importRow.in
	vals []any
	i    int // the current row

	postgres     bool
	kpiSeqs      []any
	importSeq    any    // the import's number
	importSource string // the source rows have unless they say otherwise
	day          int32
	period       any
	source       string // the current row's source
	ownSource    any    // what is written for it: nil where it is the import's
}

func newObsSource(d Dialect, seqs []int64, in []accord.ObservationInput, rows []importRow, w obsWrite) *obsSource {
	s := &obsSource{rows: rows, in: in, vals: make([]any, len(obsColumns)), i: -1, postgres: d == Postgres,
		kpiSeqs: make([]any, len(seqs)), importSeq: w.importSeq, importSource: w.source, source: w.source}
	for i, q := range seqs {
		s.kpiSeqs[i] = q
	}
	return s
}

// Next moves to the next row with a revision to write.
func (s *obsSource) Next() bool {
	for s.i++; s.i < len(s.rows); s.i++ {
		if s.rows[s.i].revision > 0 {
			return true
		}
	}
	return false
}

// Values returns the current row's columns (obsColumns); the slice is
// reused for the next row.
func (s *obsSource) Values() ([]any, error) {
	r := &s.rows[s.i]
	if s.period == nil || r.day != s.day {
		s.day, s.period = r.day, r.day
		if s.postgres {
			s.period = r.period()
		}
	}
	if src := s.in[r.in].Source; src != s.source {
		s.source, s.ownSource = src, src
		if src == s.importSource {
			s.ownSource = nil
		}
	}
	v := s.vals
	v[0], v[1], v[2] = s.kpiSeqs[r.kpi], s.period, r.segment
	v[3], v[4], v[5], v[6], v[7], v[8], v[9] = decPtr(r.value), decPtr(r.num), decPtr(r.den), r.revision, s.importSeq, s.ownSource, r.provisional
	return v, nil
}

// Err reports no error: the rows are in memory.
func (s *obsSource) Err() error { return nil }

// copyObservations writes the rows through COPY on the transaction's own
// pgx connection: the same transaction, a fraction of the cost of INSERTs.
func copyObservations(ctx context.Context, conn *sql.Conn, src *obsSource) error {
	err := conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("the PostgreSQL connection is a %T, not pgx's", dc)
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{"observations"}, obsColumns, src)
		return err
	})
	if err != nil {
		return fmt.Errorf("copy observations: %w", err)
	}
	return nil
}

// insertObservations writes the rows on SQLite, 256 rows a statement
// (SQLite binds at most 32,766 values a statement). The import's number,
// and each run of rows of one KPI and source, are bound once a statement;
// figures a run's rows lack are written as NULL, not bound.
func (tx *Tx) insertObservations(ctx context.Context, src *obsSource) error {
	head := `INSERT INTO observations (` + strings.Join(obsColumns, ", ") + `) VALUES `
	var byShape [16]*batchInsert // by figureShape
	defer func() {
		for _, b := range byShape {
			if b != nil {
				b.close()
			}
		}
	}()
	var ins *batchInsert
	var kpi, source any
	own := make([]any, 0, 6)
	for src.Next() {
		v, _ := src.Values()
		shape := figureShape(v[3:6])
		if v[9] == true {
			shape |= provisionalShape
		}
		b := byShape[shape]
		if b == nil {
			b = tx.newBatchInsert(head, figureRow(shape), 256, src.importSeq, nil, nil)
			byShape[shape] = b
		}
		if b != ins || v[0] != kpi || v[8] != source {
			if ins != nil {
				if err := ins.flush(ctx); err != nil {
					return fmt.Errorf("insert observations: %w", err)
				}
			}
			ins, kpi, source = b, v[0], v[8]
			ins.share(1, kpi, source)
		}
		own = append(own[:0], v[1], v[2])
		for _, f := range v[3:6] {
			if f != nil {
				own = append(own, f)
			}
		}
		if err := ins.add(ctx, append(own, v[6])...); err != nil {
			return fmt.Errorf("insert observations: %w", err)
		}
	}
	if ins != nil {
		if err := ins.flush(ctx); err != nil {
			return fmt.Errorf("insert observations: %w", err)
		}
	}
	return nil
}

// provisionalShape is the bit of a figureShape that marks a provisional
// row: the flag is written into the statement, not bound for every row.
const provisionalShape = 1 << 3

// figureShape says which of a value, numerator and denominator a row has:
// bits 0, 1 and 2.
func figureShape(figures []any) int {
	shape := 0
	for i, f := range figures {
		if f != nil {
			shape |= 1 << i
		}
	}
	return shape
}

// figureRow is an INSERT's row for rows of a figureShape (and whether they
// are provisional), with the
// import's number ?1 and the run's KPI and source ?2 and ?3.
func figureRow(shape int) string {
	f := [3]string{"NULL", "NULL", "NULL"}
	for i := range f {
		if shape&(1<<i) != 0 {
			f[i] = "?"
		}
	}
	provisional := "0"
	if shape&provisionalShape != 0 {
		provisional = "1"
	}
	return "(?2, ?, ?, " + strings.Join(f[:], ", ") + ", ?, ?1, ?3, " + provisional + ")"
}

// supersede marks the replaced revisions, found by their key (a join with
// the keys given: SQLite does not search an index for a row value IN a
// list). It runs before the new revisions are written, which is safe: a
// revision's key includes its number, so old and new never collide.
func (tx *Tx) supersede(ctx context.Context, keys []obsKey, now time.Time) error {
	if len(keys) == 0 {
		return nil
	}
	if tx.dialect == Postgres {
		kpis, periods, segments, revisions := make([]int64, len(keys)), make([]time.Time, len(keys)), make([]string, len(keys)), make([]int32, len(keys))
		for i, k := range keys {
			kpis[i], periods[i], segments[i], revisions[i] = k.kpi, dayTime(k.day), k.segment, k.revision
		}
		_, err := tx.exec(ctx, `UPDATE observations o SET superseded_at = ?
			FROM unnest(?::bigint[], ?::date[], ?::text[], ?::integer[]) AS u(kpi_seq, period, segment, revision)
			WHERE o.kpi_seq = u.kpi_seq AND o.period = u.period AND o.segment = u.segment AND o.revision = u.revision`,
			now, kpis, periods, segments, revisions)
		if err != nil {
			return fmt.Errorf("supersede revisions: %w", err)
		}
		return nil
	}
	const size = 500
	var full *sql.Stmt
	stamp := ts(now)
	for len(keys) > 0 {
		n := min(len(keys), size)
		args := make([]any, 0, 4*n+1)
		args = append(args, stamp)
		for _, k := range keys[:n] {
			args = append(args, k.kpi, k.day, k.segment, k.revision)
		}
		q := "UPDATE observations AS o SET superseded_at = ? FROM (VALUES " + strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", n), ", ") +
			") AS u WHERE o.kpi_seq = u.column1 AND o.period = u.column2 AND o.segment = u.column3 AND o.revision = u.column4"
		var err error
		switch {
		case n < size:
			_, err = tx.exec(ctx, q, args...)
		case full == nil:
			if full, err = tx.tx.PrepareContext(ctx, q); err == nil {
				defer full.Close()
				_, err = full.ExecContext(ctx, args...)
			}
		default:
			_, err = full.ExecContext(ctx, args...)
		}
		if err != nil {
			return fmt.Errorf("supersede revisions: %w", err)
		}
		keys = keys[n:]
	}
	return nil
}

// updateConn is update on a connection held for the whole transaction and
// handed to fn too, for work that needs the driver's own connection inside
// the transaction (COPY through pgx).
func (db *DB) updateConn(ctx context.Context, fn func(*Tx, *sql.Conn) error) error {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return translate(db.dialect, fmt.Errorf("begin: %w", err))
	}
	defer conn.Close()
	sqltx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return translate(db.dialect, fmt.Errorf("begin: %w", err))
	}
	tx := &Tx{tx: sqltx, dialect: db.dialect, now: db.Now(), keys: db.keys}
	if err := fn(tx, conn); err != nil {
		sqltx.Rollback()
		return translate(db.dialect, err)
	}
	if err := sqltx.Commit(); err != nil {
		return translate(db.dialect, fmt.Errorf("commit: %w", err))
	}
	return nil
}
