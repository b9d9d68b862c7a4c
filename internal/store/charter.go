package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/watch"
)

// foundingCharter is who made an alliance's first charter version: its
// founding text, kept as version 1 when it first changes.
const foundingCharter = "the founding charter"

// addCharterVersion records the charter's text after a change as its next
// version; the text before is version 1 if none is kept yet (the founding
// charter, unchanged since the alliance was created).
func (tx *Tx) addCharterVersion(ctx context.Context, before, after accord.Alliance, madeBy, motionID string) error {
	var n int
	if err := tx.queryRow(ctx, "SELECT COALESCE(MAX(number), 0) + 1 FROM charter_versions WHERE alliance_id = ?", after.ID).Scan(&n); err != nil {
		return err
	}
	if n == 1 {
		if _, err := tx.exec(ctx, `INSERT INTO charter_versions (id, alliance_id, number, name, vision, values_text, made_by, created_at)
			VALUES (?, ?, 1, ?, ?, ?, ?, ?)`, newID(), before.ID, before.Name, before.Vision, before.Values, foundingCharter, ts(before.CreatedAt)); err != nil {
			return err
		}
		n = 2
	}
	_, err := tx.exec(ctx, `INSERT INTO charter_versions (id, alliance_id, number, name, vision, values_text, made_by, motion_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, newID(), after.ID, n, after.Name, after.Vision, after.Values, madeBy, nullStr(motionID), ts(tx.now))
	return err
}

// charterReviewAnchor is the alliance's review date and creation time.
func (tx *Tx) charterReviewAnchor(ctx context.Context, allianceID string) (anchor, created time.Time, err error) {
	var on *time.Time
	err = tx.queryRow(ctx, "SELECT charter_review_on, created_at FROM alliances WHERE id = ?", allianceID).Scan(nullTimeCol{&on}, timeCol{&created})
	if err != nil {
		return anchor, created, notFound(err, "alliance")
	}
	if on == nil {
		return accord.Day(created), created, nil
	}
	return *on, created, nil
}

func scanCharterResponse(s scanner) (accord.CharterResponse, error) {
	var c accord.CharterResponse
	var number sql.NullInt64
	err := s.Scan(&c.ID, &c.Year, &c.PartyID, &c.Party, &c.Kind, &c.Name, &c.Vision, &c.Values, &c.MotionID, &number, &c.MotionStatus,
		&c.RespondedBy, timeCol{&c.RespondedAt})
	c.MotionNumber = int(number.Int64)
	return c, err
}

// charterReview builds the year's review from its responses.
func (tx *Tx) charterReview(ctx context.Context, allianceID string, anchor time.Time, year int) (accord.CharterReview, error) {
	r := accord.CharterReview{Year: year, On: accord.CharterReviewOn(anchor, year)}
	r.OpensOn = r.On.Add(-accord.CharterReviewWindow)
	var err error
	r.Responses, err = queryAll(ctx, tx, scanCharterResponse, `SELECT r.id, r.review_year, r.party_id, o.name, r.kind, r.name, r.vision, r.values_text,
		COALESCE(r.motion_id, ''), n.number, COALESCE(n.status, ''), r.responded_by, r.responded_at
		FROM charter_responses r JOIN parties p ON p.id = r.party_id JOIN organizations o ON o.id = p.org_id
		LEFT JOIN motions n ON n.id = r.motion_id WHERE r.alliance_id = ? AND r.review_year = ? ORDER BY o.name`, allianceID, year)
	if err != nil {
		return r, err
	}
	if r.Waiting, err = tx.strings(ctx, `SELECT o.name FROM parties p JOIN organizations o ON o.id = p.org_id WHERE p.alliance_id = ?
		AND NOT EXISTS (SELECT 1 FROM charter_responses r WHERE r.party_id = p.id AND r.review_year = ?) ORDER BY o.name`, allianceID, year); err != nil {
		return r, err
	}
	r.Open = !r.OpensOn.After(tx.now)
	r.Complete = len(r.Waiting) == 0
	r.Due = r.Open && !r.Complete
	return r, nil
}

// currentCharterReview is the review that now stands.
func (tx *Tx) currentCharterReview(ctx context.Context, allianceID string) (accord.CharterReview, error) {
	anchor, created, err := tx.charterReviewAnchor(ctx, allianceID)
	if err != nil {
		return accord.CharterReview{}, err
	}
	return tx.charterReview(ctx, allianceID, anchor, accord.CurrentCharterReview(anchor, created, tx.now))
}

// Charter returns the charter's review date, its current and past reviews
// and its versions, newest first.
func (db *DB) Charter(ctx context.Context, allianceID string) (accord.Charter, error) {
	var c accord.Charter
	err := db.view(ctx, func(tx *Tx) error {
		anchor, created, err := tx.charterReviewAnchor(ctx, allianceID)
		if err != nil {
			return err
		}
		c.ReviewOn = anchor
		year := accord.CurrentCharterReview(anchor, created, tx.now)
		if c.Current, err = tx.charterReview(ctx, allianceID, anchor, year); err != nil {
			return err
		}
		years, err := queryAll(ctx, tx, func(s scanner) (int, error) {
			var y int
			return y, s.Scan(&y)
		}, "SELECT DISTINCT review_year FROM charter_responses WHERE alliance_id = ? AND review_year < ? ORDER BY review_year DESC", allianceID, year)
		if err != nil {
			return err
		}
		for _, y := range years {
			r, err := tx.charterReview(ctx, allianceID, anchor, y)
			if err != nil {
				return err
			}
			c.Past = append(c.Past, r)
		}
		c.Versions, err = queryAll(ctx, tx, func(s scanner) (accord.CharterVersion, error) {
			var v accord.CharterVersion
			var number sql.NullInt64
			err := s.Scan(&v.Number, &v.Name, &v.Vision, &v.Values, &v.MadeBy, &v.MotionID, &number, timeCol{&v.CreatedAt})
			v.MotionNumber = int(number.Int64)
			return v, err
		}, `SELECT v.number, v.name, v.vision, v.values_text, v.made_by, COALESCE(v.motion_id, ''), n.number, v.created_at
			FROM charter_versions v LEFT JOIN motions n ON n.id = v.motion_id WHERE v.alliance_id = ? ORDER BY v.number DESC`, allianceID)
		if err != nil || len(c.Versions) > 0 {
			return err
		}
		// unchanged since it was created: the founding charter
		a, err := scanAlliance(tx.queryRow(ctx, "SELECT "+allianceCols+" FROM alliances WHERE id = ?", allianceID))
		c.Versions = []accord.CharterVersion{{Number: 1, Name: a.Name, Vision: a.Vision, Values: a.Values, MadeBy: foundingCharter, CreatedAt: a.CreatedAt}}
		return err
	})
	return c, err
}

// charterWindow is how long the committee has to vote on a proposed change.
const charterWindow = 14 * 24 * time.Hour

// RespondCharterReview records the actor's party's answer to the review
// that is open: a reaffirmation, or a proposed change put to the
// committee that approves the scorecard (the steering committee) as a
// motion under every party's consent, whose passing applies the text.
func (db *DB) RespondCharterReview(ctx context.Context, actor accord.Actor, allianceID string, c *accord.CharterResponse) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		r, err := tx.currentCharterReview(ctx, allianceID)
		if err != nil {
			return err
		}
		if !r.Open {
			return accord.Errorf(accord.ECONFLICT, "the charter's %d review opens on %s", r.Year, r.OpensOn.Format("2 January 2006"))
		}
		err = tx.queryRow(ctx, "SELECT party_id FROM memberships WHERE alliance_id = ? AND user_id = ? AND active = ?", allianceID, actor.UserID, true).Scan(&c.PartyID)
		if errors.Is(err, sql.ErrNoRows) {
			return accord.Errorf(accord.EFORBIDDEN, "only a member of a party answers the charter review for it")
		} else if err != nil {
			return err
		}
		if slices.ContainsFunc(r.Responses, func(x accord.CharterResponse) bool { return x.PartyID == c.PartyID }) {
			return accord.Errorf(accord.ECONFLICT, "your party has already answered the charter's %d review", r.Year)
		}
		c.ID, c.Year, c.RespondedBy, c.RespondedAt = newID(), r.Year, actor.Name, tx.now
		if _, err := tx.exec(ctx, `INSERT INTO charter_responses (id, alliance_id, review_year, party_id, kind, name, vision, values_text, responded_by, responded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, allianceID, c.Year, c.PartyID, c.Kind, c.Name, c.Vision, c.Values, c.RespondedBy, ts(tx.now)); err != nil {
			return err
		}
		if c.Kind == accord.CharterPropose {
			if err := tx.charterMotion(ctx, actor, allianceID, c); err != nil {
				return err
			}
		}
		if err := tx.audit(ctx, actor, change{allianceID: allianceID, action: c.Kind, entity: "charter_review", entityID: c.ID, after: c}); err != nil {
			return err
		}
		_, err = tx.syncCharterSignals(ctx, signalsActor, allianceID, "")
		return err
	})
}

// charterMotion puts a party's proposed charter to the committee that
// approves the scorecard: the alliance's steering committee.
func (tx *Tx) charterMotion(ctx context.Context, actor accord.Actor, allianceID string, c *accord.CharterResponse) error {
	var committee string
	err := tx.queryRow(ctx, "SELECT id FROM committees WHERE alliance_id = ? AND approves_scorecard = 1", allianceID).Scan(&committee)
	if errors.Is(err, sql.ErrNoRows) {
		return accord.FieldError("kind", "a change to the charter is voted by the steering committee (the committee that approves the scorecard), and this alliance has none yet")
	} else if err != nil {
		return err
	}
	var party string
	if err := tx.queryRow(ctx, "SELECT o.name FROM parties p JOIN organizations o ON o.id = p.org_id WHERE p.id = ?", c.PartyID).Scan(&party); err != nil {
		return err
	}
	closes := tx.now.Add(charterWindow)
	m := &accord.Motion{AllianceID: allianceID, CommitteeID: committee, Title: fmt.Sprintf("Change the charter (%s, %d review)", party, c.Year),
		Body:        fmt.Sprintf("Name: %s\n\nVision:\n%s\n\nValues:\n%s", c.Name, c.Vision, c.Values),
		SubjectKind: accord.SubjectCharter, SubjectID: c.ID, Rule: "party-consent", ClosesAt: &closes}
	if err := m.Validate(); err != nil {
		return err
	}
	if err := tx.proposeMotion(ctx, actor, m); err != nil {
		return err
	}
	c.MotionID, c.MotionNumber, c.MotionStatus = m.ID, m.Number, m.Status
	_, err = tx.exec(ctx, "UPDATE charter_responses SET motion_id = ? WHERE id = ?", m.ID, c.ID)
	return err
}

// applyCharterMotion applies a passed charter motion's text as the
// charter's next version.
func (tx *Tx) applyCharterMotion(ctx context.Context, by accord.Actor, m accord.Motion) error {
	var name, vision, values string
	if err := tx.queryRow(ctx, "SELECT name, vision, values_text FROM charter_responses WHERE id = ?", m.SubjectID).Scan(&name, &vision, &values); err != nil {
		return notFound(err, "charter response")
	}
	before, err := scanAlliance(tx.queryRow(ctx, "SELECT "+allianceCols+" FROM alliances WHERE id = ?", m.AllianceID))
	if err != nil {
		return notFound(err, "alliance")
	}
	after := before
	after.Name, after.Vision, after.Values, after.UpdatedAt = name, vision, values, tx.now
	if _, err := tx.exec(ctx, "UPDATE alliances SET name = ?, vision = ?, values_text = ?, updated_at = ? WHERE id = ?",
		after.Name, after.Vision, after.Values, ts(tx.now), after.ID); err != nil {
		return err
	}
	if err := tx.addCharterVersion(ctx, before, after, by.Name, m.ID); err != nil {
		return err
	}
	return tx.audit(ctx, by, change{allianceID: after.ID, action: "update", entity: "charter", entityID: after.ID, before: before, after: after})
}

// SetCharterReviewDate sets the day of the year the charter is reviewed.
func (db *DB) SetCharterReviewDate(ctx context.Context, actor accord.Actor, allianceID string, on time.Time) error {
	on = accord.Day(on)
	return db.update(ctx, func(tx *Tx) error {
		before, _, err := tx.charterReviewAnchor(ctx, allianceID)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "UPDATE alliances SET charter_review_on = ? WHERE id = ?", day(on), allianceID); err != nil {
			return err
		}
		if err := tx.audit(ctx, actor, change{allianceID: allianceID, action: "update", entity: "charter_review_date", entityID: allianceID,
			before: day(before), after: day(on)}); err != nil {
			return err
		}
		_, err = tx.syncCharterSignals(ctx, signalsActor, allianceID, "")
		return err
	})
}

// syncCharterSignals raises the signal of a due charter review, or
// resolves it once every party has responded.
func (tx *Tx) syncCharterSignals(ctx context.Context, actor accord.Actor, allianceID, _ string) (accord.SignalSync, error) {
	r, err := tx.currentCharterReview(ctx, allianceID)
	if err != nil {
		return accord.SignalSync{}, err
	}
	sc := signalScope{allianceID: allianceID, subjectType: accord.SubjectOfCharter}
	return tx.syncScope(ctx, actor, sc, watch.CharterReviewConditions(allianceID, r, tx.now))
}
