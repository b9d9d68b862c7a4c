package server_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/store"
)

// isNeedsYouPath reports whether a documented path is the overview's
// "Needs you" list, which TestOpenAPINeedsYou checks on its own.
func isNeedsYouPath(path string) bool { return strings.HasSuffix(path, "/needs-you") }

// TestOpenAPINeedsYou checks GET …/needs-you against the document: the
// admin's list (a vote, with its next meeting), a plain member's empty one,
// a read token and a session, the refusals every GET must give, then that
// every status the document promises was seen.
func TestOpenAPINeedsYou(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			c := newChecker(t, a)
			const p = nv + "/needs-you"
			for _, tc := range []apiCase{
				{name: "admin", method: "GET", path: p, who: "admin", status: 200, save: func(c *checker, b []byte) {
					var n struct {
						Items []struct{ Kind, Link string }
						Next  *struct{ Committee string } `json:"next_meeting"`
					}
					json.Unmarshal(b, &n)
					if len(n.Items) == 0 || n.Next == nil || n.Next.Committee != "Steering committee" {
						c.t.Errorf("the admin's list: %s", b)
					}
					for _, it := range n.Items {
						if !strings.HasPrefix(it.Link, "/a/north-valley/") {
							c.t.Errorf("item %s links to %q, not a page of the alliance", it.Kind, it.Link)
						}
					}
				}},
				{name: "member with nothing", method: "GET", path: p, who: "member", status: 200, save: func(c *checker, b []byte) {
					var n map[string]any
					json.Unmarshal(b, &n)
					if items, ok := n["items"].([]any); !ok || len(items) != 0 {
						c.t.Errorf("a plain member's list: %s; want an empty list", b)
					}
				}},
				{name: "observer", method: "GET", path: p, who: "observer", status: 200},
				{name: "read token", method: "GET", path: p, who: "admin-read", status: 200},
				{name: "session", method: "GET", path: p, who: "session", status: 200},
			} {
				c.do(tc)
			}
			for _, tc := range genericCases(c.doc, isNeedsYouPath) {
				c.do(tc)
			}
			c.checkCoverage(isNeedsYouPath)
		})
	}
}
