package notify_test

import (
	"context"
	"net"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/notify"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestWebhookRefusesInternalAddresses: without an allow-list, deliveries to
// loopback are refused whether the URL names the address or a name that
// resolves to it, the receiver hears nothing, and the log reads the same
// for an open port as for a closed one (it maps no ports).
func TestWebhookRefusesInternalAddresses(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			w := newWorld(t, d)
			ctx := context.Background()
			rc := &receiver{t: t, clk: w.clk}
			srv := httptest.NewServer(rc)
			t.Cleanup(srv.Close)
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			closed := ln.Addr().String()
			ln.Close()
			_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
			var hooks []*accord.Webhook
			for _, u := range []string{srv.URL + "/hook", "http://localhost:" + port + "/hook", "http://" + closed + "/hook"} {
				h := &accord.Webhook{AllianceID: w.alliance.ID, URL: u, Format: accord.WebhookJSON}
				if err := w.db.CreateWebhook(ctx, w.actors["Ada"], h); err != nil {
					t.Fatal(err)
				}
				hooks = append(hooks, h)
			}
			w.raise(t, "high")
			w.run(t, &notify.Delivery{})
			logs := make([]accord.WebhookDelivery, len(hooks))
			waitFor(t, "the first attempts recorded", func() bool {
				for i, h := range hooks {
					ds, err := w.db.ListWebhookDeliveries(ctx, w.alliance.ID, h.ID, 0)
					if err != nil || len(ds) != 1 || ds[0].Attempts != 1 {
						return false
					}
					logs[i] = ds[0]
				}
				return true
			})
			for i, g := range logs {
				if g.StatusCode != 0 || g.DeliveredAt != nil || !strings.Contains(g.Error, "private network") || strings.Contains(g.Error, port) {
					t.Errorf("%s: %+v; want refused as a private address", hooks[i].URL, g)
				}
				if g.Error != logs[0].Error {
					t.Errorf("%s logs %q, %s logs %q: want the same", hooks[i].URL, g.Error, hooks[0].URL, logs[0].Error)
				}
			}
			time.Sleep(100 * time.Millisecond)
			if n := rc.attempts(); n != 0 {
				t.Errorf("the loopback receiver got %d requests, want none", n)
			}
		})
	}
}
