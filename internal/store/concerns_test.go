package store_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/password"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// clock is a settable clock for deadlines and escalations.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// TestConcernLife raises a named and an anonymous concern, follows the
// anonymous one by its receipt, and escalates the unacknowledged one.
func TestConcernLife(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			// Thursday 26 November 2026, mid-afternoon.
			clk := &clock{t: time.Date(2026, 11, 26, 15, 4, 5, 0, time.UTC)}
			db := storetest.Open(t, d, clk.Now)
			f := seed(t, db)
			ada := accord.Actor{UserID: f.admin.ID, Name: f.admin.Name, Via: "web"}

			named := accord.Concern{AllianceID: f.alliance.ID, Category: accord.ConcernFinance, Severity: "low", Body: "Invoices late", ReceiptCost: password.Fast}
			if r, err := db.RaiseConcern(ctx, ada, &named, false); err != nil || r != "" {
				t.Fatalf("RaiseConcern(named) = %q, %v; want no receipt", r, err)
			}
			anon := accord.Concern{AllianceID: f.alliance.ID, Category: accord.ConcernPatientSafety, Severity: "high", Body: "Falls are not reported", ReceiptCost: password.Fast}
			receipt, err := db.RaiseConcern(ctx, ada, &anon, true)
			if err != nil || len(receipt) != 29 {
				t.Fatalf("RaiseConcern(anonymous) = %q, %v", receipt, err)
			}
			if want := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC); !anon.AckDueAt.Equal(want) {
				t.Errorf("patient-safety deadline = %v, want %v", anon.AckDueAt, want)
			}
			got, err := db.Concern(ctx, f.alliance.ID, named.ID)
			if err != nil || got.ReporterName != "Ada" || got.Anonymous {
				t.Errorf("named concern = %+v, %v; want reporter Ada", got, err)
			}
			got, err = db.ConcernByReceipt(ctx, f.alliance.ID, strings.ToLower(receipt))
			if err != nil || got.ID != anon.ID || got.ReporterID != "" || !got.Anonymous {
				t.Fatalf("ConcernByReceipt = %+v, %v", got, err)
			}
			wrong := receipt[:len(receipt)-1] + map[bool]string{true: "B", false: "A"}[receipt[len(receipt)-1] == 'A']
			if _, err := db.ConcernByReceipt(ctx, f.alliance.ID, wrong); accord.ErrorCode(err) != accord.ENOTFOUND {
				t.Errorf("a wrong receipt: err = %v, want not found", err)
			}
			if _, err := db.ReplyToConcern(ctx, ada, f.alliance.ID, anon.ID, "Thank you, we are on it."); err != nil {
				t.Fatal(err)
			}
			got, err = db.AddReporterMessage(ctx, f.alliance.ID, receipt, "It happened again on ward 3.")
			if err != nil || len(got.Messages) != 2 || !got.Messages[1].DayOnly || got.Messages[1].Author != accord.ReporterAuthor {
				t.Fatalf("AddReporterMessage = %+v, %v", got.Messages, err)
			}
			entries, err := db.ListAudit(ctx, accord.AuditFilter{AllianceID: f.alliance.ID, Entity: "concern"})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if e.EntityID == anon.ID && e.ActorName == "anonymous reporter" && (e.ActorID != "" || e.At.Hour() != 0 || strings.Contains(string(e.After), f.admin.ID)) {
					t.Errorf("anonymous audit entry %+v names someone or keeps the time of day", e)
				}
			}

			// Nobody acknowledges: escalate at the deadline, then again.
			if n, err := db.EscalateOverdue(ctx, anon.AckDueAt.Add(-time.Second)); err != nil || n != 0 {
				t.Errorf("EscalateOverdue before the deadline = %d, %v; want 0", n, err)
			}
			if n, err := db.EscalateOverdue(ctx, anon.AckDueAt); err != nil || n != 1 {
				t.Fatalf("EscalateOverdue at the deadline = %d, %v; want 1", n, err)
			}
			got, _ = db.Concern(ctx, f.alliance.ID, anon.ID)
			if got.Escalation != accord.EscalatedToChairs || !strings.Contains(got.Messages[len(got.Messages)-1].Body, "executives of every party") {
				t.Errorf("after escalation: level %d, last message %q", got.Escalation, got.Messages[len(got.Messages)-1].Body)
			}
			if n, _ := db.EscalateOverdue(ctx, got.AckDueAt); n != 1 {
				t.Errorf("second escalation = %d, want 1", n)
			}
			// A month on, only the named concern (three business days) escalates.
			if n, _ := db.EscalateOverdue(ctx, got.AckDueAt.AddDate(0, 1, 0)); n != 1 {
				t.Errorf("escalation a month on = %d, want 1 (the named concern; the anonymous one is at its last level)", n)
			}
			if got, _ = db.Concern(ctx, f.alliance.ID, anon.ID); got.Escalation != accord.EscalatedToAll {
				t.Errorf("escalation level = %d, want %d", got.Escalation, accord.EscalatedToAll)
			}
			if _, err := db.AcknowledgeConcern(ctx, ada, f.alliance.ID, anon.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := db.CloseConcern(ctx, ada, f.alliance.ID, anon.ID, ""); accord.ErrorCode(err) != accord.EINVALID {
				t.Errorf("close without a reason: err = %v, want invalid", err)
			}
			if got, err = db.CloseConcern(ctx, ada, f.alliance.ID, anon.ID, "Reporting fixed"); err != nil || got.Status != accord.ConcernClosed {
				t.Fatalf("CloseConcern = %+v, %v", got.Status, err)
			}
			list, err := db.ListConcerns(ctx, accord.ConcernFilter{AllianceID: f.alliance.ID, Status: accord.ConcernOpen})
			if err != nil || len(list) != 1 || list[0].ID != named.ID {
				t.Errorf("open concerns = %v, %v; want the named one", list, err)
			}
			if rep, err := db.VerifyAudit(ctx); err != nil || len(rep.Problems) > 0 {
				t.Errorf("VerifyAudit = %+v, %v", rep, err)
			}
		})
	}
}
