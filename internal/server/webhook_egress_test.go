package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/server"
	"github.com/accord-alliance/accord/internal/store"
)

// TestWebhookInternalAddressRefused: a webhook whose URL names an internal
// address is refused when it is added (page and API) or moved there, with
// a plain message on the url field, unless the installation allows the host.
func TestWebhookInternalAddressRefused(t *testing.T) {
	t.Parallel()
	internal := []string{"http://127.0.0.1:6379/", "http://[::1]/x", "http://169.254.169.254/latest/meta-data", "https://10.0.0.5/hook",
		"http://[::ffff:192.168.1.1]/", "http://localhost:8080/", "http://100.64.1.1/", "http://0.0.0.0:22/"}
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			tok := a.token(roleAccounts["admin"], "write")
			hooks := "/api/v1/alliances/north-valley/webhooks"
			for _, u := range internal {
				var e struct {
					Error struct{ Code, Message, Field string }
				}
				resp := a.api("POST", hooks, tok, `{"url":"`+u+`"}`, &e)
				if resp.StatusCode != http.StatusUnprocessableEntity || e.Error.Field != "url" || !strings.Contains(e.Error.Message, "private network") {
					t.Errorf("POST %s: status %d, %+v; want 422 on url", u, resp.StatusCode, e.Error)
				}
			}
			var made struct{ ID string }
			if resp := a.api("POST", hooks, tok, `{"url":"https://hooks.example.org/a"}`, &made); resp.StatusCode != http.StatusCreated {
				t.Fatalf("a public webhook: status %d", resp.StatusCode)
			}
			if resp := a.api("PATCH", hooks+"/"+made.ID, tok, `{"url":"http://192.168.0.1/"}`, nil); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("moving a webhook to a private address: status %d, want 422", resp.StatusCode)
			}
			c := a.login(roleAccounts["admin"])
			req, _ := http.NewRequest("POST", a.srv.URL+"/a/north-valley/webhooks", strings.NewReader(url.Values{"url": {"http://127.0.0.1:22/"}, "format": {"json"}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			if page := readAll(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "private network") {
				t.Errorf("adding a loopback webhook on the page: status %d", resp.StatusCode)
			}
			hs, _ := a.db.ListWebhooks(context.Background(), mustAlliance(t, a).ID)
			if len(hs) != 1 {
				t.Errorf("%d webhooks stored, want only the public one", len(hs))
			}
		})
	}
	t.Run("allowed", func(t *testing.T) {
		a := newAppWith(t, store.SQLite, server.Config{WebhookAllowHosts: []string{"127.0.0.1", "relay.internal"}})
		tok := a.token(roleAccounts["admin"], "write")
		for _, u := range []string{"http://127.0.0.1:9000/hook", "http://relay.internal/hook"} {
			if resp := a.api("POST", "/api/v1/alliances/north-valley/webhooks", tok, `{"url":"`+u+`"}`, nil); resp.StatusCode != http.StatusCreated {
				t.Errorf("allowed host %s: status %d, want 201", u, resp.StatusCode)
			}
		}
		if resp := a.api("POST", "/api/v1/alliances/north-valley/webhooks", tok, `{"url":"http://127.0.0.2/"}`, nil); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a host not on the list: status %d, want 422", resp.StatusCode)
		}
	})
}
