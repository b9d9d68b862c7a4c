package server_test

import (
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/store"
)

// TestOverviewForYou: the overview puts first what needs the viewer: the
// next meeting of their committee, motions waiting for their vote and their
// action items.
func TestOverviewForYou(t *testing.T) {
	t.Parallel()
	a := newApp(t, store.SQLite)
	_, body := a.get(a.login(browserAdminEmail), "/a/north-valley")
	for _, want := range []string{`id="mine-h"`, "Your next meeting", "Steering committee", "Waiting for your vote", "Adopt the 2027 targets"} {
		if !strings.Contains(body, want) {
			t.Errorf("the admin's overview lacks %q", want)
		}
	}
	_, body = a.get(a.login("grace.liu@riversidepg.example"), "/a/north-valley")
	if !strings.Contains(body, "Your action item: Share the Eastgate winter staffing plan") || !strings.Contains(body, "overdue") {
		t.Error("Grace's overview does not show her overdue action item")
	}
	_, body = a.get(a.login(roleAccounts["observer"]), "/a/north-valley")
	if strings.Contains(body, `id="mine-h"`) {
		t.Error("an observer with nothing to do is shown a For you card")
	}
}
