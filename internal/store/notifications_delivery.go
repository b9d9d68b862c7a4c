package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// mailClaimLease is how long a claim on a person's due e-mail holds: a
// delivery that died with its claim is taken over after it.
const mailClaimLease = 10 * time.Minute

// ClaimMail claims, under claim (a value unique to the attempt), every
// notification of the person whose e-mail is due now and not sent, and
// returns them with the person's address: one e-mail carries them all. A
// notification read in the meantime is not e-mailed. Two deliveries
// racing for one person claim disjoint sets.
func (db *DB) ClaimMail(ctx context.Context, userID, claim string) (accord.Digest, error) {
	var d accord.Digest
	err := db.update(ctx, func(tx *Tx) error {
		now := ts(tx.now)
		if _, err := tx.exec(ctx, "UPDATE notifications SET email_now = ? WHERE user_id = ? AND email_now = ? AND emailed_at IS NULL AND read_at IS NOT NULL",
			false, userID, true); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `UPDATE notifications SET email_claim = ?, email_claimed_at = ? WHERE user_id = ? AND email_now = ? AND emailed_at IS NULL
			AND deliver_after <= ? AND (email_claim IS NULL OR email_claimed_at < ?)`, claim, now, userID, true, now, ts(tx.now.Add(-mailClaimLease)))
		if err != nil {
			return err
		}
		if d, err = tx.recipient(ctx, userID); err != nil {
			return err
		}
		d.At = tx.now
		d.Items, err = tx.notifications(ctx, notificationSelect+" WHERE n.email_claim = ? ORDER BY n.alliance_id, n.created_at, n.id", claim)
		return err
	})
	return d, err
}

// recipient reads a person's name and address.
func (tx *Tx) recipient(ctx context.Context, userID string) (accord.Digest, error) {
	d := accord.Digest{UserID: userID}
	err := tx.queryRow(ctx, "SELECT email, name FROM users WHERE id = ?", userID).Scan(&d.Email, &d.Name)
	return d, notFound(err, "user")
}

// FinishMail records the outcome of a claimed e-mail: sent (emailed_at),
// dropped (no mail relay: they stay in the inbox only) or to be tried
// again (the claim is released).
func (db *DB) FinishMail(ctx context.Context, claim string, outcome string) error {
	return db.update(ctx, func(tx *Tx) error {
		var err error
		switch outcome {
		case "sent":
			_, err = tx.exec(ctx, "UPDATE notifications SET emailed_at = ?, email_claim = NULL WHERE email_claim = ?", ts(tx.now), claim)
		case "dropped":
			_, err = tx.exec(ctx, "UPDATE notifications SET email_now = ?, email_claim = NULL WHERE email_claim = ?", false, claim)
		default:
			_, err = tx.exec(ctx, "UPDATE notifications SET email_claim = NULL, email_claimed_at = NULL WHERE email_claim = ?", claim)
		}
		return err
	})
}

// digestPayload is the payload of a JobNotifyDigest job.
type digestPayload struct {
	UserID     string `json:"user_id"`
	AllianceID string `json:"alliance_id"`
	At         string `json:"at"`
}

// QueueDigests queues, once each, the digest job of every person whose
// preference is the digest and who has not had the digest of the moment
// at (a digest hour): a compare-and-swap on digest_queued_for, in the
// same transaction as the job, so that several servers queue each digest
// once. It returns how many it queued.
func (db *DB) QueueDigests(ctx context.Context, at time.Time) (int, error) {
	n := 0
	err := db.update(ctx, func(tx *Tx) error {
		n = 0
		due, err := queryAll(ctx, tx, func(s scanner) (digestPayload, error) {
			p := digestPayload{At: ts(at)}
			err := s.Scan(&p.UserID, &p.AllianceID)
			return p, err
		}, `SELECT user_id, alliance_id FROM notification_preferences WHERE mode = ?
			AND (digest_queued_for IS NULL OR digest_queued_for < ?) AND (last_digest_at IS NULL OR last_digest_at < ?) ORDER BY user_id, alliance_id`,
			accord.MailDigest, ts(at), ts(at))
		if err != nil {
			return err
		}
		for _, p := range due {
			res, err := tx.exec(ctx, `UPDATE notification_preferences SET digest_queued_for = ? WHERE user_id = ? AND alliance_id = ?
				AND (digest_queued_for IS NULL OR digest_queued_for < ?)`, ts(at), p.UserID, p.AllianceID, ts(at))
			if err != nil {
				return err
			}
			if k, err := res.RowsAffected(); err != nil || k == 0 {
				continue
			}
			payload, err := json.Marshal(p)
			if err != nil {
				return err
			}
			if err := tx.enqueue(ctx, newID(), accord.JobNotifyDigest, payload, at); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// Digest returns what the person's digest of the alliance for the moment
// at lists: every notification still unread, not listed by an earlier
// digest and ready to leave accord by at. ok is false when that digest is
// already sent or the person no longer wants digests.
func (db *DB) Digest(ctx context.Context, userID, allianceID string, at time.Time) (d accord.Digest, ok bool, err error) {
	err = db.view(ctx, func(tx *Tx) error {
		var mode string
		var last *time.Time
		err := tx.queryRow(ctx, "SELECT mode, last_digest_at FROM notification_preferences WHERE user_id = ? AND alliance_id = ?", userID, allianceID).
			Scan(&mode, nullTimeCol{&last})
		if errors.Is(err, sql.ErrNoRows) || mode != accord.MailDigest || (last != nil && !last.Before(at)) {
			return nil
		}
		if err != nil {
			return err
		}
		if d, err = tx.recipient(ctx, userID); err != nil {
			return err
		}
		d.AllianceID, d.At, ok = allianceID, at, true
		d.Items, err = tx.notifications(ctx, notificationSelect+` WHERE n.user_id = ? AND n.alliance_id = ? AND n.read_at IS NULL
			AND n.digested_at IS NULL AND n.deliver_after <= ? ORDER BY n.created_at, n.id`, userID, allianceID, ts(at))
		return err
	})
	return d, ok, err
}

// FinishDigest records that the digest was sent (or had nothing to list):
// its notifications are marked as listed and the person's last digest is
// the digest's moment.
func (db *DB) FinishDigest(ctx context.Context, d accord.Digest) error {
	return db.update(ctx, func(tx *Tx) error {
		for _, n := range d.Items {
			if _, err := tx.exec(ctx, "UPDATE notifications SET digested_at = ? WHERE id = ?", ts(tx.now), n.ID); err != nil {
				return err
			}
		}
		_, err := tx.exec(ctx, "UPDATE notification_preferences SET last_digest_at = ? WHERE user_id = ? AND alliance_id = ? AND (last_digest_at IS NULL OR last_digest_at < ?)",
			ts(d.At), d.UserID, d.AllianceID, ts(d.At))
		return err
	})
}
