package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/password"
)

// anonymousActor is who the audit trail names for an anonymous reporter:
// nobody in particular.
var anonymousActor = accord.Actor{Name: "anonymous reporter", Via: "web"}

const concernSelect = `SELECT c.id, c.alliance_id, c.category, c.severity, c.body, COALESCE(c.kpi_id, ''), COALESCE(k.key, ''),
	COALESCE(c.reporter_id, ''), COALESCE(u.name, ''), CASE WHEN c.receipt_hash IS NULL THEN 0 ELSE 1 END, c.status, c.raised_on,
	c.ack_due_at, c.acknowledged_at, c.acknowledged_name, c.escalation_level, c.closed_at, c.closed_name, c.close_reason
	FROM concerns c LEFT JOIN kpis k ON k.id = c.kpi_id LEFT JOIN users u ON u.id = c.reporter_id`

func scanConcern(s interface{ Scan(...any) error }) (accord.Concern, error) {
	var c accord.Concern
	var anon int
	err := s.Scan(&c.ID, &c.AllianceID, &c.Category, &c.Severity, &c.Body, &c.KPIID, &c.KPIKey,
		&c.ReporterID, &c.ReporterName, &anon, &c.Status, timeCol{&c.RaisedOn},
		timeCol{&c.AckDueAt}, nullTimeCol{&c.AcknowledgedAt}, &c.AcknowledgedBy, &c.Escalation, nullTimeCol{&c.ClosedAt}, &c.ClosedBy, &c.CloseReason)
	c.Anonymous = anon == 1
	return c, err
}

// RaiseConcern records a concern and returns, for an anonymous one, its
// receipt code: the only time the code exists in clear. An anonymous
// concern stores no account, session, address or time finer than the
// day, gets a random (not time-ordered) id, and its audit entry names the
// anonymous reporter and is dated to the day.
func (db *DB) RaiseConcern(ctx context.Context, actor accord.Actor, c *accord.Concern, anonymous bool) (string, error) {
	if err := c.Validate(); err != nil {
		return "", err
	}
	var receipt, lookup, hash string
	if anonymous {
		cost := c.ReceiptCost
		if cost == (password.Params{}) {
			cost = password.Default
		}
		receipt = accord.NewReceipt()
		norm := accord.NormalizeReceipt(receipt)
		lookup = norm[:accord.ReceiptLookupLen]
		var err error
		if hash, err = password.Hash(norm, cost); err != nil {
			return "", fmt.Errorf("raise concern: %w", err)
		}
	}
	err := db.update(ctx, func(tx *Tx) error {
		if c.KPIKey != "" {
			if err := tx.queryRow(ctx, "SELECT id FROM kpis WHERE alliance_id = ? AND key = ?", c.AllianceID, c.KPIKey).Scan(&c.KPIID); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return accord.FieldError("kpi", "is not a KPI of this alliance")
				}
				return err
			}
		}
		c.Status, c.Anonymous, c.Escalation = accord.ConcernOpen, anonymous, 0
		c.RaisedOn = accord.Day(tx.now)
		c.AckDueAt = accord.AckDeadline(c.RaisedOn, accord.AckBusinessDays(c.Category))
		var raisedAt any
		who := actor
		if anonymous {
			c.ID, c.ReporterID, c.ReporterName = uuid.NewString(), "", ""
			who, tx.now = anonymousActor, c.RaisedOn
		} else {
			c.ID, c.ReporterID, c.ReporterName = newID(), actor.UserID, actor.Name
			raisedAt = ts(tx.now)
		}
		body, err := tx.seal(sealConcernBody, c.Body)
		if err != nil {
			return err
		}
		_, err = tx.exec(ctx, `INSERT INTO concerns (id, alliance_id, category, severity, body, kpi_id, reporter_id, receipt_lookup, receipt_hash,
			status, raised_on, raised_at, ack_due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.AllianceID, c.Category, c.Severity, body, nullStr(c.KPIID), nullStr(c.ReporterID), nullStr(lookup), nullStr(hash),
			c.Status, day(c.RaisedOn), raisedAt, ts(c.AckDueAt))
		if err != nil {
			return err
		}
		if err := tx.notifyConcern(ctx, who, c.AllianceID, c.ID, accord.NotifyConcernRaised, ""); err != nil {
			return err
		}
		return tx.audit(ctx, who, change{allianceID: c.AllianceID, action: "raise", entity: "concern", entityID: c.ID,
			after: map[string]any{"category": c.Category, "severity": c.Severity, "anonymous": anonymous, "status": c.Status}})
	})
	if err != nil {
		return "", err
	}
	return receipt, nil
}

// ConcernByReceipt finds an anonymous concern of the alliance by its
// receipt code, with its thread. A wrong code is "not found", whatever
// part of it is wrong.
func (db *DB) ConcernByReceipt(ctx context.Context, allianceID, receipt string) (accord.Concern, error) {
	id, err := db.receiptConcern(ctx, allianceID, receipt)
	if err != nil {
		return accord.Concern{}, err
	}
	return db.Concern(ctx, allianceID, id)
}

var errNoReceipt = accord.Errorf(accord.ENOTFOUND, "no concern has this receipt code in this alliance; check the code and the alliance")

// receiptConcern checks a receipt code against the slow hash, outside any
// transaction, and returns the concern's id. A code is refused in the same
// time whether or not a concern has its lookup prefix: when none has, the
// code is still checked, against another anonymous concern's hash (made
// with the same cost), so that the time of the answer does not tell a
// guesser which prefixes exist.
func (db *DB) receiptConcern(ctx context.Context, allianceID, receipt string) (string, error) {
	norm := accord.NormalizeReceipt(receipt)
	if len(norm) != 25 {
		return "", errNoReceipt
	}
	id, hash, decoy, err := db.receiptHash(ctx, allianceID, norm[:accord.ReceiptLookupLen])
	if err != nil {
		return "", err
	}
	if id == "" {
		hash = decoy
	}
	ok, err := checkReceipt(norm, hash)
	if err != nil {
		return "", fmt.Errorf("check receipt: %w", err)
	}
	if !ok || id == "" {
		return "", errNoReceipt
	}
	return id, nil
}

// receiptHash reads the concern with the lookup prefix in the alliance
// (an empty id when there is none) and, always, a decoy: the hash of the
// anonymous concern first in lookup order, empty when there is none.
func (db *DB) receiptHash(ctx context.Context, allianceID, lookup string) (id, hash, decoy string, err error) {
	err = db.view(ctx, func(tx *Tx) error {
		err := tx.queryRow(ctx, "SELECT id, receipt_hash FROM concerns WHERE alliance_id = ? AND receipt_lookup = ?",
			allianceID, lookup).Scan(&id, &hash)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		err = tx.queryRow(ctx, "SELECT receipt_hash FROM concerns WHERE receipt_lookup IS NOT NULL ORDER BY receipt_lookup LIMIT 1").Scan(&decoy)
		if errors.Is(err, sql.ErrNoRows) {
			err = nil
		}
		return err
	})
	return id, hash, decoy, err
}

// checkReceipt checks the code against the hash; with no hash at all (no
// anonymous concern exists) it spends the time of hashing at the default
// cost and answers no.
func checkReceipt(norm, hash string) (bool, error) {
	if hash == "" {
		_, err := password.Hash(norm, password.Default)
		return false, err
	}
	return password.Verify(norm, hash)
}

// AddReporterMessage adds information from the anonymous reporter who
// holds the receipt. The message keeps only the day, and so does its
// audit entry.
func (db *DB) AddReporterMessage(ctx context.Context, allianceID, receipt, body string) (accord.Concern, error) {
	body, err := accord.CleanMessage(body)
	if err != nil {
		return accord.Concern{}, err
	}
	id, err := db.receiptConcern(ctx, allianceID, receipt)
	if err != nil {
		return accord.Concern{}, err
	}
	var out accord.Concern
	err = db.update(ctx, func(tx *Tx) error {
		tx.now = accord.Day(tx.now)
		if err := tx.addMessage(ctx, id, accord.ReporterAuthor, "", body, true); err != nil {
			return err
		}
		if err := tx.audit(ctx, anonymousActor, change{allianceID: allianceID, action: "add_information", entity: "concern", entityID: id}); err != nil {
			return err
		}
		out, err = tx.concern(ctx, allianceID, id)
		return err
	})
	return out, err
}

// addMessage appends to a concern's thread. A day-only message (the
// anonymous reporter's) gets a random id and no time of day.
func (tx *Tx) addMessage(ctx context.Context, concernID, author, authorID, body string, dayOnly bool) error {
	var seq int
	if err := tx.queryRow(ctx, "SELECT COALESCE(MAX(seq), 0) + 1 FROM concern_messages WHERE concern_id = ?", concernID).Scan(&seq); err != nil {
		return err
	}
	id, on, at := newID(), any(nil), any(ts(tx.now))
	if dayOnly {
		id, on, at = uuid.NewString(), day(tx.now), nil
	}
	body, err := tx.seal(sealMessageBody, body)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, "INSERT INTO concern_messages (id, concern_id, seq, author, author_id, body, created_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		id, concernID, seq, author, nullStr(authorID), body, on, at)
	return err
}

// ListConcerns lists an alliance's concerns for its handlers: open ones
// first, the most urgent deadline first.
func (db *DB) ListConcerns(ctx context.Context, f accord.ConcernFilter) ([]accord.Concern, error) {
	if err := f.Normalize(); err != nil {
		return nil, err
	}
	q, args := concernSelect+" WHERE c.alliance_id = ?", []any{f.AllianceID}
	if f.Status != "" {
		q, args = q+" AND c.status = ?", append(args, f.Status)
	}
	q += fmt.Sprintf(` ORDER BY CASE c.status WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END, c.ack_due_at, c.id LIMIT %d`, f.Limit)
	var out []accord.Concern
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		if out, err = queryAll(ctx, tx, scanConcern, q, args...); err != nil {
			return err
		}
		for i := range out {
			if err := tx.openConcern(&out[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// Concern returns one concern of the alliance with its thread.
func (db *DB) Concern(ctx context.Context, allianceID, id string) (accord.Concern, error) {
	var c accord.Concern
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		c, err = tx.concern(ctx, allianceID, id)
		return err
	})
	return c, err
}

func (tx *Tx) concern(ctx context.Context, allianceID, id string) (accord.Concern, error) {
	c, err := scanConcern(tx.queryRow(ctx, concernSelect+" WHERE c.alliance_id = ? AND c.id = ?", allianceID, id))
	if err != nil {
		return c, notFound(err, "concern")
	}
	if err := tx.openConcern(&c); err != nil {
		return c, err
	}
	c.Messages, err = queryAll(ctx, tx, scanConcernMessage, "SELECT id, author, COALESCE(author_id, ''), body, created_on, created_at FROM concern_messages WHERE concern_id = ? ORDER BY seq", id)
	for i := range c.Messages {
		if err == nil {
			err = tx.openAll(sealMessageBody, &c.Messages[i].Body)
		}
	}
	return c, err
}

// openConcern opens a concern's sealed text and closing reason.
func (tx *Tx) openConcern(c *accord.Concern) error {
	if err := tx.openAll(sealConcernBody, &c.Body); err != nil {
		return err
	}
	return tx.openAll(sealConcernReason, &c.CloseReason)
}

// scanConcernMessage reads a message of a concern's thread: one dated to
// the day only (an older message) says so.
func scanConcernMessage(s scanner) (accord.ConcernMessage, error) {
	var m accord.ConcernMessage
	var on, at *time.Time
	if err := s.Scan(&m.ID, &m.Author, &m.AuthorID, &m.Body, nullTimeCol{&on}, nullTimeCol{&at}); err != nil {
		return m, err
	}
	if at != nil {
		m.At = *at
	} else if on != nil {
		m.At, m.DayOnly = *on, true
	}
	return m, nil
}
