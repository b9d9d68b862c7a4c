package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/secret"
)

const webhookSelect = `SELECT w.id, w.alliance_id, w.url, w.format, w.secret, w.events, w.active, w.created_at, w.created_by, w.deactivated_at FROM webhooks w`

func scanWebhook(s interface{ Scan(...any) error }) (accord.Webhook, error) {
	var w accord.Webhook
	var events string
	err := s.Scan(&w.ID, &w.AllianceID, &w.URL, &w.Format, &w.Secret, &events, &w.Active, timeCol{&w.CreatedAt}, &w.CreatedBy, nullTimeCol{&w.DeactivatedAt})
	for _, e := range splitList(events) {
		w.Events = append(w.Events, accord.NotificationKind(e))
	}
	if w.Events == nil {
		w.Events = []accord.NotificationKind{}
	}
	return w, err
}

func joinEvents(es []accord.NotificationKind) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = string(e)
	}
	return strings.Join(parts, ",")
}

func (tx *Tx) listWebhooks(ctx context.Context, where string, args ...any) ([]accord.Webhook, error) {
	hs, err := queryAll(ctx, tx, scanWebhook, webhookSelect+" WHERE "+where+" ORDER BY w.created_at, w.id", args...)
	for i := range hs {
		if err == nil {
			err = tx.openAll(sealWebhookSecret, &hs[i].Secret)
		}
	}
	return hs, err
}

// webhookAudit is what the trail keeps of a webhook: never its secret.
func webhookAudit(w accord.Webhook) map[string]any {
	return map[string]any{"url": w.URL, "format": w.Format, "events": joinEvents(w.Events), "active": w.Active}
}

// CreateWebhook adds a webhook to the alliance with a new random secret,
// which w.Secret carries back this once.
func (db *DB) CreateWebhook(ctx context.Context, actor accord.Actor, w *accord.Webhook) error {
	if err := w.Validate(); err != nil {
		return err
	}
	w.ID, w.Active, w.CreatedBy, w.DeactivatedAt = newID(), true, actor.Name, nil
	w.Secret = secret.New("whsec_")
	return db.update(ctx, func(tx *Tx) error {
		w.CreatedAt = tx.now
		sealed, err := tx.seal(sealWebhookSecret, w.Secret)
		if err != nil {
			return err
		}
		_, err = tx.exec(ctx, `INSERT INTO webhooks (id, alliance_id, url, format, secret, events, active, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			w.ID, w.AllianceID, w.URL, w.Format, sealed, joinEvents(w.Events), true, ts(tx.now), actor.Name)
		if err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: w.AllianceID, action: "create", entity: "webhook", entityID: w.ID, after: webhookAudit(*w)})
	})
}

// ListWebhooks lists the alliance's webhooks, oldest first.
func (db *DB) ListWebhooks(ctx context.Context, allianceID string) ([]accord.Webhook, error) {
	var out []accord.Webhook
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.listWebhooks(ctx, "w.alliance_id = ?", allianceID)
		return err
	})
	return out, err
}

// Webhook returns one webhook of the alliance.
func (db *DB) Webhook(ctx context.Context, allianceID, id string) (accord.Webhook, error) {
	var w accord.Webhook
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		w, err = tx.webhook(ctx, allianceID, id)
		return err
	})
	return w, err
}

func (tx *Tx) webhook(ctx context.Context, allianceID, id string) (accord.Webhook, error) {
	w, err := scanWebhook(tx.queryRow(ctx, webhookSelect+" WHERE w.alliance_id = ? AND w.id = ?", allianceID, id))
	if err != nil {
		return w, notFound(err, "webhook")
	}
	return w, tx.openAll(sealWebhookSecret, &w.Secret)
}

// UpdateWebhook changes a webhook's address, format, events or whether
// it is active. A deactivated webhook receives nothing new, and its
// deliveries still waiting are given up.
func (db *DB) UpdateWebhook(ctx context.Context, actor accord.Actor, allianceID, id string, u accord.WebhookUpdate) (accord.Webhook, error) {
	var w accord.Webhook
	err := db.update(ctx, func(tx *Tx) error {
		before, err := tx.webhook(ctx, allianceID, id)
		if err != nil {
			return err
		}
		w = before
		if u.URL != nil {
			w.URL = *u.URL
		}
		if u.Format != nil {
			w.Format = *u.Format
		}
		if u.Events != nil {
			w.Events = *u.Events
		}
		if u.Active != nil && *u.Active != w.Active {
			w.Active, w.DeactivatedAt = *u.Active, nil
			if !w.Active {
				now := tx.now
				w.DeactivatedAt = &now
			}
		}
		if err := w.Validate(); err != nil {
			return err
		}
		_, err = tx.exec(ctx, "UPDATE webhooks SET url = ?, format = ?, events = ?, active = ?, deactivated_at = ? WHERE id = ?",
			w.URL, w.Format, joinEvents(w.Events), w.Active, tsPtr(w.DeactivatedAt), id)
		if err != nil {
			return err
		}
		if !w.Active {
			if err := tx.giveUpDeliveries(ctx, id, "the webhook was deactivated"); err != nil {
				return err
			}
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: "update", entity: "webhook", entityID: id,
			before: webhookAudit(before), after: webhookAudit(w)})
	})
	return w, err
}

func (tx *Tx) giveUpDeliveries(ctx context.Context, webhookID, why string) error {
	_, err := tx.exec(ctx, `UPDATE webhook_deliveries SET failed_at = ?, error = ?, next_attempt_at = NULL
		WHERE webhook_id = ? AND delivered_at IS NULL AND failed_at IS NULL`, ts(tx.now), why, webhookID)
	return err
}

// DeleteWebhook removes a webhook and its delivery log.
func (db *DB) DeleteWebhook(ctx context.Context, actor accord.Actor, allianceID, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		w, err := tx.webhook(ctx, allianceID, id)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM webhook_deliveries WHERE webhook_id = ?", id); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM webhooks WHERE id = ?", id); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: "delete", entity: "webhook", entityID: id, before: webhookAudit(w)})
	})
}

// TestWebhook queues a test delivery to an active webhook, due now.
func (db *DB) TestWebhook(ctx context.Context, actor accord.Actor, allianceID, id string) (accord.WebhookDelivery, error) {
	var d accord.WebhookDelivery
	err := db.update(ctx, func(tx *Tx) error {
		w, err := tx.webhook(ctx, allianceID, id)
		if err != nil {
			return err
		}
		if !w.Active {
			return accord.Errorf(accord.ECONFLICT, "this webhook is deactivated; activate it to test it")
		}
		if err := tx.queueDelivery(ctx, w, accord.NotifyWebhookTest, "Test from accord, sent by "+actor.Name, "webhooks", tx.now, tx.now, false); err != nil {
			return err
		}
		ds, err := tx.deliveries(ctx, "d.webhook_id = ? ORDER BY d.created_at DESC, d.id DESC LIMIT 1", id)
		if err != nil || len(ds) == 0 {
			return notFound(err, "delivery")
		}
		d = ds[0]
		return nil
	})
	return d, err
}

const deliverySelect = `SELECT d.id, d.webhook_id, d.alliance_id, d.event, d.subject, d.link, d.occurred_at, d.attempts, d.status_code, d.error,
	d.next_attempt_at, d.delivered_at, d.failed_at, d.created_at FROM webhook_deliveries d`

func (tx *Tx) deliveries(ctx context.Context, where string, args ...any) ([]accord.WebhookDelivery, error) {
	return queryAll(ctx, tx, scanDelivery, deliverySelect+" WHERE "+where, args...)
}

func scanDelivery(s scanner) (accord.WebhookDelivery, error) {
	var d accord.WebhookDelivery
	err := s.Scan(&d.ID, &d.WebhookID, &d.AllianceID, &d.Event, &d.Subject, &d.Link, timeCol{&d.OccurredAt}, &d.Attempts, &d.StatusCode, &d.Error,
		nullTimeCol{&d.NextAttemptAt}, nullTimeCol{&d.DeliveredAt}, nullTimeCol{&d.FailedAt}, timeCol{&d.CreatedAt})
	return d, err
}

// ListWebhookDeliveries lists a webhook's delivery log, newest first (at
// most limit, default 50).
func (db *DB) ListWebhookDeliveries(ctx context.Context, allianceID, webhookID string, limit int) ([]accord.WebhookDelivery, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	var out []accord.WebhookDelivery
	err := db.view(ctx, func(tx *Tx) error {
		if _, err := tx.webhook(ctx, allianceID, webhookID); err != nil {
			return err
		}
		var err error
		out, err = tx.deliveries(ctx, fmt.Sprintf("d.webhook_id = ? ORDER BY d.created_at DESC, d.id DESC LIMIT %d", limit), webhookID)
		return err
	})
	return out, err
}

// WebhookAttempt returns what the attempt-th attempt of a delivery posts
// and where, with the alliance's slug and name; ok is false when there is
// nothing to do (delivered, given up, or this attempt already made).
func (db *DB) WebhookAttempt(ctx context.Context, deliveryID string, attempt int) (d accord.WebhookDelivery, w accord.Webhook, alliance accord.Alliance, ok bool, err error) {
	err = db.view(ctx, func(tx *Tx) error {
		ds, err := tx.deliveries(ctx, "d.id = ?", deliveryID)
		if err != nil || len(ds) == 0 {
			return err
		}
		d = ds[0]
		if d.DeliveredAt != nil || d.FailedAt != nil || d.Attempts >= attempt {
			return nil
		}
		if w, err = tx.webhook(ctx, d.AllianceID, d.WebhookID); err != nil {
			return err
		}
		alliance, err = scanAlliance(tx.queryRow(ctx, "SELECT "+allianceCols+" FROM alliances WHERE id = ?", d.AllianceID))
		ok = err == nil
		return err
	})
	return d, w, alliance, ok, err
}

// RecordWebhookAttempt records the attempt-th attempt of a delivery: its
// status code and error, then delivered (a 2xx answer), given up (after
// accord.WebhookMaxAttempts) or due again after accord.WebhookRetryDelay,
// with the job of the next attempt queued in the same transaction.
func (db *DB) RecordWebhookAttempt(ctx context.Context, deliveryID string, attempt, status int, errText string) error {
	return db.update(ctx, func(tx *Tx) error {
		now := ts(tx.now)
		delivered := status >= 200 && status < 300 && errText == ""
		var next, failed, done any
		switch {
		case delivered:
			done = now
		case attempt >= accord.WebhookMaxAttempts:
			failed = now
		default:
			next = ts(tx.now.Add(accord.WebhookRetryDelay(attempt)))
		}
		res, err := tx.exec(ctx, `UPDATE webhook_deliveries SET attempts = ?, status_code = ?, error = ?, next_attempt_at = ?, delivered_at = ?, failed_at = ?
			WHERE id = ? AND attempts = ? AND delivered_at IS NULL AND failed_at IS NULL`, attempt, status, clip(errText, 1000), next, done, failed, deliveryID, attempt-1)
		if err != nil {
			return err
		}
		if k, err := res.RowsAffected(); err != nil || k == 0 || next == nil {
			return err
		}
		payload, err := json.Marshal(deliveryPayload{DeliveryID: deliveryID, Attempt: attempt + 1})
		if err != nil {
			return err
		}
		return tx.enqueue(ctx, newID(), accord.JobWebhookDeliver, payload, tx.now.Add(accord.WebhookRetryDelay(attempt)))
	})
}
