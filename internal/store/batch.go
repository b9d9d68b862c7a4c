package store

import (
	"context"
	"database/sql"
	"math/bits"
	"strconv"
	"strings"
)

// batchInsert writes many rows with multi-row INSERT statements, each
// prepared once and reused: one for full batches, and for what remains one
// per power of two below the batch size (a remainder of 100 rows is
// written as 64 + 32 + 4). A statement per row would cost far more per row.
//
// Values shared by a run of rows (the importer, the KPI) are bound once per
// statement, not once per row; change them with share.
type batchInsert struct {
	tx     *Tx
	head   string // "INSERT INTO t (a, b, c) VALUES "
	row    string // one row: ? for a value of its own, ?1…?9 for a shared one
	shared int    // how many shared values lead args
	size   int    // rows in a full statement, a power of two
	args   []any
	count  int
	stmts  map[int]*sql.Stmt // by rows
}

// newBatchInsert prepares to insert rows of the form given, e.g. "(?, ?, ?1)",
// size rows a statement (a power of two), sharing the values given.
func (tx *Tx) newBatchInsert(head, row string, size int, shared ...any) *batchInsert {
	cols := strings.Count(row, "?") - countShared(row)
	b := &batchInsert{tx: tx, head: head, row: row, shared: len(shared), size: size, stmts: map[int]*sql.Stmt{}}
	b.args = append(make([]any, 0, len(shared)+cols*size), shared...)
	return b
}

func countShared(row string) int {
	n := 0
	for i := 0; i+1 < len(row); i++ {
		if row[i] == '?' && row[i+1] >= '1' && row[i+1] <= '9' {
			n++
		}
	}
	return n
}

// share sets the shared values from the first one given on (the leading
// ones stay); rows queued must have been written (flush).
func (b *batchInsert) share(from int, vals ...any) {
	copy(b.args[from:b.shared], vals)
}

// add queues one row (its own values) and writes a batch when it is full.
func (b *batchInsert) add(ctx context.Context, vals ...any) error {
	b.args = append(b.args, vals...)
	b.count++
	if b.count < b.size {
		return nil
	}
	return b.flush(ctx)
}

// flush writes the queued rows.
func (b *batchInsert) flush(ctx context.Context) error {
	if b.count == 0 {
		return nil
	}
	cols := (len(b.args) - b.shared) / b.count
	for b.count > 0 {
		n := 1 << (bits.Len(uint(b.count)) - 1) // the largest power of two ≤ count
		st, err := b.statement(ctx, n)
		if err != nil {
			return err
		}
		end := b.shared + n*cols
		if _, err := st.ExecContext(ctx, b.args[:end]...); err != nil {
			return err
		}
		// Move the rows left to follow the shared values.
		b.args = append(b.args[:b.shared], b.args[end:]...)
		b.count -= n
	}
	return nil
}

// close releases the prepared statements.
func (b *batchInsert) close() {
	for _, st := range b.stmts {
		st.Close()
	}
}

func (b *batchInsert) statement(ctx context.Context, rows int) (*sql.Stmt, error) {
	if st := b.stmts[rows]; st != nil {
		return st, nil
	}
	st, err := b.tx.tx.PrepareContext(ctx, b.sql(rows))
	if err != nil {
		return nil, err
	}
	b.stmts[rows] = st
	return st, nil
}

// sql writes the INSERT for rows rows, numbering the placeholders: shared
// values keep their numbers and a row's own values follow them ($n on
// PostgreSQL; on SQLite the first is numbered and the others are bare ?,
// which SQLite numbers on from there and binds more cheaply).
func (b *batchInsert) sql(rows int) string {
	var sb strings.Builder
	sb.WriteString(b.head)
	n := b.shared
	for r := 0; r < rows; r++ {
		if r > 0 {
			sb.WriteString(", ")
		}
		for i := 0; i < len(b.row); i++ {
			c := b.row[i]
			if c != '?' {
				sb.WriteByte(c)
				continue
			}
			if i+1 < len(b.row) && b.row[i+1] >= '1' && b.row[i+1] <= '9' {
				i++
				sb.WriteString(b.placeholder(int(b.row[i] - '0')))
				continue
			}
			n++
			if b.tx.dialect == SQLite && n > b.shared+1 {
				sb.WriteByte('?')
				continue
			}
			sb.WriteString(b.placeholder(n))
		}
	}
	return sb.String()
}

func (b *batchInsert) placeholder(n int) string {
	if b.tx.dialect == Postgres {
		return "$" + strconv.Itoa(n)
	}
	return "?" + strconv.Itoa(n)
}
