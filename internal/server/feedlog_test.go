package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/store"
)

// TestFeedSecretsStayOutOfTheLog fetches a calendar feed by its secret link,
// and a file it does not have: the request log shows neither link, only
// that a feed was asked for.
func TestFeedSecretsStayOutOfTheLog(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			u, _, err := a.db.UserByEmail(context.Background(), roleAccounts["executive"])
			if err != nil {
				t.Fatal(err)
			}
			tok, err := a.db.CalendarFeed(context.Background(), u.ID, mustAlliance(t, a).ID)
			if err != nil {
				t.Fatal(err)
			}
			for file, want := range map[string]int{"my-meetings.ics": http.StatusOK, "nothing.txt": http.StatusNotFound} {
				if s, _ := a.get(a.client(), "/feeds/"+tok+"/"+file); s != want {
					t.Errorf("GET feed %s: status %d, want %d", file, s, want)
				}
			}
			logs := a.logs.String()
			if strings.Contains(logs, tok) {
				t.Errorf("the feed's secret appears in the log:\n%s", logs)
			}
			if !strings.Contains(logs, `path=/feeds/…`) {
				t.Errorf("the log does not show the feed fetches as /feeds/…:\n%s", logs)
			}
		})
	}
}
