package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/secret"
)

// BeginOIDCLogin records a sign-in on its way through a provider, under
// the hash of its state; logins past their time are forgotten here too.
func (db *DB) BeginOIDCLogin(ctx context.Context, l accord.OIDCLogin) error {
	return db.update(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, "DELETE FROM oidc_logins WHERE expires_at < ?", ts(tx.now)); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "INSERT INTO oidc_logins (state_hash, provider_id, nonce, verifier, next, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
			secret.Hash(l.State), l.ProviderID, l.Nonce, l.Verifier, l.Next, ts(l.ExpiresAt))
		return err
	})
}

// TakeOIDCLogin returns the login with the state and deletes it in the
// same transaction, so a state is good for one callback only (an expired
// one is refused and left for BeginOIDCLogin to clear).
func (db *DB) TakeOIDCLogin(ctx context.Context, state string) (accord.OIDCLogin, error) {
	var l accord.OIDCLogin
	err := db.update(ctx, func(tx *Tx) error {
		h := secret.Hash(state)
		err := tx.queryRow(ctx, "SELECT provider_id, nonce, verifier, next, expires_at FROM oidc_logins WHERE state_hash = ?", h).
			Scan(&l.ProviderID, &l.Nonce, &l.Verifier, &l.Next, timeCol{&l.ExpiresAt})
		if errors.Is(err, sql.ErrNoRows) {
			return accord.Errorf(accord.EUNAUTHORIZED, "this sign-in link has been used or has expired; start again from the sign-in page")
		}
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM oidc_logins WHERE state_hash = ?", h); err != nil {
			return err
		}
		if !tx.now.Before(l.ExpiresAt) {
			return accord.Errorf(accord.EUNAUTHORIZED, "this sign-in took too long; start again from the sign-in page")
		}
		l.State = state
		return nil
	})
	return l, err
}

// errNoInvitation refuses a verified person accord has no place for.
func errNoInvitation(email string) error {
	return accord.Errorf(accord.EFORBIDDEN, "accord has no invitation for %s. Ask an admin of your alliance to invite you, then sign in again.", email)
}

// OIDCSignIn finds or makes the account for a verified identity and
// records the sign-in in the audit trail.
func (db *DB) OIDCSignIn(ctx context.Context, providerID string, id accord.OIDCIdentity) (accord.User, error) {
	var u accord.User
	err := db.update(ctx, func(tx *Tx) error {
		p, err := scanOIDCProvider(tx.queryRow(ctx, "SELECT "+oidcProviderCols+" FROM oidc_providers WHERE id = ?", providerID))
		if err != nil {
			return notFound(err, "identity provider")
		}
		if err := p.CheckIdentity(&id); err != nil {
			return err
		}
		how, err := tx.oidcAccount(ctx, p, id, &u)
		if err != nil {
			return err
		}
		if !u.Active() {
			return accord.Errorf(accord.EFORBIDDEN, "the account for %s is deactivated; ask an admin of your alliance", u.Email)
		}
		return tx.audit(ctx, accord.Actor{UserID: u.ID, Name: u.Name, Via: "web"}, change{action: "sign_in", entity: "user", entityID: u.ID,
			after: map[string]string{"provider": p.Name, "subject": id.Subject, "email": id.Email, "account": how}})
	})
	return u, err
}

// oidcAccount finds the account linked to the identity, or links the one
// with its address, or makes one for its pending invitations or a domain
// rule; it says which in how.
func (tx *Tx) oidcAccount(ctx context.Context, p accord.OIDCProvider, id accord.OIDCIdentity, u *accord.User) (how string, err error) {
	*u, err = scanUser(tx.queryRow(ctx, "SELECT u.id, u.email, u.name, COALESCE(u.org_id, ''), u.super_admin, u.disabled_at, u.created_at FROM oidc_identities i JOIN users u ON u.id = i.user_id WHERE i.provider_id = ? AND i.subject = ?", p.ID, id.Subject))
	if err == nil {
		return "linked", nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	*u, err = scanUser(tx.queryRow(ctx, "SELECT "+userCols+" FROM users WHERE email = ?", id.Email))
	switch {
	case err == nil:
		how = "existing account"
	case !errors.Is(err, sql.ErrNoRows):
		return "", err
	default:
		if how, err = tx.oidcNewcomer(ctx, p, id, u); err != nil {
			return "", err
		}
	}
	_, err = tx.exec(ctx, "INSERT INTO oidc_identities (provider_id, subject, user_id, created_at) VALUES (?, ?, ?, ?)", p.ID, id.Subject, u.ID, ts(tx.now))
	return how, err
}

// oidcNewcomer makes an account (without a password) for a person with
// pending invitations, who joins each, or else one a domain rule admits.
func (tx *Tx) oidcNewcomer(ctx context.Context, p accord.OIDCProvider, id accord.OIDCIdentity, u *accord.User) (string, error) {
	invs, err := queryAll(ctx, tx, scanInvite, inviteSelect+" WHERE i.email = ? AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > ? ORDER BY i.created_at", id.Email, ts(tx.now))
	if err != nil {
		return "", err
	}
	var rules []accord.OIDCJoinRule
	if len(invs) == 0 {
		if rules, err = queryAll(ctx, tx, scanOIDCRule, oidcRuleSelect+" WHERE r.provider_id = ? AND r.domain = ? ORDER BY a.slug", p.ID, accord.EmailDomain(id.Email)); err != nil {
			return "", err
		}
		if len(rules) == 0 {
			return "", errNoInvitation(id.Email)
		}
	}
	*u = accord.User{Email: id.Email, Name: id.Name}
	if u.Name == "" {
		u.Name = id.Email[:len(id.Email)-len(accord.EmailDomain(id.Email))-1]
	}
	if err := u.Validate(); err != nil {
		return "", err
	}
	via := accord.Actor{Name: u.Name + " (through " + p.Label + ")", Via: "web"}
	if err := tx.createUser(ctx, via, u, ""); err != nil {
		return "", err
	}
	actor := accord.Actor{UserID: u.ID, Name: u.Name, Via: "web"}
	for _, inv := range invs {
		if err := tx.joinByInvitation(ctx, actor, inv); err != nil {
			return "", err
		}
	}
	for _, r := range rules {
		m := accord.Membership{AllianceID: r.AllianceID, UserID: u.ID, PartyID: r.PartyID, Roles: r.Roles}
		if err := tx.addMember(ctx, actor, &m); err != nil {
			return "", err
		}
	}
	if len(invs) > 0 {
		return "invitation", nil
	}
	return "domain rule", nil
}

func (tx *Tx) joinByInvitation(ctx context.Context, actor accord.Actor, inv accord.Invitation) error {
	m := accord.Membership{AllianceID: inv.AllianceID, UserID: actor.UserID, PartyID: inv.PartyID, Roles: inv.Roles}
	if err := tx.addMember(ctx, actor, &m); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, "UPDATE invitations SET accepted_at = ?, accepted_by = ? WHERE id = ?", ts(tx.now), actor.UserID, inv.ID); err != nil {
		return err
	}
	return tx.audit(ctx, actor, change{allianceID: inv.AllianceID, action: "accept", entity: "invitation", entityID: inv.ID,
		after: map[string]any{"email": inv.Email, "party": inv.PartyName, "roles": inv.Roles}})
}
