package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/secret"
)

// SecondFactors is what a person has enrolled.
func (db *DB) SecondFactors(ctx context.Context, userID string) (accord.SecondFactors, error) {
	var f accord.SecondFactors
	err := db.view(ctx, func(tx *Tx) error {
		f = accord.SecondFactors{}
		var confirmed *time.Time
		err := tx.queryRow(ctx, "SELECT confirmed_at FROM totp_factors WHERE user_id = ?", userID).Scan(nullTimeCol{&confirmed})
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		default:
			f.TOTP, f.TOTPPending = confirmed != nil, confirmed == nil
		}
		if f.Passkeys, err = queryAll(ctx, tx, scanPasskey, "SELECT id, name, created_at, last_used_at, credential FROM passkeys WHERE user_id = ? ORDER BY created_at", userID); err != nil {
			return err
		}
		return tx.queryRow(ctx, "SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL", userID).Scan(&f.RecoveryLeft)
	})
	return f, err
}

func scanPasskey(s scanner) (accord.Passkey, error) {
	var p accord.Passkey
	err := s.Scan(&p.ID, &p.Name, timeCol{&p.CreatedAt}, nullTimeCol{&p.LastUsedAt}, &p.Credential)
	return p, err
}

// hasFactor reports whether the person has a confirmed TOTP or a passkey.
func (tx *Tx) hasFactor(ctx context.Context, userID string) (bool, error) {
	var n int
	err := tx.queryRow(ctx, "SELECT (SELECT COUNT(*) FROM totp_factors WHERE user_id = ? AND confirmed_at IS NOT NULL) + (SELECT COUNT(*) FROM passkeys WHERE user_id = ?)", userID, userID).Scan(&n)
	return n > 0, err
}

// StartTOTP keeps a new unconfirmed seed; a confirmed one is never replaced.
func (db *DB) StartTOTP(ctx context.Context, userID, seed string) error {
	return db.update(ctx, func(tx *Tx) error {
		sealed, err := tx.seal(sealTOTPSeed, seed)
		if err != nil {
			return err
		}
		res, err := tx.exec(ctx, `INSERT INTO totp_factors (user_id, secret, last_step, created_at) VALUES (?, ?, 0, ?)
			ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at WHERE totp_factors.confirmed_at IS NULL`, userID, sealed, ts(tx.now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return accord.Errorf(accord.ECONFLICT, "an authenticator app is already set up; turn it off first")
		}
		return nil
	})
}

// TOTPSeed is the person's seed and whether it is confirmed.
func (db *DB) TOTPSeed(ctx context.Context, userID string) (string, bool, error) {
	var seed string
	var confirmed *time.Time
	err := db.view(ctx, func(tx *Tx) error {
		err := notFoundMsg(tx.queryRow(ctx, "SELECT secret, confirmed_at FROM totp_factors WHERE user_id = ?", userID).Scan(&seed, nullTimeCol{&confirmed}),
			"no authenticator app is set up")
		if err != nil {
			return err
		}
		return tx.openAll(sealTOTPSeed, &seed)
	})
	return seed, confirmed != nil, err
}

// UseTOTPStep records an accepted code's time step. The update succeeds
// only while the step is later than the last one used, in one statement, so
// a code cannot be used twice, even by two requests at once.
func (db *DB) UseTOTPStep(ctx context.Context, userID string, step int64) (bool, error) {
	var ok bool
	err := db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "UPDATE totp_factors SET last_step = ? WHERE user_id = ? AND confirmed_at IS NOT NULL AND last_step < ?", step, userID, step)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		ok = n == 1
		return nil
	})
	return ok, err
}

// ConfirmTOTP confirms the seed at its first code's step.
func (db *DB) ConfirmTOTP(ctx context.Context, actor accord.Actor, userID string, step int64, recovery []string) (bool, error) {
	var first bool
	err := db.update(ctx, func(tx *Tx) error {
		had, err := tx.hasFactor(ctx, userID)
		if err != nil {
			return err
		}
		res, err := tx.exec(ctx, "UPDATE totp_factors SET confirmed_at = ?, last_step = ? WHERE user_id = ? AND confirmed_at IS NULL", ts(tx.now), step, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return accord.Errorf(accord.ECONFLICT, "there is no authenticator app waiting for its first code; start again")
		}
		if first = !had; first {
			if err := tx.replaceRecovery(ctx, userID, recovery); err != nil {
				return err
			}
		}
		return tx.audit(ctx, actor, change{action: "create", entity: "second_factor", entityID: userID, after: map[string]string{"kind": "totp"}})
	})
	return first, err
}

// RemoveTOTP turns the authenticator app off; with it the recovery codes
// go when no passkey is left.
func (db *DB) RemoveTOTP(ctx context.Context, actor accord.Actor, userID string) error {
	return db.update(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, "DELETE FROM totp_factors WHERE user_id = ?", userID); err != nil {
			return err
		}
		if err := tx.dropRecoveryWhenNoFactor(ctx, userID); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{action: "delete", entity: "second_factor", entityID: userID, before: map[string]string{"kind": "totp"}})
	})
}

func (tx *Tx) dropRecoveryWhenNoFactor(ctx context.Context, userID string) error {
	has, err := tx.hasFactor(ctx, userID)
	if err != nil || has {
		return err
	}
	_, err = tx.exec(ctx, "DELETE FROM recovery_codes WHERE user_id = ?", userID)
	return err
}

func (tx *Tx) replaceRecovery(ctx context.Context, userID string, hashes []string) error {
	if _, err := tx.exec(ctx, "DELETE FROM recovery_codes WHERE user_id = ?", userID); err != nil {
		return err
	}
	for _, h := range hashes {
		if _, err := tx.exec(ctx, "INSERT INTO recovery_codes (id, user_id, code_hash, created_at) VALUES (?, ?, ?, ?)", newID(), userID, h, ts(tx.now)); err != nil {
			return fmt.Errorf("keep recovery code: %w", err)
		}
	}
	return nil
}

// UseRecoveryCode spends an unused recovery code, once: the update is the
// check, so two requests with one code cannot both succeed.
func (db *DB) UseRecoveryCode(ctx context.Context, actor accord.Actor, userID, hash string) (bool, error) {
	var ok bool
	err := db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL", ts(tx.now), userID, hash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil
		}
		ok = true
		return tx.audit(ctx, actor, change{action: "use", entity: "recovery_code", entityID: userID})
	})
	return ok, err
}

// ReplaceRecoveryCodes makes a new set, which ends the old one.
func (db *DB) ReplaceRecoveryCodes(ctx context.Context, actor accord.Actor, userID string, hashes []string) error {
	return db.update(ctx, func(tx *Tx) error {
		has, err := tx.hasFactor(ctx, userID)
		if err != nil {
			return err
		}
		if !has {
			return accord.Errorf(accord.ECONFLICT, "recovery codes come with a second factor; set one up first")
		}
		if err := tx.replaceRecovery(ctx, userID, hashes); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{action: "replace", entity: "recovery_code", entityID: userID})
	})
}

// AddPasskey keeps a registered passkey.
func (db *DB) AddPasskey(ctx context.Context, actor accord.Actor, userID string, p *accord.Passkey, credentialID string) error {
	if p.Name == "" {
		return accord.FieldError("name", "is required")
	}
	if len([]rune(p.Name)) > 100 {
		return accord.FieldError("name", "must be at most 100 characters")
	}
	return db.update(ctx, func(tx *Tx) error {
		p.ID, p.CreatedAt = newID(), tx.now
		if _, err := tx.exec(ctx, "INSERT INTO passkeys (id, user_id, name, credential_id, credential, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			p.ID, userID, p.Name, credentialID, p.Credential, ts(tx.now)); err != nil {
			return translate(tx.dialect, err)
		}
		return tx.audit(ctx, actor, change{action: "create", entity: "second_factor", entityID: userID, after: map[string]string{"kind": "passkey", "name": p.Name}})
	})
}

// UsePasskey keeps a passkey's record after a sign-in with it.
func (db *DB) UsePasskey(ctx context.Context, userID, id, credential string) error {
	return db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "UPDATE passkeys SET credential = ?, last_used_at = ? WHERE id = ? AND user_id = ?", credential, ts(tx.now), id, userID)
		return err
	})
}

// RemovePasskey removes one of the person's passkeys.
func (db *DB) RemovePasskey(ctx context.Context, actor accord.Actor, userID, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		var name string
		if err := tx.queryRow(ctx, "SELECT name FROM passkeys WHERE id = ? AND user_id = ?", id, userID).Scan(&name); err != nil {
			return notFoundMsg(err, "no such passkey")
		}
		if _, err := tx.exec(ctx, "DELETE FROM passkeys WHERE id = ?", id); err != nil {
			return err
		}
		if err := tx.dropRecoveryWhenNoFactor(ctx, userID); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{action: "delete", entity: "second_factor", entityID: userID, before: map[string]string{"kind": "passkey", "name": name}})
	})
}

// SetPasskeyCeremony keeps a registration's challenge until it is taken.
func (db *DB) SetPasskeyCeremony(ctx context.Context, userID, ceremony string, ttl time.Duration) error {
	return db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `INSERT INTO passkey_ceremonies (user_id, ceremony, expires_at) VALUES (?, ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET ceremony = excluded.ceremony, expires_at = excluded.expires_at`, userID, ceremony, expiry(tx.now, ttl))
		return err
	})
}

// TakePasskeyCeremony returns and ends the person's registration ceremony.
func (db *DB) TakePasskeyCeremony(ctx context.Context, userID string) (string, error) {
	var c string
	err := db.update(ctx, func(tx *Tx) error {
		err := tx.queryRow(ctx, "SELECT ceremony FROM passkey_ceremonies WHERE user_id = ? AND expires_at > ?", userID, ts(tx.now)).Scan(&c)
		if err != nil {
			return notFoundMsg(err, "the passkey registration has expired; start again")
		}
		_, err = tx.exec(ctx, "DELETE FROM passkey_ceremonies WHERE user_id = ?", userID)
		return err
	})
	return c, err
}

// ResetSecondFactors removes every factor, recovery code and pending
// sign-in of a person.
func (db *DB) ResetSecondFactors(ctx context.Context, actor accord.Actor, userID string) error {
	return db.update(ctx, func(tx *Tx) error {
		for _, q := range []string{"DELETE FROM totp_factors WHERE user_id = ?", "DELETE FROM passkeys WHERE user_id = ?",
			"DELETE FROM recovery_codes WHERE user_id = ?", "DELETE FROM pending_signins WHERE user_id = ?", "DELETE FROM passkey_ceremonies WHERE user_id = ?"} {
			if _, err := tx.exec(ctx, q, userID); err != nil {
				return err
			}
		}
		return tx.audit(ctx, actor, change{action: "reset", entity: "second_factor", entityID: userID})
	})
}

// CreatePendingSignIn records a sign-in whose password was right.
func (db *DB) CreatePendingSignIn(ctx context.Context, userID string, enrol bool, next string, ttl time.Duration) (string, error) {
	token := secret.New("")
	err := db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "INSERT INTO pending_signins (token_hash, user_id, enrol, next, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
			secret.Hash(token), userID, enrol, next, ts(tx.now), expiry(tx.now, ttl))
		return err
	})
	return token, err
}

var errNoPending = accord.Errorf(accord.EUNAUTHORIZED, "this sign-in has expired; sign in again")

// PendingSignIn returns an unexpired pending sign-in of an active person.
func (db *DB) PendingSignIn(ctx context.Context, token string) (accord.PendingSignIn, error) {
	var p accord.PendingSignIn
	err := db.view(ctx, func(tx *Tx) error {
		u := &p.User
		err := tx.queryRow(ctx, `SELECT u.id, u.email, u.name, COALESCE(u.org_id, ''), u.super_admin, u.disabled_at, u.created_at, p.enrol, p.next, p.ceremony
			FROM pending_signins p JOIN users u ON u.id = p.user_id WHERE p.token_hash = ? AND p.expires_at > ? AND u.disabled_at IS NULL`, secret.Hash(token), ts(tx.now)).
			Scan(&u.ID, &u.Email, &u.Name, &u.OrgID, &u.SuperAdmin, nullTimeCol{&u.DisabledAt}, timeCol{&u.CreatedAt}, &p.Enrol, &p.Next, &p.Ceremony)
		if errors.Is(err, sql.ErrNoRows) {
			return errNoPending
		}
		return err
	})
	return p, err
}

// SetPendingCeremony keeps a passkey sign-in's challenge on the pending sign-in.
func (db *DB) SetPendingCeremony(ctx context.Context, token, ceremony string) error {
	return db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "UPDATE pending_signins SET ceremony = ? WHERE token_hash = ? AND expires_at > ?", ceremony, secret.Hash(token), ts(tx.now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errNoPending
		}
		return nil
	})
}

// FinishPendingSignIn ends the pending sign-in and starts a session, once.
func (db *DB) FinishPendingSignIn(ctx context.Context, token string, ttl time.Duration) (string, error) {
	session := secret.New("")
	err := db.update(ctx, func(tx *Tx) error {
		var userID string
		err := tx.queryRow(ctx, "SELECT user_id FROM pending_signins WHERE token_hash = ? AND expires_at > ?", secret.Hash(token), ts(tx.now)).Scan(&userID)
		if errors.Is(err, sql.ErrNoRows) {
			return errNoPending
		}
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM pending_signins WHERE token_hash = ?", secret.Hash(token)); err != nil {
			return err
		}
		_, err = tx.exec(ctx, "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
			secret.Hash(session), userID, ts(tx.now), expiry(tx.now, ttl))
		return err
	})
	return session, err
}

// SecondFactorRules are the rules of the alliances the person is an
// active member of that ask for a second factor, with the person's roles.
func (db *DB) SecondFactorRules(ctx context.Context, userID string) ([]accord.FactorRule, error) {
	var out []accord.FactorRule
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, func(s scanner) (accord.FactorRule, error) {
			var r accord.FactorRule
			var roles string
			if err := s.Scan(&r.Rule, &roles); err != nil {
				return r, err
			}
			r.Roles, err = accord.ParseRoles(roles)
			return r, err
		}, "SELECT a.second_factor, m.roles FROM memberships m JOIN alliances a ON a.id = m.alliance_id WHERE m.user_id = ? AND m.active = ? AND a.second_factor <> ''", userID, true)
		return err
	})
	return out, err
}

// SecondFactorRule is the alliance's rule.
func (db *DB) SecondFactorRule(ctx context.Context, allianceID string) (string, error) {
	var rule string
	err := db.view(ctx, func(tx *Tx) error {
		return notFound(tx.queryRow(ctx, "SELECT second_factor FROM alliances WHERE id = ?", allianceID).Scan(&rule), "alliance")
	})
	return rule, err
}

// SetSecondFactorRule sets who in the alliance must have a second factor.
func (db *DB) SetSecondFactorRule(ctx context.Context, actor accord.Actor, allianceID, rule string) error {
	if err := accord.CheckSecondFactorRule(rule); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		var before string
		if err := tx.queryRow(ctx, "SELECT second_factor FROM alliances WHERE id = ?", allianceID).Scan(&before); err != nil {
			return notFound(err, "alliance")
		}
		if _, err := tx.exec(ctx, "UPDATE alliances SET second_factor = ? WHERE id = ?", rule, allianceID); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: "update", entity: "second_factor_rule", entityID: allianceID,
			before: map[string]string{"rule": before}, after: map[string]string{"rule": rule}})
	})
}
