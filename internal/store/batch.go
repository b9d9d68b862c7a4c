package store

import (
	"context"
	"database/sql"
	"strings"
)

// batchInsert writes many rows with multi-row INSERT statements: one
// prepared statement for full batches and one for the remainder, which
// costs far less per row than a statement each on both databases.
type batchInsert struct {
	tx    *Tx
	head  string // "INSERT INTO t (a, b, c) VALUES "
	cols  int
	size  int
	args  []any
	full  *sql.Stmt
	count int
}

func (tx *Tx) newBatchInsert(head string, cols, size int) *batchInsert {
	return &batchInsert{tx: tx, head: head, cols: cols, size: size, args: make([]any, 0, cols*size)}
}

func (b *batchInsert) statement(rows int) string {
	var sb strings.Builder
	sb.WriteString(b.head)
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", b.cols), ", ") + ")"
	for i := 0; i < rows; i++ {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(one)
	}
	return b.tx.rebind(sb.String())
}

// add queues one row (cols values) and writes a batch when it is full.
func (b *batchInsert) add(ctx context.Context, vals ...any) error {
	b.args = append(b.args, vals...)
	b.count++
	if b.count < b.size {
		return nil
	}
	if b.full == nil {
		st, err := b.tx.tx.PrepareContext(ctx, b.statement(b.size))
		if err != nil {
			return err
		}
		b.full = st
	}
	_, err := b.full.ExecContext(ctx, b.args...)
	b.args, b.count = b.args[:0], 0
	return err
}

// flush writes the queued rows and releases the statement.
func (b *batchInsert) flush(ctx context.Context) error {
	if b.full != nil {
		defer b.full.Close()
	}
	if b.count == 0 {
		return nil
	}
	_, err := b.tx.tx.ExecContext(ctx, b.statement(b.count), b.args...)
	b.args, b.count = b.args[:0], 0
	return err
}
