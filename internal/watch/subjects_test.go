package watch

import (
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestOverdueActions(t *testing.T) {
	item := func(status, due, meeting string) Action {
		return Action{CommitteeKey: "steering", Item: accord.ActionItem{ID: "a1", Title: "Send the staffing plan", OwnerName: "Elena Vasquez",
			OwnerParty: "p-river", DueOn: day(due), Status: status, MeetingID: meeting}}
	}
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		item     Action
		now      time.Time
		want     bool
		wantLink string
	}{
		{"due yesterday, open", item(accord.ActionOpen, "2026-03-09", "m1"), now, true, "meetings/m1"},
		{"due today is not overdue", item(accord.ActionOpen, "2026-03-10", "m1"), now, false, ""},
		{"due today, the last second", item(accord.ActionOpen, "2026-03-10", "m1"), time.Date(2026, 3, 10, 23, 59, 59, 0, time.UTC), false, ""},
		{"given outside a meeting links to its committee", item(accord.ActionOpen, "2026-01-31", ""), now, true, "committees/steering"},
		{"done", item(accord.ActionDone, "2026-01-31", "m1"), now, false, ""},
		{"cancelled", item(accord.ActionCancelled, "2026-01-31", "m1"), now, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := OverdueActions([]Action{tt.item}, tt.now)
			if len(got) != map[bool]int{true: 1, false: 0}[tt.want] {
				t.Fatalf("got %d conditions, want overdue %v", len(got), tt.want)
			}
			if !tt.want {
				return
			}
			c := got[0]
			if c.Kind != accord.SignalActionOverdue || c.Severity != accord.SeverityWarning || c.OwnerPartyID != "p-river" ||
				c.SubjectType != accord.SubjectOfActionItem || c.SubjectID != "a1" || c.Link != tt.wantLink {
				t.Errorf("got %+v; want an action_overdue warning owned by the owner's party, linking to %s", c, tt.wantLink)
			}
			if !strings.Contains(c.Subject, "Send the staffing plan") || !strings.Contains(c.Subject, "Elena Vasquez") {
				t.Errorf("subject %q does not name the item and its owner", c.Subject)
			}
			if !c.FirstPeriod.Equal(tt.item.Item.DueOn) || c.AboutKPI() {
				t.Errorf("got periods %v–%v, about a KPI %v; want the due day, not about a KPI", c.FirstPeriod, c.LastPeriod, c.AboutKPI())
			}
		})
	}
	// The words do not change from one day to the next: no nightly update.
	a, b := OverdueActions([]Action{item(accord.ActionOpen, "2026-03-01", "m1")}, now), OverdueActions([]Action{item(accord.ActionOpen, "2026-03-01", "m1")}, now.AddDate(0, 0, 5))
	if a[0] != b[0] || a[0].Key("") != b[0].Key("") {
		t.Errorf("the condition changed from day to day: %+v then %+v", a[0], b[0])
	}
}

func TestUnacknowledgedConcerns(t *testing.T) {
	// Raised on Thursday 26 November 2026: a patient-safety concern is due by
	// the end of Friday, others by the end of Tuesday 1 December.
	raised := day("2026-11-26")
	concern := func(category, status string, escalation int) accord.Concern {
		return accord.Concern{ID: "c1", Category: category, Severity: "high", Body: "Falls on ward 3", ReporterID: "u1", ReporterName: "Ada",
			Status: status, RaisedOn: raised, AckDueAt: accord.AckDeadline(raised, accord.AckBusinessDays(category)), Escalation: escalation}
	}
	tests := []struct {
		name     string
		c        accord.Concern
		now      time.Time
		severity accord.Severity // "" for no condition
		words    []string
	}{
		{"within the deadline", concern(accord.ConcernPatientSafety, accord.ConcernOpen, 0), day("2026-11-27").Add(23 * time.Hour), "", nil},
		{"patient safety past the deadline is critical", concern(accord.ConcernPatientSafety, accord.ConcernOpen, 0), day("2026-11-28"), accord.SeverityCritical,
			[]string{"patient safety", "26 Nov 2026", "27 Nov 2026", "high"}},
		{"finance past the deadline is a warning", concern(accord.ConcernFinance, accord.ConcernOpen, 0), day("2026-12-02"), accord.SeverityWarning,
			[]string{"finance", "1 Dec 2026"}},
		{"escalated (the deadline moved on)", concern(accord.ConcernData, accord.ConcernOpen, accord.EscalatedToChairs), day("2026-12-02"), accord.SeverityWarning,
			[]string{"Escalated to the steering committee chair"}},
		{"acknowledged", concern(accord.ConcernPatientSafety, accord.ConcernAcknowledged, 1), day("2026-12-02"), "", nil},
		{"closed", concern(accord.ConcernPatientSafety, accord.ConcernClosed, 2), day("2026-12-02"), "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.c.Escalation > 0 {
				tt.c.AckDueAt = tt.now.AddDate(0, 0, 3) // EscalateOverdue moves the deadline on
			}
			got := UnacknowledgedConcerns([]accord.Concern{tt.c}, tt.now)
			if tt.severity == "" {
				if len(got) != 0 {
					t.Fatalf("got %+v, want no condition", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("got %d conditions, want 1", len(got))
			}
			c := got[0]
			if c.Kind != accord.SignalConcernUnacknowledged || c.Severity != tt.severity || c.OwnerPartyID != "" || c.Link != "concerns/c1" {
				t.Errorf("got %+v; want a %s concern_unacknowledged signal with no owner, linking to the concern", c, tt.severity)
			}
			all := c.Subject + " " + c.Summary
			for _, w := range tt.words {
				if !strings.Contains(all, w) {
					t.Errorf("%q does not say %q", all, w)
				}
			}
			for _, secret := range []string{"Ada", "u1", "Falls"} {
				if strings.Contains(all, secret) {
					t.Errorf("%q carries %q, which could identify the reporter", all, secret)
				}
			}
		})
	}
}

func TestTermsKPIs(t *testing.T) {
	gate := `{"name":"x","benchmark":{"source":"target_pmpm","target_pmpm":500},"savings":{"minimum":{"method":"none"},"rate":"0.5","quality":"gate"},
		"quality_gate":{"measures":[{"kpi":"hba1c-control","at_least":"0.6"},{"kpi":"readmissions-30d","at_most":"0.15"}],"minimum_passing":1},
		"rounding":{"mode":"half_up","final":"cent"}}`
	tests := []struct {
		name, terms string
		want        string
	}{
		{"quality gate measures", gate, "hba1c-control,readmissions-30d"},
		{"no quality gate", strings.Replace(gate, `"quality_gate"`, `"_x"`, 1), ""},
		{"unreadable terms", "{", ""},
		{"none", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(TermsKPIs(tt.terms), ","); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestContractConditions(t *testing.T) {
	now := time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
	review := func(s string) *time.Time { d := day(s); return &d }
	k := kpi(accord.HigherIsBetter)
	k.Key, k.Name = "hba1c-control", "HbA1c control"
	series := func(vals []float64) Input {
		return Input{KPI: k, Totals: totals(vals), Targets: target(45, 40), Now: fresh(len(vals))}
	}
	req := accord.Renegotiation{ID: "r1", PartyID: "p-plan", PartyName: "Valley Health Plan", Reason: "Rebase the PMPM", RequestedBy: "Dana",
		RequestedAt: day("2026-06-01"), BaseVersion: 2}
	type want struct {
		kind     accord.SignalKind
		rule     string
		severity accord.Severity
		owner    string
	}
	tests := []struct {
		name string
		in   Contract
		want []want
	}{
		{"nothing due", Contract{Contract: accord.Contract{ReviewOn: review("2026-06-16")}, Latest: 2, KPIs: []Input{series(noise)}}, nil},
		{"review date today", Contract{Contract: accord.Contract{ReviewOn: review("2026-06-15")}, Latest: 2},
			[]want{{accord.SignalContractReview, accord.RuleReviewDate, accord.SeverityInfo, ""}}},
		{"review date passed", Contract{Contract: accord.Contract{ReviewOn: review("2026-01-01")}, Latest: 2},
			[]want{{accord.SignalContractReview, accord.RuleReviewDate, accord.SeverityInfo, ""}}},
		{"a named KPI red for three periods", Contract{Latest: 2, KPIs: []Input{series(append(noise[:10:10], 35, 36, 38))}},
			[]want{{accord.SignalContractReview, accord.RuleKPIRed, accord.SeverityWarning, ""}}},
		{"red for two periods is not yet a trigger", Contract{Latest: 2, KPIs: []Input{series(append(noise[:10:10], 50, 36, 38))}}, nil},
		{"a gap ends the run", Contract{Latest: 2, KPIs: []Input{{KPI: k, Targets: target(45, 40), Totals: gapped([]float64{35, 36, 0, 35, 38})}}}, nil},
		{"an outstanding renegotiation request", Contract{Latest: 2, Requests: []accord.Renegotiation{req}},
			[]want{{accord.SignalContractRenegotiation, "", accord.SeverityWarning, "p-plan"}}},
		{"a request answered by a later version", Contract{Latest: 3, Requests: []accord.Renegotiation{req}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.Contract.ID, tt.in.Contract.Key, tt.in.Contract.Title = "c1", "shared-savings", "Shared-savings agreement"
			got := ContractConditions(tt.in, now)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d conditions (%+v), want %d", len(got), got, len(tt.want))
			}
			for i, w := range tt.want {
				c := got[i]
				if c.Kind != w.kind || c.Rule != w.rule || c.Severity != w.severity || c.OwnerPartyID != w.owner {
					t.Errorf("got %s/%s %s owned by %q, want %s/%s %s owned by %q", c.Kind, c.Rule, c.Severity, c.OwnerPartyID, w.kind, w.rule, w.severity, w.owner)
				}
				if c.SubjectType != accord.SubjectOfContract || c.SubjectID != "c1" || c.Link != "contracts/shared-savings" || c.Subject == "" || c.Summary == "" {
					t.Errorf("condition %+v: want the contract as its subject, with words", c)
				}
				if c.LastPeriod.Before(c.FirstPeriod) {
					t.Errorf("periods out of order: %v–%v", c.FirstPeriod, c.LastPeriod)
				}
			}
		})
	}
}

// gapped makes monthly totals from January 2023, leaving out the zeros.
func gapped(vals []float64) []accord.PeriodTotal {
	var out []accord.PeriodTotal
	for _, p := range totals(vals) {
		if p.Value.Float() != 0 {
			out = append(out, p)
		}
	}
	return out
}

func TestRedRun(t *testing.T) {
	in := Input{KPI: kpi(accord.HigherIsBetter), Targets: target(60, 55), Totals: totals([]float64{70, 50, 52, 49, 51})}
	first, last, n := RedRun(in)
	if n != 4 || !first.Equal(jan2023.AddDate(0, 1, 0)) || !last.Equal(jan2023.AddDate(0, 4, 0)) {
		t.Errorf("RedRun = %v, %v, %d; want Feb–May 2023, 4 periods", first, last, n)
	}
	in.Totals = totals([]float64{50, 50, 70})
	if _, _, n := RedRun(in); n != 0 {
		t.Errorf("RedRun with a green latest value = %d, want 0", n)
	}
}
