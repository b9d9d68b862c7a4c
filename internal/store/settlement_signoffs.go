package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/accord-alliance/accord/internal/accord"
)

// settlementSignOffs fills in a settlement's sign-offs and, for a draft
// for good (not provisional), the parties it still awaits.
func (tx *Tx) settlementSignOffs(ctx context.Context, allianceID string, st *accord.Settlement) error {
	signOffs, err := queryAll(ctx, tx, scanSignOff, `SELECT s.party_id, o.name, s.user_name, s.signed_at FROM settlement_signoffs s
		JOIN parties p ON p.id = s.party_id JOIN organizations o ON o.id = p.org_id WHERE s.settlement_id = ? ORDER BY s.signed_at, o.name`, st.ID)
	if err != nil {
		return err
	}
	// Both lists are empty rather than nil when there is nothing to show.
	st.SignOffs, st.Awaiting = append([]accord.SignOff{}, signOffs...), []accord.PartyRef{}
	if st.Final() || st.Provisional {
		return nil
	}
	awaiting, err := queryAll(ctx, tx, scanPartyRef, `SELECT p.id, o.name FROM parties p JOIN organizations o ON o.id = p.org_id WHERE p.alliance_id = ? AND NOT EXISTS
		(SELECT 1 FROM settlement_signoffs s WHERE s.settlement_id = ? AND s.party_id = p.id) ORDER BY o.name`, allianceID, st.ID)
	st.Awaiting = append(st.Awaiting, awaiting...)
	return err
}

func scanPartyRef(s scanner) (accord.PartyRef, error) {
	var p accord.PartyRef
	err := s.Scan(&p.PartyID, &p.PartyName)
	return p, err
}

// mayApproveSettlement reports whether the actor signs settlements off for
// partyID: an active executive of that party. Unlike an amendment, an
// alliance admin's role alone does not do: the admin (with finance) records
// the settlement, and the parties' executives approve the money. Changes
// made without an account (the command line, the demo) sign for the party
// they name.
func (tx *Tx) mayApproveSettlement(ctx context.Context, actor accord.Actor, allianceID, partyID string) (bool, error) {
	var n int
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM parties WHERE id = ? AND alliance_id = ?", partyID, allianceID).Scan(&n); err != nil || n == 0 {
		return false, err
	}
	if actor.UserID == "" {
		return true, nil
	}
	var roles string
	err := tx.queryRow(ctx, "SELECT roles FROM memberships WHERE alliance_id = ? AND user_id = ? AND party_id = ? AND active = ?",
		allianceID, actor.UserID, partyID, true).Scan(&roles)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	rs, err := accord.ParseRoles(roles)
	return err == nil && rs.Has(accord.RoleExecutive), err
}

// SignSettlement records partyID's sign-off of a draft settlement, audited.
// The last party's sign-off makes the settlement final. A provisional
// settlement is an estimate and is never signed off; a party signs once.
func (db *DB) SignSettlement(ctx context.Context, actor accord.Actor, contractID, id, partyID string) (accord.Settlement, error) {
	var st accord.Settlement
	err := db.update(ctx, func(tx *Tx) error {
		var allianceID string
		if err := tx.queryRow(ctx, "SELECT alliance_id FROM contracts WHERE id = ?", contractID).Scan(&allianceID); err != nil {
			return notFound(err, "contract")
		}
		var err error
		if st, err = tx.settlement(ctx, contractID, id); err != nil {
			return err
		}
		if err := st.SignOffRefusal(partyID); err != nil {
			return err
		}
		ok, err := tx.mayApproveSettlement(ctx, actor, allianceID, partyID)
		if err != nil {
			return err
		}
		if !ok {
			return accord.Errorf(accord.EFORBIDDEN, "Only an executive of a party may sign a settlement off, for their own party")
		}
		if err := tx.signSettlement(ctx, actor, allianceID, &st, partyID); err != nil {
			return err
		}
		st, err = tx.settlement(ctx, contractID, id)
		return err
	})
	return st, err
}

// signSettlement inserts the sign-off and, when no party is left, makes
// the settlement final.
func (tx *Tx) signSettlement(ctx context.Context, actor accord.Actor, allianceID string, st *accord.Settlement, partyID string) error {
	_, err := tx.exec(ctx, "INSERT INTO settlement_signoffs (settlement_id, party_id, user_id, user_name, signed_at) VALUES (?, ?, ?, ?, ?)",
		st.ID, partyID, nullStr(actor.UserID), actor.Name, ts(tx.now))
	if err != nil {
		if accord.ErrorCode(translate(tx.dialect, err)) == accord.ECONFLICT {
			return accord.Errorf(accord.ECONFLICT, "Your party has already signed this settlement off")
		}
		return err
	}
	period := day(st.PeriodStart) + " – " + day(st.PeriodEnd)
	if err := tx.audit(ctx, actor, change{allianceID: allianceID, action: "sign", entity: "settlement", entityID: st.ID,
		after: map[string]any{"party_id": partyID, "period": period}}); err != nil {
		return err
	}
	var missing int
	err = tx.queryRow(ctx, `SELECT COUNT(*) FROM parties p WHERE p.alliance_id = ? AND NOT EXISTS
		(SELECT 1 FROM settlement_signoffs s WHERE s.settlement_id = ? AND s.party_id = p.id)`, allianceID, st.ID).Scan(&missing)
	if err != nil || missing > 0 {
		return err
	}
	if _, err := tx.exec(ctx, "INSERT INTO settlement_finals (settlement_id, final_at) VALUES (?, ?)", st.ID, ts(tx.now)); err != nil {
		return err
	}
	return tx.audit(ctx, actor, change{allianceID: allianceID, action: "finalise", entity: "settlement", entityID: st.ID,
		after: map[string]any{"period": period, "status": accord.SettlementFinal, "net_settlement": st.Result.NetSettlement}})
}

// SettlementsAwaitingSignOff lists the alliance's draft settlements (not
// provisional) that the user's party has not signed off, when the user is
// an active executive of a party and so may sign them; the oldest period
// first. Anyone else has none awaiting them.
func (db *DB) SettlementsAwaitingSignOff(ctx context.Context, allianceID, userID string) ([]accord.Settlement, error) {
	out := []accord.Settlement{}
	err := db.view(ctx, func(tx *Tx) error {
		var partyID sql.NullString
		err := tx.queryRow(ctx, "SELECT party_id FROM memberships WHERE alliance_id = ? AND user_id = ? AND active = ?", allianceID, userID, true).Scan(&partyID)
		if errors.Is(err, sql.ErrNoRows) || err == nil && !partyID.Valid {
			return nil
		}
		if err != nil {
			return err
		}
		ok, err := tx.mayApproveSettlement(ctx, accord.Actor{UserID: userID}, allianceID, partyID.String)
		if err != nil || !ok {
			return err
		}
		sts, err := tx.settlements(ctx, `c.alliance_id = ? AND s.provisional = ? AND f.final_at IS NULL AND NOT EXISTS
			(SELECT 1 FROM settlement_signoffs so WHERE so.settlement_id = s.id AND so.party_id = ?) ORDER BY s.period_start, s.created_at`,
			allianceID, false, partyID.String)
		if err == nil {
			out = append(out, sts...)
		}
		return err
	})
	return out, err
}
