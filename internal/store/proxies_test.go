package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// proxyBoard is the steering committee of seatBoard with a motion voted
// by ballot until a week from now.
func proxyBoard(t *testing.T, d store.Dialect) (*store.DB, board, accord.Motion) {
	t.Helper()
	clk := &clock{t: time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)}
	db := storetest.Open(t, d, clk.Now)
	b := seatBoard(t, db)
	closes := clk.Now().AddDate(0, 0, 7)
	m := accord.Motion{AllianceID: b.alliance.ID, CommitteeID: b.committee.ID, Title: "Change the pathway", Rule: "majority", ClosesAt: &closes}
	if err := db.ProposeMotion(context.Background(), b.actors["Ada"], &m); err != nil {
		t.Fatal(err)
	}
	return db, b, m
}

// ballotOf returns member's ballot on the motion, or a zero one.
func ballotOf(t *testing.T, db *store.DB, b board, number int, member string) accord.Vote {
	t.Helper()
	m, err := db.Motion(context.Background(), b.alliance.ID, number)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range m.Votes {
		if v.MemberID == b.members[member].ID {
			return v
		}
	}
	return accord.Vote{}
}

// TestProxyVoteNeedsGrant: a seat-holder cannot vote for another on a
// motion by ballot without that member's proxy, and never replaces the
// member's own ballot.
func TestProxyVoteNeedsGrant(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			db, b, m := proxyBoard(t, d)
			if _, err := db.CastVote(ctx, b.actors["Dee"], b.alliance.ID, m.Number, "", "yes", ""); err != nil {
				t.Fatal(err)
			}
			if _, err := db.CastVote(ctx, b.actors["Cyd"], b.alliance.ID, m.Number, b.members["Dee"].ID, "no", ""); accord.ErrorCode(err) != accord.EINVALID {
				t.Errorf("Cyd replacing Dee's own ballot without a proxy: err = %v, want invalid", err)
			}
			if _, err := db.CastVote(ctx, b.actors["Cyd"], b.alliance.ID, m.Number, b.members["Ben"].ID, "no", ""); accord.ErrorCode(err) != accord.EINVALID {
				t.Errorf("a ballot for Ben without his proxy: err = %v, want invalid", err)
			}
			if v := ballotOf(t, db, b, m.Number, "Dee"); v.Choice != "yes" || v.CastBy != b.members["Dee"].ID {
				t.Errorf("Dee's ballot = %+v; want her own yes", v)
			}
			if v := ballotOf(t, db, b, m.Number, "Ben"); v.Choice != "" {
				t.Errorf("Ben's ballot = %+v; want none", v)
			}
		})
	}
}

// TestProxyLifecycle: Dee gives Ben her proxy for a motion; Ben votes and
// changes her ballot with it; it cannot then be revoked, and her own
// ballot replaces his and is never replaced by it.
func TestProxyLifecycle(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			db, b, m := proxyBoard(t, d)
			id := func(name string) string { return b.members[name].ID }
			grant := func(who, holder string) error {
				return db.GrantProxy(ctx, b.actors[who], &accord.Proxy{AllianceID: b.alliance.ID, HolderID: holder, MotionNumber: m.Number})
			}
			p := accord.Proxy{AllianceID: b.alliance.ID, HolderID: id("Ben"), MotionNumber: m.Number}
			if err := db.GrantProxy(ctx, b.actors["Dee"], &p); err != nil {
				t.Fatalf("GrantProxy: %v", err)
			}
			if p.MemberName != "Dee" || p.HolderName != "Ben" || p.MotionID != m.ID || !p.Live() || p.Used {
				t.Errorf("proxy = %+v, want Dee's to Ben for motion %d, live and unused", p, m.Number)
			}
			for _, tc := range []struct {
				name, who, holder, code string
			}{
				{"a second proxy for the same ballot", "Dee", id("Cyd"), accord.ECONFLICT},
				{"a second proxy to the same holder", "Ada", id("Ben"), accord.ECONFLICT},
				{"to oneself", "Cyd", id("Cyd"), accord.EINVALID},
				{"to someone without a seat", "Cyd", "nope", accord.EINVALID},
			} {
				if err := grant(tc.who, tc.holder); accord.ErrorCode(err) != tc.code {
					t.Errorf("%s: err = %v, want %s", tc.name, err, tc.code)
				}
			}
			vote := func(who, forName, choice string) error {
				_, err := db.CastVote(ctx, b.actors[who], b.alliance.ID, m.Number, id(forName), choice, "")
				return err
			}
			if err := vote("Cyd", "Dee", "no"); accord.ErrorCode(err) != accord.EINVALID {
				t.Errorf("Cyd for Dee, whose proxy Ben holds: err = %v, want invalid", err)
			}
			for _, choice := range []string{"no", "yes"} {
				if err := vote("Ben", "Dee", choice); err != nil {
					t.Fatalf("Ben for Dee (%s): %v", choice, err)
				}
			}
			if v := ballotOf(t, db, b, m.Number, "Dee"); v.Choice != "yes" || v.CastBy != id("Ben") || v.ProxyID != p.ID || v.CastByName != "Ben" {
				t.Errorf("Dee's ballot = %+v; want yes, cast by Ben with proxy %s", v, p.ID)
			}
			if _, err := db.RevokeProxy(ctx, b.actors["Ben"], b.alliance.ID, p.ID); accord.ErrorCode(err) != accord.EFORBIDDEN {
				t.Errorf("the holder revoking: err = %v, want forbidden", err)
			}
			if _, err := db.RevokeProxy(ctx, b.actors["Dee"], b.alliance.ID, p.ID); accord.ErrorCode(err) != accord.ECONFLICT {
				t.Errorf("revoking a proxy voted with: err = %v, want conflict", err)
			}
			// Dee's own ballot replaces Ben's, and his never replaces hers.
			if err := vote("Dee", "Dee", "no"); err != nil {
				t.Fatal(err)
			}
			if err := vote("Ben", "Dee", "yes"); accord.ErrorCode(err) != accord.ECONFLICT {
				t.Errorf("Ben replacing Dee's own ballot: err = %v, want conflict", err)
			}
			if v := ballotOf(t, db, b, m.Number, "Dee"); v.Choice != "no" || v.CastBy != id("Dee") || v.ProxyID != "" {
				t.Errorf("Dee's ballot = %+v; want her own no", v)
			}
			got, err := db.RevokeProxy(ctx, b.actors["Dee"], b.alliance.ID, p.ID)
			if err != nil || got.Live() {
				t.Fatalf("RevokeProxy once her own ballot stands = %+v, %v; want revoked", got, err)
			}
			if _, err := db.RevokeProxy(ctx, b.actors["Dee"], b.alliance.ID, p.ID); accord.ErrorCode(err) != accord.ECONFLICT {
				t.Errorf("revoking twice: err = %v, want conflict", err)
			}
			if _, err := db.RevokeProxy(ctx, b.actors["Dee"], b.alliance.ID, "nope"); accord.ErrorCode(err) != accord.ENOTFOUND {
				t.Errorf("revoking no proxy: err = %v, want not found", err)
			}
			if err := grant("Dee", id("Cyd")); accord.ErrorCode(err) != accord.ECONFLICT {
				t.Errorf("a proxy after voting oneself: err = %v, want conflict", err)
			}
			mo, err := db.Motion(ctx, b.alliance.ID, m.Number)
			if err != nil || len(mo.Proxies) != 1 || mo.Proxies[0].RevokedAt == nil || mo.Proxies[0].Used {
				t.Errorf("the motion's proxies = %+v, %v; want Dee's, revoked", mo.Proxies, err)
			}
			for _, action := range []string{"grant", "revoke"} {
				es, err := db.ListAudit(ctx, accord.AuditFilter{AllianceID: b.alliance.ID, Entity: "proxy", Action: action})
				if err != nil || len(es) != 1 || es[0].EntityID != p.ID {
					t.Errorf("audit of the %s = %+v, %v; want one entry for the proxy", action, es, err)
				}
			}
		})
	}
}

// TestProxyForAMeeting: a proxy for a meeting covers each of its motions,
// the holder must be present, and a committee without proxies takes none.
func TestProxyForAMeeting(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			db, b, async := proxyBoard(t, d)
			g := accord.Meeting{AllianceID: b.alliance.ID, CommitteeID: b.committee.ID, StartsAt: time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC), Minutes: 60}
			if err := db.CreateMeeting(ctx, b.actors["Ada"], &g); err != nil {
				t.Fatal(err)
			}
			p := accord.Proxy{AllianceID: b.alliance.ID, HolderID: b.members["Ben"].ID, MeetingID: g.ID}
			if err := db.GrantProxy(ctx, b.actors["Dee"], &p); err != nil {
				t.Fatalf("GrantProxy for the meeting: %v", err)
			}
			m := accord.Motion{AllianceID: b.alliance.ID, CommitteeID: b.committee.ID, MeetingID: g.ID, Title: "Adopt the plan", Rule: "majority"}
			if err := db.ProposeMotion(ctx, b.actors["Ada"], &m); err != nil {
				t.Fatal(err)
			}
			if err := db.GrantProxy(ctx, b.actors["Dee"], &accord.Proxy{AllianceID: b.alliance.ID, HolderID: b.members["Cyd"].ID, MotionNumber: m.Number}); accord.ErrorCode(err) != accord.ECONFLICT {
				t.Errorf("a proxy for a motion of a meeting already covered: err = %v, want conflict", err)
			}
			if _, err := db.CastVote(ctx, b.actors["Ben"], b.alliance.ID, async.Number, b.members["Dee"].ID, "yes", ""); accord.ErrorCode(err) != accord.EINVALID {
				t.Errorf("the meeting's proxy used on a motion by ballot: err = %v, want invalid", err)
			}
			if _, err := db.CastVote(ctx, b.actors["Ben"], b.alliance.ID, m.Number, b.members["Dee"].ID, "yes", ""); accord.ErrorCode(err) != accord.EINVALID {
				t.Errorf("a holder not present at the meeting: err = %v, want invalid", err)
			}
			if _, err := db.RecordAttendance(ctx, b.actors["Ada"], b.alliance.ID, g.ID, []accord.Attendance{
				{MemberID: b.members["Ada"].ID, Present: true}, {MemberID: b.members["Ben"].ID, Present: true}, {MemberID: b.members["Cyd"].ID, Present: true},
			}); err != nil {
				t.Fatal(err)
			}
			if _, err := db.CastVote(ctx, b.actors["Ben"], b.alliance.ID, m.Number, b.members["Dee"].ID, "yes", ""); err != nil {
				t.Errorf("Ben for Dee at the meeting: %v", err)
			}
			if v := ballotOf(t, db, b, m.Number, "Dee"); v.ProxyID != p.ID {
				t.Errorf("Dee's ballot = %+v; want it cast with the meeting's proxy", v)
			}

			closed := accord.Committee{AllianceID: b.alliance.ID, Name: "Finance committee", Cadence: accord.CadenceQuarterly}
			if err := db.CreateCommittee(ctx, b.actors["Ada"], &closed); err != nil {
				t.Fatal(err)
			}
			cg := accord.Meeting{AllianceID: b.alliance.ID, CommitteeID: closed.ID, StartsAt: g.StartsAt, Minutes: 60}
			if err := db.CreateMeeting(ctx, b.actors["Ada"], &cg); err != nil {
				t.Fatal(err)
			}
			if err := db.GrantProxy(ctx, b.actors["Dee"], &accord.Proxy{AllianceID: b.alliance.ID, HolderID: b.members["Ben"].ID, MeetingID: cg.ID}); accord.ErrorCode(err) != accord.EINVALID {
				t.Errorf("a proxy on a committee that takes none: err = %v, want invalid", err)
			}
		})
	}
}
