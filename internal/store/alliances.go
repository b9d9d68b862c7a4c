package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
)

const allianceCols = "id, slug, name, vision, values_text, created_at, updated_at, sharing_by_protocol"

func scanAlliance(s interface{ Scan(...any) error }) (accord.Alliance, error) {
	var a accord.Alliance
	err := s.Scan(&a.ID, &a.Slug, &a.Name, &a.Vision, &a.Values, timeCol{&a.CreatedAt}, timeCol{&a.UpdatedAt}, &a.SharingByProtocol)
	return a, err
}

// CreateAlliance stores a new alliance; a taken slug is a conflict.
func (db *DB) CreateAlliance(ctx context.Context, actor accord.Actor, a *accord.Alliance) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		a.ID, a.CreatedAt, a.UpdatedAt = newID(), tx.now, tx.now
		_, err := tx.exec(ctx, "INSERT INTO alliances ("+allianceCols+") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			a.ID, a.Slug, a.Name, a.Vision, a.Values, ts(a.CreatedAt), ts(a.UpdatedAt), bit(a.SharingByProtocol))
		if err != nil {
			if accord.ErrorCode(translate(tx.dialect, err)) == accord.ECONFLICT {
				return accord.FieldError("slug", "%q is already used by another alliance", a.Slug)
			}
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: a.ID, action: "create", entity: "alliance", entityID: a.ID, after: a})
	})
}

// AllianceBySlug returns the alliance with the slug.
func (db *DB) AllianceBySlug(ctx context.Context, slug string) (accord.Alliance, error) {
	var a accord.Alliance
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		a, err = scanAlliance(tx.queryRow(ctx, "SELECT "+allianceCols+" FROM alliances WHERE slug = ?", strings.ToLower(slug)))
		return notFound(err, "alliance")
	})
	return a, err
}

// AlliancesForUser lists the alliances in which the user is an active member, by name.
func (db *DB) AlliancesForUser(ctx context.Context, userID string) ([]accord.Alliance, error) {
	var out []accord.Alliance
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanAlliance, `SELECT a.id, a.slug, a.name, a.vision, a.values_text, a.created_at, a.updated_at, a.sharing_by_protocol
			FROM alliances a JOIN memberships m ON m.alliance_id = a.id
			WHERE m.user_id = ? AND m.active = ? ORDER BY a.name`, userID, true)
		return err
	})
	return out, err
}

// UpdateCharter changes an alliance's name, vision and values.
func (db *DB) UpdateCharter(ctx context.Context, actor accord.Actor, allianceID string, u accord.CharterUpdate) (accord.Alliance, error) {
	var after accord.Alliance
	err := db.update(ctx, func(tx *Tx) error {
		before, err := scanAlliance(tx.queryRow(ctx, "SELECT "+allianceCols+" FROM alliances WHERE id = ?", allianceID))
		if err != nil {
			return notFound(err, "alliance")
		}
		if after, err = u.Apply(before); err != nil {
			return err
		}
		after.UpdatedAt = tx.now
		if _, err := tx.exec(ctx, "UPDATE alliances SET name = ?, vision = ?, values_text = ?, updated_at = ?, sharing_by_protocol = ? WHERE id = ?",
			after.Name, after.Vision, after.Values, ts(after.UpdatedAt), bit(after.SharingByProtocol), allianceID); err != nil {
			return err
		}
		if after.Name != before.Name || after.Vision != before.Vision || after.Values != before.Values {
			if err := tx.addCharterVersion(ctx, before, after, actor.Name, ""); err != nil {
				return err
			}
		}
		if after.SharingByProtocol != before.SharingByProtocol {
			if err := tx.bumpScorecard(ctx, allianceID); err != nil {
				return err
			}
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: "update", entity: "charter", entityID: allianceID, before: before, after: after})
	})
	return after, err
}

// organisation names are unique without regard to case or spacing.
func orgKey(name string) string { return strings.Join(strings.Fields(strings.ToLower(name)), " ") }

// EnsureOrganization returns the organisation with that name, creating it if needed.
func (db *DB) EnsureOrganization(ctx context.Context, actor accord.Actor, name string) (accord.Organization, error) {
	o := accord.Organization{Name: name}
	if err := o.Validate(); err != nil {
		return o, err
	}
	err := db.update(ctx, func(tx *Tx) error {
		err := tx.queryRow(ctx, "SELECT id, name, created_at FROM organizations WHERE name_key = ?", orgKey(o.Name)).Scan(&o.ID, &o.Name, timeCol{&o.CreatedAt})
		if err != sql.ErrNoRows {
			return err
		}
		o.ID, o.CreatedAt = newID(), tx.now
		if _, err := tx.exec(ctx, "INSERT INTO organizations (id, name, name_key, created_at) VALUES (?, ?, ?, ?)", o.ID, o.Name, orgKey(o.Name), ts(o.CreatedAt)); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{action: "create", entity: "organization", entityID: o.ID, after: o})
	})
	return o, err
}

// ListOrganizations lists every organisation by name.
func (db *DB) ListOrganizations(ctx context.Context) ([]accord.Organization, error) {
	var out []accord.Organization
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanOrganization, "SELECT id, name, created_at FROM organizations ORDER BY name_key")
		return err
	})
	return out, err
}

func scanOrganization(s scanner) (accord.Organization, error) {
	var o accord.Organization
	err := s.Scan(&o.ID, &o.Name, timeCol{&o.CreatedAt})
	return o, err
}
