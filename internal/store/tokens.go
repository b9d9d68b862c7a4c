package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/secret"
)

func notFoundMsg(err error, msg string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return accord.Errorf(accord.ENOTFOUND, "%s", msg)
	}
	return err
}

// CreateAPIToken issues a personal API token and sets its one-time Secret.
func (db *DB) CreateAPIToken(ctx context.Context, actor accord.Actor, t *accord.APIToken) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		t.ID, t.CreatedAt, t.Secret = newID(), tx.now, secret.New("acc_")
		_, err := tx.exec(ctx, "INSERT INTO api_tokens (id, user_id, name, scope, token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			t.ID, t.UserID, t.Name, t.Scope, secret.Hash(t.Secret), ts(tx.now))
		if err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{action: "create", entity: "api_token", entityID: t.ID, after: map[string]string{"name": t.Name, "scope": t.Scope, "user_id": t.UserID}})
	})
}

// ListAPITokens lists a user's tokens, newest first, without secrets.
func (db *DB) ListAPITokens(ctx context.Context, userID string) ([]accord.APIToken, error) {
	var out []accord.APIToken
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanAPIToken, "SELECT id, user_id, name, scope, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC", userID)
		return err
	})
	return out, err
}

func scanAPIToken(s scanner) (accord.APIToken, error) {
	var t accord.APIToken
	err := s.Scan(&t.ID, &t.UserID, &t.Name, &t.Scope, timeCol{&t.CreatedAt}, nullTimeCol{&t.LastUsedAt}, nullTimeCol{&t.RevokedAt})
	return t, err
}

// RevokeAPIToken revokes one of the user's tokens.
func (db *DB) RevokeAPIToken(ctx context.Context, actor accord.Actor, userID, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL", ts(tx.now), id, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return accord.Errorf(accord.ENOTFOUND, "no active token with that id")
		}
		return tx.audit(ctx, actor, change{action: "revoke", entity: "api_token", entityID: id})
	})
}

// revokeAPITokens revokes every active token of the user, each with its
// audit entry saying why.
func (tx *Tx) revokeAPITokens(ctx context.Context, actor accord.Actor, userID, reason string) error {
	ids, err := tx.strings(ctx, "SELECT id FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL ORDER BY created_at", userID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := tx.exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE id = ?", ts(tx.now), id); err != nil {
			return err
		}
		if err := tx.audit(ctx, actor, change{action: "revoke", entity: "api_token", entityID: id, after: map[string]string{"reason": reason}}); err != nil {
			return err
		}
	}
	return nil
}

// TokenUser returns the active user and token behind an API token secret,
// and notes when it was last used (to the minute, to spare writes).
func (db *DB) TokenUser(ctx context.Context, tokenSecret string) (accord.User, accord.APIToken, error) {
	return db.tokenUser(ctx, tokenSecret, true)
}

// TokenUserUnnoted is TokenUser without noting the use: a request that
// raises a concern, possibly anonymously, leaves no time on the token that
// could date the report.
func (db *DB) TokenUserUnnoted(ctx context.Context, tokenSecret string) (accord.User, accord.APIToken, error) {
	return db.tokenUser(ctx, tokenSecret, false)
}

func (db *DB) tokenUser(ctx context.Context, tokenSecret string, note bool) (accord.User, accord.APIToken, error) {
	var u accord.User
	var t accord.APIToken
	run := db.view
	if note {
		run = db.update
	}
	err := run(ctx, func(tx *Tx) error {
		row := tx.queryRow(ctx, `SELECT t.id, t.user_id, t.name, t.scope, t.created_at, t.last_used_at, `+
			`u.id, u.email, u.name, COALESCE(u.org_id, ''), u.super_admin, u.disabled_at, u.created_at
			FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled_at IS NULL`, secret.Hash(tokenSecret))
		err := row.Scan(&t.ID, &t.UserID, &t.Name, &t.Scope, timeCol{&t.CreatedAt}, nullTimeCol{&t.LastUsedAt},
			&u.ID, &u.Email, &u.Name, &u.OrgID, &u.SuperAdmin, nullTimeCol{&u.DisabledAt}, timeCol{&u.CreatedAt})
		if err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return accord.Errorf(accord.EUNAUTHORIZED, "the API token is not valid or has been revoked")
			}
			return err
		}
		if note && (t.LastUsedAt == nil || tx.now.Sub(*t.LastUsedAt) > 60e9) {
			_, err = tx.exec(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", ts(tx.now), t.ID)
		}
		return err
	})
	return u, t, err
}
