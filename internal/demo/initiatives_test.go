package demo_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/initiative"
	"github.com/accord-alliance/accord/internal/roi"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
	"github.com/accord-alliance/accord/internal/views"
)

// TestDemoPortfolio checks the initiatives' stories: every party's sites
// with the scorecard's segment names, the care-manager programme scaled
// to all four clinics after a readiness gate, the telehealth pilot
// extended to Hillcrest, remote monitoring paused at Lakeview with the
// load in its motion, the proposed EHR referral enhancement, and a ledger
// with contributions from all four parties, one disputed, from which each
// party's NPV is computed.
func TestDemoPortfolio(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, d, func() time.Time { return testNow })
			res, b := generate(t, db, testNow)
			pr := res.Portfolio
			pf, err := db.Portfolio(ctx, b.alliance.ID)
			if err != nil {
				t.Fatal(err)
			}
			segs, err := db.Segments(ctx, b.alliance.ID, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			parties := map[string]bool{}
			for _, s := range pf.Sites {
				parties[s.PartyID] = true
				if s.Kind == accord.SiteKindSite && (s.Segment != s.Name || !slices.Contains(segs, s.Segment)) {
					t.Errorf("clinic %s has segment %q; the scorecard's are %v", s.Name, s.Segment, segs)
				}
			}
			if len(pf.Sites) != 6 || len(parties) != 3 {
				t.Errorf("got %d sites of %d parties, want 6 of 3 (the investor has none)", len(pf.Sites), len(parties))
			}
			status := map[string]string{}
			for _, in := range pf.Initiatives {
				status[in.ID] = in.Status
			}
			want := map[string]string{pr.CareManager: accord.InitiativeActive, pr.Telehealth: accord.InitiativeActive,
				pr.RemoteMonitoring: accord.InitiativePaused, pr.Referral: accord.InitiativeProposed}
			for id, w := range want {
				if status[id] != w {
					t.Errorf("initiative %s is %s, want %s", id, status[id], w)
				}
			}
			checkGates(t, pf, pr)
			kinds := map[string]int{}
			for _, m := range pf.Milestones {
				kinds[m.Kind]++
			}
			if kinds[accord.MilestoneCondition] == 0 || kinds[accord.MilestoneDeliverable] == 0 {
				t.Errorf("milestones by kind = %v, want both kinds", kinds)
			}
			mo, err := db.Motion(ctx, b.alliance.ID, pr.PauseMotion)
			if err != nil {
				t.Fatal(err)
			}
			if mo.Status != accord.MotionPassed || !strings.Contains(mo.Body, "Lakeview, ") || !strings.Contains(mo.Body, "against 10 available") {
				t.Errorf("the pause motion is %s with body %q; want passed, with Lakeview's load as evidence", mo.Status, mo.Body)
			}
			checkCapacityNow(t, pf)
			checkLedger(t, db, b.alliance.ID, pr)
			checkBenefits(t, db, b.alliance.ID, pr)
			checkSignals(t, db, b.alliance.ID, pr)
		})
	}
}

// checkGates: the care-manager programme's scale passed its readiness
// gate; remote monitoring at Lakeview started with an override and paused.
func checkGates(t *testing.T, pf accord.Portfolio, pr demo.Portfolio) {
	t.Helper()
	kinds := map[string][]string{}
	for _, g := range pf.Gates {
		kinds[g.PhaseID] = append(kinds[g.PhaseID], g.Kind)
	}
	byName := map[string]accord.Phase{}
	for _, p := range pf.Phases {
		byName[p.Name] = p
	}
	all := byName["All four clinics"]
	if all.Status != accord.PhaseActive || strings.Join(kinds[all.ID], ",") != "scale" || byName["Eastgate first"].Status != accord.PhaseDone {
		t.Errorf("care-manager phases: all clinics %s with gates %v, Eastgate %s", all.Status, kinds[all.ID], byName["Eastgate first"].Status)
	}
	if h := byName["Second clinic: Hillcrest"]; strings.Join(kinds[h.ID], ",") != "scale,extend" {
		t.Errorf("Hillcrest's telehealth gates = %v, want scale then extend", kinds[h.ID])
	}
	if l := byName["Lakeview"]; l.Status != accord.PhasePaused || strings.Join(kinds[l.ID], ",") != "advance,pause" {
		t.Errorf("remote monitoring at Lakeview is %s with gates %v", l.Status, kinds[l.ID])
	}
	if w := byName["Riverside Main"]; w.ID != pr.GateWaiting || w.Status != accord.PhasePlanned {
		t.Errorf("the phase waiting for its gate is %+v", w)
	}
	var scores []string
	for _, a := range pf.Readiness {
		if a.PhaseID == all.ID {
			scores = append(scores, a.Score)
		}
	}
	if len(scores) != len(accord.ReadinessDimensions()) {
		t.Errorf("the scale-up's readiness has %d scores, want one per dimension", len(scores))
	}
}

// checkCapacityNow: with remote monitoring paused, Lakeview is within its
// capacity; the EHR build would take the integration team over its hours.
func checkCapacityNow(t *testing.T, pf accord.Portfolio) {
	t.Helper()
	g, err := initiative.Compute(initiative.CapacitySites(pf.Sites), initiative.CapacityPhases(pf.Initiatives, pf.Phases), initiative.MonthOf(testNow), 18)
	if err != nil {
		t.Fatal(err)
	}
	over := map[string]bool{}
	for _, l := range g.Over() {
		over[l.Site.Name] = true
	}
	if len(over) != 1 || !over["Integration team"] {
		t.Errorf("sites over capacity from now = %v, want the integration team only", over)
	}
}

// checkLedger: every party committed and contributed, one contribution is
// disputed, one commitment is past due, and each party's flows give an NPV.
func checkLedger(t *testing.T, db *store.DB, allianceID string, pr demo.Portfolio) {
	t.Helper()
	ctx := context.Background()
	xs, err := db.ListContributions(ctx, allianceID)
	if err != nil {
		t.Fatal(err)
	}
	var flows []roi.Flow
	byParty, disputed := map[string]bool{}, 0
	for _, x := range xs {
		byParty[x.PartyID] = true
		if x.Disputed {
			disputed++
			if x.ID != pr.Disputed {
				t.Errorf("contribution %s is disputed, want %s", x.ID, pr.Disputed)
			}
		}
		if x.Counts() {
			flows = append(flows, roi.Flow{Date: x.On, Party: x.PartyID, Amount: -x.Amount})
		}
	}
	if len(byParty) != 4 || disputed != 1 {
		t.Errorf("contributions of %d parties with %d disputed, want 4 and 1", len(byParty), disputed)
	}
	if pr.PastDue == "" {
		t.Error("no commitment past due")
	}
	rep, err := roi.Evaluate(flows, roi.Rates{Total: 0.08})
	if err != nil || len(rep.Parties) != 4 {
		t.Fatalf("roi of the contributions: %v, %v", rep, err)
	}
	for _, r := range rep.Parties {
		if r.NPV >= 0 {
			t.Errorf("party %s: NPV %v of its contributions alone, want below zero", r.Party, r.NPV)
		}
	}
}

// checkSignals: the nightly evaluation raises one signal of each of the
// initiatives' kinds from the demo, in plain words; resolving the dispute
// closes its signal in the same transaction.
func checkSignals(t *testing.T, db *store.DB, allianceID string, pr demo.Portfolio) {
	t.Helper()
	ctx := context.Background()
	if _, err := db.EvaluateSignals(ctx, accord.SystemActor("signals"), allianceID, nil); err != nil {
		t.Fatal(err)
	}
	live := map[accord.SignalKind][]accord.Signal{}
	all, err := db.ListSignals(ctx, accord.SignalFilter{AllianceID: allianceID})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range all {
		if s.Live && !s.Closed() {
			live[s.Kind] = append(live[s.Kind], s)
		}
	}
	want := map[accord.SignalKind]string{
		accord.SignalMilestoneAtRisk:      "Milestone missed: Survey of Hillcrest's patients on their video visits (Telehealth pilot, Second clinic: Hillcrest)",
		accord.SignalSiteOverCapacity:     "Integration team over capacity from ",
		accord.SignalGateWaiting:          "Readiness gate waiting: Telehealth pilot, Riverside Main",
		accord.SignalCommitmentPastDue:    "Commitment past due: Valley Health Plan, Lakeview's monitoring nurse hours (Remote monitoring pilot)",
		accord.SignalContributionDisputed: "Contribution disputed: Brightline Telehealth's $90,000.00 to Remote monitoring pilot",
	}
	for kind, subject := range want {
		found := false
		for _, s := range live[kind] {
			found = found || strings.HasPrefix(s.Subject, subject)
		}
		if !found {
			t.Errorf("no live %s signal %q; got %+v", kind, subject, live[kind])
		}
	}
	if _, err := db.ResolveContribution(ctx, accord.Actor{UserID: leoUser(t, db, allianceID), Name: "Leo Brandt"}, allianceID, pr.Disputed, accord.ResolutionWithdrawn, "140 kits counted again; a new entry follows."); err != nil {
		t.Fatal(err)
	}
	all, err = db.ListSignals(ctx, accord.SignalFilter{AllianceID: allianceID, Kind: string(accord.SignalContributionDisputed)})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range all {
		if s.Status != accord.SignalResolved || s.Reason != "condition cleared" {
			t.Errorf("after the dispute's resolution, its signal is %s (%q), want resolved: condition cleared", s.Status, s.Reason)
		}
	}
}

func leoUser(t *testing.T, db *store.DB, allianceID string) string {
	t.Helper()
	ms, err := db.ListMembers(context.Background(), allianceID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.UserEmail == "leo.brandt@brightline.example" {
			return m.UserID
		}
	}
	t.Fatal("no Leo Brandt")
	return ""
}

// checkBenefits: the care-manager programme's and the telehealth pilot's
// agreed benefits bring money back, so that each party's return has flows
// in as well as out: the plan and the physician group get their money
// back from the care-manager programme, with a payback date; the
// care-manager programme's ROI assessment is reviewed (agree), the
// telehealth pilot's awaits its review, and its waiting gate cannot be put
// to a vote until it is reviewed.
func checkBenefits(t *testing.T, db *store.DB, allianceID string, pr demo.Portfolio) {
	t.Helper()
	ctx := context.Background()
	l := views.Loader{Edge: &edge.Edge{Svc: db}}
	rates := views.LedgerRates{Common: 0.08}
	care, err := l.LoadLedger(ctx, allianceID, pr.CareManager, rates, views.Sharing{})
	if err != nil {
		t.Fatal(err)
	}
	if len(care.Benefits) != 1 || care.Benefits[0].Status != accord.BenefitApproved || len(care.Benefits[0].Measured.Periods) < 12 || care.Benefits[0].Total <= 0 {
		t.Fatalf("care-manager benefits = %+v, want one approved, measured over a year or more, bringing money in", care.Benefits)
	}
	for _, r := range care.Returns {
		t.Logf("care manager: %s NPV %s IRR %s payback %s invested %s returned %s", r.Party, r.NPV, views.IRRText(r.IRR), views.DayText(r.Payback), r.Invested, r.Returned)
		if r.Returned <= 0 || r.NPV <= 0 || r.Payback.IsZero() {
			t.Errorf("care manager, %s: returned %s, NPV %s, payback %s; want money back, a positive NPV and a payback date", r.Party, r.Returned, r.NPV, views.DayText(r.Payback))
		}
		if r.PartyID == care.Initiative.SponsorIDs[0] && (!r.IRR.OK || r.DiscountedPayback.IsZero()) {
			t.Errorf("care manager, the plan: IRR %s, discounted payback %s; want both", views.IRRText(r.IRR), views.DayText(r.DiscountedPayback))
		}
	}
	if len(care.Assessments) != 1 || care.Assessments[0].Review != accord.ReviewAgree || len(care.Assessments[0].Parties) != 2 {
		t.Errorf("care-manager assessments = %+v, want one, reviewed (agree), with both parties' figures", care.Assessments)
	}
	tele, err := l.LoadLedger(ctx, allianceID, pr.Telehealth, rates, views.Sharing{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range tele.Returns {
		t.Logf("telehealth: %s NPV %s IRR %s payback %s invested %s returned %s", r.Party, r.NPV, views.IRRText(r.IRR), views.DayText(r.Payback), r.Invested, r.Returned)
		if r.Returned <= 0 {
			t.Errorf("telehealth, %s: returned %s, want money back", r.Party, r.Returned)
		}
	}
	if len(tele.Assessments) != 1 || tele.Assessments[0].ID != pr.ROIAwaitingReview || tele.Assessments[0].Reviewed() {
		t.Errorf("telehealth assessments = %+v, want one awaiting review", tele.Assessments)
	}
}
