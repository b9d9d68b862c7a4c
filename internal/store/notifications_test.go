package store_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/password"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// notifyBoard is the steering committee's board (Ada, the payer's admin and
// executive who chairs; Cyd, the payer's clinical leader; Ben, the
// provider's executive; Dee, the provider's clinical leader) with Eve, a
// plain member of the provider, and Fox, the payer's operations lead.
type notifyBoard struct {
	board
	users map[string]string // user id by name
}

func seatNotifyBoard(t *testing.T, db *store.DB) notifyBoard {
	t.Helper()
	b := notifyBoard{board: seatBoard(t, db), users: map[string]string{}}
	for name, m := range b.members {
		b.users[name] = m.UserID
	}
	for _, p := range []struct {
		name  string
		party accord.Party
		role  accord.Role
	}{{"Eve", b.provider, accord.RoleMember}, {"Fox", b.payer, accord.RoleOperations}} {
		u := accord.User{Email: p.name + "@example.org", Name: p.name}
		if err := db.CreateUser(context.Background(), cli, &u, "hash"); err != nil {
			t.Fatal(err)
		}
		m := accord.Membership{AllianceID: b.alliance.ID, UserID: u.ID, PartyID: p.party.ID, Roles: accord.Roles{p.role}}
		if err := db.AddMember(context.Background(), cli, &m); err != nil {
			t.Fatal(err)
		}
		b.members[p.name], b.users[p.name] = m, u.ID
		b.actors[p.name] = accord.Actor{UserID: u.ID, Name: p.name, Via: "web"}
	}
	return b
}

// inbox returns the person's notifications of a kind ("" for all).
func (b notifyBoard) inbox(t *testing.T, db *store.DB, name string, kind accord.NotificationKind) []accord.Notification {
	t.Helper()
	ns, err := db.ListNotifications(context.Background(), accord.NotificationFilter{AllianceID: b.alliance.ID, UserID: b.users[name]})
	if err != nil {
		t.Fatal(err)
	}
	return slices.DeleteFunc(ns, func(n accord.Notification) bool { return kind != "" && n.Kind != kind })
}

// told returns who has a notification of the kind, sorted.
func (b notifyBoard) told(t *testing.T, db *store.DB, kind accord.NotificationKind) []string {
	t.Helper()
	var out []string
	for name := range b.users {
		if len(b.inbox(t, db, name, kind)) > 0 {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

func TestNotificationsFollowEvents(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			clk := &clock{t: time.Date(2026, 11, 26, 15, 4, 5, 0, time.UTC)} // a Thursday
			db := storetest.Open(t, d, clk.Now)
			b := seatNotifyBoard(t, db)

			// A named concern: every handler but its reporter hears of it; Eve
			// (a plain member) does not handle concerns.
			c := accord.Concern{AllianceID: b.alliance.ID, Category: accord.ConcernFinance, Severity: "low", Body: "Invoices are late", ReceiptCost: password.Fast}
			if _, err := db.RaiseConcern(ctx, b.actors["Dee"], &c, false); err != nil {
				t.Fatal(err)
			}
			if got, want := b.told(t, db, accord.NotifyConcernRaised), []string{"Ada", "Ben", "Cyd", "Fox"}; !slices.Equal(got, want) {
				t.Errorf("concern raised told %v, want %v", got, want)
			}
			n := b.inbox(t, db, "Ben", accord.NotifyConcernRaised)[0]
			if n.MustAct || n.Link != "concerns/"+c.ID || strings.Contains(n.Subject+n.Body, "Invoices") || strings.Contains(n.Subject+n.Body, "Dee") {
				t.Errorf("concern notification %+v: want no duty, the concern's link, and neither its words nor its reporter", n)
			}
			// The reply reaches the reporter, with the words, in the inbox.
			if _, err := db.ReplyToConcern(ctx, b.actors["Ben"], b.alliance.ID, c.ID, "Paid on Monday."); err != nil {
				t.Fatal(err)
			}
			if got := b.told(t, db, accord.NotifyConcernReply); !slices.Equal(got, []string{"Dee"}) {
				t.Errorf("reply told %v, want the reporter only", got)
			}
			if r := b.inbox(t, db, "Dee", accord.NotifyConcernReply)[0]; r.Body != "Ben: Paid on Monday." || r.Link != "inbox" {
				t.Errorf("reply notification %+v", r)
			}

			// An anonymous patient-safety concern: handlers must act; nothing
			// dates it finer than the day, and it leaves accord the next morning.
			anon := accord.Concern{AllianceID: b.alliance.ID, Category: accord.ConcernPatientSafety, Severity: "medium", Body: "Falls", ReceiptCost: password.Fast}
			if _, err := db.RaiseConcern(ctx, b.actors["Eve"], &anon, true); err != nil {
				t.Fatal(err)
			}
			a := b.inbox(t, db, "Fox", accord.NotifyConcernRaised)
			if len(a) != 2 || !a[0].MustAct && !a[1].MustAct {
				t.Fatalf("Fox's concern notifications %+v; want two, the anonymous one to act on", a)
			}
			checkDayOnly(t, db, anon.ID, time.Date(2026, 11, 27, accord.DigestHour, 0, 0, 0, time.UTC))

			// An action item: its owner must act.
			ai := accord.ActionItem{AllianceID: b.alliance.ID, CommitteeID: b.committee.ID, Title: "Send the staffing plan", OwnerID: b.members["Eve"].ID, DueOn: clk.Now().AddDate(0, 0, 7)}
			if err := db.CreateActionItem(ctx, b.actors["Ada"], &ai); err != nil {
				t.Fatal(err)
			}
			if got := b.inbox(t, db, "Eve", accord.NotifyActionAssigned); len(got) != 1 || !got[0].MustAct || got[0].Link != "committees/"+b.committee.Key {
				t.Errorf("Eve's action notifications %+v", got)
			}
			// A motion: every seat-holder but its proposer.
			closes := clk.Now().Add(72 * time.Hour)
			m := accord.Motion{AllianceID: b.alliance.ID, CommitteeID: b.committee.ID, Title: "Adopt the falls bundle", Rule: "majority", ClosesAt: &closes}
			if err := db.ProposeMotion(ctx, b.actors["Dee"], &m); err != nil {
				t.Fatal(err)
			}
			if got, want := b.told(t, db, accord.NotifyMotionOpened), []string{"Ada", "Ben", "Cyd"}; !slices.Equal(got, want) {
				t.Errorf("motion told %v, want %v", got, want)
			}

			// The concern goes unacknowledged: the escalation tells the
			// handlers, the executives and the chair, who must act.
			clk.Set(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC))
			if n, err := db.EscalateOverdue(ctx, clk.Now()); err != nil || n != 2 {
				t.Fatalf("EscalateOverdue = %d, %v; want both concerns", n, err)
			}
			over := b.inbox(t, db, "Ada", accord.NotifyConcernOverdue)
			if len(over) == 0 || !over[0].MustAct {
				t.Errorf("Ada's overdue notifications %+v; want one to act on", over)
			}
		})
	}
}

// TestKPISignalNotificationsFollowSharing: a KPI's signal goes to its
// owning party's handlers and every executive, but under sharing by
// protocol not to a party that may not see it, nor to the webhooks.
func TestKPISignalNotificationsFollowSharing(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			clk := &clock{t: time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)}
			db := storetest.Open(t, d, clk.Now)
			b := seatNotifyBoard(t, db)
			k := approvedKPI(t, db, b.fixture, hba1c()) // reported by the provider
			w := accord.Webhook{AllianceID: b.alliance.ID, URL: "https://hooks.example.org/a", Format: accord.WebhookSlack}
			if err := db.CreateWebhook(ctx, b.actors["Ada"], &w); err != nil {
				t.Fatal(err)
			}
			on := true
			if _, err := db.UpdateCharter(ctx, cli, b.alliance.ID, accord.CharterUpdate{SharingByProtocol: &on}); err != nil {
				t.Fatal(err)
			}
			red := cond(accord.SignalTargetRed, "", accord.EffectDeterioration, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
			if _, err := db.SyncSignals(ctx, cli, b.alliance.ID, k.ID, []accord.SignalCondition{red}); err != nil {
				t.Fatal(err)
			}
			if got, want := b.told(t, db, accord.NotifySignalOpened), []string{"Ben", "Dee"}; !slices.Equal(got, want) {
				t.Errorf("under sharing by protocol, told %v; want the provider's handlers only", got)
			}
			if log, _ := db.ListWebhookDeliveries(ctx, b.alliance.ID, w.ID, 0); len(log) != 0 {
				t.Errorf("a signal not every party may see was posted: %+v", log)
			}
			n := b.inbox(t, db, "Ben", accord.NotifySignalOpened)[0]
			if n.Link != "kpis/"+k.Key || n.MustAct {
				t.Errorf("signal notification %+v", n)
			}
			// The data goes on being late: critical is news again, and the
			// owning party's handlers must act.
			red.Severity = accord.SeverityCritical
			if _, err := db.SyncSignals(ctx, cli, b.alliance.ID, k.ID, []accord.SignalCondition{red}); err != nil {
				t.Fatal(err)
			}
			if got := b.inbox(t, db, "Dee", accord.NotifySignalRaised); len(got) != 1 || !got[0].MustAct {
				t.Errorf("Dee's risen signal: %+v", got)
			}
			// Sharing open: every executive hears of the next one, and so do the webhooks.
			off := false
			if _, err := db.UpdateCharter(ctx, cli, b.alliance.ID, accord.CharterUpdate{SharingByProtocol: &off}); err != nil {
				t.Fatal(err)
			}
			late := cond(accord.SignalDataLate, "", accord.EffectUnclear, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
			if _, err := db.SyncSignals(ctx, cli, b.alliance.ID, k.ID, []accord.SignalCondition{red, late}); err != nil {
				t.Fatal(err)
			}
			if got := b.inbox(t, db, "Ada", accord.NotifySignalOpened); len(got) != 1 || got[0].Subject != "No data for HbA1c control from Riverside Physicians since Aug 2026 — 3 months missing" {
				t.Errorf("Ada (an executive of the payer) with sharing open: %+v", got)
			}
			if got := b.inbox(t, db, "Cyd", accord.NotifySignalOpened); len(got) != 0 {
				t.Errorf("Cyd (the payer's clinical leader) was told: %+v", got)
			}
			if log, _ := db.ListWebhookDeliveries(ctx, b.alliance.ID, w.ID, 0); len(log) != 1 || log[0].Link != "kpis/"+k.Key {
				t.Errorf("webhook log with sharing open: %+v", log)
			}
		})
	}
}

// checkDayOnly checks what an anonymous concern's raising wrote: rows dated
// to the day with random ids, delivered at due.
func checkDayOnly(t *testing.T, db *store.DB, concernID string, due time.Time) {
	t.Helper()
	q := "SELECT id, CAST(created_at AS TEXT), CAST(deliver_after AS TEXT) FROM notifications WHERE link = 'concerns/" + concernID + "'"
	rs, err := db.SQL().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	rows := 0
	for rs.Next() {
		var id, created, after string
		if err := rs.Scan(&id, &created, &after); err != nil {
			t.Fatal(err)
		}
		rows++
		if u, err := uuid.Parse(id); err != nil || u.Version() != 4 {
			t.Errorf("notification id %s: want a random (v4) id", id)
		}
		if !strings.Contains(created, "00:00:00") {
			t.Errorf("notification created %s: want the day only", created)
		}
		if !strings.Contains(after, due.Format("2006-01-02")) || !strings.Contains(after, "07:00:00") {
			t.Errorf("notification delivered after %s, want %v", after, due)
		}
	}
	if rows == 0 {
		t.Error("the anonymous concern notified nobody")
	}
	var jobs int
	db.SQL().QueryRow("SELECT COUNT(*) FROM jobs WHERE created_at > run_at").Scan(&jobs)
	if jobs > 0 {
		t.Errorf("%d jobs run before they were made", jobs)
	}
}

func TestNotificationInboxAndPreferences(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			clk := &clock{t: time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)}
			db := storetest.Open(t, d, clk.Now)
			b := seatNotifyBoard(t, db)
			if p, err := db.NotificationPreference(ctx, b.alliance.ID, b.users["Fox"]); err != nil || p.Mode != accord.MailImmediately {
				t.Fatalf("default preference = %+v, %v", p, err)
			}
			if _, err := db.SetNotificationPreference(ctx, b.alliance.ID, b.users["Fox"], "weekly"); accord.ErrorField(err) != "mode" {
				t.Errorf("bad mode: %v", err)
			}
			if _, err := db.SetNotificationPreference(ctx, b.alliance.ID, b.users["Fox"], accord.MailOff); err != nil {
				t.Fatal(err)
			}
			for i, sev := range []string{"low", "high", "medium"} {
				clk.Set(clk.Now().Add(time.Minute))
				c := accord.Concern{AllianceID: b.alliance.ID, Category: accord.ConcernData, Severity: sev, Body: "x", ReceiptCost: password.Fast}
				if _, err := db.RaiseConcern(ctx, b.actors["Eve"], &c, false); err != nil {
					t.Fatal(i, err)
				}
			}
			ns := b.inbox(t, db, "Fox", "")
			if len(ns) != 3 || !ns[0].CreatedAt.After(ns[1].CreatedAt) {
				t.Fatalf("inbox %+v; want 3, newest first", ns)
			}
			// Off: only what Fox must act on (the high one) is e-mailed.
			mail, err := db.ClaimMail(ctx, b.users["Fox"], "claim-1")
			if err != nil || len(mail.Items) != 1 || !strings.Contains(mail.Items[0].Subject, "high") || mail.Email != "fox@example.org" {
				t.Fatalf("ClaimMail = %+v, %v; want the high-severity one", mail, err)
			}
			if again, _ := db.ClaimMail(ctx, b.users["Fox"], "claim-2"); len(again.Items) != 0 {
				t.Errorf("a second claim took %d already claimed", len(again.Items))
			}
			if err := db.FinishMail(ctx, "claim-1", "sent"); err != nil {
				t.Fatal(err)
			}
			// Reading: one, then all; unread ones come first.
			if _, err := db.MarkNotificationRead(ctx, b.alliance.ID, b.users["Fox"], ns[1].ID); err != nil {
				t.Fatal(err)
			}
			if _, err := db.MarkNotificationRead(ctx, b.alliance.ID, b.users["Ben"], ns[1].ID); accord.ErrorCode(err) != accord.ENOTFOUND {
				t.Errorf("someone else's notification: %v, want not found", err)
			}
			ns = b.inbox(t, db, "Fox", "")
			if ns[2].ReadAt == nil || ns[0].ReadAt != nil {
				t.Errorf("after reading one: %+v; want the read one last", ns)
			}
			if n, err := db.UnreadNotifications(ctx, b.alliance.ID, b.users["Fox"]); err != nil || n != 2 {
				t.Errorf("UnreadNotifications = %d, %v; want 2", n, err)
			}
			if n, err := db.MarkAllNotificationsRead(ctx, b.alliance.ID, b.users["Fox"]); err != nil || n != 2 {
				t.Errorf("MarkAllNotificationsRead = %d, %v; want 2", n, err)
			}
			if n, _ := db.UnreadNotifications(ctx, b.alliance.ID, b.users["Fox"]); n != 0 {
				t.Errorf("unread after reading all: %d", n)
			}
		})
	}
}

// TestDigest: the digest at its hour lists exactly what is unread and not
// in an earlier digest, and each digest is queued once.
func TestDigest(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			clk := &clock{t: time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)}
			db := storetest.Open(t, d, clk.Now)
			b := seatNotifyBoard(t, db)
			fox := b.users["Fox"]
			if _, err := db.SetNotificationPreference(ctx, b.alliance.ID, fox, accord.MailDigest); err != nil {
				t.Fatal(err)
			}
			raise := func(body string) {
				clk.Set(clk.Now().Add(time.Hour))
				c := accord.Concern{AllianceID: b.alliance.ID, Category: accord.ConcernData, Severity: "low", Body: body, ReceiptCost: password.Fast}
				if _, err := db.RaiseConcern(ctx, b.actors["Eve"], &c, false); err != nil {
					t.Fatal(err)
				}
			}
			raise("one")
			raise("two")
			if mail, _ := db.ClaimMail(ctx, fox, "c"); len(mail.Items) != 0 {
				t.Errorf("digest person e-mailed at once: %+v", mail.Items)
			}
			at := accord.NextDigest(clk.Now())
			clk.Set(at.Add(time.Minute))
			if n, err := db.QueueDigests(ctx, accord.LatestDigest(clk.Now())); err != nil || n != 1 {
				t.Fatalf("QueueDigests = %d, %v; want 1", n, err)
			}
			if n, _ := db.QueueDigests(ctx, accord.LatestDigest(clk.Now())); n != 0 {
				t.Errorf("queued the same digest again: %d", n)
			}
			dg, ok, err := db.Digest(ctx, fox, b.alliance.ID, at)
			if err != nil || !ok || len(dg.Items) != 2 {
				t.Fatalf("first digest = %+v, %v, %v; want both", dg, ok, err)
			}
			if err := db.FinishDigest(ctx, dg); err != nil {
				t.Fatal(err)
			}
			if _, ok, _ := db.Digest(ctx, fox, b.alliance.ID, at); ok {
				t.Error("the same digest is due again after it was sent")
			}
			raise("three")
			raise("four")
			ns := b.inbox(t, db, "Fox", "")
			if _, err := db.MarkNotificationRead(ctx, b.alliance.ID, fox, ns[0].ID); err != nil { // "four"
				t.Fatal(err)
			}
			next := accord.NextDigest(clk.Now())
			dg, ok, err = db.Digest(ctx, fox, b.alliance.ID, next)
			if err != nil || !ok || len(dg.Items) != 1 || dg.Items[0].ID != ns[1].ID {
				t.Errorf("second digest = %+v, %v; want only the unread one since the first", dg.Items, err)
			}
		})
	}
}

func TestWebhookDeliveryLog(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			clk := &clock{t: time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)}
			db := storetest.Open(t, d, clk.Now)
			b := seatNotifyBoard(t, db)
			bad := accord.Webhook{AllianceID: b.alliance.ID, URL: "ftp://example.org/x"}
			if err := db.CreateWebhook(ctx, b.actors["Ada"], &bad); accord.ErrorField(err) != "url" {
				t.Errorf("ftp webhook: %v", err)
			}
			w := accord.Webhook{AllianceID: b.alliance.ID, URL: "https://hooks.example.org/a", Format: accord.WebhookJSON}
			if err := db.CreateWebhook(ctx, b.actors["Ada"], &w); err != nil || !strings.HasPrefix(w.Secret, "whsec_") {
				t.Fatalf("CreateWebhook = %+v, %v", w, err)
			}
			c := accord.Concern{AllianceID: b.alliance.ID, Category: accord.ConcernData, Severity: "low", Body: "secret words", ReceiptCost: password.Fast}
			if _, err := db.RaiseConcern(ctx, b.actors["Eve"], &c, false); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ReplyToConcern(ctx, b.actors["Ben"], b.alliance.ID, c.ID, "A personal answer."); err != nil {
				t.Fatal(err)
			}
			log, err := db.ListWebhookDeliveries(ctx, b.alliance.ID, w.ID, 0)
			if err != nil || len(log) != 1 || log[0].Event != accord.NotifyConcernRaised || log[0].Link != "concerns" || strings.Contains(log[0].Subject, "secret") {
				t.Fatalf("delivery log = %+v, %v; want the concern raised, linking to the list, without its words (and no reply)", log, err)
			}
			id := log[0].ID
			for attempt := 1; attempt <= accord.WebhookMaxAttempts; attempt++ {
				if _, _, _, ok, err := db.WebhookAttempt(ctx, id, attempt); err != nil || !ok {
					t.Fatalf("attempt %d: ok %v, %v", attempt, ok, err)
				}
				if err := db.RecordWebhookAttempt(ctx, id, attempt, 500, "server error"); err != nil {
					t.Fatal(err)
				}
				if err := db.RecordWebhookAttempt(ctx, id, attempt, 500, "server error"); err != nil { // a job run twice changes nothing
					t.Fatal(err)
				}
				got, _ := db.ListWebhookDeliveries(ctx, b.alliance.ID, w.ID, 0)
				g := got[0]
				if g.Attempts != attempt || g.StatusCode != 500 {
					t.Fatalf("after attempt %d: %+v", attempt, g)
				}
				if attempt < accord.WebhookMaxAttempts {
					if g.NextAttemptAt == nil || !g.NextAttemptAt.Equal(clk.Now().Add(accord.WebhookRetryDelay(attempt))) {
						t.Errorf("after attempt %d: next attempt %v", attempt, g.NextAttemptAt)
					}
					var p struct{ Attempt int }
					job := lastJob(t, db, accord.JobWebhookDeliver)
					json.Unmarshal(job.Payload, &p)
					if p.Attempt != attempt+1 || !job.RunAt.Equal(*g.NextAttemptAt) {
						t.Errorf("after attempt %d: job %+v", attempt, job)
					}
				} else if g.FailedAt == nil || g.NextAttemptAt != nil {
					t.Errorf("after the last attempt: %+v; want given up", g)
				}
				clk.Set(clk.Now().Add(accord.WebhookRetryDelay(attempt)))
			}
			if _, _, _, ok, _ := db.WebhookAttempt(ctx, id, accord.WebhookMaxAttempts+1); ok {
				t.Error("a given-up delivery is attempted again")
			}
			off := false
			if w2, err := db.UpdateWebhook(ctx, b.actors["Ada"], b.alliance.ID, w.ID, accord.WebhookUpdate{Active: &off}); err != nil || w2.Active || w2.DeactivatedAt == nil {
				t.Errorf("deactivate = %+v, %v", w2, err)
			}
			if _, err := db.TestWebhook(ctx, b.actors["Ada"], b.alliance.ID, w.ID); accord.ErrorCode(err) != accord.ECONFLICT {
				t.Errorf("testing a deactivated webhook: %v", err)
			}
			if err := db.DeleteWebhook(ctx, b.actors["Ada"], b.alliance.ID, w.ID); err != nil {
				t.Fatal(err)
			}
			if hooks, _ := db.ListWebhooks(ctx, b.alliance.ID); len(hooks) != 0 {
				t.Errorf("after delete: %+v", hooks)
			}
		})
	}
}

// lastJob returns the most recent job of a kind.
func lastJob(t *testing.T, db *store.DB, kind string) store.Job {
	t.Helper()
	js, err := db.ListJobs(context.Background(), store.JobFilter{Kind: kind})
	if err != nil || len(js) == 0 {
		t.Fatalf("jobs of %s: %v, %v", kind, js, err)
	}
	last := js[0]
	for _, j := range js {
		if j.RunAt.After(last.RunAt) {
			last = j
		}
	}
	return last
}
