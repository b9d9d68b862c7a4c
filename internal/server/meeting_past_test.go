package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/store"
)

// TestPastMeetingPage: the page of a past meeting with approved minutes
// shows the agenda it was held on and the motions put to it, and offers no
// approval of minutes already approved.
func TestPastMeetingPage(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			mo, err := a.db.Motion(context.Background(), mustAlliance(t, a).ID, a.demo.Governance.FailedMotion)
			if err != nil {
				t.Fatal(err)
			}
			code, page := a.get(a.login(roleAccounts["admin"]), "/a/north-valley/meetings/"+mo.MeetingID)
			if code != 200 {
				t.Fatalf("meeting page: status %d", code)
			}
			agenda, _, _ := strings.Cut(page[strings.Index(page, `id="ag-h"`):], `id="mo-h"`)
			if !strings.Contains(agenda, "Approve the minutes of") || !strings.Contains(agenda, mo.Title) {
				t.Errorf("the past meeting's agenda lacks the previous minutes or its motion %q", mo.Title)
			}
			if strings.Contains(page, "Approve these minutes") {
				t.Error("a held meeting offers to approve minutes again")
			}
			motions := page[strings.Index(page, `id="mo-h"`):]
			if !strings.Contains(motions, mo.Title) {
				t.Errorf("the past meeting's motions lack %q", mo.Title)
			}
		})
	}
}
