package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/seal"
)

// sealedColumn is a column whose values are sealed under the data key ring
// (internal/seal), so that a copy of the database does not reveal them.
// Its purpose, "table.column", is bound to each value.
type sealedColumn struct {
	table, key, column string
	// where narrows the rows that are sealed (a notification's body only
	// when it quotes a concern's thread).
	where string
}

func (c sealedColumn) purpose() string { return c.table + "." + c.column }

// Purposes of the sealed columns.
var (
	sealConcernBody   = sealedColumn{table: "concerns", key: "id", column: "body"}
	sealConcernReason = sealedColumn{table: "concerns", key: "id", column: "close_reason"}
	sealMessageBody   = sealedColumn{table: "concern_messages", key: "id", column: "body"}
	sealWebhookSecret = sealedColumn{table: "webhooks", key: "id", column: "secret"}
	sealTOTPSeed      = sealedColumn{table: "totp_factors", key: "user_id", column: "secret"}
	sealNotice        = sealedColumn{table: "notifications", key: "id", column: "body", where: "kind = '" + string(accord.NotifyConcernReply) + "'"}
	sealedColumns     = []sealedColumn{sealConcernBody, sealConcernReason, sealMessageBody, sealWebhookSecret, sealTOTPSeed, sealNotice}
	dataKeysActor     = accord.SystemActor("data-keys")
)

// defaultResealBatch is how many rows a reseal transaction reads.
const defaultResealBatch = 500

// seal seals a value of the column under the current data key.
func (tx *Tx) seal(c sealedColumn, plain string) (string, error) {
	return tx.keys.Seal(c.purpose(), plain)
}

// open reads a stored value of the column: sealed under any key of the
// ring, or plaintext written before sealing began.
func (tx *Tx) open(c sealedColumn, stored string) (string, error) {
	return tx.keys.Open(c.purpose(), stored)
}

// openAll opens the stored values in place, stopping at the first error.
func (tx *Tx) openAll(c sealedColumn, values ...*string) error {
	for _, v := range values {
		var err error
		if *v, err = tx.open(c, *v); err != nil {
			return err
		}
	}
	return nil
}

// DataKey is the id of the data key new values are sealed under; empty
// when no ring is loaded.
func (db *DB) DataKey() string {
	if db.keys == nil {
		return ""
	}
	return db.keys.Current()
}

// Resealed counts, per "table.column", the values Reseal sealed under the
// current key.
type Resealed map[string]int

// Reseal seals every sealed column's values that are plaintext or sealed
// under another key under the ring's current key, batch rows to a
// transaction, while the server runs: each value is replaced only if it is
// still the one read, so a concurrent change wins and is left for the next
// run. Running it again finds nothing to do. Each transaction that changes
// values writes its audit entry, which names the key and counts, no value.
func (db *DB) Reseal(ctx context.Context, batch int) (Resealed, error) {
	if db.keys == nil {
		return nil, seal.ErrNoRing
	}
	if batch <= 0 {
		batch = defaultResealBatch
	}
	out := Resealed{}
	for _, c := range sealedColumns {
		// after is the key the batch starts after: each row is looked at once.
		after := ""
		for {
			var n, seen int
			err := db.update(ctx, func(tx *Tx) error {
				var err error
				n, seen, after, err = tx.resealBatch(ctx, c, after, batch)
				if err != nil || n == 0 {
					return err
				}
				return tx.audit(ctx, dataKeysActor, change{action: "reseal", entity: "data_keys", entityID: c.purpose(),
					after: map[string]any{"key": db.keys.Current(), "values": n}})
			})
			if err != nil {
				return out, fmt.Errorf("reseal %s: %w", c.purpose(), err)
			}
			out[c.purpose()] += n
			if seen < batch {
				break
			}
		}
	}
	return out, db.dropOldFrames(ctx, out)
}

// dropOldFrames, on SQLite, once values were re-sealed, checkpoints the
// write-ahead log and truncates it, so that the pages holding values from
// before (plaintext of an older database) do not stay in it; deleted
// content in the database file is overwritten as it goes (secure_delete).
// Checkpointing waits for no reader: one reading at the time leaves the
// log as it is until the next checkpoint.
func (db *DB) dropOldFrames(ctx context.Context, done Resealed) error {
	n := 0
	for _, k := range done {
		n += k
	}
	if db.dialect != SQLite || n == 0 {
		return nil
	}
	_, err := db.write.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	return err
}

// resealBatch reseals the stale values among the batch of rows after the
// key, returning how many it resealed, how many rows it read and the last
// row's key.
func (tx *Tx) resealBatch(ctx context.Context, c sealedColumn, after string, batch int) (n, seen int, last string, err error) {
	where := c.column + " <> '' AND " + c.key + " > ?"
	if c.where != "" {
		where += " AND " + c.where
	}
	type row struct{ key, value string }
	rows, err := queryAll(ctx, tx, func(s scanner) (row, error) {
		var r row
		err := s.Scan(&r.key, &r.value)
		return r, err
	}, fmt.Sprintf("SELECT %s, %s FROM %s WHERE %s ORDER BY %s LIMIT %d", c.key, c.column, c.table, where, c.key, batch), after)
	if err != nil || len(rows) == 0 {
		return 0, 0, after, err
	}
	for _, r := range rows {
		if !tx.keys.Stale(r.value) {
			continue
		}
		plain, err := tx.open(c, r.value)
		if err != nil {
			return 0, 0, after, err
		}
		sealed, err := tx.seal(c, plain)
		if err != nil {
			return 0, 0, after, err
		}
		res, err := tx.exec(ctx, fmt.Sprintf("UPDATE %s SET %s = ? WHERE %s = ? AND %s = ?", c.table, c.column, c.key, c.column), sealed, r.key, r.value)
		if err != nil {
			return 0, 0, after, err
		}
		if k, _ := res.RowsAffected(); k == 1 {
			n++
		}
	}
	return n, len(rows), rows[len(rows)-1].key, nil
}

// MissingDataKeys lists the ids of the keys that values in the database
// are sealed under and that the loaded ring cannot open them with: a key
// the ring does not hold (a lost key file), or one of the same id that is
// another key (a file made anew). Nil when one value under each key opens,
// or when no ring is loaded.
func (db *DB) MissingDataKeys(ctx context.Context) ([]string, error) {
	if db.keys == nil {
		return nil, nil
	}
	var missing []string
	err := db.view(ctx, func(tx *Tx) error {
		known := db.keys.IDs()
		for _, c := range sealedColumns {
			// A value under each key the ring holds must open with it.
			for _, id := range known {
				vs, err := tx.strings(ctx, fmt.Sprintf("SELECT %s FROM %s WHERE %s LIKE ? ESCAPE '\\' LIMIT 1", c.column, c.table, c.column),
					likePrefix(seal.Prefix+id+":"))
				if err != nil {
					return err
				}
				if len(vs) > 0 && !slices.Contains(missing, id) {
					if _, err := tx.open(c, vs[0]); err != nil {
						missing = append(missing, id)
					}
				}
			}
			// Each round finds one value under a key the ring does not
			// hold, until none is left: a query per such key.
			for range 100 {
				q := fmt.Sprintf("SELECT %s FROM %s WHERE %s LIKE ? ESCAPE '\\'", c.column, c.table, c.column)
				args := []any{likePrefix(seal.Prefix)}
				for _, id := range append(append([]string{}, known...), missing...) {
					q += fmt.Sprintf(" AND %s NOT LIKE ? ESCAPE '\\'", c.column)
					args = append(args, likePrefix(seal.Prefix+id+":"))
				}
				vs, err := tx.strings(ctx, q+" LIMIT 1", args...)
				if err != nil {
					return err
				}
				if len(vs) == 0 {
					break
				}
				id, ok := seal.IsSealed(vs[0])
				if !ok {
					break // damaged beyond naming its key; Open says so when read
				}
				missing = append(missing, id)
			}
		}
		return nil
	})
	return missing, err
}

// likePrefix is a LIKE pattern matching the values that begin with s.
func likePrefix(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s) + "%"
}
