package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/accord-alliance/accord/internal/accord"
)

// obsWrite is what every observation written by one import shares.
type obsWrite struct {
	importID  string
	now       time.Time
	submitter string // the user's id; "" for none
	name      string
}

// obsColumns are the columns an import writes, in the order written.
var obsColumns = []string{"id", "kpi_id", "period", "segment", "value", "numerator", "denominator", "revision", "source",
	"submitted_by", "submitted_name", "import_id", "recorded_at"}

// writeRevisions writes a planned import's new series points and
// revisions in the order of the observations' indexes (rows are sorted by
// KPI id, period and segment, and ids are handed out in that order), and
// marks the revisions they replace superseded.
func (tx *Tx) writeRevisions(ctx context.Context, conn *sql.Conn, kpis []accord.KPI, in []accord.ObservationInput, rows []importRow, w obsWrite) error {
	n := 0
	var old []string
	for i := range rows {
		if rows[i].revision > 0 {
			n++
		}
		if rows[i].replaces != nil {
			old = append(old, rows[i].replaces.id)
		}
	}
	if err := tx.supersede(ctx, old, ts(w.now)); err != nil {
		return err
	}
	src := newObsSource(tx.dialect, kpis, in, rows, newIDs(n), w)
	if tx.dialect == Postgres {
		return copyObservations(ctx, conn, src)
	}
	return tx.insertObservations(ctx, src)
}

// obsSource walks the rows to write, for COPY (as a pgx.CopyFromSource)
// and for the SQLite inserts. It boxes each KPI id, period and source once,
// not once a row, and writes periods and times as each database takes them.
type obsSource struct {
	rows []importRow
	in   []accord.ObservationInput // the request's rows, by importRow.in
	ids  []string                  // for the rows written, in order
	vals []any
	i, k int // the current row, and the id of the next

	postgres         bool
	kpiIDs           []any
	day              int32
	period, source   any
	submitter, stamp any
	name, importID   any
}

func newObsSource(d Dialect, kpis []accord.KPI, in []accord.ObservationInput, rows []importRow, ids []string, w obsWrite) *obsSource {
	s := &obsSource{rows: rows, in: in, ids: ids, vals: make([]any, len(obsColumns)), i: -1, postgres: d == Postgres,
		kpiIDs: make([]any, len(kpis)), submitter: nullStr(w.submitter), stamp: ts(w.now), name: w.name, importID: w.importID}
	for i := range kpis {
		s.kpiIDs[i] = kpis[i].ID
	}
	if s.postgres {
		s.stamp = w.now
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
		s.day, s.period = r.day, day(r.period())
		if s.postgres {
			s.period = r.period()
		}
	}
	if src := s.in[r.in].Source; s.source == nil || src != s.source.(string) {
		s.source = src
	}
	v := s.vals
	v[0], v[1], v[2], v[3] = s.ids[s.k], s.kpiIDs[r.kpi], s.period, r.segment
	v[4], v[5], v[6], v[7], v[8] = decPtr(r.value), decPtr(r.num), decPtr(r.den), r.revision, s.source
	v[9], v[10], v[11], v[12] = s.submitter, s.name, s.importID, s.stamp
	s.k++
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
// (SQLite binds at most 32,766 values a statement). What the import shares,
// and each run of rows of one KPI and source, is bound once a statement;
// figures a run's rows lack are written as NULL, not bound.
func (tx *Tx) insertObservations(ctx context.Context, src *obsSource) error {
	head := `INSERT INTO observations (` + strings.Join(obsColumns, ", ") + `) VALUES `
	var byShape [8]*batchInsert // by figureShape
	defer func() {
		for _, b := range byShape {
			if b != nil {
				b.close()
			}
		}
	}()
	var ins *batchInsert
	var kpi, source any
	own := make([]any, 0, 7)
	for src.Next() {
		v, _ := src.Values()
		shape := figureShape(v[4:7])
		b := byShape[shape]
		if b == nil {
			b = tx.newBatchInsert(head, figureRow(shape), 256, src.submitter, src.name, src.importID, src.stamp, nil, nil)
			byShape[shape] = b
		}
		if b != ins || v[1] != kpi || v[8] != source {
			if ins != nil {
				if err := ins.flush(ctx); err != nil {
					return fmt.Errorf("insert observations: %w", err)
				}
			}
			ins, kpi, source = b, v[1], v[8]
			ins.share(4, kpi, source)
		}
		own = append(own[:0], v[0], v[2], v[3])
		for _, f := range v[4:7] {
			if f != nil {
				own = append(own, f)
			}
		}
		if err := ins.add(ctx, append(own, v[7])...); err != nil {
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

// figureRow is an INSERT's row for rows of a figureShape, with the
// import's values ?1–?4 and the run's KPI and source ?5 and ?6.
func figureRow(shape int) string {
	f := [3]string{"NULL", "NULL", "NULL"}
	for i := range f {
		if shape&(1<<i) != 0 {
			f[i] = "?"
		}
	}
	return "(?, ?5, ?, ?, " + strings.Join(f[:], ", ") + ", ?, ?6, ?1, ?2, ?3, ?4)"
}

// supersede marks the replaced revisions. It runs before the new revisions
// are written, which is safe: a revision's unique key includes its number,
// so old and new never collide.
func (tx *Tx) supersede(ctx context.Context, ids []string, now string) error {
	if len(ids) == 0 {
		return nil
	}
	if tx.dialect == Postgres {
		if _, err := tx.exec(ctx, "UPDATE observations SET superseded_at = ? WHERE id = ANY(?)", now, ids); err != nil {
			return fmt.Errorf("supersede revisions: %w", err)
		}
		return nil
	}
	const size = 500
	var full *sql.Stmt
	for len(ids) > 0 {
		n := min(len(ids), size)
		args := make([]any, 0, n+1)
		args = append(args, now)
		for _, id := range ids[:n] {
			args = append(args, id)
		}
		q := "UPDATE observations SET superseded_at = ? WHERE id IN (" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
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
		ids = ids[n:]
	}
	return nil
}

// newIDs returns n UUIDv7 identifiers that sort in the order handed out:
// the clock's millisecond, a 24-bit counter, then 50 random bits (RFC 9562's
// fixed-length counter, advancing the millisecond after 2^24 ids). Rows
// written in that order append to the id index instead of scattering.
func newIDs(n int) []string {
	if n == 0 {
		return nil
	}
	rnd := make([]byte, 8*n)
	rand.Read(rnd)
	ms := uint64(time.Now().UnixMilli())
	buf := make([]byte, 0, 36*n)
	var u [16]byte
	for i := 0; i < n; i++ {
		c, r := uint64(i)&(1<<24-1), binary.BigEndian.Uint64(rnd[8*i:])
		binary.BigEndian.PutUint64(u[0:8], (ms+uint64(i>>24))<<16)
		u[6] = 0x70 | byte(c>>20)     // version 7, counter bits 23–20
		u[7] = byte(c >> 12)          // counter bits 19–12
		u[8] = 0x80 | byte(c>>6)&0x3f // variant, counter bits 11–6
		u[9] = byte(c<<2) | byte(r&3) // counter bits 5–0, then random
		for j, x := 15, r>>2; j >= 10; j, x = j-1, x>>8 {
			u[j] = byte(x)
		}
		buf = appendUUID(buf, &u)
	}
	s := string(buf)
	out := make([]string, n)
	for i := range out {
		out[i] = s[36*i : 36*i+36]
	}
	return out
}

func appendUUID(b []byte, u *[16]byte) []byte {
	const hex = "0123456789abcdef"
	for i, x := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hex[x>>4], hex[x&0xf])
	}
	return b
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
	tx := &Tx{tx: sqltx, dialect: db.dialect, now: db.Now()}
	if err := fn(tx, conn); err != nil {
		sqltx.Rollback()
		return translate(db.dialect, err)
	}
	if err := sqltx.Commit(); err != nil {
		return translate(db.dialect, fmt.Errorf("commit: %w", err))
	}
	return nil
}
