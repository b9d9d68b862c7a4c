package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/vote"
)

const motionSelect = `SELECT n.id, n.alliance_id, n.committee_id, c.key, c.name, COALESCE(n.meeting_id, ''), n.number, n.title, n.body,
	n.subject_kind, n.subject_id, n.rule, n.clinical_consent, n.status, n.closes_at, n.decided_at, n.rationale, COALESCE(n.tally, ''),
	n.created_by, n.created_at FROM motions n JOIN committees c ON c.id = n.committee_id`

func scanMotion(s interface{ Scan(...any) error }) (accord.Motion, error) {
	var m accord.Motion
	var tally string
	err := s.Scan(&m.ID, &m.AllianceID, &m.CommitteeID, &m.CommitteeKey, &m.CommitteeName, &m.MeetingID, &m.Number, &m.Title, &m.Body,
		&m.SubjectKind, &m.SubjectID, &m.Rule, &m.ClinicalConsent, &m.Status, nullTimeCol{&m.ClosesAt}, nullTimeCol{&m.DecidedAt},
		&m.Rationale, &tally, &m.CreatedBy, timeCol{&m.CreatedAt})
	if tally != "" {
		m.Tally = []byte(tally)
	}
	return m, err
}

// ProposeMotion puts a motion before a committee: in a meeting (MeetingID)
// or asynchronously until ClosesAt. Its number is the alliance's next.
func (db *DB) ProposeMotion(ctx context.Context, actor accord.Actor, m *accord.Motion) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error { return tx.proposeMotion(ctx, actor, m) })
}

func (tx *Tx) proposeMotion(ctx context.Context, actor accord.Actor, m *accord.Motion) error {
	c, err := tx.committee(ctx, "id = ? AND alliance_id = ?", m.CommitteeID, m.AllianceID)
	if err != nil {
		return err
	}
	switch {
	case m.MeetingID != "":
		g, err := tx.meeting(ctx, m.AllianceID, m.MeetingID)
		if err != nil {
			return err
		}
		if g.CommitteeID != c.ID || g.Status == accord.MeetingCancelled {
			return accord.FieldError("meeting", "must be a meeting of the %s that is not cancelled", c.Name)
		}
	case m.ClosesAt == nil:
		return accord.FieldError("closes_at", "an asynchronous motion needs a deadline (or put it to a meeting)")
	case !m.ClosesAt.After(tx.now):
		return accord.FieldError("closes_at", "must be in the future")
	}
	if err := tx.checkSubject(ctx, m); err != nil {
		return err
	}
	if err := tx.queryRow(ctx, "SELECT COALESCE(MAX(number), 0) + 1 FROM motions WHERE alliance_id = ?", m.AllianceID).Scan(&m.Number); err != nil {
		return err
	}
	m.ID, m.Status, m.CreatedBy, m.CreatedAt = newID(), accord.MotionOpen, actor.Name, tx.now
	m.CommitteeKey, m.CommitteeName = c.Key, c.Name
	_, err = tx.exec(ctx, `INSERT INTO motions (id, alliance_id, committee_id, meeting_id, number, title, body, subject_kind, subject_id, rule,
		clinical_consent, status, closes_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, m.AllianceID, m.CommitteeID, nullStr(m.MeetingID), m.Number, m.Title, m.Body, m.SubjectKind, m.SubjectID, m.Rule,
		bit(m.ClinicalConsent), m.Status, tsPtr(m.ClosesAt), m.CreatedBy, ts(tx.now))
	if err != nil {
		return err
	}
	if err := tx.notifyMotion(ctx, actor, m); err != nil {
		return err
	}
	return tx.audit(ctx, actor, change{allianceID: m.AllianceID, action: "propose", entity: "motion", entityID: m.ID,
		after: map[string]any{"number": m.Number, "committee": c.Key, "title": m.Title, "rule": m.Rule, "clinical_consent": m.ClinicalConsent,
			"subject": m.SubjectKind + ":" + m.SubjectID, "meeting_id": m.MeetingID, "closes_at": tsPtr(m.ClosesAt)}})
}

// checkSubject checks that a motion's subject exists in the alliance and
// is still undecided; KPI and target motions go to the committee that
// approves the scorecard.
func (tx *Tx) checkSubject(ctx context.Context, m *accord.Motion) error {
	var q string
	switch m.SubjectKind {
	case accord.SubjectText, accord.SubjectPilotGate:
		return nil
	case accord.SubjectCharter:
		// a review's proposal, put to its motion as it is recorded
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM charter_responses WHERE id = ? AND alliance_id = ? AND kind = ? AND motion_id IS NULL",
			m.SubjectID, m.AllianceID, accord.CharterPropose).Scan(&n); err != nil || n == 0 {
			return accord.FieldError("subject_id", "is not a proposed charter change awaiting its motion")
		}
		return nil
	case accord.SubjectKPI:
		q = "SELECT status FROM kpis WHERE id = ? AND alliance_id = ?"
	case accord.SubjectTarget:
		q = "SELECT t.status FROM kpi_targets t JOIN kpis k ON k.id = t.kpi_id WHERE t.id = ? AND k.alliance_id = ?"
	case accord.SubjectKPIChange:
		q = "SELECT status FROM kpi_changes WHERE id = ? AND alliance_id = ?"
	case accord.SubjectProtocol:
		q = "SELECT status FROM protocols WHERE id = ? AND alliance_id = ?"
	case accord.SubjectAmendment:
		q = "SELECT a.status FROM contract_amendments a JOIN contracts c ON c.id = a.contract_id WHERE a.id = ? AND c.alliance_id = ?"
	}
	var status string
	if err := tx.queryRow(ctx, q, m.SubjectID, m.AllianceID).Scan(&status); err != nil {
		return accord.FieldError("subject_id", "is not a %s of this alliance", strings.ReplaceAll(m.SubjectKind, "_", " "))
	}
	if status != accord.KPIProposed && status != accord.ProtocolProposed && status != accord.AmendmentProposed {
		return accord.FieldError("subject_id", "this %s is already %s", m.SubjectKind, status)
	}
	if m.SubjectKind == accord.SubjectKPI || m.SubjectKind == accord.SubjectTarget || m.SubjectKind == accord.SubjectKPIChange {
		var ok bool
		if err := tx.queryRow(ctx, "SELECT approves_scorecard FROM committees WHERE id = ?", m.CommitteeID).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return accord.FieldError("committee", "KPIs and targets are approved by the committee that approves the scorecard")
		}
	}
	return nil
}

// ListMotions returns motions, newest first: status "" for all, "decided"
// for the decision log, or one status.
func (db *DB) ListMotions(ctx context.Context, f accord.DecisionFilter, status string) ([]accord.Motion, error) {
	q, args := motionSelect+" WHERE n.alliance_id = ?", []any{f.AllianceID}
	if f.Committee != "" {
		q, args = q+" AND c.key = ?", append(args, f.Committee)
	}
	switch status {
	case "":
	case "decided":
		q, args = q+" AND n.status <> ?", append(args, accord.MotionOpen)
	default:
		q, args = q+" AND n.status = ?", append(args, status)
	}
	if kind, id, ok := strings.Cut(f.Subject, ":"); ok {
		q, args = q+" AND n.subject_kind = ? AND n.subject_id = ?", append(args, kind, id)
	}
	for _, w := range strings.Fields(strings.ToLower(f.Query)) {
		like := likeContaining(w)
		q += ` AND (LOWER(n.title) LIKE ? ESCAPE '\' OR LOWER(n.body) LIKE ? ESCAPE '\' OR LOWER(n.rationale) LIKE ? ESCAPE '\')`
		args = append(args, like, like, like)
	}
	q += " ORDER BY n.number DESC"
	if f.Limit > 0 {
		q, args = q+" LIMIT ?", append(args, f.Limit)
	}
	var out []accord.Motion
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanMotion, q, args...)
		return err
	})
	return out, err
}

// Motion returns a motion of the alliance by number, with its votes.
func (db *DB) Motion(ctx context.Context, allianceID string, number int) (accord.Motion, error) {
	var m accord.Motion
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		m, err = tx.motion(ctx, allianceID, number)
		return err
	})
	return m, err
}

func (tx *Tx) motion(ctx context.Context, allianceID string, number int) (accord.Motion, error) {
	m, err := scanMotion(tx.queryRow(ctx, motionSelect+" WHERE n.alliance_id = ? AND n.number = ?", allianceID, number))
	if err != nil {
		return m, notFound(err, "motion")
	}
	m.Votes, err = queryAll(ctx, tx, scanVote, `SELECT v.member_id, u.name, m.party_id, m.roles, v.cast_by, bu.name, v.choice, v.reason, v.cast_at, COALESCE(v.proxy_id, '')
		FROM votes v JOIN memberships m ON m.id = v.member_id JOIN users u ON u.id = m.user_id
		JOIN memberships b ON b.id = v.cast_by JOIN users bu ON bu.id = b.user_id WHERE v.motion_id = ? ORDER BY v.cast_at, u.name`, m.ID)
	if err != nil {
		return m, err
	}
	m.Proxies, err = tx.motionProxies(ctx, m)
	return m, err
}

func scanVote(s scanner) (accord.Vote, error) {
	var v accord.Vote
	var roles string
	err := s.Scan(&v.MemberID, &v.Name, &v.PartyID, &roles, &v.CastBy, &v.CastByName, &v.Choice, &v.Reason, timeCol{&v.CastAt}, &v.ProxyID)
	rs, _ := accord.ParseRoles(roles)
	v.Clinical = rs.Has(accord.RoleClinicalLeader)
	return v, err
}

// CastVote records the actor's ballot on an open motion, for themselves or,
// with forMemberID, with the proxy that seat-holder gave them for the
// motion or its meeting. A ballot can be changed until the motion is
// decided; a member's own ballot replaces one cast by their proxy, never
// the other way round. An asynchronous motion is decided as soon as every
// seat-holder has voted.
func (db *DB) CastVote(ctx context.Context, actor accord.Actor, allianceID string, number int, forMemberID, choice, reason string) (accord.Motion, error) {
	var m accord.Motion
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if m, err = tx.motion(ctx, allianceID, number); err != nil {
			return err
		}
		if m.Status != accord.MotionOpen {
			return accord.Errorf(accord.ECONFLICT, "motion %d is %s; voting has ended", number, m.Status)
		}
		by, err := tx.memberID(ctx, allianceID, actor.UserID)
		if err != nil {
			return err
		}
		member, proxy := by, ""
		if forMemberID != "" && forMemberID != by {
			member = forMemberID
			if proxy, err = tx.proxyBallot(ctx, m, member, by); err != nil {
				return err
			}
		}
		b := vote.Ballot{Member: member, By: by, Choice: vote.Choice(choice), Reason: strings.TrimSpace(reason)}
		in, err := tx.voteInput(ctx, m)
		if err != nil {
			return err
		}
		// Validate the new ballot with the others through the engine.
		others := ballots(m.Votes, member)
		if _, err := vote.Tally(in, append(others, b)); err != nil {
			return accord.FieldError("vote", "%s", err.Error())
		}
		if _, err := tx.exec(ctx, "DELETE FROM votes WHERE motion_id = ? AND member_id = ?", m.ID, member); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "INSERT INTO votes (motion_id, member_id, cast_by, choice, reason, cast_at, proxy_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
			m.ID, member, by, choice, b.Reason, ts(tx.now), nullStr(proxy)); err != nil {
			return err
		}
		if err := tx.audit(ctx, actor, change{allianceID: allianceID, action: "vote", entity: "motion", entityID: m.ID,
			after: map[string]any{"member_id": member, "cast_by": by, "proxy_id": proxy, "choice": choice, "reason": b.Reason}}); err != nil {
			return err
		}
		if m, err = tx.motion(ctx, allianceID, number); err != nil {
			return err
		}
		if m.MeetingID == "" && len(m.Votes) >= len(in.Members) {
			return tx.decide(ctx, accord.SystemActor("vote"), &m, "every seat-holder voted")
		}
		return nil
	})
	return m, err
}

func ballots(vs []accord.Vote, except string) []vote.Ballot {
	var out []vote.Ballot
	for _, v := range vs {
		if v.MemberID != except {
			out = append(out, vote.Ballot{Member: v.MemberID, By: v.CastBy, Choice: vote.Choice(v.Choice), Reason: v.Reason})
		}
	}
	return out
}

// voteInput builds what the engine needs: the committee's rule, quorum
// and seat-holders on the motion's day, and who was present at its meeting.
func (tx *Tx) voteInput(ctx context.Context, m accord.Motion) (vote.Motion, error) {
	c, err := tx.committee(ctx, "id = ?", m.CommitteeID)
	if err != nil {
		return vote.Motion{}, err
	}
	on := accord.Day(tx.now)
	var present []string
	if m.MeetingID != "" {
		g, err := tx.meeting(ctx, m.AllianceID, m.MeetingID)
		if err != nil {
			return vote.Motion{}, err
		}
		on, present = accord.Day(g.StartsAt), []string{}
		for _, a := range g.Attendance {
			if a.Present {
				present = append(present, a.MemberID)
			}
		}
	}
	holders, err := tx.seatHolders(ctx, c.ID, on)
	if err != nil {
		return vote.Motion{}, err
	}
	in := vote.Motion{Rule: vote.Rule(m.Rule), ClinicalConsent: m.ClinicalConsent, AllowProxies: c.AllowProxies, Present: present,
		Quorum: vote.Quorum{MinPresent: c.QuorumPresent, EveryParty: c.QuorumParties, MinClinical: c.QuorumClinical}}
	seen := map[string]bool{}
	for _, s := range holders {
		if !seen[s.MemberID] {
			seen[s.MemberID] = true
			in.Members = append(in.Members, vote.Member{ID: s.MemberID, Party: s.PartyID, Clinical: s.Clinical()})
		}
	}
	return in, nil
}

// DecideMotion closes voting on an open motion and records its outcome,
// tally and rationale. A passed motion takes effect on its subject.
func (db *DB) DecideMotion(ctx context.Context, actor accord.Actor, allianceID string, number int, rationale string) (accord.Motion, error) {
	var m accord.Motion
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if m, err = tx.motion(ctx, allianceID, number); err != nil {
			return err
		}
		if m.Status != accord.MotionOpen {
			return accord.Errorf(accord.ECONFLICT, "motion %d is already %s", number, m.Status)
		}
		return tx.decide(ctx, actor, &m, strings.TrimSpace(rationale))
	})
	return m, err
}

func (tx *Tx) decide(ctx context.Context, actor accord.Actor, m *accord.Motion, rationale string) error {
	in, err := tx.voteInput(ctx, *m)
	if err != nil {
		return err
	}
	res, err := vote.Tally(in, ballots(m.Votes, ""))
	if err != nil {
		return accord.Errorf(accord.ECONFLICT, "motion %d cannot be decided: %v", m.Number, err)
	}
	tally, err := json.Marshal(res)
	if err != nil {
		return err
	}
	now := tx.now
	m.Status, m.DecidedAt, m.Rationale, m.Tally = string(res.Outcome), &now, rationale, tally
	if _, err := tx.exec(ctx, "UPDATE motions SET status = ?, decided_at = ?, rationale = ?, tally = ? WHERE id = ?",
		m.Status, ts(now), rationale, string(tally), m.ID); err != nil {
		return err
	}
	if err := tx.audit(ctx, actor, change{allianceID: m.AllianceID, action: "decide", entity: "motion", entityID: m.ID,
		after: map[string]any{"number": m.Number, "outcome": m.Status, "reasons": res.Reasons, "rationale": rationale}}); err != nil {
		return err
	}
	if m.SubjectKind == accord.SubjectKPI || m.SubjectKind == accord.SubjectTarget || m.SubjectKind == accord.SubjectKPIChange {
		if err := tx.bumpScorecard(ctx, m.AllianceID); err != nil { // the KPI page shows the outcome
			return err
		}
	}
	return tx.applyDecision(ctx, *m)
}

// applyDecision makes a decided motion take effect on its subject: a
// passed KPI or target motion approves it for every party, a protocol
// becomes active (or is rejected).
func (tx *Tx) applyDecision(ctx context.Context, m accord.Motion) error {
	by := accord.Actor{Name: fmt.Sprintf("Motion %d (%s)", m.Number, m.CommitteeName), Via: "motion"}
	passed := m.Status == accord.MotionPassed
	switch m.SubjectKind {
	case accord.SubjectKPI, accord.SubjectTarget, accord.SubjectKPIChange:
		if !passed {
			return nil
		}
		parties, err := tx.strings(ctx, `SELECT p.id FROM parties p WHERE p.alliance_id = ? AND NOT EXISTS
			(SELECT 1 FROM approvals a WHERE a.subject_type = ? AND a.subject_id = ? AND a.party_id = p.id)`, m.AllianceID, m.SubjectKind, m.SubjectID)
		if err != nil {
			return err
		}
		for _, p := range parties {
			if _, err := tx.approve(ctx, by, m.AllianceID, m.SubjectKind, m.SubjectID, p); err != nil {
				return err
			}
		}
	case accord.SubjectProtocol:
		status := accord.ProtocolRejected
		if passed {
			status = accord.ProtocolActive
		}
		return tx.setProtocolStatus(ctx, by, m.AllianceID, m.SubjectID, status, m.ID)
	case accord.SubjectAmendment:
		if passed {
			return tx.signForEveryParty(ctx, by, m.AllianceID, m.SubjectID)
		}
	case accord.SubjectCharter:
		if passed {
			return tx.applyCharterMotion(ctx, by, m)
		}
	}
	return nil
}

// partiesToSign returns the parties of the alliance that have not signed
// the amendment off.
func (tx *Tx) partiesToSign(ctx context.Context, allianceID, amendmentID string) ([]string, error) {
	return tx.strings(ctx, `SELECT p.id FROM parties p WHERE p.alliance_id = ? AND NOT EXISTS
		(SELECT 1 FROM contract_signoffs s WHERE s.amendment_id = ? AND s.party_id = p.id) ORDER BY p.id`, allianceID, amendmentID)
}

// signForEveryParty signs an amendment off for every party that has not
// yet, on the authority of the motion that passed: the last sign-off
// adopts it.
func (tx *Tx) signForEveryParty(ctx context.Context, by accord.Actor, allianceID, amendmentID string) error {
	as, err := tx.amendments(ctx, "id = ?", amendmentID)
	if err != nil || len(as) == 0 {
		return notFound(err, "amendment")
	}
	a := as[0]
	parties, err := tx.partiesToSign(ctx, allianceID, a.ID)
	if err != nil {
		return err
	}
	for _, p := range parties {
		if err := tx.signOff(ctx, by, allianceID, &a, p); err != nil {
			return err
		}
	}
	return nil
}

// approvalWindow is how long the committee that approves the scorecard has
// to vote on a proposed KPI or target.
const approvalWindow = 14 * 24 * time.Hour

// motionForApproval puts a proposed KPI or target to the committee that
// approves the scorecard, if the alliance has one, as a motion under
// consent of every party open for approvalWindow.
func (tx *Tx) motionForApproval(ctx context.Context, actor accord.Actor, allianceID, kind, id, title string) error {
	var committee string
	err := tx.queryRow(ctx, "SELECT id FROM committees WHERE alliance_id = ? AND approves_scorecard = 1", allianceID).Scan(&committee)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // parties approve directly
	}
	if err != nil {
		return err
	}
	closes := tx.now.Add(approvalWindow)
	m := accord.Motion{AllianceID: allianceID, CommitteeID: committee, Title: title, SubjectKind: kind, SubjectID: id,
		Rule: string(vote.PartyConsent), ClosesAt: &closes}
	if err := m.Validate(); err != nil {
		return err
	}
	return tx.proposeMotion(ctx, actor, &m)
}

// withdrawMotionsOn withdraws the open motions about a subject that was
// settled another way (every party signed a KPI off directly).
func (tx *Tx) withdrawMotionsOn(ctx context.Context, allianceID, kind, id, why string) error {
	_, err := tx.exec(ctx, "UPDATE motions SET status = ?, decided_at = ?, rationale = ? WHERE alliance_id = ? AND subject_kind = ? AND subject_id = ? AND status = ?",
		accord.MotionWithdrawn, ts(tx.now), why, allianceID, kind, id, accord.MotionOpen)
	return err
}

// CloseDueMotions decides the asynchronous motions whose deadline passed.
func (db *DB) CloseDueMotions(ctx context.Context, now time.Time) (int, error) {
	type due struct {
		alliance string
		number   int
	}
	var list []due
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		list, err = queryAll(ctx, tx, func(s scanner) (due, error) {
			var d due
			err := s.Scan(&d.alliance, &d.number)
			return d, err
		}, "SELECT alliance_id, number FROM motions WHERE status = ? AND closes_at IS NOT NULL AND closes_at <= ?", accord.MotionOpen, ts(now))
		return err
	})
	n := 0
	for _, d := range list {
		if err != nil {
			break
		}
		if _, err = db.DecideMotion(ctx, accord.SystemActor("deadline"), d.alliance, d.number, "voting closed at the deadline"); err == nil {
			n++
		} else if accord.ErrorCode(err) == accord.ECONFLICT {
			err = nil // decided meanwhile, e.g. by another server
		}
	}
	return n, err
}
