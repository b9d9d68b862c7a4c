package notify_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/jobs"
	"github.com/accord-alliance/accord/internal/notify"
	"github.com/accord-alliance/accord/internal/notify/smtptest"
	"github.com/accord-alliance/accord/internal/password"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// clock is the fake clock of the store: due times, leases and schedules
// follow it, while the runner polls in real time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// world is an alliance of one party with Ada (admin and executive), Tom
// (operations) and Eve (a member), on a store with a fake clock.
type world struct {
	db       *store.DB
	clk      *clock
	alliance accord.Alliance
	actors   map[string]accord.Actor
}

var sys = accord.SystemActor("test")

func newWorld(t *testing.T, d store.Dialect) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{clk: &clock{t: time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)}, actors: map[string]accord.Actor{}}
	w.db = storetest.Open(t, d, w.clk.Now)
	w.alliance = accord.Alliance{Slug: "north-valley", Name: "North Valley"}
	if err := w.db.CreateAlliance(ctx, sys, &w.alliance); err != nil {
		t.Fatal(err)
	}
	org, _ := w.db.EnsureOrganization(ctx, sys, "Valley Health Plan")
	p := accord.Party{AllianceID: w.alliance.ID, OrgID: org.ID, Role: accord.PartyPayer}
	if err := w.db.AddParty(ctx, sys, &p); err != nil {
		t.Fatal(err)
	}
	for name, roles := range map[string]accord.Roles{"Ada": {accord.RoleAdmin, accord.RoleExecutive}, "Tom": {accord.RoleOperations}, "Eve": {accord.RoleMember}} {
		u := accord.User{Email: strings.ToLower(name) + "@plan.example", Name: name}
		if err := w.db.CreateUser(ctx, sys, &u, "x"); err != nil {
			t.Fatal(err)
		}
		m := accord.Membership{AllianceID: w.alliance.ID, UserID: u.ID, PartyID: p.ID, Roles: roles}
		if err := w.db.AddMember(ctx, sys, &m); err != nil {
			t.Fatal(err)
		}
		w.actors[name] = accord.Actor{UserID: u.ID, Name: name, Via: "web"}
	}
	return w
}

// raise raises a named concern as Eve at the clock's time.
func (w *world) raise(t *testing.T, severity string) accord.Concern {
	t.Helper()
	c := accord.Concern{AllianceID: w.alliance.ID, Category: accord.ConcernData, Severity: severity, Body: "The extract is wrong", ReceiptCost: password.Fast}
	if _, err := w.db.RaiseConcern(context.Background(), w.actors["Eve"], &c, false); err != nil {
		t.Fatal(err)
	}
	return c
}

// run starts a runner with the delivery jobs; it stops when the test ends.
func (w *world) run(t *testing.T, d *notify.Delivery) {
	t.Helper()
	d.Store, d.BaseURL, d.Log = w.db, "https://accord.example.org", slog.New(slog.DiscardHandler)
	r := jobs.New(w.db, jobs.Config{PollInterval: 10 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)})
	for _, j := range d.Jobs() {
		r.Register(j.Kind, j.Handle)
	}
	for _, s := range notify.Schedules() {
		r.Schedule(s.Name, s.Every, s.Kind)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
}

// waitFor polls cond for up to ten seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// mailsTo returns the messages the sink received for an address.
func mailsTo(sink *smtptest.Server, addr string) []smtptest.Message {
	var out []smtptest.Message
	for _, m := range sink.Messages() {
		if m.To == addr {
			out = append(out, m)
		}
	}
	return out
}

// TestMailBatches: notifications due to a person go in one e-mail, over a
// real SMTP listener, with absolute links; a person who must act hears at
// once even with e-mail off.
func TestMailBatches(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			w := newWorld(t, d)
			ctx := context.Background()
			if _, err := w.db.SetNotificationPreference(ctx, w.alliance.ID, w.actors["Tom"].UserID, accord.MailOff); err != nil {
				t.Fatal(err)
			}
			w.raise(t, "low")
			w.raise(t, "medium")
			w.raise(t, "high") // Tom must act on this one
			sink := smtptest.New(t)
			w.run(t, &notify.Delivery{Mailer: &notify.SMTP{Addr: sink.Addr(), From: "accord <accord@example.org>"}})
			waitFor(t, "Ada's and Tom's e-mail", func() bool {
				return len(mailsTo(sink, "ada@plan.example")) > 0 && len(mailsTo(sink, "tom@plan.example")) > 0
			})
			time.Sleep(100 * time.Millisecond) // the other jobs have nothing left to send
			ada := mailsTo(sink, "ada@plan.example")
			if len(ada) != 1 || !strings.Contains(ada[0].Data, "Subject: [North Valley] 3 notifications") ||
				!strings.Contains(ada[0].Data, "https://accord.example.org/a/north-valley/concerns/") {
				t.Errorf("Ada's e-mail: %d messages; want one with the three: %q", len(ada), ada)
			}
			tom := mailsTo(sink, "tom@plan.example")
			if len(tom) != 1 || !strings.Contains(tom[0].Data, "[Action needed] Concern raised: Data, high severity") || strings.Contains(tom[0].Data, "low severity") {
				t.Errorf("Tom's e-mail (off): %q; want only the one to act on", tom)
			}
			if len(mailsTo(sink, "eve@plan.example")) != 0 {
				t.Error("the reporter was e-mailed about her own concern")
			}
		})
	}
}

// TestDigestAtItsHour drives the digest schedule with the fake clock: no
// digest before the hour; at the hour, one e-mail listing exactly what is
// unread since the last digest.
func TestDigestAtItsHour(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			w := newWorld(t, d)
			ctx := context.Background()
			ada := w.actors["Ada"].UserID
			if _, err := w.db.SetNotificationPreference(ctx, w.alliance.ID, ada, accord.MailDigest); err != nil {
				t.Fatal(err)
			}
			w.clk.Set(w.clk.Now().Add(30 * time.Minute))
			first := w.raise(t, "low")
			w.clk.Set(w.clk.Now().Add(30 * time.Minute))
			second := w.raise(t, "medium")
			sink := smtptest.New(t)
			w.run(t, &notify.Delivery{Mailer: &notify.SMTP{Addr: sink.Addr(), From: "accord@example.org"}})
			waitFor(t, "Tom's immediate e-mail", func() bool { return len(mailsTo(sink, "tom@plan.example")) > 0 })

			w.clk.Set(time.Date(2026, 11, 27, accord.DigestHour-1, 59, 0, 0, time.UTC))
			time.Sleep(200 * time.Millisecond)
			if n := len(mailsTo(sink, "ada@plan.example")); n != 0 {
				t.Fatalf("%d digests before the hour", n)
			}
			w.clk.Set(time.Date(2026, 11, 27, accord.DigestHour, 1, 0, 0, time.UTC))
			waitFor(t, "the first digest", func() bool { return len(mailsTo(sink, "ada@plan.example")) == 1 })
			// The job records the digest after sending it; moving the clock
			// before then would expire its lease and let a later tick send
			// the same digest again.
			waitFor(t, "the first digest recorded", func() bool { return w.jobsIdle(t) })
			dg := mailsTo(sink, "ada@plan.example")[0].Data
			if !strings.Contains(dg, "Subject: [North Valley] Daily digest: 2 notifications") || !strings.Contains(dg, first.ID) || !strings.Contains(dg, second.ID) {
				t.Errorf("first digest: %q", dg)
			}

			// During the day: two more, one of them read.
			w.clk.Set(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
			third := w.raise(t, "low")
			fourth := w.raise(t, "low")
			ns, _ := w.db.ListNotifications(ctx, accord.NotificationFilter{AllianceID: w.alliance.ID, UserID: ada, UnreadOnly: true})
			for _, n := range ns {
				if n.Link == "concerns/"+fourth.ID {
					w.db.MarkNotificationRead(ctx, w.alliance.ID, ada, n.ID)
				}
			}
			w.clk.Set(time.Date(2026, 11, 28, accord.DigestHour, 5, 0, 0, time.UTC))
			waitFor(t, "the second digest", func() bool { return len(mailsTo(sink, "ada@plan.example")) == 2 })
			dg = mailsTo(sink, "ada@plan.example")[1].Data
			if !strings.Contains(dg, "Daily digest: 1 notification") || !strings.Contains(dg, third.ID) || strings.Contains(dg, fourth.ID) ||
				strings.Contains(dg, first.ID) || strings.Contains(dg, second.ID) {
				t.Errorf("second digest: %q; want only the unread one since the first", dg)
			}
			time.Sleep(100 * time.Millisecond)
			if n := len(mailsTo(sink, "ada@plan.example")); n != 2 {
				t.Errorf("%d digests in two days", n)
			}
		})
	}
}

// receiver is a webhook endpoint that fails its first failures attempts
// and checks every signature.
type receiver struct {
	t        *testing.T
	secret   string
	clk      *clock
	failures int
	mu       sync.Mutex
	bodies   []string
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	rc.bodies = append(rc.bodies, string(body))
	n := len(rc.bodies)
	secret := rc.secret
	rc.mu.Unlock()
	ts := r.Header.Get(notify.HeaderTimestamp)
	if err := notify.Verify(secret, ts, r.Header.Get(notify.HeaderSignature), body, rc.clk.Now(), 5*time.Minute); err != nil {
		rc.t.Errorf("attempt %d: %v", n, err)
	}
	if ts != strconv.FormatInt(rc.clk.Now().Unix(), 10) {
		rc.t.Errorf("attempt %d: timestamp %s, want the clock's", n, ts)
	}
	if n <= rc.failures {
		http.Error(w, "try later", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (rc *receiver) attempts() int { rc.mu.Lock(); defer rc.mu.Unlock(); return len(rc.bodies) }

// TestWebhookRetriesBackOff: a failing receiver is tried again after 1,
// then 4 minutes, then succeeds; one that always fails is given up after
// accord.WebhookMaxAttempts, and the delivery log says so.
func TestWebhookRetriesBackOff(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			w := newWorld(t, d)
			ctx := context.Background()
			flaky := &receiver{t: t, clk: w.clk, failures: 2}
			dead := &receiver{t: t, clk: w.clk, failures: 1000}
			hooks := map[*receiver]*accord.Webhook{}
			for _, rc := range []*receiver{flaky, dead} {
				srv := httptest.NewServer(rc)
				t.Cleanup(srv.Close)
				h := &accord.Webhook{AllianceID: w.alliance.ID, URL: srv.URL + "/hook", Format: accord.WebhookJSON}
				if err := w.db.CreateWebhook(ctx, w.actors["Ada"], h); err != nil {
					t.Fatal(err)
				}
				rc.secret, hooks[rc] = h.Secret, h
			}
			c := w.raise(t, "high")
			// The receivers listen on loopback, which only an allow-list opens.
			w.run(t, &notify.Delivery{AllowHosts: []string{"127.0.0.1"}})
			start := w.clk.Now()
			waitFor(t, "the first attempts", func() bool { return flaky.attempts() == 1 && dead.attempts() == 1 })
			var ev struct{ Event, Alliance, Subject, Link, Delivery string }
			json.Unmarshal([]byte(flaky.bodies[0]), &ev)
			if ev.Event != "concern_raised" || ev.Alliance != "north-valley" || ev.Link != "https://accord.example.org/a/north-valley/concerns" ||
				strings.Contains(flaky.bodies[0], c.Body) || strings.Contains(flaky.bodies[0], "Eve") {
				t.Errorf("body %s: want the event with a link to the list, and neither words nor reporter", flaky.bodies[0])
			}
			log := func(rc *receiver) accord.WebhookDelivery {
				ds, err := w.db.ListWebhookDeliveries(ctx, w.alliance.ID, hooks[rc].ID, 0)
				if err != nil || len(ds) != 1 {
					t.Fatalf("delivery log: %+v, %v", ds, err)
				}
				return ds[0]
			}
			waitFor(t, "the first failures recorded", func() bool { return log(flaky).Attempts == 1 && log(dead).Attempts == 1 })
			if g := log(flaky); g.StatusCode != 503 || g.NextAttemptAt == nil || !g.NextAttemptAt.Equal(start.Add(time.Minute)) || !strings.Contains(g.Error, "try later") {
				t.Errorf("after the first attempt: %+v", g)
			}
			// Not before the back-off has passed.
			w.clk.Set(start.Add(59 * time.Second))
			time.Sleep(150 * time.Millisecond)
			if n := flaky.attempts(); n != 1 {
				t.Fatalf("%d attempts before the back-off passed", n)
			}
			elapsed := time.Duration(0)
			for attempt := 1; attempt < accord.WebhookMaxAttempts; attempt++ {
				elapsed += accord.WebhookRetryDelay(attempt)
				w.clk.Set(start.Add(elapsed))
				want := attempt + 1
				// Both receivers are due at the same moments until the flaky
				// one succeeds at its third; wait for both before the clock
				// moves on, or the receiver reads a later clock than was sent.
				flakyWant := min(want, 3)
				waitFor(t, "attempt "+strconv.Itoa(want), func() bool {
					return dead.attempts() == want && log(dead).Attempts == want &&
						flaky.attempts() == flakyWant && log(flaky).Attempts == flakyWant
				})
			}
			if g := log(flaky); g.DeliveredAt == nil || g.Attempts != 3 || g.StatusCode != 204 {
				t.Errorf("flaky receiver: %+v; want delivered at the third attempt", g)
			}
			if g := log(dead); g.FailedAt == nil || g.Attempts != accord.WebhookMaxAttempts || g.NextAttemptAt != nil {
				t.Errorf("dead receiver: %+v; want given up after %d attempts", g, accord.WebhookMaxAttempts)
			}
			w.clk.Set(start.Add(48 * time.Hour))
			time.Sleep(150 * time.Millisecond)
			if flaky.attempts() != 3 || dead.attempts() != accord.WebhookMaxAttempts {
				t.Errorf("attempts after giving up: flaky %d, dead %d", flaky.attempts(), dead.attempts())
			}
		})
	}
}

func TestWebhookBody(t *testing.T) {
	d := accord.WebhookDelivery{ID: "d1", Event: accord.NotifyMotionOpened, Subject: "Vote open: motion 3, Adopt <the> bundle", Link: "motions/3",
		OccurredAt: time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)}
	a := accord.Alliance{Slug: "north-valley", Name: "North Valley"}
	for format, want := range map[string]string{
		accord.WebhookSlack: `{"text":"[North Valley] Vote open: motion 3, Adopt <the> bundle\nhttps://x.example/a/north-valley/motions/3"}`,
		accord.WebhookTeams: `{"text":"[North Valley] Vote open: motion 3, Adopt <the> bundle\nhttps://x.example/a/north-valley/motions/3"}`,
		accord.WebhookJSON: `{"event":"motion_opened","alliance":"north-valley","subject":"Vote open: motion 3, Adopt <the> bundle",` +
			`"link":"https://x.example/a/north-valley/motions/3","time":"2026-11-26T15:00:00Z","delivery":"d1"}`,
	} {
		got, err := notify.WebhookBody(format, d, a, "https://x.example/")
		if err != nil || string(got) != want {
			t.Errorf("%s body:\n got %s\nwant %s", format, got, want)
		}
	}
}

func TestSignAndVerify(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	body := []byte(`{"event":"x"}`)
	sig := notify.Sign("whsec_k", now.Unix(), body)
	// What a receiver computes with any HMAC library: HMAC-SHA256 of "1800000000." + body.
	mac := hmac.New(sha256.New, []byte("whsec_k"))
	mac.Write([]byte(`1800000000.{"event":"x"}`))
	if want := "sha256=" + hex.EncodeToString(mac.Sum(nil)); sig != want {
		t.Errorf("signature %q, want %q", sig, want)
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	tests := []struct {
		name           string
		secret, ts, sg string
		body           []byte
		at             time.Time
		ok             bool
	}{
		{"good", "whsec_k", ts, sig, body, now.Add(time.Minute), true},
		{"other secret", "whsec_j", ts, sig, body, now, false},
		{"body changed", "whsec_k", ts, sig, []byte(`{"event":"y"}`), now, false},
		{"timestamp changed", "whsec_k", strconv.FormatInt(now.Unix()+1, 10), sig, body, now, false},
		{"replayed later", "whsec_k", ts, sig, body, now.Add(time.Hour), false},
		{"no timestamp", "whsec_k", "", sig, body, now, false},
	}
	for _, tt := range tests {
		if err := notify.Verify(tt.secret, tt.ts, tt.sg, tt.body, tt.at, 5*time.Minute); (err == nil) != tt.ok {
			t.Errorf("%s: Verify = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}

// jobsIdle reports whether no job is queued or running at the store's
// clock (a job due later counts as queued, so only due work is waited for
// by callers that keep the clock still).
func (w *world) jobsIdle(t *testing.T) bool {
	t.Helper()
	for _, state := range []string{store.JobQueued, store.JobRunning} {
		js, err := w.db.ListJobs(context.Background(), store.JobFilter{State: state})
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range js {
			if !j.RunAt.After(w.clk.Now()) {
				return false
			}
		}
	}
	return true
}
