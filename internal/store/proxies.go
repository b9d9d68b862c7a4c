package store

import (
	"context"
	"fmt"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

const proxySelect = `SELECT p.id, p.alliance_id, p.committee_id, p.member_id, mu.name, p.holder_id, hu.name, COALESCE(p.meeting_id, ''),
	COALESCE(p.motion_id, ''), COALESCE(n.number, 0), p.created_at, p.revoked_at, EXISTS (SELECT 1 FROM votes v WHERE v.proxy_id = p.id)
	FROM proxies p JOIN memberships mm ON mm.id = p.member_id JOIN users mu ON mu.id = mm.user_id
	JOIN memberships hm ON hm.id = p.holder_id JOIN users hu ON hu.id = hm.user_id LEFT JOIN motions n ON n.id = p.motion_id`

func (tx *Tx) proxies(ctx context.Context, where string, args ...any) ([]accord.Proxy, error) {
	return queryAll(ctx, tx, scanProxy, proxySelect+" WHERE "+where+" ORDER BY p.created_at, p.id", args...)
}

func scanProxy(s scanner) (accord.Proxy, error) {
	var p accord.Proxy
	err := s.Scan(&p.ID, &p.AllianceID, &p.CommitteeID, &p.MemberID, &p.MemberName, &p.HolderID, &p.HolderName, &p.MeetingID,
		&p.MotionID, &p.MotionNumber, timeCol{&p.CreatedAt}, nullTimeCol{&p.RevokedAt}, &p.Used)
	return p, err
}

// motionProxies returns the proxies given for motion m or for its meeting.
func (tx *Tx) motionProxies(ctx context.Context, m accord.Motion) ([]accord.Proxy, error) {
	return tx.proxies(ctx, "p.motion_id = ? OR p.meeting_id = ?", m.ID, m.MeetingID)
}

// proxyScope is what a proxy covers: the committee and the day its seats
// are read on, and the condition that finds the proxies covering the same
// ballots (the motion's and its meeting's, or the meeting's and its
// motions').
type proxyScope struct {
	committee accord.Committee
	day       time.Time
	label     string
	overlap   string
	args      []any
}

// GrantProxy records the actor's proxy to p.HolderID for motion
// p.MotionNumber or for meeting p.MeetingID. Both must hold a seat on the
// committee, which must allow proxies; a member gives one proxy for a
// ballot, and a holder carries one.
func (db *DB) GrantProxy(ctx context.Context, actor accord.Actor, p *accord.Proxy) error {
	if (p.MeetingID == "") == (p.MotionNumber == 0) {
		return accord.FieldError("proxy", "give a proxy for one motion or for one meeting")
	}
	return db.update(ctx, func(tx *Tx) error { return tx.grantProxy(ctx, actor, p) })
}

func (tx *Tx) grantProxy(ctx context.Context, actor accord.Actor, p *accord.Proxy) error {
	by, err := tx.memberID(ctx, p.AllianceID, actor.UserID)
	if err != nil {
		return err
	}
	sc, err := tx.proxyScopeOf(ctx, p, by)
	if err != nil {
		return err
	}
	if err := tx.checkProxyHolders(ctx, sc, by, p.HolderID); err != nil {
		return err
	}
	if err := tx.checkProxyOverlap(ctx, sc, by, p.HolderID); err != nil {
		return err
	}
	p.ID, p.MemberID, p.CommitteeID = newID(), by, sc.committee.ID
	if _, err := tx.exec(ctx, `INSERT INTO proxies (id, alliance_id, committee_id, member_id, holder_id, meeting_id, motion_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, p.AllianceID, p.CommitteeID, p.MemberID, p.HolderID, nullStr(p.MeetingID), nullStr(p.MotionID), ts(tx.now)); err != nil {
		return err
	}
	if err := tx.audit(ctx, actor, change{allianceID: p.AllianceID, action: "grant", entity: "proxy", entityID: p.ID,
		after: map[string]any{"member_id": p.MemberID, "holder_id": p.HolderID, "meeting_id": p.MeetingID, "motion_number": p.MotionNumber}}); err != nil {
		return err
	}
	ps, err := tx.proxies(ctx, "p.id = ?", p.ID)
	if err != nil {
		return err
	}
	if len(ps) != 1 {
		return fmt.Errorf("grant proxy: read back %d rows", len(ps))
	}
	*p = ps[0]
	return nil
}

// proxyScopeOf resolves what p covers: an open motion the member has not
// voted on themselves, or a meeting that is not cancelled.
func (tx *Tx) proxyScopeOf(ctx context.Context, p *accord.Proxy, by string) (proxyScope, error) {
	var sc proxyScope
	committeeID := ""
	if p.MotionNumber != 0 {
		m, err := tx.motion(ctx, p.AllianceID, p.MotionNumber)
		if err != nil {
			return sc, err
		}
		if m.Status != accord.MotionOpen {
			return sc, accord.Errorf(accord.ECONFLICT, "motion %d is %s; voting has ended", m.Number, m.Status)
		}
		for _, v := range m.Votes {
			if v.MemberID == by && v.CastBy == by {
				return sc, accord.Errorf(accord.ECONFLICT, "you have voted on motion %d yourself, and a proxy's ballot never replaces yours", m.Number)
			}
		}
		p.MotionID, committeeID, sc.day = m.ID, m.CommitteeID, accord.Day(tx.now)
		sc.label, sc.overlap, sc.args = fmt.Sprintf("motion %d", m.Number), "(p.motion_id = ? OR p.meeting_id = ?)", []any{m.ID, m.MeetingID}
		if m.MeetingID != "" {
			g, err := tx.meeting(ctx, m.AllianceID, m.MeetingID)
			if err != nil {
				return sc, err
			}
			sc.day, sc.label = accord.Day(g.StartsAt), sc.label+" or its meeting"
		}
	} else {
		g, err := tx.meeting(ctx, p.AllianceID, p.MeetingID)
		if err != nil {
			return sc, err
		}
		if g.Status == accord.MeetingCancelled {
			return sc, accord.Errorf(accord.ECONFLICT, "the meeting is cancelled")
		}
		committeeID, sc.day, sc.label = g.CommitteeID, accord.Day(g.StartsAt), "this meeting or one of its motions"
		sc.overlap, sc.args = "(p.meeting_id = ? OR p.motion_id IN (SELECT id FROM motions WHERE meeting_id = ?))", []any{g.ID, g.ID}
	}
	c, err := tx.committee(ctx, "id = ?", committeeID)
	if err != nil {
		return sc, err
	}
	if !c.AllowProxies {
		return sc, accord.Errorf(accord.EINVALID, "the %s does not take votes by proxy", c.Name)
	}
	sc.committee = c
	return sc, nil
}

// checkProxyHolders checks that the member and the holder both hold a
// seat on the committee on the day of the vote.
func (tx *Tx) checkProxyHolders(ctx context.Context, sc proxyScope, by, holder string) error {
	seats, err := tx.seatHolders(ctx, sc.committee.ID, sc.day)
	if err != nil {
		return err
	}
	held := map[string]bool{}
	for _, s := range seats {
		held[s.MemberID] = true
	}
	switch {
	case !held[by]:
		return accord.Errorf(accord.EFORBIDDEN, "you do not hold a seat on the %s, so you have no vote to give", sc.committee.Name)
	case holder == by:
		return accord.FieldError("holder_member_id", "is you: give your proxy to another seat-holder")
	case !held[holder]:
		return accord.FieldError("holder_member_id", "does not hold a seat on the %s", sc.committee.Name)
	}
	return nil
}

// checkProxyOverlap refuses a second proxy for the same ballot, and a
// second proxy to a holder for the same ballots: the voting engine counts
// at most one proxy per holder.
func (tx *Tx) checkProxyOverlap(ctx context.Context, sc proxyScope, by, holder string) error {
	live, err := tx.proxies(ctx, "p.revoked_at IS NULL AND (p.member_id = ? OR p.holder_id = ?) AND "+sc.overlap, append([]any{by, holder}, sc.args...)...)
	if err != nil {
		return err
	}
	for _, p := range live {
		if p.MemberID == by {
			return accord.Errorf(accord.ECONFLICT, "you have already given your proxy for %s to %s: revoke it first", sc.label, p.HolderName)
		}
	}
	for _, p := range live {
		return accord.Errorf(accord.ECONFLICT, "%s already holds %s's proxy for %s, and a seat-holder carries at most one", p.HolderName, p.MemberName, sc.label)
	}
	return nil
}

// RevokeProxy withdraws a proxy the actor gave, as long as no ballot cast
// with it stands.
func (db *DB) RevokeProxy(ctx context.Context, actor accord.Actor, allianceID, id string) (accord.Proxy, error) {
	var p accord.Proxy
	err := db.update(ctx, func(tx *Tx) error {
		ps, err := tx.proxies(ctx, "p.alliance_id = ? AND p.id = ?", allianceID, id)
		if err != nil {
			return err
		}
		if len(ps) == 0 {
			return accord.Errorf(accord.ENOTFOUND, "proxy not found")
		}
		p = ps[0]
		by, err := tx.memberID(ctx, allianceID, actor.UserID)
		if err != nil {
			return err
		}
		switch {
		case p.MemberID != by:
			return accord.Errorf(accord.EFORBIDDEN, "only the member who gave a proxy can revoke it")
		case !p.Live():
			return accord.Errorf(accord.ECONFLICT, "this proxy is already revoked")
		case p.Used:
			return accord.Errorf(accord.ECONFLICT, "%s has already voted with this proxy, so it can no longer be revoked; a ballot you cast yourself replaces theirs", p.HolderName)
		}
		now := tx.now
		if _, err := tx.exec(ctx, "UPDATE proxies SET revoked_at = ? WHERE id = ?", ts(now), p.ID); err != nil {
			return err
		}
		p.RevokedAt = &now
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: "revoke", entity: "proxy", entityID: p.ID,
			before: map[string]any{"member_id": p.MemberID, "holder_id": p.HolderID, "meeting_id": p.MeetingID, "motion_number": p.MotionNumber}})
	})
	return p, err
}

// proxyBallot returns the proxy with which by casts member's ballot on m:
// one member gave by for m or its meeting, not revoked. A ballot the
// member cast themselves is never replaced by a proxy's.
func (tx *Tx) proxyBallot(ctx context.Context, m accord.Motion, member, by string) (string, error) {
	id := ""
	for _, p := range m.Proxies {
		if p.Live() && p.MemberID == member && p.HolderID == by {
			id = p.ID
		}
	}
	if id == "" {
		var name string
		if err := tx.queryRow(ctx, "SELECT u.name FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.id = ? AND m.alliance_id = ?",
			member, m.AllianceID).Scan(&name); err != nil {
			return "", accord.FieldError("vote", "you can vote only for a member of this alliance who gave you their proxy")
		}
		return "", accord.FieldError("vote", "%s has not given you their proxy for motion %d or its meeting", name, m.Number)
	}
	for _, v := range m.Votes {
		if v.MemberID == member && v.CastBy == member {
			return "", accord.Errorf(accord.ECONFLICT, "%s has cast their own ballot on motion %d, and a proxy's ballot never replaces it", v.Name, m.Number)
		}
	}
	return id, nil
}
