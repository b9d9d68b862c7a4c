package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// charterExecutives are the executives who answer the charter review for
// their party, in the order they answered last year.
var charterExecutives = []string{"elena.vasquez@riversidepg.example", "dana.whitfield@valleyhealthplan.example",
	"leo.brandt@brightline.example", "jonathan.reyes@cedarridge.example"}

// CharterReview sets the charter's yearly review three weeks ahead: last
// year's review was completed, every party reaffirming; this year's is due
// and the physician group has reaffirmed already.
func CharterReview(ctx context.Context, svc accord.Services, allianceID string, actors map[string]accord.Actor, now time.Time) error {
	on := accord.Day(now.UTC()).AddDate(0, 0, 21)
	last := accord.CharterReviewOn(on, on.Year()-1)
	admin := actors["admin@accord-demo.example"]
	// set as last year's review opened, so no earlier review stands due
	if err := asOf(svc, last.Add(-accord.CharterReviewWindow).Add(9*time.Hour)).SetCharterReviewDate(ctx, admin, allianceID, on); err != nil {
		return fmt.Errorf("demo: charter review date: %w", err)
	}
	for i, email := range charterExecutives {
		r := accord.CharterResponse{Kind: accord.CharterReaffirm}
		if err := asOf(svc, last.AddDate(0, 0, -20+4*i).Add(15*time.Hour)).RespondCharterReview(ctx, actors[email], allianceID, &r); err != nil {
			return fmt.Errorf("demo: last year's charter review: %w", err)
		}
	}
	r := accord.CharterResponse{Kind: accord.CharterReaffirm}
	if err := asOf(svc, now.AddDate(0, 0, -3)).RespondCharterReview(ctx, actors[charterExecutives[0]], allianceID, &r); err != nil {
		return fmt.Errorf("demo: this year's charter review: %w", err)
	}
	return nil
}
