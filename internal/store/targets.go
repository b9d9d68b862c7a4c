package store

import (
	"context"
	"fmt"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
)

// ProposeTarget records a target proposed by a person acting for partyID;
// like a KPI it becomes official when every party has approved it.
func (db *DB) ProposeTarget(ctx context.Context, actor accord.Actor, allianceID, partyID string, t *accord.Target) error {
	return db.update(ctx, func(tx *Tx) error {
		k, err := scanKPI(tx.queryRow(ctx, kpiSelect+" WHERE k.id = ? AND k.alliance_id = ?", t.KPIID, allianceID))
		if err != nil {
			return notFound(err, "KPI")
		}
		if err := t.Validate(k); err != nil {
			return err
		}
		t.EffectiveAt = k.Frequency.PeriodStart(t.EffectiveAt)
		t.ID, t.Status, t.CreatedAt, t.ProposedBy = newID(), accord.KPIProposed, tx.now, actor.Name
		_, err = tx.exec(ctx, `INSERT INTO kpi_targets (id, kpi_id, effective_from, value, green, amber, low, high, status, proposed_by, proposed_party_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			t.ID, t.KPIID, day(t.EffectiveAt), int64(t.Value), int64(t.Green), int64(t.Amber), decPtr(t.Low), decPtr(t.High), t.Status, nullStr(actor.UserID), partyID, ts(tx.now))
		if err != nil {
			return err
		}
		if err := tx.audit(ctx, actor, change{allianceID: allianceID, action: "propose", entity: "target", entityID: t.ID, after: t}); err != nil {
			return err
		}
		if err := tx.bumpScorecard(ctx, allianceID); err != nil {
			return err
		}
		t.Status, err = tx.approve(ctx, actor, allianceID, "target", t.ID, partyID)
		if err != nil || t.Status != accord.KPIProposed {
			return err
		}
		return tx.motionForApproval(ctx, actor, allianceID, accord.SubjectTarget, t.ID,
			fmt.Sprintf("Approve the target for %s from %s", k.Name, t.EffectiveAt.Format("January 2006")))
	})
}

func decPtr(d *number.Decimal) any {
	if d == nil {
		return nil
	}
	return int64(*d)
}

// decCol scans a nullable integer column into a *number.Decimal.
type decCol struct{ d **number.Decimal }

func (c decCol) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*c.d = nil
	case int64:
		d := number.Decimal(x)
		*c.d = &d
	default:
		var n int64
		if _, err := fmt.Sscan(fmt.Sprint(v), &n); err != nil {
			return err
		}
		d := number.Decimal(n)
		*c.d = &d
	}
	return nil
}

// ListTargets lists a KPI's targets, proposed and approved, by effective date.
func (db *DB) ListTargets(ctx context.Context, kpiID string) ([]accord.Target, error) {
	var out []accord.Target
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.listTargets(ctx, "t.kpi_id = ?", kpiID)
		return err
	})
	return out, err
}

func (tx *Tx) listTargets(ctx context.Context, where string, args ...any) ([]accord.Target, error) {
	return queryAll(ctx, tx, scanTarget, `SELECT t.id, t.kpi_id, t.effective_from, t.value, t.green, t.amber, t.low, t.high, t.status, COALESCE(u.name, ''), t.created_at
		FROM kpi_targets t LEFT JOIN users u ON u.id = t.proposed_by WHERE `+where+` ORDER BY t.kpi_id, t.effective_from, t.created_at`, args...)
}

func scanTarget(s scanner) (accord.Target, error) {
	var t accord.Target
	var v, g, a int64
	err := s.Scan(&t.ID, &t.KPIID, timeCol{&t.EffectiveAt}, &v, &g, &a, decCol{&t.Low}, decCol{&t.High}, &t.Status, &t.ProposedBy, timeCol{&t.CreatedAt})
	t.Value, t.Green, t.Amber = number.Decimal(v), number.Decimal(g), number.Decimal(a)
	return t, err
}

// AllianceTargets lists the approved targets of every KPI of an alliance.
func (db *DB) AllianceTargets(ctx context.Context, allianceID string) ([]accord.Target, error) {
	var out []accord.Target
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.listTargets(ctx, "t.status = 'approved' AND t.kpi_id IN (SELECT id FROM kpis WHERE alliance_id = ?)", allianceID)
		return err
	})
	return out, err
}
