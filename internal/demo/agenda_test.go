package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestPastAgenda: a past meeting with approved minutes kept the agenda it
// was held on — the previous minutes to approve, its topics and the
// motions put to it.
func TestPastAgenda(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, d, nil)
			res, b := generate(t, db, testNow)
			failed, err := db.Motion(ctx, b.alliance.ID, res.Governance.FailedMotion)
			if err != nil {
				t.Fatal(err)
			}
			m, err := db.Meeting(ctx, b.alliance.ID, failed.MeetingID)
			if err != nil || m.MinutesStatus != accord.MinutesApproved {
				t.Fatalf("the failed motion's meeting: minutes %q, %v; want approved", m.MinutesStatus, err)
			}
			items, err := db.Agenda(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			var kinds, titles []string
			for _, it := range items {
				kinds, titles = append(kinds, it.Kind), append(titles, it.Title)
			}
			all := strings.Join(titles, "\n")
			if len(items) < 4 || kinds[0] != accord.AgendaMinutes || !strings.Contains(all, failed.Title) {
				t.Errorf("agenda of a past meeting = %q; want the minutes first, its topics and the motion %q", titles, failed.Title)
			}
		})
	}
}
