package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/accord-alliance/accord/internal/accord"
)

// WithdrawAmendment takes back a proposed amendment before it is adopted:
// the proposer's party (acting through any member the route lets propose)
// or an alliance admin may. The amendment keeps its sign-offs, is marked
// withdrawn with who, when and why, and can no longer be signed; adopted
// and already withdrawn amendments are refused (409). Audited in the same
// transaction.
func (db *DB) WithdrawAmendment(ctx context.Context, actor accord.Actor, contractID string, number int, partyID, reason string) (accord.Amendment, error) {
	reason, err := accord.ValidWithdrawReason(reason)
	if err != nil {
		return accord.Amendment{}, err
	}
	var a accord.Amendment
	err = db.update(ctx, func(tx *Tx) error {
		var allianceID string
		if err := tx.queryRow(ctx, "SELECT alliance_id FROM contracts WHERE id = ?", contractID).Scan(&allianceID); err != nil {
			return notFound(err, "contract")
		}
		before, err := tx.amendment(ctx, contractID, number)
		if err != nil {
			return err
		}
		if before.Status != accord.AmendmentProposed {
			return accord.Errorf(accord.ECONFLICT, "amendment %d is %s: only a proposed amendment can be withdrawn", number, before.Status)
		}
		// A motion that passed later would sign a withdrawn amendment: the
		// committee closes its motion first.
		var motion int
		err = tx.queryRow(ctx, "SELECT COALESCE(MAX(number), 0) FROM motions WHERE alliance_id = ? AND subject_kind = ? AND subject_id = ? AND status = ?",
			allianceID, accord.SubjectAmendment, before.ID, accord.MotionOpen).Scan(&motion)
		if err != nil {
			return err
		}
		if motion > 0 {
			return accord.Errorf(accord.ECONFLICT, "motion %d, to adopt amendment %d, is open: withdraw the motion first", motion, number)
		}
		ok, err := tx.mayWithdraw(ctx, actor, allianceID, partyID, before)
		if err != nil {
			return err
		}
		if !ok {
			return accord.Errorf(accord.EFORBIDDEN, "only the party that proposed amendment %d, or an alliance admin, may withdraw it", number)
		}
		if _, err := tx.exec(ctx, `UPDATE contract_amendments SET status = ?, withdrawn_at = ?, withdrawn_by = ?, withdrawn_name = ?, withdraw_reason = ?
			WHERE id = ? AND status = ?`, accord.AmendmentWithdrawn, ts(tx.now), nullStr(actor.UserID), actor.Name, reason, before.ID, accord.AmendmentProposed); err != nil {
			return err
		}
		if a, err = tx.amendment(ctx, contractID, number); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: "withdraw", entity: "amendment", entityID: a.ID,
			before: map[string]any{"number": number, "status": before.Status},
			after:  map[string]any{"number": number, "status": a.Status, "reason": reason, "party_id": partyID}})
	})
	return a, err
}

// mayWithdraw reports whether the actor may withdraw amendment a: an
// active alliance admin, or a member of the party that proposed it.
// Changes made without an account (the command line) act for partyID.
func (tx *Tx) mayWithdraw(ctx context.Context, actor accord.Actor, allianceID, partyID string, a accord.Amendment) (bool, error) {
	if actor.UserID == "" {
		return partyID == "" || partyID == a.ProposedParty, nil
	}
	var roles, party string
	err := tx.queryRow(ctx, "SELECT roles, COALESCE(party_id, '') FROM memberships WHERE alliance_id = ? AND user_id = ? AND active = ?",
		allianceID, actor.UserID, true).Scan(&roles, &party)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	rs, err := accord.ParseRoles(roles)
	if err != nil {
		return false, err
	}
	return rs.Has(accord.RoleAdmin) || (a.ProposedParty != "" && party == a.ProposedParty), nil
}
