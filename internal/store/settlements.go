package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/settle"
)

// SettlePeriod settles one period of a contract: it applies the terms of
// the version in force on the period's first day to the summary, and
// records the summary, the result and its worksheet, audited in the same
// transaction. The settlement is a draft until every party has signed it
// off (SignSettlement). A period (by its start) is settled once; settling
// it again is a conflict, so that the figures the parties were paid on
// never move. A period that ends after today is settled only
// provisionally: an estimate that does not take the period's place.
func (db *DB) SettlePeriod(ctx context.Context, actor accord.Actor, contractID string, from, to time.Time, summary settle.Summary, provisional bool) (accord.Settlement, error) {
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
		if !provisional && p.End.After(accord.Day(tx.now)) {
			return accord.PeriodNotEnded(p.End)
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
			Summary: summary, Result: res, SettledBy: actor.Name, CreatedAt: tx.now, Provisional: provisional}
		if err := tx.insertSettlement(ctx, actor, allianceID, &st); err != nil {
			return err
		}
		if st, err = tx.settlement(ctx, contractID, st.ID); err != nil {
			return err
		}
		return tx.notifySettlement(ctx, actor, allianceID, &st)
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
	if st.Provisional {
		// The settled-once rule holds for settlements for good only; a
		// provisional one comes after none of those.
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM settlements WHERE contract_id = ? AND period_start = ? AND provisional = ?",
			st.ContractID, day(st.PeriodStart), false).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return accord.FieldError("period_start", "the period from %s is already settled", day(st.PeriodStart))
		}
	}
	_, err = tx.exec(ctx, `INSERT INTO settlements (id, contract_id, period_start, period_end, version_number, summary, result, settled_by, settled_name, created_at, provisional)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		st.ID, st.ContractID, day(st.PeriodStart), day(st.PeriodEnd), st.Version, string(sum), string(res), nullStr(actor.UserID), actor.Name, ts(tx.now), st.Provisional)
	if err != nil {
		if accord.ErrorCode(translate(tx.dialect, err)) == accord.ECONFLICT {
			return accord.FieldError("period_start", "the period from %s is already settled", day(st.PeriodStart))
		}
		return err
	}
	// The worksheet is in the settlement row; the audit keeps what decides
	// the money: the period, the version and the settled amount.
	return tx.audit(ctx, actor, change{allianceID: allianceID, action: "settle", entity: "settlement", entityID: st.ID,
		after: map[string]any{"period_start": day(st.PeriodStart), "period_end": day(st.PeriodEnd), "version": st.Version, "provisional": st.Provisional,
			"summary": st.Summary, "shared_savings": st.Result.SharedSavings, "net_settlement": st.Result.NetSettlement}})
}

const settlementSelect = `SELECT s.id, s.contract_id, c.key, c.title, c.alliance_id, s.period_start, s.period_end, s.version_number, s.summary, s.result,
	s.settled_name, s.created_at, s.provisional, f.final_at
	FROM settlements s JOIN contracts c ON c.id = s.contract_id LEFT JOIN settlement_finals f ON f.settlement_id = s.id`

// settlementRow is a settlement as read, with its alliance.
type settlementRow struct {
	accord.Settlement
	allianceID string
}

func scanSettlement(s interface{ Scan(...any) error }) (settlementRow, error) {
	var r settlementRow
	st := &r.Settlement
	var sum, res string
	if err := s.Scan(&st.ID, &st.ContractID, &st.ContractKey, &st.ContractTitle, &r.allianceID, timeCol{&st.PeriodStart}, timeCol{&st.PeriodEnd},
		&st.Version, &sum, &res, &st.SettledBy, timeCol{&st.CreatedAt}, &st.Provisional, nullTimeCol{&st.FinalAt}); err != nil {
		return r, err
	}
	st.Status = accord.SettlementDraft
	if st.FinalAt != nil {
		st.Status = accord.SettlementFinal
	}
	if err := json.Unmarshal([]byte(sum), &st.Summary); err != nil {
		return r, err
	}
	return r, json.Unmarshal([]byte(res), &st.Result)
}

// settlements reads the settlements a query selects, with their sign-offs
// and the parties a draft awaits.
func (tx *Tx) settlements(ctx context.Context, where string, args ...any) ([]accord.Settlement, error) {
	read, err := queryAll(ctx, tx, scanSettlement, settlementSelect+" WHERE "+where, args...)
	if err != nil {
		return nil, err
	}
	out := make([]accord.Settlement, len(read))
	for i, r := range read {
		if err := tx.settlementSignOffs(ctx, r.allianceID, &r.Settlement); err != nil {
			return nil, err
		}
		out[i] = r.Settlement
	}
	return out, nil
}

// settlement reads one settlement of a contract.
func (tx *Tx) settlement(ctx context.Context, contractID, id string) (accord.Settlement, error) {
	sts, err := tx.settlements(ctx, "s.contract_id = ? AND s.id = ?", contractID, id)
	if err == nil && len(sts) == 0 {
		err = sql.ErrNoRows
	}
	if err != nil {
		return accord.Settlement{}, notFound(err, "settlement")
	}
	return sts[0], nil
}

// ListSettlements lists a contract's settlements, the latest period first
// (a provisional one after the settlement for good of its period).
func (db *DB) ListSettlements(ctx context.Context, contractID string) ([]accord.Settlement, error) {
	var out []accord.Settlement
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.settlements(ctx, "s.contract_id = ? ORDER BY s.period_start DESC, s.provisional, s.created_at DESC", contractID)
		return err
	})
	if out == nil {
		out = []accord.Settlement{}
	}
	return out, err
}

// Settlement returns one settlement of a contract.
func (db *DB) Settlement(ctx context.Context, contractID, id string) (accord.Settlement, error) {
	var st accord.Settlement
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		st, err = tx.settlement(ctx, contractID, id)
		return err
	})
	return st, err
}
