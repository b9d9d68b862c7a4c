package store

import (
	"context"

	"github.com/accord-alliance/accord/internal/accord"
)

const partySelect = `SELECT p.id, p.alliance_id, p.org_id, o.name, p.role, p.brings, p.expects, p.created_at
	FROM parties p JOIN organizations o ON o.id = p.org_id`

// partyRoleOrder lists parties as the charter reads best: payer, provider,
// investor, health system, vendor, other.
const partyRoleOrder = "CASE p.role WHEN 'payer' THEN 1 WHEN 'provider' THEN 2 WHEN 'investor' THEN 3 WHEN 'health_system' THEN 4 WHEN 'vendor' THEN 5 ELSE 6 END"

func scanParty(s interface{ Scan(...any) error }) (accord.Party, error) {
	var p accord.Party
	err := s.Scan(&p.ID, &p.AllianceID, &p.OrgID, &p.OrgName, &p.Role, &p.Brings, &p.Expects, timeCol{&p.CreatedAt})
	return p, err
}

// AddParty brings an organisation into an alliance with a role.
func (db *DB) AddParty(ctx context.Context, actor accord.Actor, p *accord.Party) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, "SELECT name FROM organizations WHERE id = ?", p.OrgID).Scan(&p.OrgName); err != nil {
			return notFound(err, "organization")
		}
		p.ID, p.CreatedAt = newID(), tx.now
		_, err := tx.exec(ctx, "INSERT INTO parties (id, alliance_id, org_id, role, brings, expects, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			p.ID, p.AllianceID, p.OrgID, p.Role, p.Brings, p.Expects, ts(p.CreatedAt))
		if err != nil {
			if accord.ErrorCode(translate(tx.dialect, err)) == accord.ECONFLICT {
				return accord.FieldError("organization", "%s is already a party to this alliance", p.OrgName)
			}
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: p.AllianceID, action: "create", entity: "party", entityID: p.ID, after: p})
	})
}

// ListParties lists an alliance's parties by organisation name.
func (db *DB) ListParties(ctx context.Context, allianceID string) ([]accord.Party, error) {
	var out []accord.Party
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanParty, partySelect+" WHERE p.alliance_id = ? ORDER BY "+partyRoleOrder+", o.name_key", allianceID)
		return err
	})
	return out, err
}

// Party returns one party of an alliance.
func (db *DB) Party(ctx context.Context, allianceID, partyID string) (accord.Party, error) {
	var p accord.Party
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		p, err = scanParty(tx.queryRow(ctx, partySelect+" WHERE p.alliance_id = ? AND p.id = ?", allianceID, partyID))
		return notFound(err, "party")
	})
	return p, err
}

// UpdateParty changes a party's role and charter statements.
func (db *DB) UpdateParty(ctx context.Context, actor accord.Actor, allianceID, partyID string, u accord.PartyUpdate) (accord.Party, error) {
	var after accord.Party
	err := db.update(ctx, func(tx *Tx) error {
		before, err := scanParty(tx.queryRow(ctx, partySelect+" WHERE p.alliance_id = ? AND p.id = ?", allianceID, partyID))
		if err != nil {
			return notFound(err, "party")
		}
		if after, err = u.Apply(before); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "UPDATE parties SET role = ?, brings = ?, expects = ? WHERE id = ?", after.Role, after.Brings, after.Expects, partyID); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: "update", entity: "party", entityID: partyID, before: before, after: after})
	})
	return after, err
}
