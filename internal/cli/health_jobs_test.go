package cli

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/health"
	"github.com/accord-alliance/accord/internal/pulse"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestHealthRoundsJob runs the surveys' schedule on a fake clock, each
// tick twice as two servers might: a scheduled round opens on its first
// day and tells both members once; on day 7 the member who has not
// answered is reminded once, the one who answered not at all; after its
// last day the round closes, counted, and the next one is scheduled a
// quarter after it opened.
func TestHealthRoundsJob(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			var mu sync.Mutex
			now := time.Date(2027, 1, 4, 8, 0, 0, 0, time.UTC)
			clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
			set := func(t time.Time) { mu.Lock(); now = t; mu.Unlock() }
			db := storetest.Open(t, d, clock)
			exec, eve := seedNotifyAlliance(t, db)
			in := pulse.Stored(exec.AllianceID, health.DefaultInstrument())
			if err := db.CreateInstrument(ctx, accord.SystemActor("test"), &in); err != nil {
				t.Fatal(err)
			}
			r := accord.HealthRound{AllianceID: exec.AllianceID, InstrumentID: in.ID, OpensOn: now.AddDate(0, 0, 1), ClosesOn: now.AddDate(0, 0, 14)}
			if err := db.ScheduleRound(ctx, accord.SystemActor("test"), &r); err != nil {
				t.Fatal(err)
			}
			tick := func() {
				t.Helper()
				for range 2 {
					if err := runHealthRounds(ctx, db, slog.New(slog.DiscardHandler)); err != nil {
						t.Fatal(err)
					}
				}
			}
			count := func(userID string, kind accord.NotificationKind) int {
				t.Helper()
				ns, err := db.ListNotifications(ctx, accord.NotificationFilter{AllianceID: exec.AllianceID, UserID: userID})
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, x := range ns {
					if x.Kind == kind {
						n++
					}
				}
				return n
			}
			status := func() accord.HealthRound {
				t.Helper()
				got, err := db.HealthRound(ctx, exec.AllianceID, r.ID)
				if err != nil {
					t.Fatal(err)
				}
				return got
			}

			tick()
			if got := status().Status; got != accord.RoundScheduled {
				t.Errorf("the day before: status %s, want scheduled", got)
			}
			set(now.AddDate(0, 0, 1))
			tick()
			if got := status().Status; got != accord.RoundOpen {
				t.Fatalf("its first day: status %s, want open", got)
			}
			for _, u := range []string{exec.UserID, eve.UserID} {
				if got := count(u, accord.NotifyHealthRoundOpened); got != 1 {
					t.Errorf("user %s told of the opening %d times, want 1", u, got)
				}
			}
			if err := db.SubmitHealthResponse(ctx, exec.AllianceID, exec.ID, accord.HealthSubmission{RoundID: r.ID, Answers: map[string]int{"trust.word": 4}}); err != nil {
				t.Fatal(err)
			}
			set(now.AddDate(0, 0, 7))
			tick()
			if got := count(eve.UserID, accord.NotifyHealthReminder); got != 1 {
				t.Errorf("the member who has not answered reminded %d times, want 1", got)
			}
			if got := count(exec.UserID, accord.NotifyHealthReminder); got != 0 {
				t.Errorf("the member who answered reminded %d times, want 0", got)
			}
			if got := status().RemindersSent; got != 1 {
				t.Errorf("reminders sent: %d, want 1", got)
			}
			set(now.AddDate(0, 0, 5)) // 17 January: the second reminder, the day before its last
			tick()
			if got := status(); got.Status != accord.RoundOpen || got.RemindersSent != 2 {
				t.Errorf("12 days after opening: %s with %d reminders, want open with 2", got.Status, got.RemindersSent)
			}
			set(now.AddDate(0, 0, 1)) // its last day: open still
			tick()
			if got := status().Status; got != accord.RoundOpen {
				t.Errorf("its last day: status %s, want open", got)
			}
			set(now.AddDate(0, 0, 1))
			tick()
			closed := status()
			if closed.Status != accord.RoundClosed || closed.Responses != 1 || closed.Eligible != 2 {
				t.Errorf("the day after: %s, %d of %d answered; want closed, 1 of 2", closed.Status, closed.Responses, closed.Eligible)
			}
			rounds, err := db.ListRounds(ctx, accord.HealthRoundFilter{AllianceID: exec.AllianceID})
			if err != nil {
				t.Fatal(err)
			}
			if len(rounds) != 2 || rounds[0].Status != accord.RoundScheduled || rounds[0].OpensOn.Format(time.DateOnly) != "2027-04-05" {
				t.Fatalf("after closing: %d rounds, the latest %+v; want the next scheduled to open 2027-04-05", len(rounds), rounds[0])
			}
			if got := rounds[0].ClosesOn.Format(time.DateOnly); got != "2027-04-18" {
				t.Errorf("the next round closes %s, want 2027-04-18 (open 14 days)", got)
			}
		})
	}
}
