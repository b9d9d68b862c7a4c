package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestStoryDates: the demo's history carries the dates of the story it
// tells, not the day it was built: members joined when the alliance was
// formed, the scorecard's KPIs were proposed and approved before its
// committees adopted it, the ballots were cast at their meetings, and the
// KPI still under discussion was proposed weeks ago.
func TestStoryDates(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, d, func() time.Time { return testNow })
			res, b := generate(t, db, testNow)
			today := accord.Day(testNow)
			old := testNow.AddDate(-1, 0, 0)
			ms, err := db.ListMembers(ctx, b.alliance.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				if !m.CreatedAt.Before(old) {
					t.Errorf("%s joined on %s, the day the demo was built or close to it", m.UserEmail, m.CreatedAt.Format(time.DateOnly))
				}
			}
			for key, k := range b.kpis {
				if key == res.Scorecard.Proposed {
					if !k.ProposedAt.Before(today.AddDate(0, 0, -7)) || k.ProposedAt.Before(today.AddDate(0, -2, 0)) {
						t.Errorf("the KPI under discussion was proposed on %s; want a few weeks ago", k.ProposedAt.Format(time.DateOnly))
					}
					continue
				}
				if !k.ProposedAt.Before(old) || k.ApprovedAt == nil || !k.ApprovedAt.Before(old) {
					t.Errorf("KPI %s proposed %s, approved %v; want both over a year ago", key, k.ProposedAt.Format(time.DateOnly), k.ApprovedAt)
				}
			}
			list, err := db.ListMotions(ctx, accord.DecisionFilter{AllianceID: b.alliance.ID}, "decided")
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range list {
				m, err := db.Motion(ctx, b.alliance.ID, l.Number)
				if err != nil {
					t.Fatal(err)
				}
				g, err := db.Meeting(ctx, b.alliance.ID, m.MeetingID)
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range m.Votes {
					if accord.Day(v.CastAt) != accord.Day(g.StartsAt) {
						t.Errorf("motion %d: %s voted on %s, its meeting was on %s", m.Number, v.Name, v.CastAt.Format(time.DateOnly), g.StartsAt.Format(time.DateOnly))
					}
				}
				if m.DecidedAt == nil || accord.Day(*m.DecidedAt) != accord.Day(g.StartsAt) {
					t.Errorf("motion %d decided %v, its meeting was on %s", m.Number, m.DecidedAt, g.StartsAt.Format(time.DateOnly))
				}
			}
		})
	}
}
