package store

import (
	"context"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// concernActor is who the trail names for escalations.
var concernActor = accord.SystemActor("concerns")

// escalationNotes are the messages the reporter reads at each escalation step.
var escalationNotes = map[int]string{
	accord.EscalatedToChairs: "Not acknowledged in time: escalated to the steering committee chair and the executives of every party.",
	accord.EscalatedToAll:    "Still not acknowledged: escalated to the executives of every party.",
}

// AcknowledgeConcern records that a handler has seen an open concern and
// is on it; the reporter reads it in the thread.
func (db *DB) AcknowledgeConcern(ctx context.Context, actor accord.Actor, allianceID, id string) (accord.Concern, error) {
	return db.stepConcern(ctx, actor, allianceID, id, "acknowledge", func(tx *Tx, c accord.Concern) error {
		if c.Status != accord.ConcernOpen {
			return accord.Errorf(accord.ECONFLICT, "this concern is already %s", c.Status)
		}
		_, err := tx.exec(ctx, "UPDATE concerns SET status = ?, acknowledged_at = ?, acknowledged_by = ?, acknowledged_name = ? WHERE id = ?",
			accord.ConcernAcknowledged, ts(tx.now), nullStr(actor.UserID), actor.Name, id)
		if err != nil {
			return err
		}
		return tx.addMessage(ctx, id, actor.Name, actor.UserID, "Acknowledged: someone is looking into it.", false)
	})
}

// ReplyToConcern adds a handler's message to the thread.
func (db *DB) ReplyToConcern(ctx context.Context, actor accord.Actor, allianceID, id, body string) (accord.Concern, error) {
	body, err := accord.CleanMessage(body)
	if err != nil {
		return accord.Concern{}, err
	}
	return db.stepConcern(ctx, actor, allianceID, id, "reply", func(tx *Tx, c accord.Concern) error {
		if c.Status == accord.ConcernClosed {
			return accord.Errorf(accord.ECONFLICT, "this concern is closed")
		}
		return tx.addMessage(ctx, id, actor.Name, actor.UserID, body, false)
	})
}

// CloseConcern closes a concern; the reason is required and shown to the reporter.
func (db *DB) CloseConcern(ctx context.Context, actor accord.Actor, allianceID, id, reason string) (accord.Concern, error) {
	reason, err := accord.CleanReason(reason, true)
	if err != nil {
		return accord.Concern{}, err
	}
	return db.stepConcern(ctx, actor, allianceID, id, "close", func(tx *Tx, c accord.Concern) error {
		if c.Status == accord.ConcernClosed {
			return accord.Errorf(accord.ECONFLICT, "this concern is already closed")
		}
		sealed, err := tx.seal(sealConcernReason, reason)
		if err != nil {
			return err
		}
		_, err = tx.exec(ctx, "UPDATE concerns SET status = ?, closed_at = ?, closed_by = ?, closed_name = ?, close_reason = ? WHERE id = ?",
			accord.ConcernClosed, ts(tx.now), nullStr(actor.UserID), actor.Name, sealed, id)
		if err != nil {
			return err
		}
		return tx.addMessage(ctx, id, actor.Name, actor.UserID, "Closed: "+reason, false)
	})
}

// stepConcern takes a handler's step and audits it. The entry records the
// status, never who raised the concern, nor the closing reason's text: the
// thread keeps it sealed, and the trail is never re-sealed.
func (db *DB) stepConcern(ctx context.Context, actor accord.Actor, allianceID, id, action string, step func(*Tx, accord.Concern) error) (accord.Concern, error) {
	var out accord.Concern
	err := db.update(ctx, func(tx *Tx) error {
		c, err := tx.concern(ctx, allianceID, id)
		if err != nil {
			return err
		}
		if err := step(tx, c); err != nil {
			return err
		}
		// Acknowledged or closed resolves its "not acknowledged in time" signal.
		if _, err := tx.syncConcernSignals(ctx, signalsActor, allianceID, id); err != nil {
			return err
		}
		if out, err = tx.concern(ctx, allianceID, id); err != nil {
			return err
		}
		// The reporter of a named concern reads the answer in their inbox.
		if err := tx.notifyConcern(ctx, actor, allianceID, id, accord.NotifyConcernReply, action); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: action, entity: "concern", entityID: id,
			before: map[string]any{"status": c.Status}, after: map[string]any{"status": out.Status, "reason_given": out.CloseReason != ""}})
	})
	return out, err
}

// EscalateOverdue escalates every open concern whose acknowledgement
// deadline has passed at now: level 0 → 1 (the steering committee chair
// and every party's executives), then, after a further deadline, 1 → 2
// (every executive). Each step is a message the reporter reads and an
// audit entry by the system that names no one. It returns how many
// concerns it escalated. Each step notifies the people it escalates to,
// in the same transaction (docs/notifications.md).
func (db *DB) EscalateOverdue(ctx context.Context, now time.Time) (int, error) {
	var n int
	err := db.update(ctx, func(tx *Tx) error {
		tx.now = now.UTC()
		type due struct {
			id, alliance, category string
			level                  int
		}
		list, err := queryAll(ctx, tx, func(s scanner) (due, error) {
			var d due
			err := s.Scan(&d.id, &d.alliance, &d.category, &d.level)
			return d, err
		}, "SELECT id, alliance_id, category, escalation_level FROM concerns WHERE status = ? AND escalation_level < ? AND ack_due_at <= ?",
			accord.ConcernOpen, accord.EscalatedToAll, ts(tx.now))
		if err != nil {
			return err
		}
		for _, d := range list {
			level := d.level + 1
			next := accord.AckDeadline(tx.now, accord.AckBusinessDays(d.category))
			if _, err := tx.exec(ctx, "UPDATE concerns SET escalation_level = ?, ack_due_at = ? WHERE id = ?", level, ts(next), d.id); err != nil {
				return err
			}
			if err := tx.addMessage(ctx, d.id, "accord", "", escalationNotes[level], false); err != nil {
				return err
			}
			// The missed deadline is a signal from the hour it is escalated.
			if _, err := tx.syncConcernSignals(ctx, signalsActor, d.alliance, d.id); err != nil {
				return err
			}
			if err := tx.notifyConcern(ctx, concernActor, d.alliance, d.id, escalationKinds[level], ""); err != nil {
				return err
			}
			if err := tx.audit(ctx, concernActor, change{allianceID: d.alliance, action: "escalate", entity: "concern", entityID: d.id,
				before: map[string]any{"escalation_level": d.level}, after: map[string]any{"escalation_level": level}}); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
