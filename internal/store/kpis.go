package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
)

const kpiSelect = `SELECT k.id, k.alliance_id, k.key, k.name, k.category, k.unit, k.direction, k.frequency, k.owner_party_id, o.name,
	k.numerator_def, k.denominator_def, k.exclusions, k.source_system, k.description, k.is_ratio, k.scale, k.formula, k.measure_url,
	k.segment_by, k.grace_days, k.status, COALESCE(pu.name, ''), k.proposed_at, k.approved_at, k.created_at
	FROM kpis k JOIN parties p ON p.id = k.owner_party_id JOIN organizations o ON o.id = p.org_id LEFT JOIN users pu ON pu.id = k.proposed_by`

func scanKPI(s interface{ Scan(...any) error }) (accord.KPI, error) {
	var k accord.KPI
	err := s.Scan(&k.ID, &k.AllianceID, &k.Key, &k.Name, &k.Category, &k.Unit, &k.Direction, &k.Frequency, &k.OwnerPartyID, &k.OwnerName,
		&k.Numerator, &k.Denominator, &k.Exclusions, &k.SourceSystem, &k.Description, &k.IsRatio, &k.Scale, &k.Formula, &k.MeasureURL,
		&k.SegmentBy, &k.GraceDays, &k.Status, &k.ProposedBy, timeCol{&k.ProposedAt}, nullTimeCol{&k.ApprovedAt}, timeCol{&k.CreatedAt})
	return k, err
}

// ProposeKPI records a KPI proposed by a person acting for partyID. It
// becomes official when every other party has approved it; in an alliance
// of one party it is approved at once.
func (db *DB) ProposeKPI(ctx context.Context, actor accord.Actor, partyID string, k *accord.KPI) error {
	if err := k.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if err := tx.partyIn(ctx, k.AllianceID, k.OwnerPartyID, "owner_party_id"); err != nil {
			return err
		}
		if k.Formula != "" {
			if err := tx.checkFormulaKeys(ctx, k.AllianceID, k.Formula); err != nil {
				return err
			}
		}
		if k.MeasureURL != "" {
			var n int
			if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM kpis WHERE alliance_id = ? AND measure_url = ?", k.AllianceID, k.MeasureURL).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return accord.FieldError("measure_url", "another KPI of this alliance already reports that FHIR Measure")
			}
		}
		k.ID, k.Status, k.ProposedAt, k.CreatedAt = newID(), accord.KPIProposed, tx.now, tx.now
		k.ProposedBy = actor.Name
		_, err := tx.exec(ctx, `INSERT INTO kpis (id, alliance_id, key, name, category, unit, direction, frequency, owner_party_id,
			numerator_def, denominator_def, exclusions, source_system, description, is_ratio, scale, formula, measure_url, segment_by, grace_days,
			status, proposed_by, proposed_party_id, proposed_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			k.ID, k.AllianceID, k.Key, k.Name, k.Category, k.Unit, k.Direction, k.Frequency, k.OwnerPartyID,
			k.Numerator, k.Denominator, k.Exclusions, k.SourceSystem, k.Description, k.IsRatio, k.Scale, k.Formula, k.MeasureURL, k.SegmentBy, k.GraceDays,
			k.Status, nullStr(actor.UserID), partyID, ts(tx.now), ts(tx.now), ts(tx.now))
		if err != nil {
			if accord.ErrorCode(translate(tx.dialect, err)) == accord.ECONFLICT {
				return accord.FieldError("key", "the alliance already has a KPI %q", k.Key)
			}
			return err
		}
		if err := tx.audit(ctx, actor, change{allianceID: k.AllianceID, action: "propose", entity: "kpi", entityID: k.ID, after: k}); err != nil {
			return err
		}
		if err := tx.bumpScorecard(ctx, k.AllianceID); err != nil {
			return err
		}
		status, err := tx.approve(ctx, actor, k.AllianceID, "kpi", k.ID, partyID)
		k.Status = status
		if err != nil || status != accord.KPIProposed {
			return err
		}
		return tx.motionForApproval(ctx, actor, k.AllianceID, accord.SubjectKPI, k.ID, "Approve the KPI "+k.Name)
	})
}

// checkFormulaKeys makes sure a derived KPI only names KPIs that exist.
func (tx *Tx) checkFormulaKeys(ctx context.Context, allianceID, formula string) error {
	for _, key := range accord.FormulaKeys(formula) {
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM kpis WHERE alliance_id = ? AND key = ?", allianceID, key).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return accord.FieldError("formula", "names %q, which is not a KPI of this alliance", key)
		}
	}
	return nil
}

func (tx *Tx) partyIn(ctx context.Context, allianceID, partyID, field string) error {
	var n int
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM parties WHERE id = ? AND alliance_id = ?", partyID, allianceID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return accord.FieldError(field, "is not a party to this alliance")
	}
	return nil
}

// ListKPIs lists an alliance's KPIs by category and name.
func (db *DB) ListKPIs(ctx context.Context, allianceID string, f accord.KPIFilter) ([]accord.KPI, error) {
	var out []accord.KPI
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.listKPIs(ctx, allianceID, f)
		return err
	})
	return out, err
}

func (tx *Tx) listKPIs(ctx context.Context, allianceID string, f accord.KPIFilter) ([]accord.KPI, error) {
	q, args := kpiSelect+" WHERE k.alliance_id = ?", []any{allianceID}
	if f.Status != "" {
		q, args = q+" AND k.status = ?", append(args, f.Status)
	}
	if f.Category != "" {
		q, args = q+" AND k.category = ?", append(args, f.Category)
	}
	if f.Key != "" {
		q, args = q+" AND k.key = ?", append(args, strings.ToLower(f.Key))
	}
	return queryAll(ctx, tx, scanKPI, q+" ORDER BY k.category, k.name", args...)
}

// KPIByKey returns one KPI of the alliance.
func (db *DB) KPIByKey(ctx context.Context, allianceID, key string) (accord.KPI, error) {
	list, err := db.ListKPIs(ctx, allianceID, accord.KPIFilter{Key: key})
	if err != nil {
		return accord.KPI{}, err
	}
	if len(list) == 0 {
		return accord.KPI{}, accord.Errorf(accord.ENOTFOUND, "KPI %q not found", key)
	}
	return list[0], nil
}

// Approvals lists the approvals of a KPI or target ("kpi" or "target").
func (db *DB) Approvals(ctx context.Context, subjectType, subjectID string) ([]accord.Approval, error) {
	var out []accord.Approval
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanApproval, `SELECT a.party_id, o.name, a.user_name, a.approved_at FROM approvals a
			JOIN parties p ON p.id = a.party_id JOIN organizations o ON o.id = p.org_id
			WHERE a.subject_type = ? AND a.subject_id = ? ORDER BY a.approved_at`, subjectType, subjectID)
		return err
	})
	return out, err
}

func scanApproval(s scanner) (accord.Approval, error) {
	var a accord.Approval
	err := s.Scan(&a.PartyID, &a.PartyName, &a.UserName, timeCol{&a.At})
	return a, err
}

// Approve records the approval of partyID for a proposed KPI or target and
// returns its status afterwards.
func (db *DB) Approve(ctx context.Context, actor accord.Actor, allianceID, subjectType, subjectID, partyID string) (string, error) {
	var status string
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		status, err = tx.approve(ctx, actor, allianceID, subjectType, subjectID, partyID)
		return err
	})
	return status, err
}

// approve adds one party's approval; when every party of the alliance has
// approved, the subject becomes official.
func (tx *Tx) approve(ctx context.Context, actor accord.Actor, allianceID, subjectType, subjectID, partyID string) (string, error) {
	table := map[string]string{"kpi": "kpis", "target": "kpi_targets", accord.SubjectKPIChange: "kpi_changes"}[subjectType]
	if table == "" {
		return "", accord.Errorf(accord.EINVALID, "cannot approve a %q", subjectType)
	}
	var status string
	q := "SELECT status FROM kpis WHERE id = ? AND alliance_id = ?"
	switch subjectType {
	case "target":
		q = "SELECT t.status FROM kpi_targets t JOIN kpis k ON k.id = t.kpi_id WHERE t.id = ? AND k.alliance_id = ?"
	case accord.SubjectKPIChange:
		q = "SELECT status FROM kpi_changes WHERE id = ? AND alliance_id = ?"
	}
	if err := tx.queryRow(ctx, q, subjectID, allianceID).Scan(&status); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return "", accord.Errorf(accord.ENOTFOUND, "%s not found", subjectType)
		}
		return "", err
	}
	if status != accord.KPIProposed {
		return status, accord.Errorf(accord.ECONFLICT, "this %s is already %s", subjectType, status)
	}
	_, err := tx.exec(ctx, "INSERT INTO approvals (subject_type, subject_id, party_id, user_id, user_name, approved_at) VALUES (?, ?, ?, ?, ?, ?)",
		subjectType, subjectID, partyID, nullStr(actor.UserID), actor.Name, ts(tx.now))
	if err != nil {
		if accord.ErrorCode(translate(tx.dialect, err)) == accord.ECONFLICT {
			return status, accord.Errorf(accord.ECONFLICT, "your party has already approved this %s", subjectType)
		}
		return status, err
	}
	var missing int
	err = tx.queryRow(ctx, `SELECT COUNT(*) FROM parties p WHERE p.alliance_id = ? AND NOT EXISTS
		(SELECT 1 FROM approvals a WHERE a.subject_type = ? AND a.subject_id = ? AND a.party_id = p.id)`, allianceID, subjectType, subjectID).Scan(&missing)
	if err != nil {
		return status, err
	}
	if missing == 0 {
		status = accord.KPIApproved
		if _, err := tx.exec(ctx, "UPDATE "+table+" SET status = ?, approved_at = ? WHERE id = ?", status, ts(tx.now), subjectID); err != nil {
			return status, err
		}
		if actor.Via != "motion" {
			if err := tx.withdrawMotionsOn(ctx, allianceID, subjectType, subjectID, "every party signed it off directly"); err != nil {
				return status, err
			}
		}
		if subjectType == accord.SubjectKPIChange {
			if err := tx.applyKPIChange(ctx, actor, allianceID, subjectID); err != nil {
				return status, err
			}
		}
	}
	if err := tx.bumpScorecard(ctx, allianceID); err != nil {
		return status, err
	}
	return status, tx.audit(ctx, actor, change{allianceID: allianceID, action: "approve", entity: subjectType, entityID: subjectID,
		after: map[string]any{"party_id": partyID, "status": status}})
}
