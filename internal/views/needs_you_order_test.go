package views

import (
	"testing"
	"time"
)

// TestSortNeeds: overdue first (earliest first), then by due date, then
// the items without one in the order their sources gave them.
func TestSortNeeds(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	at := func(days int) *time.Time { d := now.AddDate(0, 0, days); return &d }
	items := []needItem{
		{Sentence: "red KPI", Urgency: urgencyOpen},
		{Sentence: "vote in 10 days", Due: at(10), Urgency: urgencyAt(at(10), now)},
		{Sentence: "concerns late", Urgency: urgencyOverdue},
		{Sentence: "minutes in 3 days", Due: at(3), Urgency: urgencyAt(at(3), now)},
		{Sentence: "item 2 days late", Due: at(-2), Urgency: urgencyAt(at(-2), now)},
		{Sentence: "item 9 days late", Due: at(-9), Urgency: urgencyAt(at(-9), now)},
		{Sentence: "signal", Urgency: urgencyOpen},
	}
	sortNeeds(items)
	want := []string{"item 9 days late", "item 2 days late", "concerns late", "minutes in 3 days", "vote in 10 days", "red KPI", "signal"}
	for i, w := range want {
		if items[i].Sentence != w {
			t.Errorf("position %d: got %q, want %q", i, items[i].Sentence, w)
		}
	}
	for _, c := range []struct {
		due  *time.Time
		want string
	}{{nil, urgencyOpen}, {at(-1), urgencyOverdue}, {at(7), urgencyDueSoon}, {at(8), urgencyOpen}} {
		if got := urgencyAt(c.due, now); got != c.want {
			t.Errorf("urgencyAt(%v): got %s, want %s", c.due, got, c.want)
		}
	}
}
