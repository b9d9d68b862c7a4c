package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// versions reads the alliance's scorecard and portfolio versions as a
// page's request does.
func (b initBoard) versions(t *testing.T) (scorecard, portfolio int64) {
	t.Helper()
	a, _, err := b.db.MemberAlliance(context.Background(), b.alliance.Slug, b.admin.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a.ScorecardVersion, a.PortfolioVersion
}

// TestPortfolioVersion: every write to the initiatives and their ledger
// bumps the portfolio's version, in its transaction, and leaves the
// scorecard's alone, so the scorecard's cached pages outlive a ledger
// entry and the portfolio's do not.
func TestPortfolioVersion(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			b := newInitBoard(t, d)
			in := b.proposed(t)
			sc0, pv0 := b.versions(t)
			c := accord.Commitment{AllianceID: b.alliance.ID, InitiativeID: in.ID, PartyID: b.payer.ID, Kind: accord.CommitCash,
				Amount: number.Dollars(10_000), DueOn: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)}
			if err := b.db.AddCommitment(ctx, b.actors["Ada"], &c); err != nil {
				t.Fatal(err)
			}
			sc1, pv1 := b.versions(t)
			if sc1 != sc0 {
				t.Errorf("a ledger entry moved the scorecard's version from %d to %d; it shows nothing of the ledger", sc0, sc1)
			}
			if pv1 <= pv0 {
				t.Errorf("a ledger entry left the portfolio's version at %d (was %d); its cached pages would hide it", pv1, pv0)
			}
			purpose := "Video visits for every follow-up"
			if _, err := b.db.UpdateInitiative(ctx, b.actors["Ben"], b.alliance.ID, in.ID, accord.InitiativeUpdate{Purpose: &purpose}); err != nil {
				t.Fatal(err)
			}
			if sc2, pv2 := b.versions(t); sc2 != sc0 || pv2 <= pv1 {
				t.Errorf("after a change to the initiative: versions scorecard %d portfolio %d, want %d and more than %d", sc2, pv2, sc0, pv1)
			}
		})
	}
}

// TestInitiativeAndPhaseChanges: an initiative and its phases change with
// the checks of their creation; a site stays on the initiative while a
// phase has it; a phase that has not started is removed (the ones after
// it move up), one that has is kept; nothing changes once the initiative
// is stopped. Each change is audited.
func TestInitiativeAndPhaseChanges(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			b := newInitBoard(t, d)
			in := b.proposed(t)
			empty := ""
			if _, err := b.db.UpdateInitiative(ctx, b.actors["Ben"], b.alliance.ID, in.ID, accord.InitiativeUpdate{Name: &empty}); accord.ErrorField(err) != "name" {
				t.Errorf("an initiative renamed to nothing: err = %v, want name refused", err)
			}
			noKPI := []accord.InitiativeKPI{{KPIID: b.kpi.ID, Direction: "sideways", Size: hours(1), ByDate: time.Now()}}
			if _, err := b.db.UpdateInitiative(ctx, b.actors["Ben"], b.alliance.ID, in.ID, accord.InitiativeUpdate{KPIs: &noKPI}); accord.ErrorField(err) != "kpis[0].direction" {
				t.Errorf("a KPI moved sideways: err = %v, want kpis[0].direction refused", err)
			}
			phase := func(name string, month time.Month) accord.Phase {
				p := accord.Phase{AllianceID: b.alliance.ID, InitiativeID: in.ID, Name: name, StartsOn: time.Date(2027, month, 1, 0, 0, 0, 0, time.UTC),
					EndsOn: time.Date(2027, month+1, 28, 0, 0, 0, 0, time.UTC), Sites: []accord.PhaseSite{{SiteID: b.sites["Lakeview"].ID}}}
				if err := b.db.AddPhase(ctx, b.actors["Ben"], &p); err != nil {
					t.Fatal(err)
				}
				return p
			}
			one, two, three := phase("Design", 1), phase("Lakeview", 4), phase("Both clinics", 7)
			onlyEastgate := []string{b.sites["Eastgate"].ID}
			if _, err := b.db.UpdateInitiative(ctx, b.actors["Ben"], b.alliance.ID, in.ID, accord.InitiativeUpdate{SiteIDs: &onlyEastgate}); accord.ErrorField(err) != "site_ids" {
				t.Errorf("taking Lakeview off while its phases have it: err = %v, want site_ids refused", err)
			}
			m := accord.Milestone{AllianceID: b.alliance.ID, PhaseID: two.ID, Kind: accord.MilestoneDeliverable, Title: "Rota agreed",
				DueOn: &two.EndsOn, ResponsibleRole: accord.RoleAdmin}
			if err := b.db.AddMilestone(ctx, b.actors["Ada"], &m); err != nil {
				t.Fatal(err)
			}
			if err := b.db.RemovePhase(ctx, b.actors["Ben"], b.alliance.ID, two.ID); err != nil {
				t.Fatalf("RemovePhase(planned): %v", err)
			}
			pf, err := b.db.Portfolio(ctx, b.alliance.ID)
			if err != nil {
				t.Fatal(err)
			}
			ordinals := map[string]int{}
			for _, p := range pf.Phases {
				ordinals[p.ID] = p.Ordinal
			}
			if len(pf.Phases) != 2 || ordinals[one.ID] != 1 || ordinals[three.ID] != 2 || len(pf.Milestones) != 0 {
				t.Errorf("after removing phase 2: phases %v, %d milestones; want Design 1 and Both clinics 2, no milestone", ordinals, len(pf.Milestones))
			}
			if err := b.db.RemovePhase(ctx, b.actors["Ben"], b.alliance.ID, two.ID); accord.ErrorCode(err) != accord.ENOTFOUND {
				t.Errorf("removing it again: err = %v, want not found", err)
			}
			if _, err := b.db.AdoptInitiative(ctx, b.actors["Ada"], b.alliance.ID, in.ID, b.passedMotion(t, "Adopt").ID); err != nil {
				t.Fatal(err)
			}
			if err := b.db.RecordGateDecision(ctx, b.actors["Ada"], &accord.GateDecision{AllianceID: b.alliance.ID, PhaseID: one.ID,
				Kind: accord.GateAdvance, MotionID: b.passedMotion(t, "Start design").ID}); err != nil {
				t.Fatal(err)
			}
			if err := b.db.RemovePhase(ctx, b.actors["Ben"], b.alliance.ID, one.ID); accord.ErrorCode(err) != accord.ECONFLICT {
				t.Errorf("removing a started phase: err = %v, want conflict", err)
			}
			why := "The clinic asked for it"
			later := time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)
			if _, err := b.db.UpdatePhase(ctx, b.actors["Ben"], b.alliance.ID, one.ID, accord.PhaseUpdate{EndsOn: &later, OverrideReason: why}); err != nil {
				t.Fatal(err)
			}
			es, err := b.db.ListAudit(ctx, accord.AuditFilter{AllianceID: b.alliance.ID, Entity: "phase", Action: "update"})
			if err != nil || len(es) != 1 || !strings.Contains(string(es[0].After), why) {
				t.Errorf("the phase's change in the audit trail = %+v, %v; want one entry keeping the override's reason", es, err)
			}
			if err := b.db.RecordGateDecision(ctx, b.actors["Ada"], &accord.GateDecision{AllianceID: b.alliance.ID, PhaseID: one.ID,
				Kind: accord.GateStop, MotionID: b.passedMotion(t, "Stop").ID}); err != nil {
				t.Fatal(err)
			}
			purpose := "Too late"
			if _, err := b.db.UpdateInitiative(ctx, b.actors["Ben"], b.alliance.ID, in.ID, accord.InitiativeUpdate{Purpose: &purpose}); accord.ErrorCode(err) != accord.ECONFLICT {
				t.Errorf("changing a stopped initiative: err = %v, want conflict", err)
			}
			for _, tc := range []struct {
				entity, action string
				want           int
			}{{"phase", "remove", 1}, {"phase", "update", 1}} {
				if got := auditCount(t, b.db, b.alliance.ID, tc.entity, tc.action); got != tc.want {
					t.Errorf("audit entries %s %s = %d, want %d", tc.entity, tc.action, got, tc.want)
				}
			}
		})
	}
}

// TestPortfolioPlan: the portfolio page reads only the phases that hold
// capacity in its months, and the initiatives by name.
func TestPortfolioPlan(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			b := newInitBoard(t, d)
			in := b.proposed(t)
			at := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
			for _, p := range []accord.Phase{
				{Name: "Design", StartsOn: at(2027, 1, 1), EndsOn: at(2027, 2, 28)},
				{Name: "Lakeview", StartsOn: at(2027, 7, 1), EndsOn: at(2027, 8, 31)},
			} {
				p.AllianceID, p.InitiativeID, p.Sites = b.alliance.ID, in.ID, []accord.PhaseSite{{SiteID: b.sites["Lakeview"].ID}}
				if err := b.db.AddPhase(ctx, b.actors["Ben"], &p); err != nil {
					t.Fatal(err)
				}
			}
			for _, tc := range []struct {
				first, last time.Time
				want        []string
			}{
				{at(2027, 3, 1), at(2027, 6, 30), nil},
				{at(2027, 2, 28), at(2027, 7, 1), []string{"Design", "Lakeview"}},
				{at(2027, 7, 1), at(2028, 6, 30), []string{"Lakeview"}},
			} {
				pf, err := b.db.PortfolioPlan(ctx, b.alliance.ID, tc.first, tc.last)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, p := range pf.Phases {
					got = append(got, p.Name)
					if len(p.Sites) != 1 {
						t.Errorf("phase %s read with %d sites, want its one", p.Name, len(p.Sites))
					}
				}
				if strings.Join(got, ",") != strings.Join(tc.want, ",") || len(pf.Sites) != 3 || len(pf.Initiatives) != 1 || pf.Initiatives[0].Name != in.Name {
					t.Errorf("PortfolioPlan(%s to %s): phases %v, %d sites, initiatives %+v; want %v, 3 sites and %s",
						tc.first.Format(time.DateOnly), tc.last.Format(time.DateOnly), got, len(pf.Sites), pf.Initiatives, tc.want, in.Name)
				}
			}
		})
	}
}
