package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/secret"
)

// CreateSession starts a server-side session for the user and returns the
// cookie value; only its hash is stored.
func (db *DB) CreateSession(ctx context.Context, userID string, ttl time.Duration) (string, error) {
	token := secret.New("")
	err := db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
			secret.Hash(token), userID, ts(tx.now), expiry(tx.now, ttl))
		return err
	})
	return token, err
}

// SessionUser returns the active user behind a session cookie.
func (db *DB) SessionUser(ctx context.Context, token string) (accord.User, error) {
	u, err := scanUser(db.readRow(ctx, "SELECT u.id, u.email, u.name, COALESCE(u.org_id, ''), u.super_admin, u.disabled_at, u.created_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL",
		secret.Hash(token), ts(db.Now())))
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return u, accord.Errorf(accord.EUNAUTHORIZED, "sign in to continue")
		}
		return u, translate(db.dialect, err)
	}
	return u, nil
}

// DeleteSession ends a session (sign-out).
func (db *DB) DeleteSession(ctx context.Context, token string) error {
	return db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", secret.Hash(token))
		return err
	})
}

// DeleteExpiredSessions removes expired sessions, resets and old login
// failures; it runs as a scheduled job.
func (db *DB) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	var total int64
	err := db.update(ctx, func(tx *Tx) error {
		cleanups := []struct {
			q      string
			before time.Time
		}{
			{"DELETE FROM sessions WHERE expires_at <= ?", tx.now},
			{"DELETE FROM password_resets WHERE expires_at <= ?", tx.now},
			{"DELETE FROM pending_signins WHERE expires_at <= ?", tx.now},
			{"DELETE FROM passkey_ceremonies WHERE expires_at <= ?", tx.now},
			{"DELETE FROM login_failures WHERE at <= ?", tx.now.Add(-24 * time.Hour)},
			{"DELETE FROM import_drafts WHERE created_at <= ?", tx.now.Add(-24 * time.Hour)},
		}
		for _, c := range cleanups {
			res, err := tx.exec(ctx, c.q, ts(c.before))
			if err != nil {
				return fmt.Errorf("clean up: %w", err)
			}
			n, _ := res.RowsAffected()
			total += n
		}
		return nil
	})
	return total, err
}

// LoginFailures counts the attempts counted under a throttling key within
// the window (BeginLoginAttempt counts them; a right password forgets its
// own): what the throttle will weigh next.
func (db *DB) LoginFailures(ctx context.Context, key string, window time.Duration) (int, error) {
	var n int
	err := db.view(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT COUNT(*) FROM login_failures WHERE key = ? AND at > ?", secret.Hash(key), ts(tx.now.Add(-window))).Scan(&n)
	})
	return n, err
}

// CreatePasswordReset makes a one-time reset link token for a user.
func (db *DB) CreatePasswordReset(ctx context.Context, actor accord.Actor, userID string, ttl time.Duration) (string, error) {
	token := secret.New("rst_")
	err := db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)", secret.Hash(token), userID, ts(tx.now), expiry(tx.now, ttl))
		if err != nil {
			return translate(tx.dialect, err)
		}
		return tx.audit(ctx, actor, change{action: "create", entity: "password_reset", entityID: userID})
	})
	return token, err
}

// PasswordResetUser returns the person an unused, unexpired reset token is
// for, so their new password can be checked against their name and address.
func (db *DB) PasswordResetUser(ctx context.Context, token string) (accord.User, error) {
	var u accord.User
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		u, err = scanUser(tx.queryRow(ctx, "SELECT "+userCols+" FROM users WHERE id = (SELECT user_id FROM password_resets WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?)",
			secret.Hash(token), ts(tx.now)))
		return notFoundMsg(err, "this reset link has been used or has expired; ask an admin for a new one")
	})
	return u, err
}

// ResetPassword uses a reset token once to set a new password hash.
func (db *DB) ResetPassword(ctx context.Context, token, hash string) (accord.User, error) {
	var u accord.User
	err := db.update(ctx, func(tx *Tx) error {
		var userID string
		err := tx.queryRow(ctx, "SELECT user_id FROM password_resets WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?", secret.Hash(token), ts(tx.now)).Scan(&userID)
		if err != nil {
			return notFoundMsg(err, "this reset link has been used or has expired; ask an admin for a new one")
		}
		if _, err := tx.exec(ctx, "UPDATE password_resets SET used_at = ? WHERE token_hash = ?", ts(tx.now), secret.Hash(token)); err != nil {
			return err
		}
		if u, err = scanUser(tx.queryRow(ctx, "SELECT "+userCols+" FROM users WHERE id = ?", userID)); err != nil {
			return err
		}
		return tx.setPassword(ctx, accord.Actor{UserID: u.ID, Name: u.Name, Via: "web"}, userID, hash)
	})
	return u, err
}

// SessionMember resolves a session cookie and, in the same statement, the
// alliance with the slug and the person's membership in it (nil when the
// alliance does not exist or they were never a member): an alliance page
// needs all three, and one round trip is what it costs on PostgreSQL.
func (db *DB) SessionMember(ctx context.Context, token, slug string) (accord.User, *accord.Alliance, *accord.Membership, error) {
	var u accord.User
	var aID, aSlug, aName, aVision, aValues, mID, mUser, uName, uEmail, mParty, pName, roles sql.NullString
	var aCreated, aUpdated, mCreated, mDeact *time.Time
	var version, pversion, sharing, unread int64
	var active sql.NullBool
	err := db.readRow(ctx, `SELECT u.id, u.email, u.name, COALESCE(u.org_id, ''), u.super_admin, u.disabled_at, u.created_at,
		a.id, a.slug, a.name, a.vision, a.values_text, a.created_at, a.updated_at, COALESCE(a.sharing_by_protocol, 0), COALESCE(v.version, 0), COALESCE(pv.version, 0),
		m.id, m.user_id, u.name, u.email, m.party_id, o.name, m.roles, m.active, m.created_at, m.deactivated_at, `+unreadBadge+`
		FROM sessions s JOIN users u ON u.id = s.user_id
		LEFT JOIN alliances a ON a.slug = ?
		LEFT JOIN memberships m ON m.alliance_id = a.id AND m.user_id = u.id
		LEFT JOIN parties p ON p.id = m.party_id LEFT JOIN organizations o ON o.id = p.org_id
		LEFT JOIN scorecard_versions v ON v.alliance_id = a.id LEFT JOIN portfolio_versions pv ON pv.alliance_id = a.id
		WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL`,
		strings.ToLower(slug), secret.Hash(token), ts(db.Now())).Scan(
		&u.ID, &u.Email, &u.Name, &u.OrgID, &u.SuperAdmin, nullTimeCol{&u.DisabledAt}, timeCol{&u.CreatedAt},
		&aID, &aSlug, &aName, &aVision, &aValues, nullTimeCol{&aCreated}, nullTimeCol{&aUpdated}, &sharing, &version, &pversion,
		&mID, &mUser, &uName, &uEmail, &mParty, &pName, &roles, &active, nullTimeCol{&mCreated}, nullTimeCol{&mDeact}, &unread)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return u, nil, nil, accord.Errorf(accord.EUNAUTHORIZED, "sign in to continue")
		}
		return u, nil, nil, translate(db.dialect, err)
	}
	if !aID.Valid || !mID.Valid {
		return u, nil, nil, nil
	}
	a := &accord.Alliance{ID: aID.String, Slug: aSlug.String, Name: aName.String, Vision: aVision.String, Values: aValues.String, ScorecardVersion: version, PortfolioVersion: pversion, SharingByProtocol: sharing == 1}
	if aCreated != nil {
		a.CreatedAt = *aCreated
	}
	if aUpdated != nil {
		a.UpdatedAt = *aUpdated
	}
	m := &accord.Membership{ID: mID.String, AllianceID: a.ID, UserID: mUser.String, UserName: uName.String, UserEmail: uEmail.String,
		PartyID: mParty.String, PartyName: pName.String, Active: active.Bool, DeactivatedAt: mDeact, Unread: int(unread)}
	if mCreated != nil {
		m.CreatedAt = *mCreated
	}
	if m.Roles, err = accord.ParseRoles(roles.String); err != nil {
		return u, nil, nil, err
	}
	return u, a, m, nil
}
