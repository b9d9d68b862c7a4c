package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/accord-alliance/accord/internal/accord"
)

const notificationSelect = `SELECT n.id, n.alliance_id, n.user_id, n.kind, n.subject, n.link, n.body, n.must_act, n.created_at, n.read_at,
	a.slug, a.name, n.signal_id, s.kpi_id, s.segment, s.first_period, s.last_period
	FROM notifications n JOIN alliances a ON a.id = n.alliance_id LEFT JOIN signals s ON s.id = n.signal_id`

// scanNotification reads a row of notificationSelect and what the signal
// it tells of (if any) is about, for the reader's data sharing.
func scanNotification(s interface{ Scan(...any) error }) (accord.Notification, toldSignal, error) {
	var n accord.Notification
	var g toldSignal
	err := s.Scan(&n.ID, &n.AllianceID, &n.UserID, &n.Kind, &n.Subject, &n.Link, &n.Body, &n.MustAct, timeCol{&n.CreatedAt}, nullTimeCol{&n.ReadAt},
		&n.AllianceSlug, &n.AllianceName, &g.id, &g.kpiID, &g.segment, nullTimeCol{&g.first}, nullTimeCol{&g.last})
	return n, g, err
}

// ListNotifications lists a person's notifications in an alliance: unread
// first, then newest first. Reading them is personal: nothing is audited.
func (db *DB) ListNotifications(ctx context.Context, f accord.NotificationFilter) ([]accord.Notification, error) {
	f.Normalize()
	q, args := notificationSelect+" WHERE n.user_id = ? AND n.alliance_id = ?", []any{f.UserID, f.AllianceID}
	if f.UnreadOnly {
		q += " AND n.read_at IS NULL"
	}
	q += fmt.Sprintf(" ORDER BY CASE WHEN n.read_at IS NULL THEN 0 ELSE 1 END, n.created_at DESC, n.id DESC LIMIT %d", f.Limit)
	var out []accord.Notification
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.notifications(ctx, q, args...)
		return err
	})
	return out, err
}

func (tx *Tx) notifications(ctx context.Context, q string, args ...any) ([]accord.Notification, error) {
	rs, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []accord.Notification
	var told []toldSignal
	for rs.Next() {
		n, g, err := scanNotification(rs)
		if err == nil {
			err = tx.openAll(sealNotice, &n.Body)
		}
		if err != nil {
			return nil, err
		}
		out, told = append(out, n), append(told, g)
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	rs.Close()
	for i := range out {
		if err := tx.asSharing(ctx, &out[i], told[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// unreadCap bounds the unread count: the badge shows "99+" beyond it, and
// the count never walks more of the index than that.
const unreadCap = 100

// unreadCount counts unread notifications: one range of the inbox index,
// bounded by unreadCap.
const unreadCount = `(SELECT COUNT(*) FROM (SELECT 1 FROM notifications un WHERE un.user_id = %s AND un.alliance_id = %s AND un.read_at IS NULL LIMIT %d) unread)`

// unreadBadge is unreadCount inside SessionMember's one statement, so the
// navigation's badge costs no round trip of its own.
var unreadBadge = fmt.Sprintf(unreadCount, "u.id", "a.id", unreadCap)

// UnreadNotifications counts a person's unread notifications in an
// alliance, up to unreadCap.
func (db *DB) UnreadNotifications(ctx context.Context, allianceID, userID string) (int, error) {
	var n int
	err := db.view(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT "+fmt.Sprintf(unreadCount, "?", "?", unreadCap), userID, allianceID).Scan(&n)
	})
	return n, err
}

// MarkNotificationRead marks one of the person's notifications read (again
// is fine) and returns it.
func (db *DB) MarkNotificationRead(ctx context.Context, allianceID, userID, id string) (accord.Notification, error) {
	var n accord.Notification
	err := db.update(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, "UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND alliance_id = ? AND read_at IS NULL",
			ts(tx.now), id, userID, allianceID); err != nil {
			return err
		}
		var g toldSignal
		var err error
		n, g, err = scanNotification(tx.queryRow(ctx, notificationSelect+" WHERE n.id = ? AND n.user_id = ? AND n.alliance_id = ?", id, userID, allianceID))
		if err != nil {
			return notFound(err, "notification")
		}
		if err := tx.openAll(sealNotice, &n.Body); err != nil {
			return err
		}
		return tx.asSharing(ctx, &n, g)
	})
	return n, err
}

// MarkAllNotificationsRead marks every unread notification of the person
// in the alliance read and returns how many it marked.
func (db *DB) MarkAllNotificationsRead(ctx context.Context, allianceID, userID string) (int, error) {
	var n int64
	err := db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "UPDATE notifications SET read_at = ? WHERE user_id = ? AND alliance_id = ? AND read_at IS NULL AND created_at <= ?",
			ts(tx.now), userID, allianceID, ts(tx.now))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// NotificationPreference returns the person's e-mail preference in the
// alliance: immediately unless they chose otherwise.
func (db *DB) NotificationPreference(ctx context.Context, allianceID, userID string) (accord.NotificationPreference, error) {
	var p accord.NotificationPreference
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		p, err = tx.preference(ctx, allianceID, userID)
		return err
	})
	return p, err
}

func (tx *Tx) preference(ctx context.Context, allianceID, userID string) (accord.NotificationPreference, error) {
	p := accord.NotificationPreference{Mode: accord.MailImmediately, DigestHour: accord.DigestHour}
	err := tx.queryRow(ctx, "SELECT mode, last_digest_at FROM notification_preferences WHERE user_id = ? AND alliance_id = ?", userID, allianceID).
		Scan(&p.Mode, nullTimeCol{&p.LastDigestAt})
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	return p, err
}

// SetNotificationPreference sets the person's e-mail preference in the
// alliance. Choosing the digest starts it from now: the first digest
// lists what is unread and not yet in a digest.
func (db *DB) SetNotificationPreference(ctx context.Context, allianceID, userID, mode string) (accord.NotificationPreference, error) {
	if err := accord.CheckMailMode(mode); err != nil {
		return accord.NotificationPreference{}, err
	}
	var p accord.NotificationPreference
	err := db.update(ctx, func(tx *Tx) error {
		before, err := tx.preference(ctx, allianceID, userID)
		if err != nil {
			return err
		}
		last := tsPtr(before.LastDigestAt)
		if mode == accord.MailDigest && before.Mode != accord.MailDigest {
			last = ts(tx.now)
		}
		_, err = tx.exec(ctx, `INSERT INTO notification_preferences (user_id, alliance_id, mode, last_digest_at, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (user_id, alliance_id) DO UPDATE SET mode = excluded.mode, last_digest_at = excluded.last_digest_at, updated_at = excluded.updated_at`,
			userID, allianceID, mode, last, ts(tx.now))
		if err != nil {
			return err
		}
		p, err = tx.preference(ctx, allianceID, userID)
		return err
	})
	return p, err
}
