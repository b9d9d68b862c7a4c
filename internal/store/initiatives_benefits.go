package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
)

const benefitSelect = `SELECT b.id, b.alliance_id, b.initiative_id, b.kind, COALESCE(b.kpi_id, ''), b.baseline, b.baseline_from, b.baseline_to,
	b.measure_from, b.unit_value, COALESCE(b.contract_id, ''), b.savings_percent, b.status, b.proposed_by, pu.name, b.proposed_party_id,
	COALESCE(au.name, ''), COALESCE(b.approved_party_id, ''), b.approved_at, b.created_at
	FROM initiative_benefits b JOIN memberships pm ON pm.id = b.proposed_by JOIN users pu ON pu.id = pm.user_id
	LEFT JOIN memberships am ON am.id = b.approved_by LEFT JOIN users au ON au.id = am.user_id`

func scanBenefit(s scanner) (accord.Benefit, error) {
	var b accord.Benefit
	var baseline sql.NullInt64
	err := s.Scan(&b.ID, &b.AllianceID, &b.InitiativeID, &b.Kind, &b.KPIID, &baseline, nullTimeCol{&b.BaselineFrom}, nullTimeCol{&b.BaselineTo},
		nullTimeCol{&b.MeasureFrom}, (*int64)(&b.UnitValue), &b.ContractID, (*int64)(&b.SavingsPercent), &b.Status, &b.ProposedByID,
		&b.ProposedByName, &b.ProposedPartyID, &b.ApprovedByName, &b.ApprovedPartyID, nullTimeCol{&b.ApprovedAt}, timeCol{&b.CreatedAt})
	if baseline.Valid {
		d := number.Decimal(baseline.Int64)
		b.Baseline = &d
	}
	return b, err
}

func decimalPtr(d *number.Decimal) any {
	if d == nil {
		return nil
	}
	return int64(*d)
}

// ProposeBenefit records a benefit of an initiative that has not ended,
// proposed by the actor's party. A KPI benefit's KPI is one of the
// initiative's, its periods are the KPI's, and its parties the
// alliance's; a savings share names one of the alliance's contracts.
func (db *DB) ProposeBenefit(ctx context.Context, actor accord.Actor, b *accord.Benefit) error {
	if err := b.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		in, err := tx.openInitiative(ctx, b.AllianceID, b.InitiativeID)
		if err != nil {
			return err
		}
		by, err := tx.actorMember(ctx, b.AllianceID, actor)
		if err != nil {
			return err
		}
		if b.Kind == accord.BenefitKPI {
			if err := tx.checkKPIBenefit(ctx, in, b); err != nil {
				return err
			}
		} else {
			var n int
			if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM contracts WHERE id = ? AND alliance_id = ?", b.ContractID, b.AllianceID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return accord.FieldError("contract_id", "is not a contract of this alliance")
			}
		}
		b.ID, b.Status, b.CreatedAt = newID(), accord.BenefitProposed, tx.now
		b.ProposedByID, b.ProposedByName, b.ProposedPartyID = by.ID, by.UserName, by.PartyID
		if _, err := tx.exec(ctx, `INSERT INTO initiative_benefits (id, alliance_id, initiative_id, kind, kpi_id, baseline, baseline_from, baseline_to,
			measure_from, unit_value, contract_id, savings_percent, status, proposed_by, proposed_party_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, b.ID, b.AllianceID, b.InitiativeID, b.Kind, nullStr(b.KPIID), decimalPtr(b.Baseline),
			dayPtr(b.BaselineFrom), dayPtr(b.BaselineTo), dayPtr(b.MeasureFrom), int64(b.UnitValue), nullStr(b.ContractID), int64(b.SavingsPercent),
			b.Status, by.ID, by.PartyID, ts(tx.now)); err != nil {
			return err
		}
		for _, s := range b.Shares {
			if _, err := tx.exec(ctx, "INSERT INTO benefit_shares (benefit_id, party_id, percent) VALUES (?, ?, ?)", b.ID, s.PartyID, int64(s.Percent)); err != nil {
				return err
			}
		}
		return tx.auditInitiative(ctx, actor, change{allianceID: b.AllianceID, action: "propose", entity: "benefit", entityID: b.ID, after: b})
	})
}

// checkKPIBenefit checks a KPI benefit against its initiative and the
// alliance, and sets its periods to the starts of the KPI's periods.
func (tx *Tx) checkKPIBenefit(ctx context.Context, in accord.Initiative, b *accord.Benefit) error {
	if !slices.ContainsFunc(in.KPIs, func(k accord.InitiativeKPI) bool { return k.KPIID == b.KPIID }) {
		return accord.FieldError("kpi_id", "is not one of the KPIs %s means to move", in.Name)
	}
	var freq string
	if err := tx.queryRow(ctx, "SELECT frequency FROM kpis WHERE id = ? AND alliance_id = ?", b.KPIID, b.AllianceID).Scan(&freq); err != nil {
		return notFound(err, "KPI")
	}
	f := accord.Frequency(freq)
	for _, t := range []*time.Time{b.BaselineFrom, b.BaselineTo, b.MeasureFrom} {
		if t != nil {
			*t = f.PeriodStart(*t)
		}
	}
	for i, s := range b.Shares {
		if err := tx.partyIn(ctx, b.AllianceID, s.PartyID, "shares"); err != nil {
			return err
		}
		if err := tx.queryRow(ctx, "SELECT o.name FROM parties p JOIN organizations o ON o.id = p.org_id WHERE p.id = ?", s.PartyID).Scan(&b.Shares[i].PartyName); err != nil {
			return err
		}
	}
	return nil
}

// ApproveBenefit approves a proposed benefit for the actor's party, which
// must be another party than the one that proposed it.
func (db *DB) ApproveBenefit(ctx context.Context, actor accord.Actor, allianceID, id string) (accord.Benefit, error) {
	var b accord.Benefit
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if b, err = scanBenefit(tx.queryRow(ctx, benefitSelect+" WHERE b.alliance_id = ? AND b.id = ?", allianceID, id)); err != nil {
			return notFound(err, "benefit")
		}
		if _, err := tx.openInitiative(ctx, allianceID, b.InitiativeID); err != nil {
			return err
		}
		if b.Status != accord.BenefitProposed {
			return accord.Errorf(accord.ECONFLICT, "this benefit is already %s", b.Status)
		}
		by, err := tx.actorMember(ctx, allianceID, actor)
		if err != nil {
			return err
		}
		if by.PartyID == b.ProposedPartyID {
			return accord.Errorf(accord.EFORBIDDEN, "a benefit is approved by another party than the one that proposed it, and you act for %s", by.PartyName)
		}
		if _, err := tx.exec(ctx, "UPDATE initiative_benefits SET status = ?, approved_by = ?, approved_party_id = ?, approved_at = ? WHERE id = ?",
			accord.BenefitApproved, by.ID, by.PartyID, ts(tx.now), id); err != nil {
			return err
		}
		now := tx.now
		b.Status, b.ApprovedByName, b.ApprovedPartyID, b.ApprovedAt = accord.BenefitApproved, by.UserName, by.PartyID, &now
		if b.Shares, err = tx.benefitShares(ctx, allianceID, id); err != nil {
			return err
		}
		return tx.auditInitiative(ctx, actor, change{allianceID: allianceID, action: "approve", entity: "benefit", entityID: id,
			after: map[string]any{"status": b.Status, "party_id": by.PartyID}})
	})
	return b, err
}

func (tx *Tx) benefitShares(ctx context.Context, allianceID, benefitID string) ([]accord.BenefitShare, error) {
	return queryAll(ctx, tx, func(s scanner) (accord.BenefitShare, error) {
		var x accord.BenefitShare
		err := s.Scan(&x.PartyID, &x.PartyName, (*int64)(&x.Percent))
		return x, err
	}, `SELECT s.party_id, o.name, s.percent FROM benefit_shares s JOIN initiative_benefits b ON b.id = s.benefit_id
		JOIN parties p ON p.id = s.party_id JOIN organizations o ON o.id = p.org_id WHERE b.alliance_id = ? AND b.id = ? ORDER BY o.name`, allianceID, benefitID)
}

// ListBenefits lists the alliance's benefits, each with its shares, by
// initiative and the order they were proposed in.
func (db *DB) ListBenefits(ctx context.Context, allianceID string) ([]accord.Benefit, error) {
	var out []accord.Benefit
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		if out, err = queryAll(ctx, tx, scanBenefit, benefitSelect+" WHERE b.alliance_id = ? ORDER BY b.initiative_id, b.created_at, b.id", allianceID); err != nil {
			return err
		}
		for i := range out {
			if out[i].Kind != accord.BenefitKPI {
				continue
			}
			if out[i].Shares, err = tx.benefitShares(ctx, allianceID, out[i].ID); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

const assessmentSelect = `SELECT a.id, a.alliance_id, a.initiative_id, a.submitted_by, su.name, a.party_id, a.submitted_at, a.snapshot,
	a.review, a.review_note, COALESCE(ru.name, ''), a.reviewed_at
	FROM roi_assessments a JOIN memberships sm ON sm.id = a.submitted_by JOIN users su ON su.id = sm.user_id
	LEFT JOIN memberships rm ON rm.id = a.reviewed_by LEFT JOIN users ru ON ru.id = rm.user_id`

// roiSnapshot is what an assessment keeps of the returns.
type roiSnapshot struct {
	Rates   accord.ROIRates    `json:"rates"`
	Parties []accord.ROIFigure `json:"parties"`
	Total   *accord.ROIFigure  `json:"total"`
}

func scanAssessment(s scanner) (accord.ROIAssessment, error) {
	var a accord.ROIAssessment
	var snap string
	if err := s.Scan(&a.ID, &a.AllianceID, &a.InitiativeID, &a.SubmittedByID, &a.SubmittedByName, &a.PartyID, timeCol{&a.SubmittedAt}, &snap,
		&a.Review, &a.ReviewNote, &a.ReviewedByName, nullTimeCol{&a.ReviewedAt}); err != nil {
		return a, err
	}
	var x roiSnapshot
	err := json.Unmarshal([]byte(snap), &x)
	a.Rates, a.Parties, a.Total = x.Rates, x.Parties, x.Total
	return a, err
}

// SubmitROIAssessment records an initiative's returns as computed now,
// submitted by a member of one of its sponsor parties.
func (db *DB) SubmitROIAssessment(ctx context.Context, actor accord.Actor, a *accord.ROIAssessment) error {
	return db.update(ctx, func(tx *Tx) error {
		in, err := tx.initiative(ctx, a.AllianceID, a.InitiativeID)
		if err != nil {
			return err
		}
		by, err := tx.actorMember(ctx, a.AllianceID, actor)
		if err != nil {
			return err
		}
		if !slices.Contains(in.SponsorIDs, by.PartyID) {
			return accord.Errorf(accord.EFORBIDDEN, "an ROI assessment is submitted by a sponsor of %s, and %s is not one", in.Name, by.PartyName)
		}
		if a.Parties == nil {
			a.Parties = []accord.ROIFigure{}
		}
		snap, err := json.Marshal(roiSnapshot{Rates: a.Rates, Parties: a.Parties, Total: a.Total})
		if err != nil {
			return err
		}
		a.ID, a.SubmittedByID, a.SubmittedByName, a.PartyID, a.SubmittedAt = newID(), by.ID, by.UserName, by.PartyID, tx.now
		a.Review, a.ReviewNote, a.ReviewedByName, a.ReviewedAt = "", "", "", nil
		if _, err := tx.exec(ctx, `INSERT INTO roi_assessments (id, alliance_id, initiative_id, submitted_by, party_id, submitted_at, snapshot)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, a.ID, a.AllianceID, a.InitiativeID, by.ID, by.PartyID, ts(tx.now), string(snap)); err != nil {
			return err
		}
		return tx.auditInitiative(ctx, actor, change{allianceID: a.AllianceID, action: "submit", entity: "roi_assessment", entityID: a.ID, after: a})
	})
}

// ReviewROIAssessment records the initiative's clinical lead's review of
// an assessment not reviewed yet.
func (db *DB) ReviewROIAssessment(ctx context.Context, actor accord.Actor, allianceID, id, review, note string) (accord.ROIAssessment, error) {
	var a accord.ROIAssessment
	note, err := accord.CheckReview(review, note)
	if err != nil {
		return a, err
	}
	err = db.update(ctx, func(tx *Tx) error {
		var err error
		if a, err = scanAssessment(tx.queryRow(ctx, assessmentSelect+" WHERE a.alliance_id = ? AND a.id = ?", allianceID, id)); err != nil {
			return notFound(err, "ROI assessment")
		}
		in, err := tx.initiative(ctx, allianceID, a.InitiativeID)
		if err != nil {
			return err
		}
		by, err := tx.actorMember(ctx, allianceID, actor)
		if err != nil {
			return err
		}
		if by.ID != in.ClinicalLeadID {
			return accord.Errorf(accord.EFORBIDDEN, "an ROI assessment of %s is reviewed by its clinical lead, %s", in.Name, in.ClinicalLeadName)
		}
		if a.Reviewed() {
			return accord.Errorf(accord.ECONFLICT, "this ROI assessment is already reviewed (%s)", a.Review)
		}
		if _, err := tx.exec(ctx, "UPDATE roi_assessments SET review = ?, review_note = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ?",
			review, note, by.ID, ts(tx.now), id); err != nil {
			return err
		}
		now := tx.now
		a.Review, a.ReviewNote, a.ReviewedByName, a.ReviewedAt = review, note, by.UserName, &now
		return tx.auditInitiative(ctx, actor, change{allianceID: allianceID, action: "review", entity: "roi_assessment", entityID: id,
			after: map[string]any{"review": review, "note": note}})
	})
	return a, err
}

// ROIAssessments lists an initiative's assessments, the latest first.
func (db *DB) ROIAssessments(ctx context.Context, allianceID, initiativeID string) ([]accord.ROIAssessment, error) {
	var out []accord.ROIAssessment
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanAssessment, assessmentSelect+" WHERE a.alliance_id = ? AND a.initiative_id = ? ORDER BY a.submitted_at DESC, a.id DESC",
			allianceID, initiativeID)
		return err
	})
	return out, err
}
