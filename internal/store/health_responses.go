package store

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/google/uuid"

	"github.com/accord-alliance/accord/internal/accord"
)

// healthRespondent is who the audit trail names for an answer to a
// survey round: nobody in particular, through no particular door.
var healthRespondent = accord.Actor{Name: "anonymous respondent", Via: "system"}

var errAnsweredTwice = accord.Errorf(accord.ECONFLICT, "you have already answered this round; each person answers a round once")

// healthSystem is the actor of the survey's own bookkeeping (reminders).
var healthSystem = accord.SystemActor("health")

// SubmitHealthResponse records a member's answer to an open round, in one
// transaction: the member in health_respondents (refused if already
// there: one answer per person) and, apart, the answers with the member's
// party and role under a random id, with no person and no time. The audit
// entry says that the round received an answer, dated to the day, and
// names no one.
func (db *DB) SubmitHealthResponse(ctx context.Context, allianceID, membershipID string, s accord.HealthSubmission) error {
	s.Answers, s.Comments = maps.Clone(s.Answers), maps.Clone(s.Comments)
	return db.update(ctx, func(tx *Tx) error {
		r, err := tx.round(ctx, allianceID, s.RoundID)
		if err != nil {
			return err
		}
		if r.Status != accord.RoundOpen || r.ClosesOn.Before(accord.Day(tx.now)) {
			return accord.Errorf(accord.ECONFLICT, "this survey round is not open for answers")
		}
		m, err := scanMember(tx.queryRow(ctx, memberSelect+" WHERE m.alliance_id = ? AND m.id = ?", allianceID, membershipID))
		if err != nil {
			return notFound(err, "member")
		}
		if !m.Active {
			return accord.Errorf(accord.EFORBIDDEN, "only active members of the alliance answer its surveys")
		}
		in, err := tx.instrument(ctx, allianceID, r.InstrumentID)
		if err != nil {
			return err
		}
		if err := s.Validate(in); err != nil {
			return err
		}
		if answered, err := tx.hasResponded(ctx, r.ID, m.ID); err != nil || answered {
			if err == nil {
				err = errAnsweredTwice
			}
			return err
		}
		if _, err := tx.exec(ctx, "INSERT INTO health_respondents (round_id, membership_id) VALUES (?, ?)", r.ID, m.ID); err != nil {
			// Another answer by the member, sent at the same time, got there first.
			if err := translate(tx.dialect, err); accord.ErrorCode(err) == accord.ECONFLICT {
				return errAnsweredTwice
			}
			return err
		}
		resp := accord.HealthResponse{ID: uuid.NewString(), PartyID: m.PartyID, Role: accord.HealthRole(m.Roles), Answers: s.Answers, Comments: s.Comments}
		if err := tx.insertResponses(ctx, r.ID, []accord.HealthResponse{resp}); err != nil {
			return err
		}
		tx.now = accord.Day(tx.now)
		return tx.audit(ctx, healthRespondent, change{allianceID: allianceID, action: "respond", entity: "health_round", entityID: r.ID})
	})
}

// insertResponses writes responses of a round as they are.
func (tx *Tx) insertResponses(ctx context.Context, roundID string, rs []accord.HealthResponse) error {
	b := tx.newBatchInsert("INSERT INTO health_responses (round_id, id, party_id, role, answers, comments) VALUES ", "(?1, ?, ?, ?, ?, ?)", 32, roundID)
	defer b.close()
	for _, r := range rs {
		answers, err := json.Marshal(r.Answers)
		if err != nil {
			return fmt.Errorf("encode answers: %w", err)
		}
		var comments any
		if len(r.Comments) > 0 {
			c, err := json.Marshal(r.Comments)
			if err != nil {
				return fmt.Errorf("encode comments: %w", err)
			}
			comments = string(c)
		}
		if err := b.add(ctx, r.ID, r.PartyID, string(r.Role), string(answers), comments); err != nil {
			return err
		}
	}
	return b.flush(ctx)
}

// HasResponded reports whether the member has answered the round.
func (db *DB) HasResponded(ctx context.Context, allianceID, roundID, membershipID string) (bool, error) {
	var ok bool
	err := db.view(ctx, func(tx *Tx) error {
		if _, err := tx.round(ctx, allianceID, roundID); err != nil {
			return err
		}
		var err error
		ok, err = tx.hasResponded(ctx, roundID, membershipID)
		return err
	})
	return ok, err
}

func (tx *Tx) hasResponded(ctx context.Context, roundID, membershipID string) (bool, error) {
	var n int
	err := tx.queryRow(ctx, "SELECT COUNT(*) FROM health_respondents WHERE round_id = ? AND membership_id = ?", roundID, membershipID).Scan(&n)
	return n > 0, err
}

// HealthNonRespondents lists the alliance's active members who have not
// answered the round, by name, for reminders.
func (db *DB) HealthNonRespondents(ctx context.Context, allianceID, roundID string) ([]accord.Membership, error) {
	var out []accord.Membership
	err := db.view(ctx, func(tx *Tx) error {
		if _, err := tx.round(ctx, allianceID, roundID); err != nil {
			return err
		}
		var err error
		out, err = queryAll(ctx, tx, scanMember, memberSelect+` WHERE m.alliance_id = ? AND m.active = ?
			AND NOT EXISTS (SELECT 1 FROM health_respondents h WHERE h.round_id = ? AND h.membership_id = m.id) ORDER BY u.name, m.id`,
			allianceID, true, roundID)
		return err
	})
	return out, err
}

// HealthResponses returns the answers to a closed round, in the order of
// their random ids. An open round's answers are not read: results that
// change as each person answers would tell what that person answered.
func (db *DB) HealthResponses(ctx context.Context, allianceID, roundID string) ([]accord.HealthResponse, error) {
	var out []accord.HealthResponse
	err := db.view(ctx, func(tx *Tx) error {
		r, err := tx.round(ctx, allianceID, roundID)
		if err != nil {
			return err
		}
		if r.Status != accord.RoundClosed {
			return accord.Errorf(accord.ECONFLICT, "a round's answers are read once it has closed")
		}
		out, err = tx.responses(ctx, roundID)
		return err
	})
	return out, err
}

func (tx *Tx) responses(ctx context.Context, roundID string) ([]accord.HealthResponse, error) {
	return queryAll(ctx, tx, scanResponse, "SELECT id, party_id, role, answers, COALESCE(comments, '') FROM health_responses WHERE round_id = ? ORDER BY id", roundID)
}

func scanResponse(s scanner) (accord.HealthResponse, error) {
	var r accord.HealthResponse
	var answers, comments string
	if err := s.Scan(&r.ID, &r.PartyID, &r.Role, &answers, &comments); err != nil {
		return r, err
	}
	if err := json.Unmarshal([]byte(answers), &r.Answers); err != nil {
		return r, fmt.Errorf("response %s: answers: %w", r.ID, err)
	}
	if comments != "" {
		if err := json.Unmarshal([]byte(comments), &r.Comments); err != nil {
			return r, fmt.Errorf("response %s: comments: %w", r.ID, err)
		}
	}
	return r, nil
}

// HealthCounts counts who could answer the round and the answers, in all
// and per party: as counted at closing for a closed round, and from the
// active members now for another.
func (db *DB) HealthCounts(ctx context.Context, allianceID, roundID string) (accord.HealthCounts, error) {
	var c accord.HealthCounts
	err := db.view(ctx, func(tx *Tx) error {
		r, err := tx.round(ctx, allianceID, roundID)
		if err != nil {
			return err
		}
		if r.Status != accord.RoundClosed {
			c, err = tx.liveCounts(ctx, r)
			return err
		}
		c = accord.HealthCounts{RoundID: r.ID, Eligible: r.Eligible, Responses: r.Responses}
		c.Parties, err = queryAll(ctx, tx, scanPartyCount, "SELECT party_id, eligible, responses FROM health_round_parties WHERE round_id = ? ORDER BY party_id", r.ID)
		return err
	})
	return c, err
}

func scanPartyCount(s scanner) (accord.HealthPartyCount, error) {
	var p accord.HealthPartyCount
	err := s.Scan(&p.PartyID, &p.Eligible, &p.Responses)
	return p, err
}

// liveCounts counts a round not yet closed. Those who could answer are the
// active members who have not answered, and everyone who has (a member
// who answered and then left still counts); each answer counts for the
// party it was given under, each member who has not answered for their
// party now.
func (tx *Tx) liveCounts(ctx context.Context, r accord.HealthRound) (accord.HealthCounts, error) {
	c := accord.HealthCounts{RoundID: r.ID}
	pending, err := queryAll(ctx, tx, scanPartyCount, `SELECT m.party_id, COUNT(*), 0 FROM memberships m
		WHERE m.alliance_id = ? AND m.active = ? AND NOT EXISTS (SELECT 1 FROM health_respondents h WHERE h.round_id = ? AND h.membership_id = m.id)
		GROUP BY m.party_id`, r.AllianceID, true, r.ID)
	if err != nil {
		return c, err
	}
	answered, err := queryAll(ctx, tx, scanPartyCount, "SELECT party_id, COUNT(*), COUNT(*) FROM health_responses WHERE round_id = ? GROUP BY party_id", r.ID)
	if err != nil {
		return c, err
	}
	byParty := map[string]*accord.HealthPartyCount{}
	for _, p := range append(pending, answered...) {
		q := byParty[p.PartyID]
		if q == nil {
			q = &accord.HealthPartyCount{PartyID: p.PartyID}
			byParty[p.PartyID] = q
		}
		q.Eligible += p.Eligible
		q.Responses += p.Responses
		c.Eligible += p.Eligible
		c.Responses += p.Responses
	}
	for _, id := range slices.Sorted(maps.Keys(byParty)) {
		c.Parties = append(c.Parties, *byParty[id])
	}
	return c, nil
}
