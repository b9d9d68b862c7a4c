package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// CreateContract records a contract and proposes its original agreement
// (amendment 1, against no version), signed off at once for the proposer's
// party when the proposer may sign. Version 1 exists only when every party
// has signed.
func (db *DB) CreateContract(ctx context.Context, actor accord.Actor, partyID string, c *accord.Contract, original *accord.Amendment) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if err := original.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		c.ID, c.CreatedAt = newID(), tx.now
		_, err := tx.exec(ctx, "INSERT INTO contracts (id, alliance_id, key, title, review_on, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			c.ID, c.AllianceID, c.Key, c.Title, dayPtr(c.ReviewOn), nullStr(actor.UserID), ts(tx.now))
		if err != nil {
			if accord.ErrorCode(translate(tx.dialect, err)) == accord.ECONFLICT {
				return accord.FieldError("key", "%q is already the key of a contract in this alliance", c.Key)
			}
			return err
		}
		if err := tx.audit(ctx, actor, change{allianceID: c.AllianceID, action: "create", entity: "contract", entityID: c.ID, after: c}); err != nil {
			return err
		}
		original.ContractID, original.BaseVersion = c.ID, 0
		return tx.propose(ctx, actor, c.AllianceID, partyID, original)
	})
}

// ProposeAmendment proposes the next version of a contract against its
// latest version, and signs it off for the proposer's party when the
// proposer may sign.
func (db *DB) ProposeAmendment(ctx context.Context, actor accord.Actor, partyID string, a *accord.Amendment) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		var allianceID string
		if err := tx.queryRow(ctx, "SELECT alliance_id FROM contracts WHERE id = ?", a.ContractID).Scan(&allianceID); err != nil {
			return notFound(err, "contract")
		}
		latest, err := tx.latestVersion(ctx, a.ContractID)
		if err != nil {
			return err
		}
		if latest.Number == 0 {
			var open int
			if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM contract_amendments WHERE contract_id = ? AND status = ?", a.ContractID, accord.AmendmentProposed).Scan(&open); err != nil {
				return err
			}
			if open > 0 {
				return accord.Errorf(accord.ECONFLICT, "the original agreement is still waiting for sign-off; amend it once it is agreed")
			}
		}
		if latest.Number > 0 && !a.EffectiveFrom.After(latest.EffectiveFrom) {
			return accord.FieldError("effective_from", "must be after %s, when version %d took effect", day(latest.EffectiveFrom), latest.Number)
		}
		a.BaseVersion = latest.Number
		return tx.propose(ctx, actor, allianceID, partyID, a)
	})
}

// propose inserts the amendment with the next number and the proposer's
// sign-off when they hold a signing role for partyID.
func (tx *Tx) propose(ctx context.Context, actor accord.Actor, allianceID, partyID string, a *accord.Amendment) error {
	if err := tx.queryRow(ctx, "SELECT COALESCE(MAX(number), 0) + 1 FROM contract_amendments WHERE contract_id = ?", a.ContractID).Scan(&a.Number); err != nil {
		return err
	}
	a.ID, a.Status, a.CreatedAt, a.ProposedBy, a.ProposedParty, a.SignOffs = newID(), accord.AmendmentProposed, tx.now, actor.Name, partyID, nil
	_, err := tx.exec(ctx, `INSERT INTO contract_amendments (id, contract_id, number, base_version, summary, body, terms, terms_source, effective_from, status, proposed_by, proposed_name, proposed_party_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.ContractID, a.Number, a.BaseVersion, a.Summary, a.Text, a.Terms, a.TermsSource, day(a.EffectiveFrom), a.Status, nullStr(actor.UserID), actor.Name, nullStr(partyID), ts(tx.now))
	if err != nil {
		return err
	}
	if err := tx.audit(ctx, actor, change{allianceID: allianceID, action: "propose", entity: "amendment", entityID: a.ID, after: a}); err != nil {
		return err
	}
	if ok, err := tx.maySign(ctx, actor, allianceID, partyID); err != nil {
		return err
	} else if ok {
		if err := tx.signOff(ctx, actor, allianceID, a, partyID); err != nil {
			return err
		}
	}
	return tx.notifyAmendment(ctx, actor, allianceID, a) // the parties left to sign
}

// maySign reports whether the actor signs for partyID: an active executive
// or alliance admin of that party. Changes made without an account (the
// command line, the demo) sign for the party they name.
func (tx *Tx) maySign(ctx context.Context, actor accord.Actor, allianceID, partyID string) (bool, error) {
	if partyID == "" {
		return false, nil
	}
	var n int
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM parties WHERE id = ? AND alliance_id = ?", partyID, allianceID).Scan(&n); err != nil || n == 0 {
		return false, err
	}
	if actor.UserID == "" {
		return true, nil
	}
	var member string
	err := tx.queryRow(ctx, "SELECT roles FROM memberships WHERE alliance_id = ? AND user_id = ? AND party_id = ? AND active = ?",
		allianceID, actor.UserID, partyID, true).Scan(&member)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	roles, err := accord.ParseRoles(member)
	if err != nil {
		return false, err
	}
	return roles.Has(accord.RoleExecutive) || roles.Has(accord.RoleAdmin), nil
}

// SignAmendment records partyID's sign-off. The last party's sign-off
// adopts the amendment: it becomes the next version, in force from the
// amendment's date, and the previous version's period ends the day before.
func (db *DB) SignAmendment(ctx context.Context, actor accord.Actor, contractID string, number int, partyID string) (accord.Amendment, error) {
	var a accord.Amendment
	err := db.update(ctx, func(tx *Tx) error {
		var allianceID string
		if err := tx.queryRow(ctx, "SELECT alliance_id FROM contracts WHERE id = ?", contractID).Scan(&allianceID); err != nil {
			return notFound(err, "contract")
		}
		var err error
		if a, err = tx.amendment(ctx, contractID, number); err != nil {
			return err
		}
		if a.Status != accord.AmendmentProposed {
			return accord.Errorf(accord.ECONFLICT, "amendment %d is already %s", number, a.Status)
		}
		if a.Signed(partyID) {
			return accord.Errorf(accord.ECONFLICT, "your party has already signed amendment %d off", number)
		}
		ok, err := tx.maySign(ctx, actor, allianceID, partyID)
		if err != nil {
			return err
		}
		if !ok {
			return accord.Errorf(accord.EFORBIDDEN, "only an executive or alliance admin may sign off for their party")
		}
		if err := tx.signOff(ctx, actor, allianceID, &a, partyID); err != nil {
			return err
		}
		a, err = tx.amendment(ctx, contractID, number)
		return err
	})
	return a, err
}

// signOff inserts the sign-off and adopts the amendment when no party is
// left to sign. Only a proposed amendment can be signed: not one adopted or
// withdrawn, whichever way the sign-off comes (a person, or a motion).
func (tx *Tx) signOff(ctx context.Context, actor accord.Actor, allianceID string, a *accord.Amendment, partyID string) error {
	if a.Status != accord.AmendmentProposed {
		return accord.Errorf(accord.ECONFLICT, "amendment %d is %s and can no longer be signed", a.Number, a.Status)
	}
	_, err := tx.exec(ctx, "INSERT INTO contract_signoffs (amendment_id, party_id, user_id, user_name, signed_at) VALUES (?, ?, ?, ?, ?)",
		a.ID, partyID, nullStr(actor.UserID), actor.Name, ts(tx.now))
	if err != nil {
		if accord.ErrorCode(translate(tx.dialect, err)) == accord.ECONFLICT {
			return accord.Errorf(accord.ECONFLICT, "your party has already signed amendment %d off", a.Number)
		}
		return err
	}
	if err := tx.audit(ctx, actor, change{allianceID: allianceID, action: "sign", entity: "amendment", entityID: a.ID,
		after: map[string]any{"party_id": partyID, "number": a.Number}}); err != nil {
		return err
	}
	var missing int
	err = tx.queryRow(ctx, `SELECT COUNT(*) FROM parties p WHERE p.alliance_id = ? AND NOT EXISTS
		(SELECT 1 FROM contract_signoffs s WHERE s.amendment_id = ? AND s.party_id = p.id)`, allianceID, a.ID).Scan(&missing)
	if err != nil || missing > 0 {
		return err
	}
	return tx.adopt(ctx, actor, allianceID, a)
}

// adopt turns a fully signed amendment into the contract's next version.
func (tx *Tx) adopt(ctx context.Context, actor accord.Actor, allianceID string, a *accord.Amendment) error {
	latest, err := tx.latestVersion(ctx, a.ContractID)
	if err != nil {
		return err
	}
	if latest.Number != a.BaseVersion {
		return accord.Errorf(accord.ECONFLICT, "version %d took effect after amendment %d was proposed against version %d; propose it again", latest.Number, a.Number, a.BaseVersion)
	}
	if latest.Number > 0 && !a.EffectiveFrom.After(latest.EffectiveFrom) {
		return accord.Errorf(accord.ECONFLICT, "amendment %d would take effect before version %d", a.Number, latest.Number)
	}
	v := accord.ContractVersion{ID: newID(), ContractID: a.ContractID, Number: latest.Number + 1, Text: a.Text, Terms: a.Terms,
		TermsSource: a.TermsSource, EffectiveFrom: a.EffectiveFrom, AmendmentID: a.ID, CreatedAt: tx.now}
	_, err = tx.exec(ctx, "INSERT INTO contract_versions (id, contract_id, number, body, terms, terms_source, effective_from, amendment_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		v.ID, v.ContractID, v.Number, v.Text, v.Terms, v.TermsSource, day(v.EffectiveFrom), v.AmendmentID, ts(tx.now))
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, "UPDATE contract_amendments SET status = ?, version = ?, adopted_at = ? WHERE id = ?", accord.AmendmentAdopted, v.Number, ts(tx.now), a.ID); err != nil {
		return err
	}
	a.Status, a.Version = accord.AmendmentAdopted, v.Number
	if err := tx.audit(ctx, actor, change{allianceID: allianceID, action: "adopt", entity: "contract_version", entityID: v.ID, after: v}); err != nil {
		return err
	}
	// The new version answers the renegotiation requests and may change the
	// KPIs the terms name.
	_, err = tx.syncContractSignals(ctx, signalsActor, allianceID, a.ContractID)
	return err
}

// SetContractReview sets (or clears, with nil) the contract's scheduled
// review date.
func (db *DB) SetContractReview(ctx context.Context, actor accord.Actor, contractID string, on *time.Time) (accord.Contract, error) {
	var after accord.Contract
	err := db.update(ctx, func(tx *Tx) error {
		before, err := scanContract(tx.queryRow(ctx, contractSelect+" WHERE c.id = ?", contractID))
		if err != nil {
			return notFound(err, "contract")
		}
		after = before
		if on != nil {
			d := accord.Day(*on)
			on = &d
		}
		after.ReviewOn = on
		if _, err := tx.exec(ctx, "UPDATE contracts SET review_on = ? WHERE id = ?", dayPtr(on), contractID); err != nil {
			return err
		}
		if err := tx.audit(ctx, actor, change{allianceID: before.AllianceID, action: "update", entity: "contract", entityID: contractID, before: before, after: after}); err != nil {
			return err
		}
		// A review date moved on resolves the review signal; one in the past raises it.
		_, err = tx.syncContractSignals(ctx, signalsActor, before.AllianceID, contractID)
		return err
	})
	return after, err
}

func dayPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return day(*t)
}

const contractSelect = `SELECT c.id, c.alliance_id, c.key, c.title, c.review_on, c.created_at,
	(SELECT COUNT(*) FROM contract_versions v WHERE v.contract_id = c.id),
	(SELECT COUNT(*) FROM contract_amendments a WHERE a.contract_id = c.id AND a.status = 'proposed')
	FROM contracts c`

func scanContract(s interface{ Scan(...any) error }) (accord.Contract, error) {
	var c accord.Contract
	err := s.Scan(&c.ID, &c.AllianceID, &c.Key, &c.Title, nullTimeCol{&c.ReviewOn}, timeCol{&c.CreatedAt}, &c.Versions, &c.Open)
	return c, err
}

// ListContracts lists an alliance's contracts by title.
func (db *DB) ListContracts(ctx context.Context, allianceID string) ([]accord.Contract, error) {
	var out []accord.Contract
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanContract, contractSelect+" WHERE c.alliance_id = ? ORDER BY c.title, c.key", allianceID)
		return err
	})
	return out, err
}

// ContractByKey returns one contract of an alliance.
func (db *DB) ContractByKey(ctx context.Context, allianceID, key string) (accord.Contract, error) {
	var c accord.Contract
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		c, err = scanContract(tx.queryRow(ctx, contractSelect+" WHERE c.alliance_id = ? AND c.key = ?", allianceID, key))
		return notFound(err, "contract")
	})
	return c, err
}

const versionSelect = "SELECT id, contract_id, number, body, terms, terms_source, effective_from, amendment_id, created_at FROM contract_versions"

func (tx *Tx) versions(ctx context.Context, contractID string) ([]accord.ContractVersion, error) {
	out, err := queryAll(ctx, tx, scanVersion, versionSelect+" WHERE contract_id = ? ORDER BY number", contractID)
	if err != nil {
		return nil, err
	}
	// Each version runs until the day before the next one starts.
	for i := 1; i < len(out); i++ {
		end := out[i].EffectiveFrom.AddDate(0, 0, -1)
		out[i-1].EffectiveTo = &end
	}
	return out, nil
}

func scanVersion(s scanner) (accord.ContractVersion, error) {
	var v accord.ContractVersion
	err := s.Scan(&v.ID, &v.ContractID, &v.Number, &v.Text, &v.Terms, &v.TermsSource, timeCol{&v.EffectiveFrom}, &v.AmendmentID, timeCol{&v.CreatedAt})
	return v, err
}

// latestVersion returns the contract's last version, or a zero version
// (number 0) when none has been agreed yet.
func (tx *Tx) latestVersion(ctx context.Context, contractID string) (accord.ContractVersion, error) {
	vs, err := tx.versions(ctx, contractID)
	if err != nil || len(vs) == 0 {
		return accord.ContractVersion{}, err
	}
	return vs[len(vs)-1], nil
}

// ContractVersions lists a contract's versions, oldest first, each with
// the period it governs.
func (db *DB) ContractVersions(ctx context.Context, contractID string) ([]accord.ContractVersion, error) {
	var out []accord.ContractVersion
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.versions(ctx, contractID)
		return err
	})
	return out, err
}

// VersionAt answers "which version governed this day?"; not found when the
// day is before the first version took effect.
func (db *DB) VersionAt(ctx context.Context, contractID string, d time.Time) (accord.ContractVersion, error) {
	vs, err := db.ContractVersions(ctx, contractID)
	if err != nil {
		return accord.ContractVersion{}, err
	}
	for _, v := range vs {
		if v.Governs(d) {
			return v, nil
		}
	}
	return accord.ContractVersion{}, accord.Errorf(accord.ENOTFOUND, "no version of this contract governed %s", day(d))
}

const amendmentSelect = `SELECT id, contract_id, number, base_version, summary, body, terms, terms_source, effective_from, status, COALESCE(version, 0), proposed_name,
	COALESCE(proposed_party_id, ''), created_at, adopted_at, withdrawn_at, withdrawn_name, withdraw_reason
	FROM contract_amendments`

func (tx *Tx) amendments(ctx context.Context, where string, args ...any) ([]accord.Amendment, error) {
	out, err := queryAll(ctx, tx, scanAmendment, amendmentSelect+" WHERE "+where+" ORDER BY number", args...)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].SignOffs, err = tx.signOffs(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func scanAmendment(s scanner) (accord.Amendment, error) {
	var a accord.Amendment
	err := s.Scan(&a.ID, &a.ContractID, &a.Number, &a.BaseVersion, &a.Summary, &a.Text, &a.Terms, &a.TermsSource, timeCol{&a.EffectiveFrom},
		&a.Status, &a.Version, &a.ProposedBy, &a.ProposedParty, timeCol{&a.CreatedAt}, nullTimeCol{&a.AdoptedAt},
		nullTimeCol{&a.WithdrawnAt}, &a.WithdrawnBy, &a.WithdrawReason)
	return a, err
}

// signOffs reads an amendment's sign-offs; none is an empty list, not nil.
func (tx *Tx) signOffs(ctx context.Context, amendmentID string) ([]accord.SignOff, error) {
	out, err := queryAll(ctx, tx, scanSignOff, `SELECT s.party_id, o.name, s.user_name, s.signed_at FROM contract_signoffs s
		JOIN parties p ON p.id = s.party_id JOIN organizations o ON o.id = p.org_id WHERE s.amendment_id = ? ORDER BY s.signed_at, o.name`, amendmentID)
	if out == nil && err == nil {
		out = []accord.SignOff{}
	}
	return out, err
}

func scanSignOff(s scanner) (accord.SignOff, error) {
	var so accord.SignOff
	err := s.Scan(&so.PartyID, &so.PartyName, &so.UserName, timeCol{&so.SignedAt})
	return so, err
}

func (tx *Tx) amendment(ctx context.Context, contractID string, number int) (accord.Amendment, error) {
	as, err := tx.amendments(ctx, "contract_id = ? AND number = ?", contractID, number)
	if err != nil {
		return accord.Amendment{}, err
	}
	if len(as) == 0 {
		return accord.Amendment{}, accord.Errorf(accord.ENOTFOUND, "amendment not found")
	}
	return as[0], nil
}

// ListAmendments lists a contract's amendments with their sign-offs, the
// original agreement first.
func (db *DB) ListAmendments(ctx context.Context, contractID string) ([]accord.Amendment, error) {
	var out []accord.Amendment
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.amendments(ctx, "contract_id = ?", contractID)
		return err
	})
	return out, err
}

// Amendment returns one amendment of a contract by its number.
func (db *DB) Amendment(ctx context.Context, contractID string, number int) (accord.Amendment, error) {
	var a accord.Amendment
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		a, err = tx.amendment(ctx, contractID, number)
		return err
	})
	return a, err
}
