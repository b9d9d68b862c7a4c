package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/store"
)

// TestInitiativeMilestoneStates checks that milestones' states are
// computed from the scorecard at their segment and from the date, in the
// API's answer and on the page: Lakeview's no-show rate at most 8 for three
// months is met by Lakeview's own figures (Eastgate's, far above, do not
// count), and a deliverable past its due date and not done is missed.
func TestInitiativeMilestoneStates(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			sc := newInitScene(a)
			ctx, sys := context.Background(), accord.SystemActor("test")
			k := a.testKPI("no-shows")
			var rows []accord.ObservationInput
			for _, m := range []string{"2026-07", "2026-08", "2026-09"} {
				for seg, num := range map[string]int64{"Lakeview": 7, "Eastgate": 90} {
					n, den := number.DecimalFromInt(num), number.DecimalFromInt(100)
					rows = append(rows, accord.ObservationInput{KPI: k.Key, Period: m, Segment: seg, Numerator: &n, Denominator: &den})
				}
			}
			if rep, err := a.db.ImportObservations(ctx, sys, accord.ImportRequest{AllianceID: sc.al.ID, Format: "json", Rows: rows}); err != nil || len(rep.Errors) > 0 {
				t.Fatalf("import: %v %+v", err, rep.Errors)
			}
			in := sc.propose("No-show drive", sc.lakeview.ID)
			p := accord.Phase{AllianceID: sc.al.ID, InitiativeID: in.ID, Name: "Lakeview", StartsOn: day(2026, 6, 1), EndsOn: day(2027, 5, 31),
				Sites: []accord.PhaseSite{{SiteID: sc.lakeview.ID}}}
			if err := a.db.AddPhase(ctx, sys, &p); err != nil {
				t.Fatal(err)
			}
			due := day(2026, 7, 1)
			for _, m := range []accord.Milestone{
				{Kind: accord.MilestoneCondition, Title: "Lakeview no-shows", KPIID: k.ID, Segment: "Lakeview", Comparison: accord.CompareAtMost, Threshold: number.DecimalFromInt(8), Periods: 3},
				{Kind: accord.MilestoneDeliverable, Title: "Reminder calls scripted", DueOn: &due, ResponsibleRole: accord.RoleOperations},
			} {
				m.AllianceID, m.PhaseID = sc.al.ID, p.ID
				if err := a.db.AddMilestone(ctx, sys, &m); err != nil {
					t.Fatal(err)
				}
			}
			var got struct {
				Phases []struct {
					Milestones []struct{ Title, State, Reason string }
				}
			}
			a.api("GET", "/api/v1/alliances/north-valley/initiatives/"+in.ID, a.token(roleAccounts["observer"], "read"), "", &got)
			if len(got.Phases) != 1 || len(got.Phases[0].Milestones) != 2 {
				t.Fatalf("milestones: %+v", got)
			}
			want := map[string]string{"Lakeview no-shows": "met", "Reminder calls scripted": "missed"}
			for _, m := range got.Phases[0].Milestones {
				if m.State != want[m.Title] {
					t.Errorf("%s: state %s (%s), want %s", m.Title, m.State, m.Reason, want[m.Title])
				}
			}
			_, page := a.get(a.login(roleAccounts["observer"]), "/a/north-valley/initiatives/"+in.ID)
			for _, w := range []string{"state-met", "state-missed", "Lakeview no-shows"} {
				if !strings.Contains(page, w) {
					t.Errorf("the page lacks %q", w)
				}
			}
		})
	}
}
