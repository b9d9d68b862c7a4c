package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestDemoInbox: the demo's people find a few unread notifications — the
// recent ones of the story, then the signals of the first evaluation —
// and have read what is older than two weeks; nobody is flooded, and a
// plain member or an observer hears of nothing that is not theirs.
func TestDemoInbox(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, d, func() time.Time { return testNow })
			_, b := generate(t, db, testNow)
			if _, err := db.EvaluateSignals(ctx, accord.SystemActor("signals"), b.alliance.ID, nil); err != nil {
				t.Fatal(err)
			}
			members, err := db.ListMembers(ctx, b.alliance.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range members {
				all, _ := db.ListNotifications(ctx, accord.NotificationFilter{AllianceID: b.alliance.ID, UserID: m.UserID, Limit: 500})
				unread, _ := db.UnreadNotifications(ctx, b.alliance.ID, m.UserID)
				t.Logf("%-20s %-40s %3d notifications, %2d unread", m.UserName, m.Roles.String(), len(all), unread)
				kinds := map[accord.NotificationKind]int{}
				told := 0 // beside the health survey's invitations, which ask everyone
				for _, n := range all {
					if n.Kind != accord.NotifyHealthRoundOpened && n.Kind != accord.NotifyHealthReminder {
						told++
					}
					if n.Unread() && n.CreatedAt.Before(testNow.AddDate(0, 0, -14)) {
						t.Errorf("%s: unread from %s: %s", m.UserName, n.CreatedAt, n.Subject)
					}
					if n.Unread() {
						kinds[n.Kind]++
					}
				}
				switch {
				case unread > 20:
					t.Errorf("%s: %d unread; want a few, not a flood", m.UserName, unread)
				case m.Roles.Has(accord.RoleExecutive) && (unread < 3 || kinds[accord.NotifySignalOpened] == 0):
					t.Errorf("%s (an executive): unread %v; want a few, signals among them", m.UserName, kinds)
				case (m.Roles.Has(accord.RoleMember) || m.Roles.Has(accord.RoleObserver)) && told > 0:
					t.Errorf("%s (%s) was told %d things", m.UserName, m.Roles, told)
				}
			}
		})
	}
}
