package watch

import (
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/initiative"
	"github.com/accord-alliance/accord/internal/number"
)

func dayPtr(s string) *time.Time { t := day(s); return &t }

// samplePortfolio: one adopted initiative at Lakeview (10 hours, one
// initiative at once) with a running phase asking 12 hours a week from
// March, a planned phase from April 20, a deliverable, a commitment and a
// disputed contribution.
func samplePortfolio() Portfolio {
	hours := func(h int64) number.Decimal { return number.DecimalFromInt(h) }
	return Portfolio{
		Portfolio: accord.Portfolio{
			Sites:       []accord.Site{{ID: "lv", Name: "Lakeview", PartyID: "prov", MaxActive: 1, StaffHours: hours(10)}},
			Initiatives: []accord.Initiative{{ID: "rm", Name: "Remote monitoring", Status: accord.InitiativeActive, SponsorIDs: []string{"vend"}}},
			Phases: []accord.Phase{
				{ID: "p1", InitiativeID: "rm", Name: "Pilot", Status: accord.PhaseActive, StartsOn: day("2027-03-01"), EndsOn: day("2027-05-31"),
					Sites: []accord.PhaseSite{{SiteID: "lv", Staff: []accord.RoleHours{{Role: "nurse", Hours: hours(12)}}}}},
				{ID: "p2", InitiativeID: "rm", Name: "Scale", Status: accord.PhasePlanned, StartsOn: day("2027-04-20"), EndsOn: day("2027-09-30")},
			},
			Milestones: []accord.Milestone{{ID: "m1", PhaseID: "p1", Kind: accord.MilestoneDeliverable, Title: "Nurses trained", DueOn: dayPtr("2027-04-10")}},
			Readiness:  []accord.ReadinessAssessment{{PhaseID: "p2", Dimension: accord.ReadyIT}},
		},
		Commitments:   []accord.Commitment{{ID: "c1", InitiativeID: "rm", PartyID: "pay", Description: "Nurse hours", Amount: number.Dollars(60_000), DueOn: day("2027-04-01")}},
		Contributions: []accord.Contribution{{ID: "x1", CommitmentID: "c1", InitiativeID: "rm", PartyID: "pay", Amount: number.Dollars(20_000), Disputed: true, DisputedByName: "Leo", DisputeReason: "Not paid yet.", DisputedAt: dayPtr("2027-04-03")}},
		Parties:       map[string]string{"pay": "Valley Health Plan"},
	}
}

func TestInitiativeConditions(t *testing.T) {
	tests := []struct {
		name   string
		now    string
		change func(*Portfolio)
		want   map[string]string // subject type → subject, "" for none
	}{
		{"before anything is due", "2027-02-10", nil, map[string]string{
			accord.SubjectOfMilestone: "", accord.SubjectOfPhase: "",
			accord.SubjectOfSite:       "Lakeview over capacity from Mar 2027",
			accord.SubjectOfCommitment: "", accord.SubjectOfContribution: "Contribution disputed: Valley Health Plan's $20,000.00 to Remote monitoring"}},
		{"deliverable at risk, gate waiting, commitment past due", "2027-04-05", nil, map[string]string{
			accord.SubjectOfMilestone:  "Milestone at risk: Nurses trained (Remote monitoring, Pilot)",
			accord.SubjectOfPhase:      "Readiness gate waiting: Remote monitoring, Scale",
			accord.SubjectOfCommitment: "Commitment past due: Valley Health Plan, Nurse hours (Remote monitoring)"}},
		{"deliverable missed", "2027-04-11", nil, map[string]string{accord.SubjectOfMilestone: "Milestone missed: Nurses trained (Remote monitoring, Pilot)"}},
		{"the conditions end: done, decided, paid, resolved, within capacity", "2027-04-11", func(pf *Portfolio) {
			pf.Milestones[0].DoneAt, pf.Milestones[0].DoneByName, pf.Milestones[0].Evidence = dayPtr("2027-04-09"), "Ann", "Sheets"
			pf.Gates = []accord.GateDecision{{PhaseID: "p2", Kind: accord.GateAdvance}}
			pf.Contributions[0].Resolution = accord.ResolutionUpheld
			pf.Contributions = append(pf.Contributions, accord.Contribution{CommitmentID: "c1", Amount: number.Dollars(40_000)})
			pf.Sites[0].StaffHours, pf.Sites[0].MaxActive = number.DecimalFromInt(20), 2
		}, map[string]string{accord.SubjectOfMilestone: "", accord.SubjectOfPhase: "", accord.SubjectOfCommitment: "",
			accord.SubjectOfContribution: "", accord.SubjectOfSite: ""}},
		{"a paused phase holds no capacity and its milestones are not watched", "2027-04-11", func(pf *Portfolio) {
			pf.Phases[0].Status, pf.Phases[1].Status = accord.PhasePaused, accord.PhasePaused
		}, map[string]string{accord.SubjectOfMilestone: "", accord.SubjectOfSite: "", accord.SubjectOfPhase: ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pf := samplePortfolio()
			if tt.change != nil {
				tt.change(&pf)
			}
			got, err := InitiativeConditions(pf, day(tt.now))
			if err != nil {
				t.Fatal(err)
			}
			for st, want := range tt.want {
				subject := ""
				if len(got[st]) > 1 {
					t.Errorf("%s: %d conditions, want at most one", st, len(got[st]))
				}
				if len(got[st]) > 0 {
					subject = got[st][0].Subject
				}
				if subject != want {
					t.Errorf("%s: got %q, want %q", st, subject, want)
				}
			}
		})
	}
}

// TestConditionMilestoneFollowsSharing: a condition milestone's signal
// quotes its KPI's figures, so it names the KPI and segment the data-sharing
// rules are applied by (accord.Signal.QuotesKPI), as a contract's does.
func TestConditionMilestoneFollowsSharing(t *testing.T) {
	pf := samplePortfolio()
	pf.Milestones = []accord.Milestone{{ID: "m2", PhaseID: "p1", Kind: accord.MilestoneCondition, KPIID: "k1", Segment: "Lakeview",
		Comparison: accord.CompareAtMost, Threshold: number.DecimalFromInt(8), ByDate: dayPtr("2027-04-30")}}
	pf.KPIs = map[string]accord.KPI{"k1": {ID: "k1", Name: "No-show rate", Frequency: accord.Monthly}}
	pf.Readings = map[string][]initiative.Reading{"m2": {{Period: day("2027-03-01"), Value: number.DecimalFromInt(12)}, {Period: day("2027-04-01"), Value: number.DecimalFromInt(11)}}}
	got, err := InitiativeConditions(pf, day("2027-05-20"))
	if err != nil {
		t.Fatal(err)
	}
	ms := got[accord.SubjectOfMilestone]
	if len(ms) != 1 {
		t.Fatalf("%d milestone conditions, want the missed one: %+v", len(ms), got)
	}
	if c := ms[0]; c.KPIID != "k1" || c.Segment != "Lakeview" || !strings.Contains(c.Summary, "11") {
		t.Errorf("condition %+v; want it on KPI k1, segment Lakeview, quoting the figure 11", c)
	}
}
