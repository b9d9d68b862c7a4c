package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestGovernance checks the demo's governance stories: two committees with
// two years of meetings, the motion that failed for lack of clinical
// consent, two active protocols, an overdue action item, and the next
// check-in ahead with its motion open.
func TestGovernance(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, d, nil)
			res, b := generate(t, db, testNow)
			g := res.Governance
			cs, err := db.ListCommittees(ctx, b.alliance.ID)
			if err != nil || len(cs) != 2 || !cs[0].ApprovesScorecard || cs[0].Key != g.Steering {
				t.Fatalf("committees = %+v, %v", cs, err)
			}
			for _, c := range cs {
				ms, err := db.ListMeetings(ctx, accord.MeetingFilter{AllianceID: b.alliance.ID, CommitteeID: c.ID})
				if err != nil {
					t.Fatal(err)
				}
				held, approved := 0, 0
				for _, m := range ms {
					if m.Status == accord.MeetingHeld {
						held++
					}
					if m.MinutesStatus == accord.MinutesApproved {
						approved++
					}
					if m.StartsAt.After(testNow) && m.Status != accord.MeetingScheduled {
						t.Errorf("%s: a future meeting is %s", c.Name, m.Status)
					}
				}
				if want := map[string]int{"steering": 8, "clinical-council": 24}[c.Key]; held != want || approved != want-1 {
					t.Errorf("%s: %d meetings held, %d with approved minutes; want %d and %d", c.Name, held, approved, want, want-1)
				}
			}
			failed, err := db.Motion(ctx, b.alliance.ID, g.FailedMotion)
			if err != nil || failed.Status != accord.MotionFailed || !strings.Contains(string(failed.Tally), "clinical consent not given") {
				t.Errorf("the failed motion = %q %s, %v", failed.Status, failed.Tally, err)
			}
			next, err := db.Meeting(ctx, b.alliance.ID, g.NextCheckIn)
			if err != nil || next.Status != accord.MeetingScheduled || !next.StartsAt.After(testNow) {
				t.Errorf("the next check-in = %+v, %v", next, err)
			}
			open, err := db.Motion(ctx, b.alliance.ID, g.OpenMotion)
			if err != nil || open.Status != accord.MotionOpen || open.MeetingID != g.NextCheckIn || open.Rule != "party-consent" {
				t.Errorf("the motion for the next check-in = %+v, %v", open, err)
			}
			if m, err := db.Motion(ctx, b.alliance.ID, g.KPIMotion); err != nil || m.SubjectKind != accord.SubjectKPI || m.Status != accord.MotionOpen {
				t.Errorf("the motion on the proposed KPI = %+v, %v", m, err)
			}
			ps, err := db.ListProtocols(ctx, b.alliance.ID)
			if err != nil || len(ps) != 2 || ps[0].Status != accord.ProtocolActive || ps[1].Status != accord.ProtocolActive {
				t.Errorf("protocols = %+v, %v; want two active", ps, err)
			}
			items, err := db.ListActionItems(ctx, accord.ActionFilter{AllianceID: b.alliance.ID, Status: accord.ActionOpen})
			if err != nil {
				t.Fatal(err)
			}
			overdue := 0
			for _, a := range items {
				if a.Overdue(testNow) {
					overdue++
				}
			}
			if overdue != 1 || len(items) < 3 {
				t.Errorf("%d open action items, %d overdue; want at least 3 open and exactly 1 overdue", len(items), overdue)
			}
		})
	}
}
