package store

import (
	"context"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/secret"
)

const inviteSelect = `SELECT i.id, i.alliance_id, i.email, i.party_id, o.name, i.roles, COALESCE(u.name, ''), i.created_at, i.expires_at, i.accepted_at, i.revoked_at
	FROM invitations i JOIN parties p ON p.id = i.party_id JOIN organizations o ON o.id = p.org_id LEFT JOIN users u ON u.id = i.invited_by`

func scanInvite(s interface{ Scan(...any) error }) (accord.Invitation, error) {
	var i accord.Invitation
	var roles string
	err := s.Scan(&i.ID, &i.AllianceID, &i.Email, &i.PartyID, &i.PartyName, &roles, &i.InvitedBy, timeCol{&i.CreatedAt}, timeCol{&i.ExpiresAt}, nullTimeCol{&i.AcceptedAt}, nullTimeCol{&i.RevokedAt})
	if err != nil {
		return i, err
	}
	i.Roles, err = accord.ParseRoles(roles)
	return i, err
}

// CreateInvitation records an invitation and sets its one-time Token.
func (db *DB) CreateInvitation(ctx context.Context, actor accord.Actor, inv *accord.Invitation) error {
	email, err := accord.NormalizeEmail(inv.Email)
	if err != nil {
		return err
	}
	roles, err := accord.NormalizeRoles(inv.Roles)
	if err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		var partyName string
		if err := tx.queryRow(ctx, "SELECT o.name FROM parties p JOIN organizations o ON o.id = p.org_id WHERE p.id = ? AND p.alliance_id = ?", inv.PartyID, inv.AllianceID).Scan(&partyName); err != nil {
			if notFound(err, "") != err {
				return accord.FieldError("party_id", "is not a party to this alliance")
			}
			return err
		}
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.alliance_id = ? AND u.email = ?", inv.AllianceID, email).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return accord.FieldError("email", "%s is already a member of this alliance", email)
		}
		token := secret.New("inv_")
		*inv = accord.Invitation{ID: newID(), AllianceID: inv.AllianceID, Email: email, PartyID: inv.PartyID, PartyName: partyName, Roles: roles,
			InvitedBy: actor.Name, CreatedAt: tx.now, ExpiresAt: tx.now.Add(accord.InvitationTTL), Token: token}
		_, err := tx.exec(ctx, "INSERT INTO invitations (id, alliance_id, email, party_id, roles, token_hash, invited_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			inv.ID, inv.AllianceID, email, inv.PartyID, roles.String(), secret.Hash(token), nullStr(actor.UserID), ts(tx.now), ts(inv.ExpiresAt))
		if err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: inv.AllianceID, action: "create", entity: "invitation", entityID: inv.ID,
			after: map[string]any{"email": email, "party": partyName, "party_id": inv.PartyID, "roles": roles, "expires_at": inv.ExpiresAt}})
	})
}

// ListInvitations lists an alliance's invitations, newest first.
func (db *DB) ListInvitations(ctx context.Context, allianceID string) ([]accord.Invitation, error) {
	var out []accord.Invitation
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanInvite, inviteSelect+" WHERE i.alliance_id = ? ORDER BY i.created_at DESC", allianceID)
		return err
	})
	return out, err
}

// InvitationByToken returns a pending invitation for the token, with its
// alliance; expired, used and revoked ones are not found.
func (db *DB) InvitationByToken(ctx context.Context, token string) (accord.Invitation, accord.Alliance, error) {
	var inv accord.Invitation
	var a accord.Alliance
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		inv, a, err = tx.pendingInvitation(ctx, token)
		return err
	})
	return inv, a, err
}

func (tx *Tx) pendingInvitation(ctx context.Context, token string) (accord.Invitation, accord.Alliance, error) {
	inv, err := scanInvite(tx.queryRow(ctx, inviteSelect+" WHERE i.token_hash = ?", secret.Hash(token)))
	if err != nil {
		return inv, accord.Alliance{}, notFound(err, "invitation")
	}
	if inv.Status(tx.now) != "pending" {
		return inv, accord.Alliance{}, accord.Errorf(accord.ENOTFOUND, "this invitation has been used, revoked or has expired; ask for a new one")
	}
	a, err := scanAlliance(tx.queryRow(ctx, "SELECT "+allianceCols+" FROM alliances WHERE id = ?", inv.AllianceID))
	return inv, a, err
}

// AcceptInvitation turns a pending invitation into a membership. userID is
// the signed-in person accepting it; if empty, a new account is created
// with the invitation's address, the given name and password hash.
func (db *DB) AcceptInvitation(ctx context.Context, token, userID, name, passwordHash string) (accord.Membership, error) {
	var m accord.Membership
	err := db.update(ctx, func(tx *Tx) error {
		inv, _, err := tx.pendingInvitation(ctx, token)
		if err != nil {
			return err
		}
		actor := accord.Actor{UserID: userID, Name: name, Via: "web"}
		if userID == "" {
			u := accord.User{Email: inv.Email, Name: name}
			if err := u.Validate(); err != nil {
				return err
			}
			if err := tx.createUser(ctx, accord.Actor{Name: name + " (invited)", Via: "web"}, &u, passwordHash); err != nil {
				return err
			}
			actor.UserID = u.ID
		}
		m = accord.Membership{AllianceID: inv.AllianceID, UserID: actor.UserID, PartyID: inv.PartyID, Roles: inv.Roles}
		if err := tx.addMember(ctx, actor, &m); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "UPDATE invitations SET accepted_at = ?, accepted_by = ? WHERE id = ?", ts(tx.now), actor.UserID, inv.ID); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: inv.AllianceID, action: "accept", entity: "invitation", entityID: inv.ID,
			after: map[string]any{"email": inv.Email, "party": inv.PartyName, "roles": inv.Roles}})
	})
	return m, err
}

// RevokeInvitation makes a pending invitation unusable.
func (db *DB) RevokeInvitation(ctx context.Context, actor accord.Actor, allianceID, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "UPDATE invitations SET revoked_at = ? WHERE id = ? AND alliance_id = ? AND accepted_at IS NULL AND revoked_at IS NULL", ts(tx.now), id, allianceID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return accord.Errorf(accord.ENOTFOUND, "no pending invitation with that id")
		}
		var email string
		if err := tx.queryRow(ctx, "SELECT email FROM invitations WHERE id = ?", id).Scan(&email); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: "revoke", entity: "invitation", entityID: id, before: map[string]string{"email": email}})
	})
}

// expiry is a helper for session-like rows.
func expiry(now time.Time, ttl time.Duration) string { return ts(now.Add(ttl)) }
