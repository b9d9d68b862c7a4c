package store

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
)

// ProposeKPIChange proposes a change to an approved KPI's definition for
// partyID. Only the fields that differ are kept; the proposing party's
// approval is counted at once, and the change is put to the committee that
// approves the scorecard, if there is one.
func (db *DB) ProposeKPIChange(ctx context.Context, actor accord.Actor, partyID string, c *accord.KPIChange) error {
	c.Reason = strings.TrimSpace(c.Reason)
	if c.Reason == "" || len(c.Reason) > 2000 {
		return accord.FieldError("reason", "is required (at most 2,000 characters): say why the definition should change")
	}
	return db.update(ctx, func(tx *Tx) error {
		k, err := scanKPI(tx.queryRow(ctx, kpiSelect+" WHERE k.id = ? AND k.alliance_id = ?", c.KPIID, c.AllianceID))
		if err != nil {
			return notFound(err, "KPI")
		}
		if k.Status != accord.KPIApproved {
			return accord.Errorf(accord.ECONFLICT, "the KPI is not approved yet: change the proposal itself by proposing it again")
		}
		c.Changes, c.Before = c.Changes.Diff(k)
		if c.Changes.Empty() {
			return accord.FieldError("changes", "change at least one field of the definition")
		}
		if _, err := c.Changes.Apply(k); err != nil {
			return err
		}
		after, err := json.Marshal(c.Changes)
		if err != nil {
			return err
		}
		before, err := json.Marshal(c.Before)
		if err != nil {
			return err
		}
		c.ID, c.KPIKey, c.Status, c.ProposedBy, c.CreatedAt = newID(), k.Key, accord.KPIProposed, actor.Name, tx.now
		if _, err := tx.exec(ctx, `INSERT INTO kpi_changes (id, alliance_id, kpi_id, changes, before_json, reason, status, proposed_by, proposed_party_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, c.AllianceID, c.KPIID, string(after), string(before), c.Reason, c.Status, c.ProposedBy, partyID, ts(tx.now)); err != nil {
			return err
		}
		if err := tx.audit(ctx, actor, change{allianceID: c.AllianceID, action: "propose", entity: "kpi_change", entityID: c.ID,
			before: c.Before, after: map[string]any{"kpi": k.Key, "changes": c.Changes, "reason": c.Reason}}); err != nil {
			return err
		}
		if c.Status, err = tx.approve(ctx, actor, c.AllianceID, accord.SubjectKPIChange, c.ID, partyID); err != nil || c.Status != accord.KPIProposed {
			return err
		}
		return tx.motionForApproval(ctx, actor, c.AllianceID, accord.SubjectKPIChange, c.ID, "Change the definition of "+k.Name)
	})
}

// applyKPIChange applies an approved change to its KPI; other changes of
// the KPI still proposed are superseded (they were proposed against the
// definition this one replaces).
func (tx *Tx) applyKPIChange(ctx context.Context, actor accord.Actor, allianceID, id string) error {
	c, err := scanKPIChange(tx.queryRow(ctx, kpiChangeSelect+" WHERE c.id = ? AND c.alliance_id = ?", id, allianceID))
	if err != nil {
		return notFound(err, "KPI change")
	}
	k, err := scanKPI(tx.queryRow(ctx, kpiSelect+" WHERE k.id = ?", c.KPIID))
	if err != nil {
		return err
	}
	next, err := c.Changes.Apply(k)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `UPDATE kpis SET name = ?, description = ?, numerator_def = ?, denominator_def = ?, exclusions = ?, source_system = ?,
		measure_url = ?, grace_days = ?, updated_at = ? WHERE id = ?`, next.Name, next.Description, next.Numerator, next.Denominator, next.Exclusions,
		next.SourceSystem, next.MeasureURL, next.GraceDays, ts(tx.now), k.ID)
	if err != nil {
		if accord.ErrorCode(translate(tx.dialect, err)) == accord.ECONFLICT {
			return accord.FieldError("measure_url", "another KPI of this alliance already reports that FHIR Measure")
		}
		return err
	}
	if _, err := tx.exec(ctx, "UPDATE kpi_changes SET status = ? WHERE kpi_id = ? AND status = ? AND id <> ?",
		accord.KPIChangeSuperseded, k.ID, accord.KPIProposed, id); err != nil {
		return err
	}
	return tx.audit(ctx, actor, change{allianceID: allianceID, action: "change-definition", entity: "kpi", entityID: k.ID, before: c.Before, after: c.Changes})
}

const kpiChangeSelect = `SELECT c.id, c.kpi_id, k.key, c.alliance_id, c.changes, c.before_json, c.reason, c.status, c.proposed_by, c.created_at, c.approved_at
	FROM kpi_changes c JOIN kpis k ON k.id = c.kpi_id`

func scanKPIChange(s interface{ Scan(...any) error }) (accord.KPIChange, error) {
	var c accord.KPIChange
	var after, before string
	if err := s.Scan(&c.ID, &c.KPIID, &c.KPIKey, &c.AllianceID, &after, &before, &c.Reason, &c.Status, &c.ProposedBy,
		timeCol{&c.CreatedAt}, nullTimeCol{&c.ApprovedAt}); err != nil {
		return c, err
	}
	if err := json.Unmarshal([]byte(after), &c.Changes); err != nil {
		return c, err
	}
	return c, json.Unmarshal([]byte(before), &c.Before)
}

// KPIChanges lists the changes proposed to a KPI's definition, newest first.
func (db *DB) KPIChanges(ctx context.Context, kpiID string) ([]accord.KPIChange, error) {
	var out []accord.KPIChange
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanKPIChange, kpiChangeSelect+" WHERE c.kpi_id = ? ORDER BY c.created_at DESC, c.id DESC", kpiID)
		return err
	})
	return out, err
}

// KPIChange returns one change of the alliance.
func (db *DB) KPIChange(ctx context.Context, allianceID, id string) (accord.KPIChange, error) {
	var c accord.KPIChange
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		c, err = scanKPIChange(tx.queryRow(ctx, kpiChangeSelect+" WHERE c.id = ? AND c.alliance_id = ?", id, allianceID))
		return notFound(err, "KPI change")
	})
	return c, err
}
