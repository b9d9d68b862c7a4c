package store

import (
	"context"

	"github.com/accord-alliance/accord/internal/accord"
)

// RequestRenegotiation records a party's request to renegotiate a contract
// and, in the same transaction, raises its contract_renegotiation signal,
// owned by the party. Only an executive or alliance admin of the party may
// ask for it (as for a sign-off); the contract must have an agreed version,
// and a party has one outstanding request per contract at a time. The
// request is answered when the contract's next amendment is adopted.
func (db *DB) RequestRenegotiation(ctx context.Context, actor accord.Actor, contractID, partyID, reason string) (accord.Renegotiation, error) {
	var r accord.Renegotiation
	reason, err := accord.CleanRenegotiationReason(reason)
	if err != nil {
		return r, err
	}
	err = db.update(ctx, func(tx *Tx) error {
		var allianceID string
		if err := tx.queryRow(ctx, "SELECT alliance_id FROM contracts WHERE id = ?", contractID).Scan(&allianceID); err != nil {
			return notFound(err, "contract")
		}
		ok, err := tx.maySign(ctx, actor, allianceID, partyID)
		if err != nil {
			return err
		}
		if !ok {
			return accord.Errorf(accord.EFORBIDDEN, "only an executive or alliance admin may ask to renegotiate for their party")
		}
		latest, err := tx.latestVersion(ctx, contractID)
		if err != nil {
			return err
		}
		if latest.Number == 0 {
			return accord.Errorf(accord.ECONFLICT, "the contract has no agreed version to renegotiate yet")
		}
		var open int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM contract_renegotiations WHERE contract_id = ? AND party_id = ? AND base_version >= ?",
			contractID, partyID, latest.Number).Scan(&open); err != nil {
			return err
		}
		if open > 0 {
			return accord.Errorf(accord.ECONFLICT, "your party's request to renegotiate this contract is still open: the next adopted amendment answers it")
		}
		id := newID()
		if _, err := tx.exec(ctx, `INSERT INTO contract_renegotiations (id, alliance_id, contract_id, party_id, reason, requested_by, requested_name, requested_at, base_version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, allianceID, contractID, partyID, reason, nullStr(actor.UserID), actor.Name, ts(tx.now), latest.Number); err != nil {
			return err
		}
		if err := tx.audit(ctx, actor, change{allianceID: allianceID, action: "request-renegotiation", entity: "contract", entityID: contractID,
			after: map[string]any{"request_id": id, "party_id": partyID, "reason": reason, "version": latest.Number}}); err != nil {
			return err
		}
		if _, err := tx.syncContractSignals(ctx, signalsActor, allianceID, contractID); err != nil {
			return err
		}
		rs, err := tx.renegotiations(ctx, "r.id = ?", id)
		if err != nil {
			return err
		}
		r = rs[0]
		r.Open = true
		return nil
	})
	return r, err
}

// ListRenegotiations lists a contract's renegotiation requests, the latest
// first, each marked open until a later version answers it.
func (db *DB) ListRenegotiations(ctx context.Context, contractID string) ([]accord.Renegotiation, error) {
	var out []accord.Renegotiation
	err := db.view(ctx, func(tx *Tx) error {
		latest, err := tx.latestVersion(ctx, contractID)
		if err != nil {
			return err
		}
		if out, err = tx.renegotiations(ctx, "r.contract_id = ?", contractID); err != nil {
			return err
		}
		for i := range out {
			out[i].Open = out[i].BaseVersion >= latest.Number
		}
		return nil
	})
	return out, err
}

// renegotiations reads requests with their party's name, the latest first.
func (tx *Tx) renegotiations(ctx context.Context, where string, args ...any) ([]accord.Renegotiation, error) {
	return queryAll(ctx, tx, scanRenegotiation, `SELECT r.id, r.alliance_id, r.contract_id, r.party_id, o.name, r.reason, r.requested_name, r.requested_at, r.base_version
		FROM contract_renegotiations r JOIN parties p ON p.id = r.party_id JOIN organizations o ON o.id = p.org_id
		WHERE `+where+` ORDER BY r.requested_at DESC, r.id DESC`, args...)
}

func scanRenegotiation(s scanner) (accord.Renegotiation, error) {
	var r accord.Renegotiation
	err := s.Scan(&r.ID, &r.AllianceID, &r.ContractID, &r.PartyID, &r.PartyName, &r.Reason, &r.RequestedBy, timeCol{&r.RequestedAt}, &r.BaseVersion)
	return r, err
}
