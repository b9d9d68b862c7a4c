package server_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/store"
)

// isNotificationsPath reports whether a documented path belongs to the
// inbox, e-mail preferences or webhooks, which TestOpenAPINotifications
// checks on its own.
func isNotificationsPath(path string) bool {
	return strings.Contains(path, "/notification") || strings.Contains(path, "/webhooks")
}

// TestOpenAPINotifications checks every notifications operation against
// the document: the inbox, the preference, the webhooks and their log,
// the refusals every operation of its kind must give, then that every
// status the document promises was seen.
func TestOpenAPINotifications(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			c := newChecker(t, a)
			for _, tc := range notificationCases() {
				c.do(tc)
			}
			for _, tc := range genericCases(c.doc, isNotificationsPath) {
				c.do(tc)
			}
			c.checkCoverage(isNotificationsPath)
		})
	}
}

// saveFirst keeps the id of the first item of a list answer under name.
func saveFirst(name string) func(*checker, []byte) {
	return func(c *checker, b []byte) {
		var l struct{ Items []struct{ ID string } }
		json.Unmarshal(b, &l)
		if len(l.Items) == 0 {
			c.t.Fatalf("no item to save as %s: %s", name, b)
		}
		c.vars[name] = l.Items[0].ID
	}
}

func notificationCases() []apiCase {
	const (
		inbox = nv + "/notifications"
		note  = inbox + "/{note}/read"
		prefs = nv + "/notification-preferences"
		hooks = nv + "/webhooks"
		hook  = hooks + "/{hook}"
	)
	return []apiCase{
		// An observer's concern notifies the handlers, the admin among them.
		{name: "to notify", method: "POST", path: nv + "/concerns", who: "observer", status: 201,
			body: `{"category":"data","severity":"low","body":"The September extract double-counts Eastgate."}`},
		{name: "mine", method: "GET", path: inbox, who: "admin", status: 200, save: saveFirst("note")},
		{name: "unread ones", method: "GET", path: inbox + "?unread=true&limit=5", who: "admin", status: 200},
		{name: "read token reads", method: "GET", path: inbox, who: "admin-read", status: 200},
		{name: "observer", method: "GET", path: inbox, who: "observer", status: 200},
		{name: "bad unread", method: "GET", path: inbox + "?unread=yes", who: "admin", status: 422, field: "unread", req: reqInvalid},
		{name: "bad limit", method: "GET", path: inbox + "?limit=0", who: "admin", status: 422, field: "limit", req: reqInvalid},
		{name: "read", method: "POST", path: note, who: "admin", status: 200, save: func(c *checker, b []byte) {
			var m map[string]any
			json.Unmarshal(b, &m)
			if m["read_at"] == nil || !strings.HasPrefix(m["link"].(string), "/a/north-valley/") {
				c.t.Errorf("read notification %s: want read_at and a path", b)
			}
		}},
		{name: "again", method: "POST", path: note, who: "admin", status: 200},
		{name: "someone else's", method: "POST", path: note, who: "executive", status: 404},
		{name: "unknown", method: "POST", path: inbox + "/nope/read", who: "admin", status: 404},
		{name: "read token", method: "POST", path: note, who: "admin-read", status: 403},
		{name: "all", method: "POST", path: inbox + "/read-all", who: "admin", status: 200},
		{name: "session", method: "POST", path: inbox + "/read-all", who: "session", status: 200, save: wantValue("marked", float64(0))},
		{name: "read token", method: "POST", path: inbox + "/read-all", who: "admin-read", status: 403},

		{name: "default", method: "GET", path: prefs, who: "observer", status: 200, save: wantValue("mode", "immediately")},
		{name: "read token reads", method: "GET", path: prefs, who: "member", status: 200},
		{name: "digest", method: "PUT", path: prefs, who: "observer", body: `{"mode":"digest"}`, status: 200, save: wantValue("mode", "digest")},
		{name: "off", method: "PUT", path: prefs, who: "session", body: `{"mode":"off"}`, status: 200},
		{name: "weekly", method: "PUT", path: prefs, who: "observer", body: `{"mode":"weekly"}`, status: 422, field: "mode", req: reqInvalid},
		{name: "unknown field", method: "PUT", path: prefs, who: "observer", body: `{"mode":"off","hour":9}`, status: 422, field: "hour", req: reqInvalid},
		{name: "read token", method: "PUT", path: prefs, who: "member", body: `{"mode":"off"}`, status: 403},

		{name: "none yet", method: "GET", path: hooks, who: "admin", status: 200},
		{name: "executive", method: "GET", path: hooks, who: "executive", status: 403},
		{name: "add", method: "POST", path: hooks, who: "admin", status: 201, body: `{"url":"https://hooks.example.org/accord","format":"json","events":["concern_raised","motion_opened"]}`,
			save: func(c *checker, b []byte) {
				saveID("hook", "", "")(c, b)
				var m map[string]any
				json.Unmarshal(b, &m)
				if s, _ := m["secret"].(string); !strings.HasPrefix(s, "whsec_") {
					c.t.Errorf("new webhook %s: want its secret", b)
				}
			}},
		{name: "slack", method: "POST", path: hooks, who: "session", status: 201, body: `{"url":"https://hooks.slack.com/services/T/B/X","format":"slack"}`},
		{name: "ftp", method: "POST", path: hooks, who: "admin", status: 422, field: "url", body: `{"url":"ftp://example.org/x"}`},
		{name: "bad format", method: "POST", path: hooks, who: "admin", status: 422, field: "format", req: reqInvalid, body: `{"url":"https://x.example","format":"xml"}`},
		{name: "personal event", method: "POST", path: hooks, who: "admin", status: 422, field: "events", req: reqInvalid, body: `{"url":"https://x.example","events":["concern_reply"]}`},
		{name: "active on create", method: "POST", path: hooks, who: "admin", status: 422, field: "active", req: reqInvalid, body: `{"url":"https://x.example","active":false}`},
		{name: "read token", method: "POST", path: hooks, who: "admin-read", status: 403, body: `{"url":"https://x.example"}`},
		{name: "executive", method: "POST", path: hooks, who: "executive", status: 403, body: `{"url":"https://x.example"}`},
		{name: "list", method: "GET", path: hooks, who: "admin-read", status: 200, save: func(c *checker, b []byte) {
			if strings.Contains(string(b), "whsec_") {
				c.t.Errorf("the list shows a secret: %s", b)
			}
		}},
		{name: "one", method: "GET", path: hook, who: "admin", status: 200},
		{name: "unknown", method: "GET", path: hooks + "/nope", who: "admin", status: 404},
		{name: "executive", method: "GET", path: hook, who: "executive", status: 403},
		{name: "events", method: "PATCH", path: hook, who: "admin", status: 200, body: `{"events":["motion_opened"]}`},
		{name: "bad event", method: "PATCH", path: hook, who: "admin", status: 422, field: "events", req: reqInvalid, body: `{"events":["gossip"]}`},
		{name: "unknown", method: "PATCH", path: hooks + "/nope", who: "admin", status: 404, body: `{"active":false}`},
		{name: "executive", method: "PATCH", path: hook, who: "executive", status: 403, body: `{"active":false}`},
		{name: "test", method: "POST", path: hook + "/test", who: "admin", status: 202, save: wantValue("event", "webhook_test")},
		{name: "executive", method: "POST", path: hook + "/test", who: "executive", status: 403},
		{name: "unknown", method: "POST", path: hooks + "/nope/test", who: "admin", status: 404},
		{name: "log", method: "GET", path: hook + "/deliveries", who: "admin-read", status: 200, save: saveFirst("delivery")},
		{name: "bad limit", method: "GET", path: hook + "/deliveries?limit=0", who: "admin", status: 422, field: "limit", req: reqInvalid},
		{name: "unknown", method: "GET", path: hooks + "/nope/deliveries", who: "admin", status: 404},
		{name: "executive", method: "GET", path: hook + "/deliveries", who: "executive", status: 403},
		{name: "deactivate", method: "PATCH", path: hook, who: "admin", status: 200, body: `{"active":false}`, save: wantValue("active", false)},
		{name: "test deactivated", method: "POST", path: hook + "/test", who: "admin", status: 409},
		{name: "executive", method: "DELETE", path: hook, who: "executive", status: 403},
		{name: "delete", method: "DELETE", path: hook, who: "admin", status: 204},
		{name: "again", method: "DELETE", path: hook, who: "admin", status: 404},
	}
}
