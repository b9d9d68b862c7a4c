package store

import (
	"context"

	"github.com/accord-alliance/accord/internal/accord"
)

const userCols = "id, email, name, COALESCE(org_id, ''), super_admin, disabled_at, created_at"

func scanUser(s interface{ Scan(...any) error }) (accord.User, error) {
	var u accord.User
	err := s.Scan(&u.ID, &u.Email, &u.Name, &u.OrgID, &u.SuperAdmin, nullTimeCol{&u.DisabledAt}, timeCol{&u.CreatedAt})
	return u, err
}

// userState is what the audit trail records of a user: never the password hash.
type userState struct {
	Email      string `json:"email"`
	Name       string `json:"name"`
	OrgID      string `json:"organization_id,omitempty"`
	SuperAdmin bool   `json:"installation_admin"`
	Disabled   bool   `json:"disabled"`
}

func stateOf(u accord.User) userState {
	return userState{u.Email, u.Name, u.OrgID, u.SuperAdmin, u.DisabledAt != nil}
}

// CreateUser stores a new account with an already hashed password ("" for
// none yet: such an account cannot sign in until a password is set).
func (db *DB) CreateUser(ctx context.Context, actor accord.Actor, u *accord.User, passwordHash string) error {
	if err := u.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error { return tx.createUser(ctx, actor, u, passwordHash) })
}

func (tx *Tx) createUser(ctx context.Context, actor accord.Actor, u *accord.User, passwordHash string) error {
	u.ID, u.CreatedAt = newID(), tx.now
	_, err := tx.exec(ctx, "INSERT INTO users (id, email, name, org_id, password_hash, super_admin, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		u.ID, u.Email, u.Name, nullStr(u.OrgID), passwordHash, u.SuperAdmin, ts(tx.now), ts(tx.now))
	if err != nil {
		if accord.ErrorCode(translate(tx.dialect, err)) == accord.ECONFLICT {
			return accord.FieldError("email", "an account with %s already exists", u.Email)
		}
		return err
	}
	return tx.audit(ctx, actor, change{action: "create", entity: "user", entityID: u.ID, after: stateOf(*u)})
}

// User returns the account with the id.
func (db *DB) User(ctx context.Context, id string) (accord.User, error) {
	var u accord.User
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		u, err = scanUser(tx.queryRow(ctx, "SELECT "+userCols+" FROM users WHERE id = ?", id))
		return notFound(err, "user")
	})
	return u, err
}

// UserByEmail returns the account with the address and its password hash.
func (db *DB) UserByEmail(ctx context.Context, email string) (accord.User, string, error) {
	var u accord.User
	var hash string
	err := db.view(ctx, func(tx *Tx) error {
		row := tx.queryRow(ctx, "SELECT "+userCols+", password_hash FROM users WHERE email = ?", email)
		err := row.Scan(&u.ID, &u.Email, &u.Name, &u.OrgID, &u.SuperAdmin, nullTimeCol{&u.DisabledAt}, timeCol{&u.CreatedAt}, &hash)
		return notFound(err, "user")
	})
	return u, hash, err
}

// ListUsers lists every account, for operators.
func (db *DB) ListUsers(ctx context.Context) ([]accord.User, error) {
	var out []accord.User
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanUser, "SELECT "+userCols+" FROM users ORDER BY email")
		return err
	})
	return out, err
}

// SetPassword replaces a user's password hash, ends their sessions and
// revokes their API tokens: whoever knew the old password may have made
// one, and a token that outlived the change would keep them in.
func (db *DB) SetPassword(ctx context.Context, actor accord.Actor, userID, hash string) error {
	return db.update(ctx, func(tx *Tx) error { return tx.setPassword(ctx, actor, userID, hash) })
}

func (tx *Tx) setPassword(ctx context.Context, actor accord.Actor, userID, hash string) error {
	res, err := tx.exec(ctx, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", hash, ts(tx.now), userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return accord.Errorf(accord.ENOTFOUND, "user not found")
	}
	if _, err := tx.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", userID); err != nil {
		return err
	}
	// A sign-in waiting for its second factor was made with the old password.
	if _, err := tx.exec(ctx, "DELETE FROM pending_signins WHERE user_id = ?", userID); err != nil {
		return err
	}
	if err := tx.audit(ctx, actor, change{action: "set_password", entity: "user", entityID: userID}); err != nil {
		return err
	}
	return tx.revokeAPITokens(ctx, actor, userID, "password changed")
}

// SetUserDisabled disables or re-enables an account. Disabling ends its
// sessions and its API tokens stop working; memberships and history stay.
func (db *DB) SetUserDisabled(ctx context.Context, actor accord.Actor, userID string, disabled bool) (accord.User, error) {
	var after accord.User
	err := db.update(ctx, func(tx *Tx) error {
		before, err := scanUser(tx.queryRow(ctx, "SELECT "+userCols+" FROM users WHERE id = ?", userID))
		if err != nil {
			return notFound(err, "user")
		}
		if !disabled {
			var erased int
			if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM users WHERE id = ? AND erased_at IS NOT NULL", userID).Scan(&erased); err != nil {
				return err
			}
			if erased > 0 {
				return accord.Errorf(accord.ECONFLICT, "this person's identity was erased; the account cannot be enabled again")
			}
		}
		after = before
		after.DisabledAt = nil
		action := "enable"
		if disabled {
			now := tx.now
			after.DisabledAt, action = &now, "disable"
		}
		if _, err := tx.exec(ctx, "UPDATE users SET disabled_at = ?, updated_at = ? WHERE id = ?", tsPtr(after.DisabledAt), ts(tx.now), userID); err != nil {
			return err
		}
		if disabled {
			if _, err := tx.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", userID); err != nil {
				return err
			}
		}
		return tx.audit(ctx, actor, change{action: action, entity: "user", entityID: userID, before: stateOf(before), after: stateOf(after)})
	})
	return after, err
}
