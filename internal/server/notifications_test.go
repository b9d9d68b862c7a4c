package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/jobs"
	"github.com/accord-alliance/accord/internal/notify"
	"github.com/accord-alliance/accord/internal/notify/smtptest"
	"github.com/accord-alliance/accord/internal/password"
	"github.com/accord-alliance/accord/internal/server"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// matrixWebhooks adds three webhooks for the access matrix: {wh} stays,
// {whd} is deleted through the API and {whp} through the page.
func (a *app) matrixWebhooks() []string {
	a.t.Helper()
	out := []string{}
	for _, key := range []string{"{wh}", "{whd}", "{whp}"} {
		w := accord.Webhook{AllianceID: mustAlliance(a.t, a).ID, URL: "https://hooks.example.org/" + strings.Trim(key, "{}")}
		if err := a.db.CreateWebhook(context.Background(), accord.SystemActor("test"), &w); err != nil {
			a.t.Fatal(err)
		}
		out = append(out, key, w.ID)
	}
	return out
}

// inbox reads a demo person's notifications through the API.
func (a *app) inbox(email string) []accord.Notification {
	a.t.Helper()
	var got struct {
		Items  []accord.Notification
		Unread int
	}
	if r := a.api("GET", "/api/v1/alliances/north-valley/notifications?limit=500", a.token(email, "read"), "", &got); r.StatusCode != http.StatusOK {
		a.t.Fatalf("inbox of %s: status %d", email, r.StatusCode)
	}
	return got.Items
}

// about keeps the notifications whose link ends in suffix.
func about(ns []accord.Notification, suffix string) []accord.Notification {
	return slices.DeleteFunc(slices.Clone(ns), func(n accord.Notification) bool { return !strings.HasSuffix(n.Link, suffix) })
}

// kpiOf proposes and approves a monthly ratio KPI of the provider in a
// category, lower being better: shiftCSV's shift up is a deterioration,
// which notifies (an improvement interrupts nobody).
func (a *app) kpiOf(key string, cat accord.Category) accord.KPI {
	a.t.Helper()
	ctx, actor := context.Background(), accord.SystemActor("test")
	al := mustAlliance(a.t, a)
	parties, _ := a.db.ListParties(ctx, al.ID)
	var provider string
	for _, p := range parties {
		if p.Role == accord.PartyProvider {
			provider = p.ID
		}
	}
	k := accord.KPI{AllianceID: al.ID, Key: key, Name: "Test " + key, Category: cat, Unit: accord.UnitPercent,
		Direction: accord.LowerIsBetter, Frequency: accord.Monthly, IsRatio: true, OwnerPartyID: provider}
	if err := a.db.ProposeKPI(ctx, actor, provider, &k); err != nil {
		a.t.Fatal(err)
	}
	for _, p := range parties {
		if p.ID != provider {
			if _, err := a.db.Approve(ctx, actor, al.ID, "kpi", k.ID, p.ID); err != nil {
				a.t.Fatal(err)
			}
		}
	}
	return k
}

// The demo people by party, for who is told about the provider's KPIs.
var (
	providerHandlers = []string{"elena.vasquez@riversidepg.example", "samuel.kim@riversidepg.example", "grace.liu@riversidepg.example"}
	otherExecutives  = []string{"admin@accord-demo.example", "dana.whitfield@valleyhealthplan.example", "jonathan.reyes@cedarridge.example", "leo.brandt@brightline.example"}
	neverTold        = []string{"nadia.haddad@riversidepg.example", "priya.raman@valleyhealthplan.example", "aisha.coleman@cedarridge.example", "marcus.bell@riversidepg.example"}
)

// TestNotificationsFromImport: a CSV imported through the API that makes
// a shift opens a signal, and the signal is in the inbox of the provider's
// handlers and, as far as sharing by protocol lets them see the KPI, of
// every executive — not of a party the KPI is not shared with.
func TestNotificationsFromImport(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			// Riverside shares its clinical and quality data with every
			// partner, and keeps its workload (operations) data to itself.
			a.kpiOf("staffed-hours", accord.CatOperations)
			a.kpiOf("bundle-use", accord.CatQuality)
			admin := a.token(roleAccounts["admin"], "write")
			if r := a.api("PATCH", "/api/v1/alliances/north-valley", admin, `{"sharing_by_protocol":true}`, nil); r.StatusCode != http.StatusOK {
				t.Fatalf("sharing by protocol: status %d", r.StatusCode)
			}
			for _, key := range []string{"staffed-hours", "bundle-use"} {
				if r := a.api("POST", "/api/v1/alliances/north-valley/imports?filename=shift.csv", admin, shiftCSV(key), nil); r.StatusCode != http.StatusCreated {
					t.Fatalf("import %s: status %d", key, r.StatusCode)
				}
			}
			var sig struct{ Items []accord.Signal }
			a.api("GET", "/api/v1/alliances/north-valley/signals?kpi=staffed-hours", a.token(providerHandlers[0], "read"), "", &sig)
			if len(sig.Items) == 0 || sig.Items[0].Effect != accord.EffectDeterioration {
				t.Fatalf("the import opened %+v; want a deterioration", sig.Items)
			}
			for _, email := range providerHandlers {
				for _, key := range []string{"staffed-hours", "bundle-use"} {
					ns := about(a.inbox(email), "/kpis/"+key)
					if len(ns) == 0 || ns[0].Kind != accord.NotifySignalOpened || ns[0].ReadAt != nil {
						t.Errorf("%s: notifications about %s: %+v; want the signal, unread", email, key, ns)
					}
				}
			}
			for _, email := range otherExecutives {
				if ns := about(a.inbox(email), "/kpis/staffed-hours"); len(ns) != 0 {
					t.Errorf("%s was told about a KPI not shared with their party: %+v", email, ns)
				}
				if ns := about(a.inbox(email), "/kpis/bundle-use"); len(ns) == 0 {
					t.Errorf("%s (an executive) was not told about a KPI shared with every party", email)
				}
			}
			for _, email := range neverTold {
				if ns := about(a.inbox(email), "/kpis/bundle-use"); len(ns) != 0 {
					t.Errorf("%s (no handler or executive) was told: %+v", email, ns)
				}
			}
			// The signal's notification is on the inbox page, with the badge.
			c := a.login(providerHandlers[1])
			_, page := a.get(c, "/a/north-valley/inbox")
			if !strings.Contains(page, "Test staffed-hours") || !regexp.MustCompile(`Inbox <span class="count"[^>]*>\d+`).MatchString(page) {
				t.Error("the inbox page lacks the signal or the unread badge")
			}
		})
	}
}

// fakeClock is the clock of a clocked app: its store, its server and the
// due times of its jobs.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// newClockedApp is newApp on a store, a server and a demo that all read clk.
func newClockedApp(t *testing.T, d store.Dialect, clk *fakeClock) *app {
	t.Helper()
	db := storetest.Open(t, d, clk.Now)
	hash, err := password.Hash(demo.Password, password.Fast)
	if err != nil {
		t.Fatal(err)
	}
	res, err := demo.Generate(context.Background(), db, hash, clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	a := &app{t: t, db: db, demo: res, logs: &syncWriter{}}
	a.other = a.seedOther(hash)
	reg := prometheus.NewRegistry()
	srv, err := server.New(server.Config{Password: password.Fast, LoginLimit: 50}, db, slog.New(slog.NewTextHandler(a.logs, nil)), reg, clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	a.app, a.srv = srv, httptest.NewServer(srv.Handler(reg))
	t.Cleanup(a.srv.Close)
	return a
}

// runJobs runs the escalation of concerns (as `accord serve` schedules it)
// and notification delivery over the app's database until the test ends.
func runJobs(t *testing.T, db *store.DB, mailer accord.Mailer) {
	t.Helper()
	quiet := slog.New(slog.DiscardHandler)
	r := jobs.New(db, jobs.Config{PollInterval: 10 * time.Millisecond, Logger: quiet})
	r.Register("concerns.escalate", func(ctx context.Context, _ []byte) error {
		_, err := db.EscalateOverdue(ctx, db.Now())
		return err
	})
	r.Schedule("concerns", time.Hour, "concerns.escalate")
	for _, j := range (&notify.Delivery{Store: db, Mailer: mailer, Log: quiet}).Jobs() {
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

// ticked waits until the schedule has fired at or after at and its job is done.
func ticked(t *testing.T, db *store.DB, schedule, kind string, at time.Time) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		ss, _ := db.ListSchedules(context.Background())
		fired := false
		for _, s := range ss {
			fired = fired || s.Name == schedule && s.LastRunAt != nil && !s.LastRunAt.Before(at)
		}
		waiting, _ := db.ListJobs(context.Background(), store.JobFilter{Kind: kind, State: store.JobQueued})
		running, _ := db.ListJobs(context.Background(), store.JobFilter{Kind: kind, State: store.JobRunning})
		if fired && len(waiting)+len(running) == 0 {
			return
		}
	}
	t.Fatalf("schedule %s did not fire at %v", schedule, at)
}

// TestConcernEscalationNotifiesOnTime raises an anonymous patient-safety
// concern through the page on a Monday and lets the hourly escalation job
// run with a fake clock: nothing before the deadline (the end of Tuesday),
// then, in the first hour after it, the handlers and every executive are
// told and e-mailed, while the reporter (no account) is not; the handlers'
// e-mail about the raising itself waits for Tuesday morning, so that it
// does not date the report.
func TestConcernEscalationNotifiesOnTime(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			monday := accord.Day(time.Now()).AddDate(0, 0, 7)
			for monday.Weekday() != time.Monday {
				monday = monday.AddDate(0, 0, 1)
			}
			clk := &fakeClock{t: monday.Add(10*time.Hour + 17*time.Minute)}
			a := newClockedApp(t, d, clk)
			member := a.login(roleAccounts["member"])
			form := url.Values{"category": {"patient_safety"}, "severity": {"high"}, "body": {"Falls on ward 3 are not reported."}, "anonymous": {"1"}}
			if r := a.post(member, "/a/north-valley/concerns/new", form); r.StatusCode != http.StatusOK {
				t.Fatalf("raise: status %d", r.StatusCode)
			}
			concern := concernWithBody(t, a, "Falls on ward 3 are not reported.")
			sink := smtptest.New(t)
			runJobs(t, a.db, &notify.SMTP{Addr: sink.Addr(), From: "accord@example.org"})
			dana := roleAccounts["executive"]
			ticked(t, a.db, "concerns", "concerns.escalate", clk.Now())
			if raised := about(a.inbox(dana), "/concerns/"+concern.ID); len(raised) != 1 || raised[0].Kind != accord.NotifyConcernRaised || !raised[0].MustAct {
				t.Fatalf("Dana's notification of the raising: %+v", raised)
			}
			time.Sleep(100 * time.Millisecond) // the demo's own e-mails go now
			for _, m := range sink.Messages() {
				if strings.Contains(m.Data, concern.ID) {
					t.Errorf("an e-mail about the anonymous report on its day, to %s; want none before the next morning", m.To)
				}
			}
			clk.Set(monday.Add(24*time.Hour + accord.DigestHour*time.Hour + time.Minute))
			waitMail(t, sink, "dana.whitfield@valleyhealthplan.example", concern.ID)

			// Just before the deadline: no escalation.
			clk.Set(concern.AckDueAt.Add(-time.Minute))
			ticked(t, a.db, "concerns", "concerns.escalate", clk.Now())
			if over := about(a.inbox(dana), "/concerns/"+concern.ID); len(over) != 1 {
				t.Fatalf("before the deadline: %+v; want only the raising", over)
			}
			// In the hour after it: escalated, told, e-mailed.
			clk.Set(concern.AckDueAt.Add(59 * time.Minute))
			ticked(t, a.db, "concerns", "concerns.escalate", clk.Now())
			for _, email := range append([]string{dana, roleAccounts["operations"], roleAccounts["clinical_leader"]}, otherExecutives...) {
				over := about(a.inbox(email), "/concerns/"+concern.ID)
				if len(over) != 2 || over[0].Kind != accord.NotifyConcernOverdue || !over[0].MustAct {
					t.Errorf("%s after the deadline: %+v; want the escalation, to act on", email, over)
				}
			}
			if got := about(a.inbox(roleAccounts["member"]), "/concerns/"+concern.ID); len(got) != 0 {
				t.Errorf("the reporter (a plain member) was told: %+v", got)
			}
			waitMail(t, sink, "dana.whitfield@valleyhealthplan.example", "Concern not acknowledged in time")
			if _, page := a.get(a.login(dana), "/a/north-valley/inbox"); !strings.Contains(page, "Concern not acknowledged in time: Patient safety, high severity") {
				t.Error("Dana's inbox page lacks the escalation")
			}
			if g, _ := a.db.Concern(context.Background(), concern.AllianceID, concern.ID); g.Escalation != accord.EscalatedToChairs {
				t.Errorf("escalation level %d, want %d", g.Escalation, accord.EscalatedToChairs)
			}
		})
	}
}

// waitMail waits for an e-mail to the address whose text holds want.
func waitMail(t *testing.T, sink *smtptest.Server, to, want string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		for _, m := range sink.Messages() {
			if m.To == to && strings.Contains(m.Data, want) {
				return
			}
		}
	}
	var got []string
	for _, m := range sink.Messages() {
		got = append(got, m.To)
	}
	t.Fatalf("no e-mail to %s with %q (e-mails to %v)", to, want, got)
}

// TestInboxPage: the inbox lists unread first with a badge in the
// navigation; opening one marks it read and goes to its page; marking all
// read clears the badge; the preference form saves.
func TestInboxPage(t *testing.T) {
	t.Parallel()
	a := newApp(t, store.SQLite)
	ops := roleAccounts["operations"]
	c := a.login(ops)
	before := len(a.inbox(ops))
	a.api("POST", "/api/v1/alliances/north-valley/concerns", a.token(roleAccounts["observer"], "write"),
		`{"category":"data","severity":"low","body":"Extract double-counts Eastgate."}`, nil)
	ns := a.inbox(ops)
	if len(ns) != before+1 || ns[0].ReadAt != nil || ns[0].Kind != accord.NotifyConcernRaised {
		t.Fatalf("inbox after a concern: %d items, first %+v", len(ns), ns[0])
	}
	_, page := a.get(c, "/a/north-valley/inbox")
	if !strings.Contains(page, "Concern raised: Data, low severity") || !strings.Contains(page, `class="count"`) {
		t.Fatal("the inbox page lacks the notification or the badge")
	}
	resp := a.post(c, "/a/north-valley/inbox/"+ns[0].ID+"/read", url.Values{"open": {"1"}})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/a/north-valley/concerns/") {
		t.Errorf("open: status %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	for _, n := range a.inbox(ops) {
		if n.ID == ns[0].ID && n.ReadAt == nil {
			t.Error("opened but still unread")
		}
	}
	if r := a.post(c, "/a/north-valley/inbox/read-all", nil); r.StatusCode != http.StatusSeeOther {
		t.Errorf("read all: status %d", r.StatusCode)
	}
	_, page = a.get(c, "/a/north-valley/inbox")
	if strings.Contains(page, `class="count"`) || !strings.Contains(page, "Nothing unread") {
		t.Error("after reading all: the badge is still there")
	}
	if r := a.post(c, "/a/north-valley/inbox/preference", url.Values{"mode": {"digest"}}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("preference: status %d", r.StatusCode)
	}
	if p, _ := a.db.NotificationPreference(context.Background(), mustAlliance(t, a).ID, userID(t, a, ops)); p.Mode != accord.MailDigest {
		t.Errorf("preference after the form: %+v", p)
	}
	_, page = a.get(c, "/a/north-valley/inbox")
	if !strings.Contains(page, `value="digest" checked`) {
		t.Error("the form does not show the saved preference")
	}
}

func userID(t *testing.T, a *app, email string) string {
	t.Helper()
	u, _, err := a.db.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// TestWebhooksPage: an admin adds a webhook and sees its secret once,
// sends a test, deactivates and deletes it; others may not see the page.
func TestWebhooksPage(t *testing.T) {
	t.Parallel()
	a := newApp(t, store.SQLite)
	c := a.login(roleAccounts["admin"])
	req, _ := http.NewRequest("POST", a.srv.URL+"/a/north-valley/webhooks",
		strings.NewReader(url.Values{"url": {"https://hooks.example.org/x"}, "format": {"slack"}, "events": {"motion_opened", "concern_raised"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	secret := regexp.MustCompile(`whsec_[A-Za-z0-9_-]+`).FindString(string(body))
	if resp.StatusCode != http.StatusOK || secret == "" {
		t.Fatalf("add: status %d, secret %q", resp.StatusCode, secret)
	}
	_, page := a.get(c, "/a/north-valley/webhooks")
	if strings.Contains(page, secret) || !strings.Contains(page, "https://hooks.example.org/x") {
		t.Fatal("the list shows the secret again, or not the webhook")
	}
	hooks, _ := a.db.ListWebhooks(context.Background(), mustAlliance(t, a).ID)
	id := hooks[0].ID
	for _, step := range []string{"test", "deactivate", "activate", "delete"} {
		if r := a.post(c, "/a/north-valley/webhooks/"+id+"/"+step, nil); r.StatusCode != http.StatusSeeOther {
			t.Errorf("%s: status %d", step, r.StatusCode)
		}
		if step == "test" {
			if _, page := a.get(c, "/a/north-valley/webhooks"); !strings.Contains(page, "Test from accord") {
				t.Error("the test delivery is not in the log")
			}
		}
	}
	if hooks, _ := a.db.ListWebhooks(context.Background(), mustAlliance(t, a).ID); len(hooks) != 0 {
		t.Errorf("after delete: %+v", hooks)
	}
	if s, _ := a.get(a.login(roleAccounts["executive"]), "/a/north-valley/webhooks"); s != http.StatusForbidden {
		t.Errorf("an executive on the webhooks page: status %d", s)
	}
}
