package watch

import (
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// dateFormat is how conditions not about a KPI write their days.
const dateFormat = "2 Jan 2006"

// Action is an action item and the committee it belongs to, whose page
// lists the items given outside a meeting.
type Action struct {
	Item         accord.ActionItem
	CommitteeKey string
}

// OverdueActions returns one condition per action item still open after
// its due day, owned by the party of the item's owner and linked to the
// meeting that gave it (or its committee). Its words do not change from
// day to day, so an ongoing condition is not rewritten every night.
func OverdueActions(items []Action, now time.Time) []accord.SignalCondition {
	var out []accord.SignalCondition
	for _, a := range items {
		it := a.Item
		if !it.Overdue(now) {
			continue
		}
		link := "committees/" + a.CommitteeKey
		if it.MeetingID != "" {
			link = "meetings/" + it.MeetingID
		}
		out = append(out, accord.SignalCondition{
			Kind: accord.SignalActionOverdue, Severity: accord.SeverityWarning, Effect: accord.EffectUnclear,
			Subject:     "Action item overdue: " + it.Title + " (" + it.OwnerName + ")",
			Summary:     "Given to " + it.OwnerName + ", due on " + it.DueOn.Format(dateFormat) + " and still open.",
			FirstPeriod: accord.Day(it.DueOn), LastPeriod: accord.Day(it.DueOn),
			SubjectType: accord.SubjectOfActionItem, SubjectID: it.ID, Link: link, OwnerPartyID: it.OwnerParty,
		})
	}
	return out
}

// UnacknowledgedConcerns returns one condition per concern still open past
// its acknowledgement deadline (or escalated, which moves the deadline on).
// The condition says only the category, the severity and the day the
// concern was raised: no party owns it and nothing in it points at the
// reporter. A patient-safety concern is critical, others a warning.
func UnacknowledgedConcerns(cs []accord.Concern, now time.Time) []accord.SignalCondition {
	var out []accord.SignalCondition
	for _, c := range cs {
		if c.Status != accord.ConcernOpen || c.Escalation == 0 && now.Before(c.AckDueAt) {
			continue
		}
		sev := accord.SeverityWarning
		if c.Category == accord.ConcernPatientSafety {
			sev = accord.SeverityCritical
		}
		raised := accord.Day(c.RaisedOn)
		due := accord.AckDeadline(raised, accord.AckBusinessDays(c.Category)).AddDate(0, 0, -1)
		summary := "Raised on " + raised.Format(dateFormat) + " (" + categoryLabel(c.Category) + ", " + c.Severity +
			" severity); acknowledgement was due by the end of " + due.Format(dateFormat) + "."
		switch {
		case c.Escalation >= accord.EscalatedToAll:
			summary += " Escalated to every executive of the alliance."
		case c.Escalation == accord.EscalatedToChairs:
			summary += " Escalated to the steering committee chair and every party's executives."
		}
		out = append(out, accord.SignalCondition{
			Kind: accord.SignalConcernUnacknowledged, Severity: sev, Effect: accord.EffectUnclear,
			Subject: "Concern not acknowledged in time: " + categoryLabel(c.Category), Summary: summary,
			FirstPeriod: raised, LastPeriod: raised,
			SubjectType: accord.SubjectOfConcern, SubjectID: c.ID, Link: "concerns/" + c.ID,
		})
	}
	return out
}

// categoryLabel writes a concern category for people.
func categoryLabel(category string) string {
	switch category {
	case accord.ConcernOperations:
		return "operations and workload"
	case accord.ConcernRelationship:
		return "relationship and trust"
	}
	return strings.ReplaceAll(category, "_", " ")
}
