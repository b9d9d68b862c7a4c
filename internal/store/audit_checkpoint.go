package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/accord-alliance/accord/internal/accord"
)

// AuditHead returns the trail's head — its last entry's number and hash —
// for a checkpoint. The head row must agree with the entry it names: a
// checkpoint of a head that the trail does not hold would vouch for
// nothing, so a mismatch is refused as an internal error.
func (db *DB) AuditHead(ctx context.Context) (accord.AuditHead, error) {
	var h accord.AuditHead
	err := db.view(ctx, func(tx *Tx) error {
		h.At = tx.now
		if err := tx.queryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&h.Seq, &h.Hash); err != nil {
			return fmt.Errorf("audit head: %w", err)
		}
		if h.Seq == 0 {
			return nil
		}
		hash, err := tx.auditHash(ctx, h.Seq)
		if err != nil {
			return err
		}
		if hash != h.Hash {
			return fmt.Errorf("audit head: entry %d does not match the head row; run accord audit verify", h.Seq)
		}
		return nil
	})
	return h, err
}

// auditHash returns the hash of entry seq, or "" when the trail has no
// such entry.
func (tx *Tx) auditHash(ctx context.Context, seq int64) (string, error) {
	var hash string
	err := tx.queryRow(ctx, "SELECT hash FROM audit_log WHERE seq = ?", seq).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return hash, err
}

// CheckAuditCheckpoint compares the trail with a checkpoint a party kept:
// the trail must still hold the checkpoint's entry with the checkpoint's
// hash. Together with VerifyAudit, which checks that every entry after it
// chains to it, this proves the trail extends the kept head. It returns
// the problems found; the signature is the caller's to check.
func (db *DB) CheckAuditCheckpoint(ctx context.Context, cp accord.AuditCheckpoint) ([]accord.AuditProblem, error) {
	if cp.Seq == 0 {
		return nil, nil // the empty trail's checkpoint: every trail extends it
	}
	var hash string
	var last int64
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		if hash, err = tx.auditHash(ctx, cp.Seq); err != nil {
			return err
		}
		return tx.queryRow(ctx, "SELECT COALESCE(MAX(seq), 0) FROM audit_log").Scan(&last)
	})
	if err != nil {
		return nil, fmt.Errorf("check audit checkpoint: %w", err)
	}
	kept := cp.At.UTC().Format("2 Jan 2006 15:04 UTC")
	switch {
	case last < cp.Seq:
		return []accord.AuditProblem{{Seq: cp.Seq, Reason: fmt.Sprintf("the trail ends at entry %d, but the checkpoint kept on %s was taken at entry %d: entries were removed from its end", last, kept, cp.Seq)}}, nil
	case hash == "":
		return []accord.AuditProblem{{Seq: cp.Seq, Reason: fmt.Sprintf("the entry of the checkpoint kept on %s is missing from the trail", kept)}}, nil
	case hash != cp.Hash:
		return []accord.AuditProblem{{Seq: cp.Seq, Reason: fmt.Sprintf("its hash is not the one in the checkpoint kept on %s: the trail up to this entry was rewritten", kept)}}, nil
	}
	return nil, nil
}
