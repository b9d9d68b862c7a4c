package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

// TestInboxActionNeeded: a notification whose subject still needs its
// reader comes first, under "Action needed", on the page and the API; once
// done (the vote cast, the concern acknowledged) it joins the rest, which
// keep their order.
func TestInboxActionNeeded(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			admin := a.token(roleAccounts["admin"], "write")
			// A concern first, then a vote for Grace's council: the vote is newer.
			var raised struct{ ID string }
			if r := a.api("POST", nv+"/concerns", a.token(roleAccounts["observer"], "write"),
				`{"category":"data","severity":"low","body":"The extract double-counts Eastgate."}`, &raised); r.StatusCode != http.StatusCreated || raised.ID == "" {
				t.Fatalf("raise a concern: status %d", r.StatusCode)
			}
			closes := time.Now().UTC().AddDate(0, 0, 3).Truncate(time.Hour).Format(time.RFC3339)
			var mo struct{ Number int }
			if r := a.api("POST", nv+"/motions", admin, `{"committee":"clinical-council","title":"Adopt the sepsis bundle","rule":"majority","closes_at":"`+closes+`"}`, &mo); r.StatusCode != http.StatusCreated {
				t.Fatalf("propose: status %d", r.StatusCode)
			}
			vote, concern := "/a/north-valley/motions/"+itoa(mo.Number), "/a/north-valley/concerns/"+raised.ID
			ns := a.inbox(graceEmail)
			checkActionFirst(t, "before", ns)
			if n := noteAt(ns, vote); n == nil || !n.ActionNeeded {
				t.Fatalf("the open vote is not action needed: %+v", n)
			}
			if n := noteAt(ns, concern); n == nil || !n.ActionNeeded {
				t.Fatalf("the concern waiting for acknowledgement is not action needed: %+v", n)
			}
			_, page := a.get(a.login(graceEmail), "/a/north-valley/inbox")
			h, v, rest := strings.Index(page, ">Action needed <"), strings.Index(page, "Vote open: motion "+itoa(mo.Number)), strings.Index(page, "Everything else")
			if h < 0 || v < h || (rest >= 0 && rest < v) {
				t.Errorf("the inbox page does not list the vote under Action needed (heading %d, vote %d, rest %d)", h, v, rest)
			}

			// Grace votes; someone acknowledges the concern.
			if r := a.api("POST", nv+"/motions/"+itoa(mo.Number)+"/votes", a.token(graceEmail, "write"), `{"choice":"yes"}`, nil); r.StatusCode != http.StatusOK {
				t.Fatalf("vote: status %d", r.StatusCode)
			}
			ns = a.inbox(graceEmail)
			checkActionFirst(t, "after the vote", ns)
			if n := noteAt(ns, vote); n == nil || n.ActionNeeded {
				t.Errorf("the vote cast is still action needed: %+v", n)
			}
			if i, j := noteIndex(ns, concern), noteIndex(ns, vote); i < 0 || j < 0 || i > j {
				t.Errorf("the older concern still to acknowledge is not above the newer vote done (%d, %d)", i, j)
			}
			if r := a.api("POST", nv+"/concerns/"+raised.ID+"/acknowledge", admin, `{}`, nil); r.StatusCode != http.StatusOK {
				t.Fatalf("acknowledge: status %d", r.StatusCode)
			}
			if n := noteAt(a.inbox(graceEmail), concern); n == nil || n.ActionNeeded {
				t.Errorf("an acknowledged concern is still action needed: %+v", n)
			}
			// Grace's overdue item needs her until it is done.
			const item = "Action item for you: Share the Eastgate winter staffing plan"
			if i := subjectIndex(a.inbox(graceEmail), item); i < 0 || !a.inbox(graceEmail)[i].ActionNeeded {
				t.Fatalf("Grace's open action item is not action needed (at %d)", i)
			}
			ctx, al := context.Background(), mustAlliance(t, a)
			open, err := a.db.ListActionItems(ctx, accord.ActionFilter{AllianceID: al.ID, Status: accord.ActionOpen})
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range open {
				if strings.HasSuffix(item, it.Title) {
					if _, err := a.db.SetActionStatus(ctx, accord.SystemActor("test"), al.ID, it.ID, accord.ActionDone); err != nil {
						t.Fatal(err)
					}
				}
			}
			ns = a.inbox(graceEmail)
			if i := subjectIndex(ns, item); i < 0 || ns[i].ActionNeeded {
				t.Errorf("Grace's action item done is still action needed (at %d)", i)
			}
			checkActionFirst(t, "after the item is done", ns)
			// The observer may not handle concerns: nothing of theirs is action needed.
			for _, n := range a.inbox(roleAccounts["observer"]) {
				if n.ActionNeeded {
					t.Errorf("the observer's %q is action needed", n.Subject)
				}
			}
		})
	}
}

// checkActionFirst fails when a notification that needs action follows
// one that does not.
func checkActionFirst(t *testing.T, when string, ns []accord.Notification) {
	t.Helper()
	for i := 1; i < len(ns); i++ {
		if ns[i].ActionNeeded && !ns[i-1].ActionNeeded {
			t.Errorf("%s: %q needs action but follows %q, which does not", when, ns[i].Subject, ns[i-1].Subject)
		}
	}
}

// subjectIndex is the position of the first notification with subject.
func subjectIndex(ns []accord.Notification, subject string) int {
	for i, n := range ns {
		if n.Subject == subject {
			return i
		}
	}
	return -1
}

// noteIndex is the position of the first notification linking to link.
func noteIndex(ns []accord.Notification, link string) int {
	for i, n := range ns {
		if n.Link == link {
			return i
		}
	}
	return -1
}

func noteAt(ns []accord.Notification, link string) *accord.Notification {
	if i := noteIndex(ns, link); i >= 0 {
		return &ns[i]
	}
	return nil
}
