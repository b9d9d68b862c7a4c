package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
)

// change describes one audited change inside a transaction.
type change struct {
	allianceID string
	action     string // e.g. "create", "update", "deactivate"
	entity     string // e.g. "alliance", "party", "membership"
	entityID   string
	before     any
	after      any
}

// audit appends the change to the hash-chained trail in the caller's
// transaction. Bumping the head row first serialises concurrent writers on
// PostgreSQL (row lock) as SQLite's single writer already does.
func (tx *Tx) audit(ctx context.Context, actor accord.Actor, c change) error {
	e := accord.AuditEntry{
		At: tx.now, AllianceID: c.allianceID, ActorID: actor.UserID, ActorName: actor.Name,
		Via: actor.Via, Action: c.action, Entity: c.entity, EntityID: c.entityID,
	}
	if e.Via == "" {
		e.Via = "system"
	}
	var err error
	if e.Before, err = marshalState(c.before); err != nil {
		return err
	}
	if e.After, err = marshalState(c.after); err != nil {
		return err
	}
	if err := tx.queryRow(ctx, "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash").Scan(&e.Seq, &e.PrevHash); err != nil {
		return fmt.Errorf("audit: advance head: %w", err)
	}
	e.Hash = e.ComputeHash()
	if _, err := tx.exec(ctx, "UPDATE audit_head SET hash = ? WHERE id = 1", e.Hash); err != nil {
		return fmt.Errorf("audit: set head: %w", err)
	}
	_, err = tx.exec(ctx, `INSERT INTO audit_log (seq, at, alliance_id, actor_id, actor_name, via, action, entity, entity_id, before_json, after_json, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, ts(e.At), nullStr(e.AllianceID), nullStr(e.ActorID), e.ActorName, e.Via, e.Action, e.Entity, e.EntityID,
		nullStr(string(e.Before)), nullStr(string(e.After)), e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("audit: insert: %w", err)
	}
	return nil
}

func marshalState(v any) (json.RawMessage, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit: encode state: %w", err)
	}
	return b, nil
}

const auditCols = `seq, at, COALESCE(alliance_id, ''), COALESCE(actor_id, ''), actor_name, via, action, entity, entity_id, COALESCE(before_json, ''), COALESCE(after_json, ''), prev_hash, hash`

func scanAudit(rows scanner) (accord.AuditEntry, error) {
	var e accord.AuditEntry
	var before, after string
	err := rows.Scan(&e.Seq, timeCol{&e.At}, &e.AllianceID, &e.ActorID, &e.ActorName, &e.Via, &e.Action, &e.Entity, &e.EntityID, &before, &after, &e.PrevHash, &e.Hash)
	if before != "" {
		e.Before = json.RawMessage(before)
	}
	if after != "" {
		e.After = json.RawMessage(after)
	}
	return e, err
}

// ListAudit returns entries matching the filter, newest first.
func (db *DB) ListAudit(ctx context.Context, f accord.AuditFilter) ([]accord.AuditEntry, error) {
	f.Normalize()
	var where []string
	var args []any
	add := func(cond string, v any) { where = append(where, cond); args = append(args, v) }
	if f.AllianceID != "" {
		add("alliance_id = ?", f.AllianceID)
	}
	if f.ActorID != "" {
		add("actor_id = ?", f.ActorID)
	}
	if f.Entity != "" {
		add("entity = ?", f.Entity)
	}
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if f.BeforeSeq > 0 {
		add("seq < ?", f.BeforeSeq)
	}
	if f.Query != "" {
		where = append(where, `(LOWER(actor_name) LIKE ? ESCAPE '\' OR entity_id = ?)`)
		args = append(args, likeContaining(strings.ToLower(f.Query)), f.Query)
	}
	q := "SELECT " + auditCols + " FROM audit_log"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += fmt.Sprintf(" ORDER BY seq DESC LIMIT %d", f.Limit)
	var out []accord.AuditEntry
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		if out, err = queryAll(ctx, tx, scanAudit, q, args...); err != nil {
			return err
		}
		return tx.showErased(ctx, out)
	})
	return out, err
}

// VerifyAudit walks the whole trail in sequence order, in pages, checking
// every hash link, and compares the end with the head row, so that edited,
// deleted and truncated entries are all caught.
func (db *DB) VerifyAudit(ctx context.Context) (accord.AuditReport, error) {
	var r accord.AuditReport
	prevHash, prevSeq := accord.AuditGenesis, int64(0)
	for {
		var page []accord.AuditEntry
		err := db.view(ctx, func(tx *Tx) error {
			var err error
			page, err = queryAll(ctx, tx, scanAudit, "SELECT "+auditCols+" FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 1000", prevSeq)
			return err
		})
		if err != nil {
			return r, fmt.Errorf("verify audit: %w", err)
		}
		if len(page) == 0 {
			break
		}
		var probs []accord.AuditProblem
		probs, prevHash, prevSeq = accord.VerifyAuditChain(page, prevHash, prevSeq)
		r.Problems = append(r.Problems, probs...)
		r.Entries += int64(len(page))
	}
	var headHash string
	err := db.view(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&r.HeadSeq, &headHash)
	})
	if err != nil {
		return r, fmt.Errorf("verify audit: head: %w", err)
	}
	if r.HeadSeq != prevSeq || headHash != prevHash {
		r.Problems = append(r.Problems, accord.AuditProblem{Seq: r.HeadSeq, Reason: fmt.Sprintf("the trail ends at entry %d but %d entries were written (entries removed from the end)", prevSeq, r.HeadSeq)})
	}
	return r, nil
}

// likeContaining is the LIKE pattern (with ESCAPE '\') of text containing
// s: a % or _ typed in a search is a literal character, not a wildcard, so
// that "50%" finds "50%" and "a_b" does not find "axb".
func likeContaining(s string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s) + "%"
}
