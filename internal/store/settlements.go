package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/settle"
)

// SettlePeriod settles one period of a contract: it applies the terms of
// the version in force on the period's first day to the summary, and
// records the summary, the result and its worksheet, audited in the same
// transaction. A period (by its start) is settled once; settling it again
// is a conflict, so that the figures the parties were paid on never move.
func (db *DB) SettlePeriod(ctx context.Context, actor accord.Actor, contractID string, from, to time.Time, summary settle.Summary) (accord.Settlement, error) {
	p := accord.SettlementPeriod{Start: from, End: to}
	if err := p.Validate(); err != nil {
		return accord.Settlement{}, err
	}
	if err := summary.Validate(); err != nil {
		return accord.Settlement{}, &accord.Error{Code: accord.EINVALID, Field: "summary", Message: err.Error(), Err: err}
	}
	var st accord.Settlement
	err := db.update(ctx, func(tx *Tx) error {
		var allianceID string
		if err := tx.queryRow(ctx, "SELECT alliance_id FROM contracts WHERE id = ?", contractID).Scan(&allianceID); err != nil {
			return notFound(err, "contract")
		}
		vs, err := tx.versions(ctx, contractID)
		if err != nil {
			return err
		}
		var v *accord.ContractVersion
		for i := range vs {
			if vs[i].Governs(p.Start) {
				v = &vs[i]
			}
		}
		if v == nil {
			return accord.FieldError("period_start", "no version of this contract governed %s", day(p.Start))
		}
		res, err := accord.SettleTerms(v.Terms, summary)
		if err != nil {
			return err
		}
		st = accord.Settlement{ID: newID(), ContractID: contractID, PeriodStart: p.Start, PeriodEnd: p.End, Version: v.Number,
			Summary: summary, Result: res, SettledBy: actor.Name, CreatedAt: tx.now}
		return tx.insertSettlement(ctx, actor, allianceID, &st)
	})
	return st, err
}

func (tx *Tx) insertSettlement(ctx context.Context, actor accord.Actor, allianceID string, st *accord.Settlement) error {
	sum, err := json.Marshal(st.Summary)
	if err != nil {
		return err
	}
	res, err := json.Marshal(st.Result)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO settlements (id, contract_id, period_start, period_end, version_number, summary, result, settled_by, settled_name, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		st.ID, st.ContractID, day(st.PeriodStart), day(st.PeriodEnd), st.Version, string(sum), string(res), nullStr(actor.UserID), actor.Name, ts(tx.now))
	if err != nil {
		if accord.ErrorCode(translate(tx.dialect, err)) == accord.ECONFLICT {
			return accord.FieldError("period_start", "the period from %s is already settled", day(st.PeriodStart))
		}
		return err
	}
	// The worksheet is in the settlement row; the audit keeps what decides
	// the money: the period, the version and the settled amount.
	return tx.audit(ctx, actor, change{allianceID: allianceID, action: "settle", entity: "settlement", entityID: st.ID,
		after: map[string]any{"period_start": day(st.PeriodStart), "period_end": day(st.PeriodEnd), "version": st.Version,
			"summary": st.Summary, "shared_savings": st.Result.SharedSavings, "net_settlement": st.Result.NetSettlement}})
}

const settlementSelect = `SELECT id, contract_id, period_start, period_end, version_number, summary, result, settled_name, created_at FROM settlements`

func scanSettlement(s interface{ Scan(...any) error }) (accord.Settlement, error) {
	var st accord.Settlement
	var sum, res string
	if err := s.Scan(&st.ID, &st.ContractID, timeCol{&st.PeriodStart}, timeCol{&st.PeriodEnd}, &st.Version, &sum, &res,
		&st.SettledBy, timeCol{&st.CreatedAt}); err != nil {
		return st, err
	}
	if err := json.Unmarshal([]byte(sum), &st.Summary); err != nil {
		return st, err
	}
	return st, json.Unmarshal([]byte(res), &st.Result)
}

// ListSettlements lists a contract's settlements, the latest period first.
func (db *DB) ListSettlements(ctx context.Context, contractID string) ([]accord.Settlement, error) {
	out := []accord.Settlement{}
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, settlementSelect+" WHERE contract_id = ? ORDER BY period_start DESC", contractID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			st, err := scanSettlement(rows)
			if err != nil {
				return err
			}
			out = append(out, st)
		}
		return rows.Err()
	})
	return out, err
}

// Settlement returns one settlement of a contract.
func (db *DB) Settlement(ctx context.Context, contractID, id string) (accord.Settlement, error) {
	var st accord.Settlement
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		st, err = scanSettlement(tx.queryRow(ctx, settlementSelect+" WHERE contract_id = ? AND id = ?", contractID, id))
		return notFound(err, "settlement")
	})
	return st, err
}
