package store

import (
	"context"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/secret"
)

// intakePrefix marks intake-link tokens, so that a leaked one is
// recognisable.
const intakePrefix = "in_"

// ConcernIntake returns the alliance's intake link in use: when and by
// whom it was made, never the link.
func (db *DB) ConcernIntake(ctx context.Context, allianceID string) (accord.ConcernIntake, error) {
	var in accord.ConcernIntake
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		in, err = tx.concernIntake(ctx, allianceID)
		return err
	})
	return in, err
}

func (tx *Tx) concernIntake(ctx context.Context, allianceID string) (accord.ConcernIntake, error) {
	in := accord.ConcernIntake{AllianceID: allianceID}
	err := tx.queryRow(ctx, "SELECT created_at, COALESCE(created_by, ''), created_by_name FROM concern_intake_links WHERE alliance_id = ?",
		allianceID).Scan(timeCol{&in.CreatedAt}, &in.CreatedByID, &in.CreatedByName)
	if err != nil {
		return accord.ConcernIntake{}, notFoundMsg(err, "this alliance has no intake link in use")
	}
	return in, nil
}

// EnableConcernIntake makes a new intake link for the alliance and
// returns its token, replacing the link in use (which stops working at
// once). Only the token's hash is stored. The audit entry says who turned
// the link on or replaced it, and holds nothing of the link.
func (db *DB) EnableConcernIntake(ctx context.Context, actor accord.Actor, allianceID string) (string, accord.ConcernIntake, error) {
	token := secret.New(intakePrefix)
	var in accord.ConcernIntake
	err := db.update(ctx, func(tx *Tx) error {
		action := "enable"
		old, err := tx.concernIntake(ctx, allianceID)
		switch {
		case err == nil:
			action = "rotate"
		case accord.ErrorCode(err) != accord.ENOTFOUND:
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM concern_intake_links WHERE alliance_id = ?", allianceID); err != nil {
			return err
		}
		in = accord.ConcernIntake{AllianceID: allianceID, CreatedAt: tx.now, CreatedByID: actor.UserID, CreatedByName: actorName(actor)}
		if _, err := tx.exec(ctx, `INSERT INTO concern_intake_links (alliance_id, token_hash, created_at, created_by, created_by_name)
			VALUES (?, ?, ?, ?, ?)`, allianceID, secret.Hash(token), ts(in.CreatedAt), nullStr(in.CreatedByID), in.CreatedByName); err != nil {
			return err
		}
		var before any
		if action == "rotate" {
			before = map[string]any{"created_at": ts(old.CreatedAt), "created_by": old.CreatedByName}
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: action, entity: "concern_intake", entityID: allianceID,
			before: before, after: map[string]any{"created_at": ts(in.CreatedAt), "created_by": in.CreatedByName}})
	})
	if err != nil {
		return "", accord.ConcernIntake{}, err
	}
	return token, in, nil
}

// DisableConcernIntake turns the alliance's intake link off.
func (db *DB) DisableConcernIntake(ctx context.Context, actor accord.Actor, allianceID string) error {
	return db.update(ctx, func(tx *Tx) error {
		old, err := tx.concernIntake(ctx, allianceID)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM concern_intake_links WHERE alliance_id = ?", allianceID); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: "disable", entity: "concern_intake", entityID: allianceID,
			before: map[string]any{"created_at": ts(old.CreatedAt), "created_by": old.CreatedByName}})
	})
}

// AllianceByIntake returns the alliance whose intake link in use has the
// token.
func (db *DB) AllianceByIntake(ctx context.Context, token string) (accord.Alliance, error) {
	var a accord.Alliance
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		a, err = scanAlliance(tx.queryRow(ctx, "SELECT "+allianceCols+" FROM alliances WHERE id = (SELECT alliance_id FROM concern_intake_links WHERE token_hash = ?)",
			secret.Hash(token)))
		return notFoundMsg(err, "this link is no longer in use")
	})
	return a, err
}

// actorName is how a link's maker is named: the person, or the system
// actor (the command line).
func actorName(a accord.Actor) string {
	if a.Name != "" {
		return a.Name
	}
	return "accord"
}
