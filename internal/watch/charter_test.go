package watch

import (
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// TestCharterReviewConditions: a due review is one condition naming who
// must answer, information until its date and a warning after; a review
// not open or complete raises none.
func TestCharterReviewConditions(t *testing.T) {
	on := time.Date(2026, 12, 29, 0, 0, 0, 0, time.UTC)
	r := accord.CharterReview{Year: 2026, On: on, OpensOn: on.Add(-accord.CharterReviewWindow), Open: true, Due: true, Waiting: []string{"Brightline Telehealth", "Valley Health Plan"}}
	before := CharterReviewConditions("a1", r, time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC))
	if len(before) != 1 || before[0].Severity != accord.SeverityInfo || before[0].Kind != accord.SignalCharterReview ||
		before[0].SubjectType != accord.SubjectOfCharter || before[0].Ref != "2026" || before[0].Link != "charter" ||
		!strings.Contains(before[0].Summary, "Brightline Telehealth, Valley Health Plan") {
		t.Fatalf("a due review before its date: %+v", before)
	}
	after := CharterReviewConditions("a1", r, time.Date(2026, 12, 30, 10, 0, 0, 0, time.UTC))
	if len(after) != 1 || after[0].Severity != accord.SeverityWarning || after[0].Summary != before[0].Summary {
		t.Fatalf("a due review after its date: %+v; want a warning with the same words", after)
	}
	r.Due, r.Complete, r.Waiting = false, true, nil
	if got := CharterReviewConditions("a1", r, on); len(got) != 0 {
		t.Fatalf("a complete review: %+v, want none", got)
	}
}
