package watch

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// CharterReviewConditions returns the condition of a charter review that
// is due: open and not every party has responded. It is information until
// the review's date, a warning after it. No party owns it: every party's
// executives are asked.
func CharterReviewConditions(allianceID string, r accord.CharterReview, now time.Time) []accord.SignalCondition {
	if !r.Due {
		return nil
	}
	sev := accord.SeverityInfo
	if accord.Day(now).After(r.On) {
		sev = accord.SeverityWarning
	}
	return []accord.SignalCondition{{
		Kind: accord.SignalCharterReview, Rule: accord.RuleReviewDate, Severity: sev, Effect: accord.EffectUnclear,
		Subject: fmt.Sprintf("Charter review %d", r.Year),
		Summary: fmt.Sprintf("The charter's %d review is due by %s: %s to reaffirm the vision and values or propose a change.",
			r.Year, r.On.Format("2 January 2006"), strings.Join(r.Waiting, ", ")),
		FirstPeriod: r.OpensOn, LastPeriod: r.On,
		SubjectType: accord.SubjectOfCharter, SubjectID: allianceID, Ref: strconv.Itoa(r.Year), Link: "charter",
	}}
}
