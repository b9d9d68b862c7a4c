package agenda

import (
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

func TestBuild(t *testing.T) {
	now := time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC)
	since := time.Date(2026, 9, 3, 15, 0, 0, 0, time.UTC)
	closes := now.AddDate(0, 0, 2)
	in := Input{
		Since: since, Now: now,
		KPIs: []KPI{{Key: "wait", Name: "Wait time", Status: "amber", Value: "12 days", Period: "Oct 2026", Target: "10 days"},
			{Key: "a1c", Name: "A1c control", Status: "red", Value: "61%", Period: "Oct 2026", Target: "70%"},
			{Key: "readm", Name: "Readmissions", Status: "red", Value: "14%", Period: "Oct 2026", Target: "12%"}},
		Signals: []accord.Signal{
			{ID: "old", KPIKey: "x", Subject: "Old shift", Status: accord.SignalOpen, Severity: accord.SeverityCritical, OpenedAt: since.AddDate(0, 0, -1)},
			{ID: "warn", KPIKey: "ed", Subject: "Trend in ED visits", Status: accord.SignalOpen, Severity: accord.SeverityWarning, Effect: accord.EffectDeterioration, OpenedAt: since.AddDate(0, 0, 1)},
			{ID: "crit", KPIKey: "readm", Subject: "Readmissions red", Status: accord.SignalAcknowledged, Severity: accord.SeverityCritical, Effect: accord.EffectDeterioration, OpenedAt: since.AddDate(0, 1, 0)},
			{ID: "done", KPIKey: "y", Subject: "Resolved", Status: accord.SignalResolved, Severity: accord.SeverityCritical, OpenedAt: since.AddDate(0, 1, 0)},
			{ID: "a1cshift", KPIKey: "a1c", Subject: "Shift in A1c", Summary: "8 months below the median", Status: accord.SignalOpen, Severity: accord.SeverityWarning, Effect: accord.EffectDeterioration, OpenedAt: since.AddDate(0, 0, 3)},
			{ID: "late1", KPIKey: "dep", Kind: accord.SignalDataLate, Subject: "Depression screening: data overdue", Status: accord.SignalOpen, Severity: accord.SeverityWarning, OpenedAt: since.AddDate(0, 0, 3)},
			{ID: "good1", KPIKey: "flu", Subject: "Flu vaccination improving", Status: accord.SignalOpen, Severity: accord.SeverityInfo, Effect: accord.EffectImprovement, OpenedAt: since.AddDate(0, 0, 3)},
			{ID: "unack", Kind: accord.SignalConcernUnacknowledged, Subject: "A concern waits", Status: accord.SignalOpen, Severity: accord.SeverityCritical, OpenedAt: since.AddDate(0, 0, 4)},
			{ID: "late-action", Kind: accord.SignalActionOverdue, Subject: "An action is overdue", Status: accord.SignalOpen, Severity: accord.SeverityWarning, OpenedAt: since.AddDate(0, 0, 4)},
			{ID: "good2", KPIKey: "bp", Subject: "Blood pressure control improving", Status: accord.SignalOpen, Severity: accord.SeverityInfo, Effect: accord.EffectImprovement, OpenedAt: since.AddDate(0, 0, 3)},
		},
		Concerns: []accord.Concern{
			{ID: "c1", Category: accord.ConcernFinance, Severity: "low", Status: accord.ConcernAcknowledged, RaisedOn: now.AddDate(0, 0, -20), AckDueAt: now.AddDate(0, 0, -17), ReporterName: "Ben Named"},
			{ID: "c2", Category: accord.ConcernPatientSafety, Severity: "high", Status: accord.ConcernOpen, RaisedOn: now.AddDate(0, 0, -5), AckDueAt: now.AddDate(0, 0, -4), Escalation: 1},
			{ID: "c3", Category: accord.ConcernData, Severity: "low", Status: accord.ConcernClosed},
		},
		Motions: []accord.Motion{{ID: "m7", Number: 7, Title: "Adopt the 2027 targets", ClosesAt: &closes}},
		Actions: []accord.ActionItem{
			{ID: "late", Title: "Send the staffing plan", OwnerName: "Ben", Status: accord.ActionOpen, DueOn: now.AddDate(0, 0, -3)},
			{ID: "soon", Title: "Not yet due", Status: accord.ActionOpen, DueOn: now.AddDate(0, 0, 3)},
			{ID: "done", Title: "Done late", Status: accord.ActionDone, DueOn: now.AddDate(0, 0, -30)},
		},
		Minutes: []accord.Meeting{{ID: "prev", Title: "Steering committee — 3 September 2026", StartsAt: since}},
	}
	got := Build(in)
	want := []struct{ kind, ref, title string }{
		{accord.AgendaMinutes, "prev", "Approve the minutes of 3 September 2026"},
		{accord.AgendaKPI, "a1c", "A1c control is red"},
		{accord.AgendaKPI, "readm", "Readmissions is red"},
		{accord.AgendaKPI, "amber", "1 KPI in amber"},
		{accord.AgendaSignal, "warn", "Trend in ED visits"},
		{accord.AgendaSignal, "late-data", "Data overdue (1 KPI)"},
		{accord.AgendaSignal, "improvements", "2 improvements to recognise"},
		{accord.AgendaConcern, "c2", "Patient safety concern (high severity), escalated"},
		{accord.AgendaConcern, "c1", "Finance concern (low severity)"},
		{accord.AgendaMotion, "m7", "Motion 7: Adopt the 2027 targets"},
		{accord.AgendaAction, "late", "Overdue: Send the staffing plan"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d items, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if got[i].Kind != w.kind || got[i].RefID != w.ref || got[i].Title != w.title {
			t.Errorf("item %d = %s/%s %q, want %s/%s %q", i, got[i].Kind, got[i].RefID, got[i].Title, w.kind, w.ref, w.title)
		}
	}
	for _, it := range got {
		if strings.Contains(it.Title+it.Detail, "Ben Named") {
			t.Errorf("agenda item %q names the reporter of a concern", it.Title)
		}
	}
	if d := got[1].Detail; d != "8 months below the median." {
		t.Errorf("red KPI with a signal: detail = %q, want the signal's summary", d)
	}
	if d := got[2].Detail; d != "14% in Oct 2026 (target 12%)" {
		t.Errorf("red KPI: detail = %q", d)
	}
	if d := got[7].Detail; !strings.Contains(d, "acknowledgement overdue") {
		t.Errorf("overdue concern detail = %q", d)
	}
}

func TestBuildEmpty(t *testing.T) {
	if got := Build(Input{Now: time.Now()}); len(got) != 0 {
		t.Errorf("Build(nothing) = %+v, want no items", got)
	}
}

// TestTogetherParts: the items that take several KPIs together give back
// the parts they were written from (what a reader who may see only some of
// the KPIs is shown), and no other item has parts.
func TestTogetherParts(t *testing.T) {
	for _, c := range []struct {
		ref, title string
		parts      []string
	}{
		{RefAmber, "2 KPIs in amber", []string{"Wait time", "A1c control"}},
		{RefLate, "Data overdue (1 KPI)", []string{"Depression screening (Riverside Physician Group)"}},
		{RefImprovements, "3 improvements to recognise", []string{"Flu", "BP", "ED visits"}},
	} {
		it := Together(c.ref, c.parts)
		if it.Title != c.title || strings.Join(Parts(it), "|") != strings.Join(c.parts, "|") {
			t.Errorf("Together(%s) = %+v with parts %q; want %q and %q", c.ref, it, Parts(it), c.title, c.parts)
		}
	}
	for _, it := range []accord.AgendaItem{{Kind: accord.AgendaKPI, RefID: "a1c", Detail: "61% in Oct; target 70%"},
		{Kind: accord.AgendaSignal, RefID: RefAmber, Detail: "a; b"}, {Kind: accord.AgendaCustom, RefID: RefLate, Detail: "a; b"}} {
		if got := Parts(it); got != nil {
			t.Errorf("Parts(%+v) = %q; want none", it, got)
		}
	}
}
