package server_test

import (
	"github.com/accord-alliance/accord/internal/accord"
)

// govProxy is a proxy as the walk-through reads it.
type govProxy struct {
	ID        string  `json:"id"`
	MemberID  string  `json:"member_id"`
	HolderID  string  `json:"holder_member_id"`
	Used      bool    `json:"used"`
	RevokedAt *string `json:"revoked_at"`
}

// giveProxies, before m1's motion is voted on: Tom, who is away, gives
// Dana his proxy for the meeting, and Samuel gives Elena his for the
// motion; with the refusals on the way.
func (g *govFlow) giveProxies() {
	const meeting, motion = nv + "/meetings/{m1}/proxies", nv + "/motions/{n1}/proxies"
	var p govProxy
	g.call(apiCase{name: "Tom to Dana for the meeting", method: "POST", path: meeting, who: "tom", body: `{"holder_member_id":"{dana}"}`, status: 201}, &p)
	g.c.vars["px_tom"] = p.ID
	if p.MemberID != g.members["tom"].ID || p.HolderID != g.members["dana"].ID || p.Used || p.RevokedAt != nil {
		g.t.Errorf("Tom's proxy = %+v, want his, held by Dana, unused", p)
	}
	g.call(apiCase{name: "Samuel to Elena for the motion", method: "POST", path: motion, who: "samuel", body: `{"holder_member_id":"{elena}"}`, status: 201,
		save: saveID("px_samuel", "", "")}, nil)
	for _, tc := range []apiCase{
		{name: "Tom again, for the meeting", method: "POST", path: meeting, who: "tom", body: `{"holder_member_id":"{samuel}"}`, status: 409},
		{name: "Tom again, for the motion", method: "POST", path: motion, who: "tom", body: `{"holder_member_id":"{samuel}"}`, status: 409},
		{name: "Dana holds one already", method: "POST", path: motion, who: "elena", body: `{"holder_member_id":"{dana}"}`, status: 409},
		{name: "to oneself", method: "POST", path: motion, who: "dana", body: `{"holder_member_id":"{dana}"}`, status: 422, field: "holder_member_id"},
		{name: "to someone without a seat", method: "POST", path: motion, who: "dana", body: `{"holder_member_id":"{priya}"}`, status: 422, field: "holder_member_id"},
		{name: "no holder", method: "POST", path: motion, who: "dana", body: `{}`, status: 422, field: "holder_member_id", req: reqInvalid},
		{name: "from someone without a seat", method: "POST", path: motion, who: "priya", body: `{"holder_member_id":"{dana}"}`, status: 403},
		{name: "observer", method: "POST", path: motion, who: "observer", body: `{"holder_member_id":"{dana}"}`, status: 403},
		{name: "no such meeting", method: "POST", path: nv + "/meetings/nope/proxies", who: "tom", body: `{"holder_member_id":"{dana}"}`, status: 404},
		{name: "no such motion", method: "POST", path: nv + "/motions/99999/proxies", who: "tom", body: `{"holder_member_id":"{dana}"}`, status: 404},
		{name: "the holder revokes", method: "POST", path: nv + "/proxies/{px_tom}/revoke", who: "dana", status: 403},
		{name: "observer revokes", method: "POST", path: nv + "/proxies/{px_tom}/revoke", who: "observer", status: 403},
	} {
		g.call(tc, nil)
	}
}

// proxyBallots, once m1's motion is voted on: Elena cannot replace the
// ballot Samuel cast himself, Tom cannot revoke the proxy Dana voted
// with, and Samuel revokes the one Elena did not use.
func (g *govFlow) proxyBallots() {
	for _, tc := range []apiCase{
		{name: "Elena for Samuel, who voted himself", method: "POST", path: nv + "/motions/{n1}/votes", who: "elena", body: `{"choice":"no","for_member_id":"{samuel}"}`, status: 409},
		{name: "Tom revokes a proxy voted with", method: "POST", path: nv + "/proxies/{px_tom}/revoke", who: "tom", status: 409},
		{name: "Samuel revokes", method: "POST", path: nv + "/proxies/{px_samuel}/revoke", who: "samuel", status: 200},
		{name: "Samuel revokes again", method: "POST", path: nv + "/proxies/{px_samuel}/revoke", who: "samuel", status: 409},
		{name: "no such proxy", method: "POST", path: nv + "/proxies/nope/revoke", who: "samuel", status: 404},
	} {
		g.call(tc, nil)
	}
	var m govMotion
	g.call(apiCase{name: "read", method: "GET", path: nv + "/motions/{n1}", who: "observer", status: 200}, &m)
	for _, v := range m.Votes {
		if want := map[string]string{g.members["tom"].ID: g.c.vars["px_tom"]}[v.MemberID]; v.ProxyID != want {
			g.t.Errorf("ballot of %s: proxy %q, want %q", v.MemberID, v.ProxyID, want)
		}
	}
	if len(m.Proxies) != 2 || !m.Proxies[0].Used || m.Proxies[0].RevokedAt != nil || m.Proxies[1].Used || m.Proxies[1].RevokedAt == nil {
		g.t.Errorf("proxies = %+v, want Tom's, used, and Samuel's, revoked", m.Proxies)
	}
}

// noProxyOnBallot, on a motion by ballot that Dana and Tom voted on:
// Samuel, a clinical leader, cannot flip Tom's consent, and Tom's proxy
// can no longer be given once he voted himself.
func (g *govFlow) noProxyOnBallot() {
	for _, tc := range []apiCase{
		{name: "Samuel flips Tom's ballot", method: "POST", path: nv + "/motions/{n2}/votes", who: "samuel", body: `{"choice":"no","for_member_id":"{tom}"}`, status: 422, field: "for_member_id"},
		{name: "Tom's proxy after his vote", method: "POST", path: nv + "/motions/{n2}/proxies", who: "tom", body: `{"holder_member_id":"{samuel}"}`, status: 409},
	} {
		g.call(tc, nil)
	}
	var m govMotion
	g.call(apiCase{name: "read", method: "GET", path: nv + "/motions/{n2}", who: "observer", status: 200}, &m)
	for _, v := range m.Votes {
		if v.MemberID == g.members["tom"].ID && (v.Choice != "yes" || v.CastBy != v.MemberID) {
			g.t.Errorf("Tom's ballot = %+v, want his own yes", v)
		}
	}
	if m.Status != accord.MotionOpen {
		g.t.Errorf("motion %s, want still open", m.Status)
	}
}
