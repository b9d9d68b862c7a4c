package cli

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/notify"
	"github.com/accord-alliance/accord/internal/notify/smtptest"
	"github.com/accord-alliance/accord/internal/packet"
	"github.com/accord-alliance/accord/internal/password"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestJobRunnerNotifies runs the job runner `accord serve` wires, on a
// fake clock: a named patient-safety concern raised on a Monday is e-mailed
// to the handlers at once, and, once its deadline (the end of Tuesday) has
// passed, the hourly escalation tells the executive again, by e-mail.
func TestJobRunnerNotifies(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			var mu sync.Mutex
			now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) // a Monday
			clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
			set := func(t time.Time) { mu.Lock(); now = t; mu.Unlock() }
			db := storetest.Open(t, d, clock)
			exec, raiser := seedNotifyAlliance(t, db)

			sink := smtptest.New(t)
			env := &Env{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }, Now: clock}
			f := jobFlags{poll: 10 * time.Millisecond, cleanup: time.Hour,
				notify: notify.Delivery{Mailer: &notify.SMTP{Addr: sink.Addr(), From: "accord@example.org"}, BaseURL: "https://accord.example.org"}}
			r, err := newJobRunner(db, slog.New(slog.DiscardHandler), env, f, &packet.Mailing{})
			if err != nil {
				t.Fatal(err)
			}
			rctx, cancel := context.WithCancel(ctx)
			done := make(chan error, 1)
			go func() { done <- r.Run(rctx) }()
			t.Cleanup(func() { cancel(); <-done })

			c := accord.Concern{AllianceID: exec.AllianceID, Category: accord.ConcernPatientSafety, Severity: "low", Body: "Falls", ReceiptCost: password.Fast}
			if _, err := db.RaiseConcern(ctx, raiser, &c, false); err != nil {
				t.Fatal(err)
			}
			waitForMail(t, sink, "ada@plan.example", "Concern raised: Patient safety, low severity")
			set(c.AckDueAt.Add(30 * time.Minute))
			waitForMail(t, sink, "ada@plan.example", "Concern not acknowledged in time")
			if !strings.Contains(lastMail(sink, "ada@plan.example"), "https://accord.example.org/a/north-valley/concerns/"+c.ID) {
				t.Error("the escalation e-mail lacks the concern's link")
			}
		})
	}
}

// seedNotifyAlliance makes an alliance with an executive (Ada) and a
// member who raises concerns.
func seedNotifyAlliance(t *testing.T, db *store.DB) (accord.Membership, accord.Actor) {
	t.Helper()
	ctx, sys := context.Background(), accord.SystemActor("test")
	a := accord.Alliance{Slug: "north-valley", Name: "North Valley"}
	if err := db.CreateAlliance(ctx, sys, &a); err != nil {
		t.Fatal(err)
	}
	org, _ := db.EnsureOrganization(ctx, sys, "Valley Health Plan")
	p := accord.Party{AllianceID: a.ID, OrgID: org.ID, Role: accord.PartyPayer}
	if err := db.AddParty(ctx, sys, &p); err != nil {
		t.Fatal(err)
	}
	var out []accord.Membership
	for _, name := range []string{"Ada", "Eve"} {
		u := accord.User{Email: strings.ToLower(name) + "@plan.example", Name: name}
		if err := db.CreateUser(ctx, sys, &u, "x"); err != nil {
			t.Fatal(err)
		}
		roles := accord.Roles{accord.RoleExecutive}
		if name == "Eve" {
			roles = accord.Roles{accord.RoleMember}
		}
		m := accord.Membership{AllianceID: a.ID, UserID: u.ID, PartyID: p.ID, Roles: roles}
		if err := db.AddMember(ctx, sys, &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out[0], accord.Actor{UserID: out[1].UserID, Name: "Eve", Via: "web"}
}

func waitForMail(t *testing.T, sink *smtptest.Server, to, want string) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if strings.Contains(lastMail(sink, to), want) {
			return
		}
	}
	t.Fatalf("no e-mail to %s with %q; last: %q", to, want, lastMail(sink, to))
}

func lastMail(sink *smtptest.Server, to string) string {
	last := ""
	for _, m := range sink.Messages() {
		if m.To == to {
			last = m.Data
		}
	}
	return last
}
