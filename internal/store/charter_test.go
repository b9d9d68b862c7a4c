package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// charterSignals returns the alliance's charter review signals.
func charterSignals(t *testing.T, db interface {
	ListSignals(context.Context, accord.SignalFilter) ([]accord.Signal, error)
}, allianceID string) []accord.Signal {
	t.Helper()
	gs, err := db.ListSignals(context.Background(), accord.SignalFilter{AllianceID: allianceID, Kind: string(accord.SignalCharterReview)})
	if err != nil {
		t.Fatal(err)
	}
	return gs
}

// TestCharterReview walks a yearly review: not due after creation, due
// once its date is set near, a party reaffirms, the other proposes a
// change that goes to the steering committee and applies as a version
// when it passes; the signal is raised while due and resolved after.
func TestCharterReview(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			clk := &clock{t: time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)}
			db := storetest.Open(t, d, clk.Now)
			b := seatBoard(t, db)
			c, err := db.Charter(ctx, b.alliance.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Versions) != 1 || c.Versions[0].Vision != "Better care" || c.Current.Year != 2027 || c.Current.Due || c.Current.Open {
				t.Fatalf("a new charter: versions %+v, review %+v; want one version and the 2027 review not yet open", c.Versions, c.Current)
			}
			reaffirm := accord.CharterResponse{Kind: accord.CharterReaffirm}
			if err := db.RespondCharterReview(ctx, b.actors["Ada"], b.alliance.ID, &reaffirm); accord.ErrorCode(err) != accord.ECONFLICT {
				t.Fatalf("answering a review not yet open: err = %v, want conflict", err)
			}
			if err := db.SetCharterReviewDate(ctx, b.actors["Ada"], b.alliance.ID, time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC)); err != nil {
				t.Fatal(err)
			}
			c, _ = db.Charter(ctx, b.alliance.ID)
			if c.Current.Year != 2026 || !c.Current.Due || len(c.Current.Waiting) != 2 {
				t.Fatalf("review after setting 15 December: %+v; want the 2026 review due, two parties waiting", c.Current)
			}
			if gs := charterSignals(t, db, b.alliance.ID); len(gs) != 1 || gs[0].Status != accord.SignalOpen {
				t.Fatalf("a due review's signals: %+v; want one open", gs)
			}
			if err := db.RespondCharterReview(ctx, b.actors["Ada"], b.alliance.ID, &reaffirm); err != nil {
				t.Fatalf("reaffirm: %v", err)
			}
			again := accord.CharterResponse{Kind: accord.CharterReaffirm}
			if err := db.RespondCharterReview(ctx, b.actors["Cyd"], b.alliance.ID, &again); accord.ErrorCode(err) != accord.ECONFLICT {
				t.Fatalf("a second answer for the payer: err = %v, want conflict", err)
			}
			bad := accord.CharterResponse{Kind: accord.CharterPropose, Name: "North Valley Alliance"}
			if err := db.RespondCharterReview(ctx, b.actors["Ben"], b.alliance.ID, &bad); accord.ErrorCode(err) != accord.EINVALID {
				t.Fatalf("a proposal without text: err = %v, want invalid", err)
			}
			prop := accord.CharterResponse{Kind: accord.CharterPropose, Name: "North Valley Alliance", Vision: "Better care, closer to home", Values: "Candour; pace"}
			if err := db.RespondCharterReview(ctx, b.actors["Ben"], b.alliance.ID, &prop); err != nil {
				t.Fatalf("propose: %v", err)
			}
			if prop.MotionNumber == 0 {
				t.Fatalf("a proposal has no motion: %+v", prop)
			}
			c, _ = db.Charter(ctx, b.alliance.ID)
			if c.Current.Due || !c.Current.Complete || len(c.Current.Responses) != 2 || c.Current.Responses[1].RespondedBy != "Ada" {
				t.Fatalf("review after both parties answered: %+v", c.Current)
			}
			if gs := charterSignals(t, db, b.alliance.ID); len(gs) != 1 || gs[0].Status != accord.SignalResolved {
				t.Fatalf("a complete review's signals: %+v; want one resolved", gs)
			}
			if len(c.Versions) != 1 {
				t.Fatalf("a proposal changed the charter before its motion passed: %+v", c.Versions)
			}
			for _, who := range []string{"Ada", "Cyd", "Ben", "Dee"} {
				if _, err := db.CastVote(ctx, b.actors[who], b.alliance.ID, prop.MotionNumber, "", "yes", ""); err != nil {
					t.Fatalf("vote %s: %v", who, err)
				}
			}
			if m, err := db.DecideMotion(ctx, b.actors["Ada"], b.alliance.ID, prop.MotionNumber, ""); err != nil && accord.ErrorCode(err) != accord.ECONFLICT {
				t.Fatalf("decide: %v", err)
			} else if err == nil && m.Status != accord.MotionPassed {
				t.Fatalf("motion %s, want passed", m.Status)
			}
			c, _ = db.Charter(ctx, b.alliance.ID)
			if len(c.Versions) != 2 || c.Versions[0].Vision != "Better care, closer to home" || c.Versions[0].MotionNumber != prop.MotionNumber {
				t.Fatalf("versions after the motion passed: %+v", c.Versions)
			}
			a, err := db.AllianceBySlug(ctx, b.alliance.Slug)
			if err != nil || a.Values != "Candour; pace" {
				t.Fatalf("alliance after the motion: %+v, %v", a, err)
			}
		})
	}
}
