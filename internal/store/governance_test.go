package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// board is a steering committee with four seats: an executive and a
// clinical leader of each party.
type board struct {
	fixture
	committee accord.Committee
	members   map[string]accord.Membership // by name
	actors    map[string]accord.Actor
}

func seatBoard(t *testing.T, db *store.DB) board {
	t.Helper()
	ctx := context.Background()
	b := board{fixture: seed(t, db), members: map[string]accord.Membership{}, actors: map[string]accord.Actor{}}
	ada, err := db.Membership(ctx, b.alliance.ID, b.admin.ID)
	if err != nil {
		t.Fatal(err)
	}
	b.members["Ada"], b.actors["Ada"] = ada, accord.Actor{UserID: b.admin.ID, Name: "Ada", Via: "web"}
	for _, p := range []struct {
		name  string
		party accord.Party
		role  accord.Role
	}{{"Cyd", b.payer, accord.RoleClinicalLeader}, {"Ben", b.provider, accord.RoleExecutive}, {"Dee", b.provider, accord.RoleClinicalLeader}} {
		u := accord.User{Email: p.name + "@example.org", Name: p.name}
		if err := db.CreateUser(ctx, cli, &u, "hash"); err != nil {
			t.Fatal(err)
		}
		m := accord.Membership{AllianceID: b.alliance.ID, UserID: u.ID, PartyID: p.party.ID, Roles: accord.Roles{p.role}}
		if err := db.AddMember(ctx, cli, &m); err != nil {
			t.Fatal(err)
		}
		b.members[p.name], b.actors[p.name] = m, accord.Actor{UserID: u.ID, Name: p.name, Via: "web"}
	}
	b.committee = accord.Committee{AllianceID: b.alliance.ID, Name: "Steering committee", Cadence: accord.CadenceQuarterly,
		QuorumPresent: 3, QuorumParties: true, QuorumClinical: 1, AllowProxies: true, ApprovesScorecard: true}
	if err := db.CreateCommittee(ctx, cli, &b.committee); err != nil {
		t.Fatalf("CreateCommittee: %v", err)
	}
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, name := range []string{"Ada", "Cyd", "Ben", "Dee"} {
		m := b.members[name]
		role := m.Roles[0]
		if name == "Ada" {
			role = accord.RoleExecutive
		}
		s := accord.Seat{PartyID: m.PartyID, Role: role, MemberID: m.ID, Chair: name == "Ada", TermStart: start}
		if err := db.AddSeat(ctx, cli, b.committee.ID, &s); err != nil {
			t.Fatalf("AddSeat(%s): %v", name, err)
		}
	}
	return b
}

func TestGovernanceMeetingAndVote(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			clk := &clock{t: time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)}
			db := storetest.Open(t, d, clk.Now)
			b := seatBoard(t, db)
			ada := b.actors["Ada"]

			c, err := db.CommitteeByKey(ctx, b.alliance.ID, "steering-committee")
			if err != nil || len(c.Seats) != 4 || !c.Seats[0].Chair || c.Seats[0].HolderName != "Ada" {
				t.Fatalf("CommitteeByKey = %+v, %v", c, err)
			}
			wrong := accord.Seat{PartyID: b.payer.ID, Role: accord.RoleClinicalLeader, MemberID: b.members["Ben"].ID}
			if err := db.AddSeat(ctx, cli, c.ID, &wrong); accord.ErrorCode(err) != accord.EINVALID {
				t.Errorf("a seat held by another party's member: err = %v, want invalid", err)
			}

			n, err := db.ScheduleMeetings(ctx, cli, c.ID, clk.Now().AddDate(1, 0, 0))
			if err != nil || n != 4 {
				t.Fatalf("ScheduleMeetings = %d, %v; want 4 quarterly meetings in a year", n, err)
			}
			meetings, err := db.ListMeetings(ctx, accord.MeetingFilter{AllianceID: b.alliance.ID, UserID: b.admin.ID})
			if err != nil || len(meetings) != 4 || !meetings[1].StartsAt.Equal(meetings[0].StartsAt.AddDate(0, 3, 0)) {
				t.Fatalf("ListMeetings = %+v, %v", meetings, err)
			}
			next := meetings[0]

			// Without a clinical leader quorum fails and the vote does not count.
			_, err = db.RecordAttendance(ctx, ada, b.alliance.ID, next.ID, []accord.Attendance{
				{MemberID: b.members["Ada"].ID, Present: true}, {MemberID: b.members["Ben"].ID, Present: true},
				{MemberID: b.members["Cyd"].ID, Present: false, ProxyID: b.members["Ada"].ID}, {MemberID: b.members["Dee"].ID, Present: false},
			})
			if err != nil {
				t.Fatalf("RecordAttendance: %v", err)
			}
			m := accord.Motion{AllianceID: b.alliance.ID, CommitteeID: c.ID, MeetingID: next.ID, Title: "Adopt the 2027 plan", Rule: "party-consent", ClinicalConsent: true}
			if err := db.ProposeMotion(ctx, ada, &m); err != nil || m.Number != 1 {
				t.Fatalf("ProposeMotion = %d, %v", m.Number, err)
			}
			if err := db.GrantProxy(ctx, b.actors["Cyd"], &accord.Proxy{AllianceID: b.alliance.ID, HolderID: b.members["Ada"].ID, MeetingID: next.ID}); err != nil {
				t.Fatalf("GrantProxy: %v", err)
			}
			for _, v := range []struct{ who, for_, choice string }{{"Ada", "", "yes"}, {"Ben", "", "yes"}, {"Ada", "Cyd", "no"}} {
				var forID string
				if v.for_ != "" {
					forID = b.members[v.for_].ID
				}
				if _, err := db.CastVote(ctx, b.actors[v.who], b.alliance.ID, 1, forID, v.choice, ""); err != nil {
					t.Fatalf("CastVote(%s for %q): %v", v.who, v.for_, err)
				}
			}
			if _, err := db.CastVote(ctx, b.actors["Ben"], b.alliance.ID, 1, b.members["Dee"].ID, "yes", ""); accord.ErrorCode(err) != accord.EINVALID {
				t.Errorf("a proxy nobody gave: err = %v, want invalid", err)
			}
			got, err := db.DecideMotion(ctx, ada, b.alliance.ID, 1, "")
			if err != nil || got.Status != accord.MotionFailed {
				t.Fatalf("DecideMotion = %q, %v; want failed (no clinical leader voted yes)", got.Status, err)
			}
			if _, err := db.CastVote(ctx, ada, b.alliance.ID, 1, "", "no", ""); accord.ErrorCode(err) != accord.ECONFLICT {
				t.Errorf("a vote after the decision: err = %v, want conflict", err)
			}

			// Minutes: drafted, then approved at the next meeting.
			if _, err := db.SaveMinutes(ctx, ada, b.alliance.ID, next.ID, "## Decisions\n\n- Motion 1 failed."); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ApproveMinutes(ctx, ada, b.alliance.ID, next.ID, next.ID); accord.ErrorCode(err) != accord.EINVALID {
				t.Errorf("approving minutes in the same meeting: err = %v, want invalid", err)
			}
			if got, err := db.ApproveMinutes(ctx, ada, b.alliance.ID, next.ID, meetings[1].ID); err != nil || got.MinutesStatus != accord.MinutesApproved {
				t.Errorf("ApproveMinutes = %+v, %v", got.MinutesStatus, err)
			}
			if _, err := db.SaveMinutes(ctx, ada, b.alliance.ID, next.ID, "changed"); accord.ErrorCode(err) != accord.ECONFLICT {
				t.Errorf("editing approved minutes: err = %v, want conflict", err)
			}

			// Agenda: the data's items once each, people's items kept in their order.
			items := []accord.AgendaItem{{Kind: accord.AgendaSignal, RefID: "s1", Title: "Shift in A1c"}, {Kind: accord.AgendaMotion, RefID: "m1", Title: "Vote"}}
			later := meetings[1]
			if n, err := db.SyncAgenda(ctx, b.alliance.ID, later.ID, items); err != nil || n != 2 {
				t.Fatalf("SyncAgenda = %d, %v", n, err)
			}
			if n, err := db.SyncAgenda(ctx, b.alliance.ID, later.ID, items); err != nil || n != 0 {
				t.Errorf("SyncAgenda again = %d, %v; want 0", n, err)
			}
			own := accord.AgendaItem{Title: "Winter staffing"}
			if err := db.AddAgendaItem(ctx, ada, b.alliance.ID, later.ID, &own); err != nil {
				t.Fatal(err)
			}
			if err := db.MoveAgendaItem(ctx, ada, b.alliance.ID, later.ID, own.ID, -1); err != nil {
				t.Fatal(err)
			}
			agenda, err := db.Agenda(ctx, later.ID)
			if err != nil || len(agenda) != 3 || agenda[1].ID != own.ID || agenda[1].AddedBy != "Ada" {
				t.Errorf("Agenda = %+v, %v; want the added item second", agenda, err)
			}

			// Action items and their overdue state.
			a := accord.ActionItem{AllianceID: b.alliance.ID, MeetingID: next.ID, Title: "Send the staffing plan", OwnerID: b.members["Ben"].ID, DueOn: clk.Now().AddDate(0, 0, -1)}
			if err := db.CreateActionItem(ctx, ada, &a); err != nil {
				t.Fatal(err)
			}
			open, err := db.ListActionItems(ctx, accord.ActionFilter{AllianceID: b.alliance.ID, Status: accord.ActionOpen})
			if err != nil || len(open) != 1 || !open[0].Overdue(clk.Now()) || open[0].OwnerName != "Ben" {
				t.Errorf("ListActionItems = %+v, %v", open, err)
			}
		})
	}
}

func TestGovernanceAsyncMotionAndProtocol(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			clk := &clock{t: time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)}
			db := storetest.Open(t, d, clk.Now)
			b := seatBoard(t, db)
			closes := clk.Now().AddDate(0, 0, 7)
			p := accord.Protocol{AllianceID: b.alliance.ID, Title: "Quality data to the plan", FromPartyID: b.provider.ID, ToPartyID: b.payer.ID,
				Categories: []string{"quality"}, Purpose: "Quality bonus", StartsOn: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
			m := accord.Motion{CommitteeID: b.committee.ID, ClosesAt: &closes}
			if err := db.ProposeProtocol(ctx, b.actors["Ben"], &p, &m); err != nil {
				t.Fatalf("ProposeProtocol: %v", err)
			}
			for _, who := range []string{"Ada", "Cyd", "Ben"} {
				if _, err := db.CastVote(ctx, b.actors[who], b.alliance.ID, m.Number, "", "yes", ""); err != nil {
					t.Fatal(err)
				}
			}
			got, err := db.CastVote(ctx, b.actors["Dee"], b.alliance.ID, m.Number, "", "recuse", "")
			if accord.ErrorCode(err) != accord.EINVALID {
				t.Errorf("a recusal without a reason: err = %v, want invalid", err)
			}
			if got, err = db.CastVote(ctx, b.actors["Dee"], b.alliance.ID, m.Number, "", "recuse", "I advise the plan"); err != nil || got.Status != accord.MotionPassed {
				t.Fatalf("the last vote = %q, %v; want the motion decided and passed", got.Status, err)
			}
			ps, err := db.ListProtocols(ctx, b.alliance.ID)
			if err != nil || len(ps) != 1 || ps[0].Status != accord.ProtocolActive || ps[0].MotionID != m.ID || ps[0].ToParty == "" {
				t.Fatalf("ListProtocols = %+v, %v; want the protocol active", ps, err)
			}
			log, err := db.ListMotions(ctx, accord.DecisionFilter{AllianceID: b.alliance.ID, Query: "quality"}, "decided")
			if err != nil || len(log) != 1 || len(log[0].Tally) == 0 {
				t.Errorf("decision log search = %+v, %v", log, err)
			}
			// % and _ typed in a search are the characters themselves.
			for _, q := range []string{"qual_ty", "qual%"} {
				if log, err := db.ListMotions(ctx, accord.DecisionFilter{AllianceID: b.alliance.ID, Query: q}, "decided"); err != nil || len(log) != 0 {
					t.Errorf("decision log search %q = %d motions, %v; want none", q, len(log), err)
				}
			}

			// A motion nobody finished voting on closes at its deadline.
			m2 := accord.Motion{AllianceID: b.alliance.ID, CommitteeID: b.committee.ID, Title: "Extend the pilot", Rule: "majority", ClosesAt: &closes}
			if err := db.ProposeMotion(ctx, b.actors["Ada"], &m2); err != nil {
				t.Fatal(err)
			}
			if n, err := db.CloseDueMotions(ctx, closes.Add(time.Minute)); err != nil || n != 1 {
				t.Errorf("CloseDueMotions = %d, %v; want 1", n, err)
			}
			if got, _ := db.Motion(ctx, b.alliance.ID, m2.Number); got.Status != accord.MotionNoQuorum {
				t.Errorf("a motion nobody voted on = %q, want no-quorum", got.Status)
			}

			token, err := db.CalendarFeed(ctx, b.admin.ID, b.alliance.ID)
			if err != nil {
				t.Fatal(err)
			}
			if u, a, err := db.CalendarFeedUser(ctx, token); err != nil || u != b.admin.ID || a != b.alliance.ID {
				t.Errorf("CalendarFeedUser = %q, %q, %v", u, a, err)
			}
			if _, err := db.CalendarFeed(ctx, b.admin.ID, b.alliance.ID); err != nil {
				t.Fatal(err)
			}
			if _, _, err := db.CalendarFeedUser(ctx, token); accord.ErrorCode(err) != accord.ENOTFOUND {
				t.Errorf("a replaced feed token: err = %v, want not found", err)
			}
		})
	}
}

// TestScorecardApprovalsAreMotions: with a committee that approves the
// scorecard, a proposed KPI is put to it as a motion; the motion passing
// approves the KPI, and a KPI every party signs off directly withdraws it.
func TestScorecardApprovalsAreMotions(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, d, nil)
			b := seatBoard(t, db)
			k := hba1c()
			k.AllianceID, k.OwnerPartyID = b.alliance.ID, b.provider.ID
			if err := db.ProposeKPI(ctx, b.actors["Ben"], b.provider.ID, &k); err != nil {
				t.Fatal(err)
			}
			open, err := db.ListMotions(ctx, accord.DecisionFilter{AllianceID: b.alliance.ID, Subject: "kpi:" + k.ID}, accord.MotionOpen)
			if err != nil || len(open) != 1 || open[0].Rule != "party-consent" || open[0].ClosesAt == nil {
				t.Fatalf("motions on the proposed KPI = %+v, %v; want one open party-consent motion", open, err)
			}
			for _, who := range []string{"Ada", "Cyd", "Ben", "Dee"} {
				if _, err := db.CastVote(ctx, b.actors[who], b.alliance.ID, open[0].Number, "", "yes", ""); err != nil {
					t.Fatal(err)
				}
			}
			if got, _ := db.KPIByKey(ctx, b.alliance.ID, k.Key); got.Status != accord.KPIApproved {
				t.Errorf("KPI after the motion passed: status %q, want approved", got.Status)
			}

			second := accord.KPI{Key: "bp-control", Name: "Blood pressure control", Category: accord.CatClinicalOutcome, Unit: accord.UnitPercent,
				Direction: accord.HigherIsBetter, Frequency: accord.Monthly, IsRatio: true, AllianceID: b.alliance.ID, OwnerPartyID: b.provider.ID}
			if err := db.ProposeKPI(ctx, b.actors["Ben"], b.provider.ID, &second); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Approve(ctx, b.actors["Ada"], b.alliance.ID, "kpi", second.ID, b.payer.ID); err != nil {
				t.Fatal(err)
			}
			all, err := db.ListMotions(ctx, accord.DecisionFilter{AllianceID: b.alliance.ID, Subject: "kpi:" + second.ID}, "")
			if err != nil || len(all) != 1 || all[0].Status != accord.MotionWithdrawn {
				t.Errorf("motion on a KPI every party signed off = %+v, %v; want withdrawn", all, err)
			}
		})
	}
}

// TestOpenMotionBlocksWithdrawal: an amendment put to a committee cannot
// be withdrawn while the vote is open; the motion passing adopts it.
func TestOpenMotionBlocksWithdrawal(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		b := seatBoard(t, db)
		c := accord.Contract{AllianceID: b.alliance.ID, Key: "services", Title: "Services agreement"}
		orig := accord.Amendment{Summary: "Original", Text: "Share 50%.\n", Terms: yamlTerms, EffectiveFrom: date("2024-01-01")}
		if err := db.CreateContract(ctx, b.actors["Ada"], b.payer.ID, &c, &orig); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SignAmendment(ctx, b.actors["Ben"], c.ID, 1, b.provider.ID); err != nil {
			t.Fatal(err)
		}
		am := accord.Amendment{ContractID: c.ID, Summary: "Raise the share", Text: "Share 60%.\n", Terms: yamlTerms, EffectiveFrom: date("2025-01-01")}
		if err := db.ProposeAmendment(ctx, b.actors["Ada"], b.payer.ID, &am); err != nil {
			t.Fatal(err)
		}
		closes := time.Now().AddDate(0, 0, 7)
		m := accord.Motion{AllianceID: b.alliance.ID, CommitteeID: b.committee.ID, Title: "Adopt the raise", SubjectKind: accord.SubjectAmendment, SubjectID: am.ID, Rule: "party-consent", ClosesAt: &closes}
		if err := db.ProposeMotion(ctx, b.actors["Ada"], &m); err != nil {
			t.Fatal(err)
		}
		if _, err := db.WithdrawAmendment(ctx, b.actors["Ada"], c.ID, am.Number, b.payer.ID, "changed our mind"); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("withdrawing while its motion is open: err = %v, want conflict", err)
		}
		for _, who := range []string{"Ada", "Cyd", "Ben", "Dee"} {
			if _, err := db.CastVote(ctx, b.actors[who], b.alliance.ID, m.Number, "", "yes", ""); err != nil {
				t.Fatal(err)
			}
		}
		if got, _ := db.Amendment(ctx, c.ID, am.Number); got.Status != accord.AmendmentAdopted {
			t.Errorf("amendment after its motion passed: %q, want adopted", got.Status)
		}
	})
}
