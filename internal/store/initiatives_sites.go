package store

import (
	"context"
	"fmt"

	"github.com/accord-alliance/accord/internal/accord"
)

const siteSelect = `SELECT s.id, s.alliance_id, s.party_id, o.name, s.name, s.kind, s.segment, s.max_active, s.staff_hours, s.created_at
	FROM sites s JOIN parties p ON p.id = s.party_id JOIN organizations o ON o.id = p.org_id`

func scanSite(s scanner) (accord.Site, error) {
	var x accord.Site
	err := s.Scan(&x.ID, &x.AllianceID, &x.PartyID, &x.PartyName, &x.Name, &x.Kind, &x.Segment, &x.MaxActive,
		(*int64)(&x.StaffHours), timeCol{&x.CreatedAt})
	return x, err
}

// CreateSite declares a party's site or team with its capacity for change.
func (db *DB) CreateSite(ctx context.Context, actor accord.Actor, s *accord.Site) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if err := tx.partyIn(ctx, s.AllianceID, s.PartyID, "party_id"); err != nil {
			return err
		}
		s.ID, s.CreatedAt = newID(), tx.now
		_, err := tx.exec(ctx, `INSERT INTO sites (id, alliance_id, party_id, name, kind, segment, max_active, staff_hours, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.ID, s.AllianceID, s.PartyID, s.Name, s.Kind, s.Segment, s.MaxActive,
			int64(s.StaffHours), ts(s.CreatedAt))
		if err != nil {
			return siteNameTaken(tx, err, s.Name)
		}
		created, err := tx.site(ctx, s.AllianceID, s.ID)
		if err != nil {
			return err
		}
		*s = created
		return tx.auditInitiative(ctx, actor, change{allianceID: s.AllianceID, action: "create", entity: "site", entityID: s.ID, after: s})
	})
}

// siteNameTaken names the conflict when a site's name is the alliance's
// already.
func siteNameTaken(tx *Tx, err error, name string) error {
	if accord.ErrorCode(translate(tx.dialect, err)) == accord.ECONFLICT {
		return accord.FieldError("name", "this alliance already has a site or team named %s", name)
	}
	return err
}

func (tx *Tx) site(ctx context.Context, allianceID, id string) (accord.Site, error) {
	s, err := scanSite(tx.queryRow(ctx, siteSelect+" WHERE s.alliance_id = ? AND s.id = ?", allianceID, id))
	return s, notFound(err, "site")
}

// UpdateSite changes a site's name, kind, segment or capacity.
func (db *DB) UpdateSite(ctx context.Context, actor accord.Actor, allianceID, id string, u accord.SiteUpdate) (accord.Site, error) {
	var after accord.Site
	err := db.update(ctx, func(tx *Tx) error {
		before, err := tx.site(ctx, allianceID, id)
		if err != nil {
			return err
		}
		if after, err = u.Apply(before); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "UPDATE sites SET name = ?, kind = ?, segment = ?, max_active = ?, staff_hours = ? WHERE id = ?",
			after.Name, after.Kind, after.Segment, after.MaxActive, int64(after.StaffHours), id); err != nil {
			return siteNameTaken(tx, err, after.Name)
		}
		return tx.auditInitiative(ctx, actor, change{allianceID: allianceID, action: "update", entity: "site", entityID: id, before: before, after: after})
	})
	return after, err
}

// ListSites lists an alliance's sites and teams by name.
func (db *DB) ListSites(ctx context.Context, allianceID string) ([]accord.Site, error) {
	var out []accord.Site
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.sites(ctx, allianceID)
		return err
	})
	return out, err
}

func (tx *Tx) sites(ctx context.Context, allianceID string) ([]accord.Site, error) {
	return queryAll(ctx, tx, scanSite, siteSelect+" WHERE s.alliance_id = ? ORDER BY s.name, s.id", allianceID)
}

// checkSites checks that every id is a site of the alliance.
func (tx *Tx) checkSites(ctx context.Context, allianceID, field string, ids []string) error {
	return tx.checkAllIn(ctx, "sites", allianceID, field, "is not a site or team of this alliance", ids)
}

// checkAllIn checks that every id is a row of table in the alliance, with
// one query.
func (tx *Tx) checkAllIn(ctx context.Context, table, allianceID, field, msg string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	args := []any{allianceID}
	q := "SELECT id FROM " + table + " WHERE alliance_id = ? AND id IN (" + placeholders(len(ids)) + ")"
	for _, id := range ids {
		args = append(args, id)
	}
	found, err := tx.strings(ctx, q, args...)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, id := range found {
		have[id] = true
	}
	for i, id := range ids {
		if !have[id] {
			return accord.FieldError(fmt.Sprintf("%s[%d]", field, i), "%s", msg)
		}
	}
	return nil
}
