package store

import (
	"context"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
)

const memberSelect = `SELECT m.id, m.alliance_id, m.user_id, u.name, u.email, m.party_id, o.name, m.roles, m.active, m.created_at, m.deactivated_at
	FROM memberships m JOIN users u ON u.id = m.user_id JOIN parties p ON p.id = m.party_id JOIN organizations o ON o.id = p.org_id`

func scanMember(s interface{ Scan(...any) error }) (accord.Membership, error) {
	var m accord.Membership
	var roles string
	err := s.Scan(&m.ID, &m.AllianceID, &m.UserID, &m.UserName, &m.UserEmail, &m.PartyID, &m.PartyName, &roles, &m.Active, timeCol{&m.CreatedAt}, nullTimeCol{&m.DeactivatedAt})
	if err != nil {
		return m, err
	}
	m.Roles, err = accord.ParseRoles(roles)
	return m, err
}

// AddMember puts a person into an alliance for a party with roles.
func (db *DB) AddMember(ctx context.Context, actor accord.Actor, m *accord.Membership) error {
	return db.update(ctx, func(tx *Tx) error { return tx.addMember(ctx, actor, m) })
}

func (tx *Tx) addMember(ctx context.Context, actor accord.Actor, m *accord.Membership) error {
	roles, err := accord.NormalizeRoles(m.Roles)
	if err != nil {
		return err
	}
	var n int
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM parties WHERE id = ? AND alliance_id = ?", m.PartyID, m.AllianceID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return accord.FieldError("party_id", "is not a party to this alliance")
	}
	m.ID, m.Roles, m.Active, m.CreatedAt = newID(), roles, true, tx.now
	_, err = tx.exec(ctx, "INSERT INTO memberships (id, alliance_id, user_id, party_id, roles, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		m.ID, m.AllianceID, m.UserID, m.PartyID, roles.String(), true, ts(tx.now))
	if err != nil {
		if accord.ErrorCode(translate(tx.dialect, err)) == accord.ECONFLICT {
			return accord.Errorf(accord.ECONFLICT, "that person is already a member of this alliance")
		}
		return err
	}
	var name, email, party string
	err = tx.queryRow(ctx, "SELECT u.name, u.email, o.name FROM users u, parties p JOIN organizations o ON o.id = p.org_id WHERE u.id = ? AND p.id = ?", m.UserID, m.PartyID).Scan(&name, &email, &party)
	if err != nil {
		return err
	}
	return tx.audit(ctx, actor, change{allianceID: m.AllianceID, action: "create", entity: "membership", entityID: m.ID,
		after: map[string]any{"name": name, "email": email, "user_id": m.UserID, "party": party, "party_id": m.PartyID, "roles": roles}})
}

// Membership returns a person's membership in an alliance (active or not).
func (db *DB) Membership(ctx context.Context, allianceID, userID string) (accord.Membership, error) {
	var m accord.Membership
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		m, err = scanMember(tx.queryRow(ctx, memberSelect+" WHERE m.alliance_id = ? AND m.user_id = ?", allianceID, userID))
		return notFound(err, "membership")
	})
	return m, err
}

// ListMembers lists an alliance's members, active first, by name.
func (db *DB) ListMembers(ctx context.Context, allianceID string) ([]accord.Membership, error) {
	var out []accord.Membership
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanMember, memberSelect+" WHERE m.alliance_id = ? ORDER BY m.active DESC, u.name", allianceID)
		return err
	})
	return out, err
}

// UpdateMember changes a member's roles, party or active state. Removing
// the last active admin of an alliance is refused: someone must manage it.
func (db *DB) UpdateMember(ctx context.Context, actor accord.Actor, allianceID, membershipID string, u accord.MemberUpdate) (accord.Membership, error) {
	var after accord.Membership
	err := db.update(ctx, func(tx *Tx) error {
		before, err := scanMember(tx.queryRow(ctx, memberSelect+" WHERE m.alliance_id = ? AND m.id = ?", allianceID, membershipID))
		if err != nil {
			return notFound(err, "member")
		}
		after = before
		if u.Roles != nil {
			if after.Roles, err = accord.NormalizeRoles(u.Roles); err != nil {
				return err
			}
		}
		if u.PartyID != "" && u.PartyID != before.PartyID {
			// A member may only act for a party of the same alliance.
			err := tx.queryRow(ctx, "SELECT o.name FROM parties p JOIN organizations o ON o.id = p.org_id WHERE p.id = ? AND p.alliance_id = ?", u.PartyID, allianceID).Scan(&after.PartyName)
			if err != nil {
				if notFound(err, "") != err {
					return accord.FieldError("party_id", "is not a party to this alliance")
				}
				return err
			}
			after.PartyID = u.PartyID
		}
		if u.Active != nil && *u.Active != before.Active {
			after.Active, after.DeactivatedAt = *u.Active, nil
			if !after.Active {
				now := tx.now
				after.DeactivatedAt = &now
			}
		}
		if err := tx.checkAdminsRemain(ctx, before, after); err != nil {
			return err
		}
		_, err = tx.exec(ctx, "UPDATE memberships SET roles = ?, party_id = ?, active = ?, deactivated_at = ? WHERE id = ?",
			after.Roles.String(), after.PartyID, after.Active, tsPtr(after.DeactivatedAt), membershipID)
		if err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: "update", entity: "membership", entityID: membershipID, before: before, after: after})
	})
	return after, err
}

func (tx *Tx) checkAdminsRemain(ctx context.Context, before, after accord.Membership) error {
	wasAdmin := before.Active && before.Roles.Has(accord.RoleAdmin)
	isAdmin := after.Active && after.Roles.Has(accord.RoleAdmin)
	if !wasAdmin || isAdmin {
		return nil
	}
	var n int
	err := tx.queryRow(ctx, "SELECT COUNT(*) FROM memberships WHERE alliance_id = ? AND active = ? AND id <> ? AND (roles = 'admin' OR roles LIKE 'admin,%')",
		before.AllianceID, true, before.ID).Scan(&n)
	if err != nil {
		return err
	}
	if n == 0 {
		return accord.Errorf(accord.ECONFLICT, "%s is the alliance's last admin; make someone else an admin first", before.UserName)
	}
	return nil
}

// MemberAlliance returns the alliance with the slug (with its scorecard
// version) and the person's membership in it, in one query: every alliance
// page needs them. A person
// who was never a member gets not-found, like an alliance that does not exist.
func (db *DB) MemberAlliance(ctx context.Context, slug, userID string) (accord.Alliance, accord.Membership, error) {
	var a accord.Alliance
	var m accord.Membership
	err := func() error {
		var roles string
		err := db.readRow(ctx, `SELECT a.id, a.slug, a.name, a.vision, a.values_text, a.created_at, a.updated_at, a.sharing_by_protocol, COALESCE(v.version, 0), COALESCE(pv.version, 0),
			m.id, m.user_id, u.name, u.email, m.party_id, o.name, m.roles, m.active, m.created_at, m.deactivated_at
			FROM alliances a JOIN memberships m ON m.alliance_id = a.id JOIN users u ON u.id = m.user_id
			JOIN parties p ON p.id = m.party_id JOIN organizations o ON o.id = p.org_id
			LEFT JOIN scorecard_versions v ON v.alliance_id = a.id LEFT JOIN portfolio_versions pv ON pv.alliance_id = a.id
			WHERE a.slug = ? AND m.user_id = ?`, strings.ToLower(slug), userID).Scan(
			&a.ID, &a.Slug, &a.Name, &a.Vision, &a.Values, timeCol{&a.CreatedAt}, timeCol{&a.UpdatedAt}, &a.SharingByProtocol, &a.ScorecardVersion, &a.PortfolioVersion,
			&m.ID, &m.UserID, &m.UserName, &m.UserEmail, &m.PartyID, &m.PartyName, &roles, &m.Active, timeCol{&m.CreatedAt}, nullTimeCol{&m.DeactivatedAt})
		if err != nil {
			return notFound(err, "alliance")
		}
		m.AllianceID = a.ID
		m.Roles, err = accord.ParseRoles(roles)
		return err
	}()
	return a, m, err
}
