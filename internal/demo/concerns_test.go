package demo_test

import (
	"context"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestSafeVoice checks the demo's concerns: the anonymous patient-safety
// concern answered in its thread and found again by its receipt, the named
// workload concern closed with a reason, the anonymous relationship
// concern escalated twice, and the finance concern still open.
func TestSafeVoice(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, d, nil)
			res, b := generate(t, db, testNow)
			got := res.Concerns
			list, err := db.ListConcerns(ctx, accord.ConcernFilter{AllianceID: b.alliance.ID})
			if err != nil || len(list) != 4 {
				t.Fatalf("concerns = %d, %v; want 4", len(list), err)
			}
			byID := map[string]accord.Concern{}
			for _, c := range list {
				byID[c.ID] = c
				if c.RaisedOn.After(testNow) {
					t.Errorf("%s concern raised on %s, after now", c.Category, c.RaisedOn)
				}
				if c.Anonymous && (c.ReporterID != "" || c.ReporterName != "") {
					t.Errorf("anonymous %s concern names %q", c.Category, c.ReporterName)
				}
			}
			for _, w := range []struct {
				id, category, status, reporter string
				anonymous                      bool
				escalation                     int
			}{
				{got.Answered, accord.ConcernPatientSafety, accord.ConcernAcknowledged, "", true, 0},
				{got.Closed, accord.ConcernOperations, accord.ConcernClosed, "Grace Liu", false, 0},
				{got.Escalated, accord.ConcernRelationship, accord.ConcernOpen, "", true, accord.EscalatedToAll},
				{got.Open, accord.ConcernFinance, accord.ConcernOpen, "Marcus Bell", false, 0},
			} {
				c, ok := byID[w.id]
				if !ok {
					t.Errorf("no %s concern with id %q", w.category, w.id)
					continue
				}
				if c.Category != w.category || c.Status != w.status || c.ReporterName != w.reporter || c.Anonymous != w.anonymous || c.Escalation != w.escalation {
					t.Errorf("%s concern: status %s, reporter %q, anonymous %v, escalation %d; want %s, %q, %v, %d",
						c.Category, c.Status, c.ReporterName, c.Anonymous, c.Escalation, w.status, w.reporter, w.anonymous, w.escalation)
				}
			}
			if c := byID[got.Open]; c.Overdue(testNow) {
				t.Errorf("the open finance concern is overdue already (due %s)", c.AckDueAt)
			}
			if c := byID[got.Closed]; c.CloseReason == "" {
				t.Error("the closed concern has no reason")
			}

			// The reporter of the answered concern finds it by the printed
			// receipt, and reads the handler's replies around their own
			// message, which keeps only its day.
			c, err := db.ConcernByReceipt(ctx, b.alliance.ID, got.Receipt)
			if err != nil || c.ID != got.Answered {
				t.Fatalf("concern by receipt %q = %s, %v; want %s", got.Receipt, c.ID, err, got.Answered)
			}
			authors := ""
			for _, m := range c.Messages {
				authors += m.Author + ";"
				if m.Author == accord.ReporterAuthor && (!m.DayOnly || !m.At.Equal(accord.Day(m.At))) {
					t.Errorf("the reporter's message keeps a time of day: %s", m.At)
				}
			}
			if want := "Dr. Elena Vasquez;Dr. Elena Vasquez;reporter;Dr. Elena Vasquez;"; authors != want {
				t.Errorf("thread authors = %q, want %q", authors, want)
			}
			esc, _ := db.Concern(ctx, b.alliance.ID, got.Escalated)
			if n := len(esc.Messages); n != 2 || esc.Messages[0].Author != "accord" || esc.Messages[0].At.After(esc.Messages[1].At) || !esc.Messages[1].At.Before(testNow) {
				t.Errorf("escalation steps = %+v; want two by accord, in order, in the past", esc.Messages)
			}
		})
	}
}
