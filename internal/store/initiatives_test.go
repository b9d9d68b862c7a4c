package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// initBoard is seatBoard's alliance with a KPI, two clinics of the
// provider and the plan's care-management team.
type initBoard struct {
	board
	db    *store.DB
	clk   *clock
	kpi   accord.KPI
	sites map[string]accord.Site // by name
}

func hours(n int64) number.Decimal { return number.DecimalFromInt(n) }

func newInitBoard(t *testing.T, d store.Dialect) initBoard {
	t.Helper()
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)}
	db := storetest.Open(t, d, clk.Now)
	b := initBoard{board: seatBoard(t, db), db: db, clk: clk, sites: map[string]accord.Site{}}
	b.kpi = hba1c()
	b.kpi.AllianceID, b.kpi.OwnerPartyID = b.alliance.ID, b.provider.ID
	if err := db.ProposeKPI(ctx, b.actors["Ben"], b.provider.ID, &b.kpi); err != nil {
		t.Fatalf("ProposeKPI: %v", err)
	}
	for _, s := range []accord.Site{
		{PartyID: b.provider.ID, Name: "Eastgate", Kind: accord.SiteKindSite, Segment: "Eastgate", MaxActive: 2, StaffHours: hours(40)},
		{PartyID: b.provider.ID, Name: "Lakeview", Kind: accord.SiteKindSite, Segment: "Lakeview", MaxActive: 1, StaffHours: hours(20)},
		{PartyID: b.payer.ID, Name: "Care management", Kind: accord.SiteKindTeam, MaxActive: 3, StaffHours: hours(60)},
	} {
		s.AllianceID = b.alliance.ID
		if err := db.CreateSite(ctx, b.actors["Ada"], &s); err != nil {
			t.Fatalf("CreateSite(%s): %v", s.Name, err)
		}
		b.sites[s.Name] = s
	}
	return b
}

// passedMotion puts a motion to the board that every seat-holder passes.
func (b initBoard) passedMotion(t *testing.T, title string) accord.Motion {
	t.Helper()
	return b.passedMotionOn(t, title, accord.SubjectText, "")
}

// passedMotionOn is passedMotion about a subject.
func (b initBoard) passedMotionOn(t *testing.T, title, kind, id string) accord.Motion {
	t.Helper()
	ctx := context.Background()
	closes := b.clk.Now().AddDate(0, 0, 7)
	m := accord.Motion{AllianceID: b.alliance.ID, CommitteeID: b.committee.ID, Title: title, Rule: "majority", ClosesAt: &closes,
		SubjectKind: kind, SubjectID: id}
	if err := b.db.ProposeMotion(ctx, b.actors["Ada"], &m); err != nil {
		t.Fatalf("ProposeMotion: %v", err)
	}
	var err error
	for _, who := range []string{"Ada", "Cyd", "Ben", "Dee"} {
		if m, err = b.db.CastVote(ctx, b.actors[who], b.alliance.ID, m.Number, "", "yes", ""); err != nil {
			t.Fatalf("CastVote(%s): %v", who, err)
		}
	}
	if m.Status != accord.MotionPassed {
		t.Fatalf("motion %q = %s, want passed", title, m.Status)
	}
	return m
}

// proposed is a telehealth pilot at both clinics, led by Dee.
func (b initBoard) proposed(t *testing.T) accord.Initiative {
	t.Helper()
	in := b.initiative()
	if err := b.db.ProposeInitiative(context.Background(), b.actors["Ben"], &in); err != nil {
		t.Fatalf("ProposeInitiative: %v", err)
	}
	return in
}

func (b initBoard) initiative() accord.Initiative {
	return accord.Initiative{AllianceID: b.alliance.ID, Name: "Telehealth pilot", Kind: accord.InitiativeTelehealth,
		Purpose: "Video visits for follow-ups", SponsorIDs: []string{b.provider.ID, b.payer.ID}, ClinicalLeadID: b.members["Dee"].ID,
		SiteIDs: []string{b.sites["Eastgate"].ID, b.sites["Lakeview"].ID},
		KPIs:    []accord.InitiativeKPI{{KPIID: b.kpi.ID, Direction: accord.EffectIncrease, Size: hours(3), ByDate: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)}}}
}

func auditCount(t *testing.T, db *store.DB, allianceID, entity, action string) int {
	t.Helper()
	es, err := db.ListAudit(context.Background(), accord.AuditFilter{AllianceID: allianceID, Entity: entity, Action: action})
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

// TestInitiativeProposalRefusals: an initiative names a clinical leader of
// a provider party as its lead, and only the alliance's parties, sites and
// KPIs; a site's name is the alliance's once.
func TestInitiativeProposalRefusals(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			b := newInitBoard(t, d)
			dup := accord.Site{AllianceID: b.alliance.ID, PartyID: b.payer.ID, Name: "Eastgate", Kind: accord.SiteKindSite}
			if err := b.db.CreateSite(ctx, b.actors["Ada"], &dup); accord.ErrorCode(err) != accord.EINVALID || accord.ErrorField(err) != "name" {
				t.Errorf("a second site named Eastgate: err = %v, want invalid name", err)
			}
			stranger := accord.Site{AllianceID: b.alliance.ID, PartyID: "nope", Name: "Elsewhere", Kind: accord.SiteKindSite}
			if err := b.db.CreateSite(ctx, b.actors["Ada"], &stranger); accord.ErrorField(err) != "party_id" {
				t.Errorf("a site of no party: err = %v, want party_id refused", err)
			}
			for _, tc := range []struct {
				name  string
				edit  func(*accord.Initiative)
				field string
			}{
				{"lead is the payer's clinical leader", func(in *accord.Initiative) { in.ClinicalLeadID = b.members["Cyd"].ID }, "clinical_lead_member_id"},
				{"lead is not a clinical leader", func(in *accord.Initiative) { in.ClinicalLeadID = b.members["Ben"].ID }, "clinical_lead_member_id"},
				{"no lead", func(in *accord.Initiative) { in.ClinicalLeadID = "" }, "clinical_lead_member_id"},
				{"unknown sponsor", func(in *accord.Initiative) { in.SponsorIDs = []string{b.payer.ID, "nope"} }, "sponsor_party_ids[1]"},
				{"unknown site", func(in *accord.Initiative) { in.SiteIDs = []string{"nope"} }, "site_ids[0]"},
				{"unknown KPI", func(in *accord.Initiative) { in.KPIs[0].KPIID = "nope" }, "kpis[0]"},
				{"no purpose", func(in *accord.Initiative) { in.Purpose = " " }, "purpose"},
				{"unknown kind", func(in *accord.Initiative) { in.Kind = "moonshot" }, "kind"},
			} {
				in := b.initiative()
				tc.edit(&in)
				err := b.db.ProposeInitiative(ctx, b.actors["Ben"], &in)
				if accord.ErrorCode(err) != accord.EINVALID || accord.ErrorField(err) != tc.field {
					t.Errorf("%s: err = %v (field %q), want invalid %s", tc.name, err, accord.ErrorField(err), tc.field)
				}
			}
			if ins, err := b.db.ListInitiatives(ctx, b.alliance.ID); err != nil || len(ins) != 0 {
				t.Errorf("ListInitiatives after refusals = %d, %v; want none", len(ins), err)
			}
			b.proposed(t)
			again := b.initiative()
			if err := b.db.ProposeInitiative(ctx, b.actors["Ben"], &again); accord.ErrorField(err) != "name" {
				t.Errorf("a second initiative of the same name: err = %v, want name refused", err)
			}
		})
	}
}

// TestInitiativeAdoptionAndPhases proposes an initiative, adopts it by a
// passed motion, plans two phases with milestones, scores readiness and
// starts, extends and pauses a phase by gate decisions; the portfolio
// reads it all back, and every change is in the audit trail.
func TestInitiativeAdoptionAndPhases(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			b := newInitBoard(t, d)
			in := b.proposed(t)
			if in.Status != accord.InitiativeProposed || in.ClinicalLeadName != "Dee" || len(in.SponsorIDs) != 2 || len(in.SiteIDs) != 2 || len(in.KPIs) != 1 {
				t.Fatalf("proposed = %+v; want proposed, led by Dee, two sponsors, two sites, one KPI", in)
			}
			if in.KPIs[0].Size != hours(3) || !in.KPIs[0].ByDate.Equal(time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("KPI effect = %+v; want +3 by 2027-06-30", in.KPIs[0])
			}
			purpose := "Video visits for diabetes follow-ups"
			if in, _ = b.db.UpdateInitiative(ctx, b.actors["Ben"], b.alliance.ID, in.ID, accord.InitiativeUpdate{Purpose: &purpose}); in.Purpose != purpose || len(in.SiteIDs) != 2 {
				t.Errorf("after update = %+v; want the new purpose and both sites kept", in)
			}

			closes := b.clk.Now().AddDate(0, 0, 7)
			open := accord.Motion{AllianceID: b.alliance.ID, CommitteeID: b.committee.ID, Title: "Adopt it", Rule: "majority", ClosesAt: &closes}
			if err := b.db.ProposeMotion(ctx, b.actors["Ada"], &open); err != nil {
				t.Fatal(err)
			}
			if _, err := b.db.AdoptInitiative(ctx, b.actors["Ada"], b.alliance.ID, in.ID, open.ID); accord.ErrorField(err) != "motion_id" {
				t.Errorf("adopting by an open motion: err = %v, want motion_id refused", err)
			}
			adopt := b.passedMotion(t, "Adopt the telehealth pilot")
			if in, err := b.db.AdoptInitiative(ctx, b.actors["Ada"], b.alliance.ID, in.ID, adopt.ID); err != nil || in.Status != accord.InitiativeAdopted || in.AdoptingMotionID != adopt.ID {
				t.Fatalf("AdoptInitiative = %+v, %v; want adopted by motion %d", in, err, adopt.Number)
			}

			p1 := accord.Phase{AllianceID: b.alliance.ID, InitiativeID: in.ID, Name: "Eastgate", StartsOn: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
				EndsOn: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC), Sites: []accord.PhaseSite{{SiteID: b.sites["Eastgate"].ID, BackOfficeHours: hours(4),
					Staff: []accord.RoleHours{{Role: "Nurse", Hours: hours(6)}, {Role: "Medical assistant", Hours: hours(10)}}}}}
			if err := b.db.AddPhase(ctx, b.actors["Ben"], &p1); err != nil {
				t.Fatalf("AddPhase: %v", err)
			}
			if p1.Ordinal != 1 || p1.Status != accord.PhasePlanned || len(p1.Sites) != 1 || p1.Sites[0].StaffHours() != hours(16) {
				t.Errorf("phase 1 = %+v; want the first, planned, 16 staff hours a week at Eastgate", p1)
			}
			care := accord.Phase{AllianceID: b.alliance.ID, InitiativeID: in.ID, Name: "Care team", StartsOn: p1.StartsOn, EndsOn: p1.EndsOn,
				Sites: []accord.PhaseSite{{SiteID: b.sites["Care management"].ID}}}
			if err := b.db.AddPhase(ctx, b.actors["Ben"], &care); accord.ErrorField(err) != "sites[0].site_id" {
				t.Errorf("a phase at a site the initiative does not touch: err = %v, want sites[0].site_id refused", err)
			}
			p2 := accord.Phase{AllianceID: b.alliance.ID, InitiativeID: in.ID, Name: "Both clinics", StartsOn: time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC),
				EndsOn: time.Date(2027, 9, 30, 0, 0, 0, 0, time.UTC), Sites: []accord.PhaseSite{{SiteID: b.sites["Eastgate"].ID}, {SiteID: b.sites["Lakeview"].ID}}}
			if err := b.db.AddPhase(ctx, b.actors["Ben"], &p2); err != nil || p2.Ordinal != 2 {
				t.Fatalf("AddPhase 2 = ordinal %d, %v", p2.Ordinal, err)
			}

			cond := accord.Milestone{AllianceID: b.alliance.ID, PhaseID: p1.ID, Kind: accord.MilestoneCondition, KPIID: b.kpi.ID, Segment: "Eastgate",
				Comparison: accord.CompareAtLeast, Threshold: hours(68), Periods: 3}
			deliv := accord.Milestone{AllianceID: b.alliance.ID, PhaseID: p1.ID, Kind: accord.MilestoneDeliverable, Title: "Staff trained",
				DueOn: &p1.StartsOn, ResponsibleRole: accord.RoleClinicalLeader}
			for _, m := range []*accord.Milestone{&cond, &deliv} {
				if err := b.db.AddMilestone(ctx, b.actors["Ben"], m); err != nil {
					t.Fatalf("AddMilestone(%s): %v", m.Kind, err)
				}
			}
			if _, err := b.db.CompleteDeliverable(ctx, b.actors["Ben"], b.alliance.ID, deliv.ID, "All trained", ""); accord.ErrorCode(err) != accord.EFORBIDDEN {
				t.Errorf("an executive marking a clinical leader's deliverable: err = %v, want forbidden", err)
			}
			if _, err := b.db.CompleteDeliverable(ctx, b.actors["Dee"], b.alliance.ID, cond.ID, "Met", ""); accord.ErrorCode(err) != accord.ECONFLICT {
				t.Errorf("marking a condition done: err = %v, want conflict", err)
			}
			done, err := b.db.CompleteDeliverable(ctx, b.actors["Dee"], b.alliance.ID, deliv.ID, "Twelve staff trained", "https://example.org/roster")
			if err != nil || done.DoneAt == nil || done.DoneByName != "Dee" || done.EvidenceLink != "https://example.org/roster" {
				t.Errorf("CompleteDeliverable = %+v, %v; want done by Dee with the link", done, err)
			}

			assess := func(who, dim, score, note string) error {
				a := accord.ReadinessAssessment{AllianceID: b.alliance.ID, PhaseID: p1.ID, Dimension: dim, Score: score, Note: note}
				return b.db.AssessReadiness(ctx, b.actors[who], &a)
			}
			if err := assess("Cyd", accord.ReadyClinicalSign, accord.ScoreReady, ""); accord.ErrorCode(err) != accord.EFORBIDDEN {
				t.Errorf("clinical sign-off by the payer's clinical leader: err = %v, want forbidden", err)
			}
			if err := assess("Ben", accord.ReadyClinicalSign, accord.ScoreReady, ""); accord.ErrorCode(err) != accord.EFORBIDDEN {
				t.Errorf("clinical sign-off by the provider's executive: err = %v, want forbidden", err)
			}
			if err := assess("Ben", accord.ReadyStaff, accord.ScoreNotReady, ""); accord.ErrorField(err) != "note" {
				t.Errorf("not ready without a note: err = %v, want note required", err)
			}
			for _, step := range [][4]string{
				{"Dee", accord.ReadyClinicalSign, accord.ScoreReady, ""},
				{"Ben", accord.ReadyStaff, accord.ScoreNotReady, "Two nurses on leave"},
				{"Ben", accord.ReadyStaff, accord.ScoreWithConditions, "One nurse back in January"},
			} {
				if err := assess(step[0], step[1], step[2], step[3]); err != nil {
					t.Fatalf("AssessReadiness(%v): %v", step, err)
				}
			}

			if err := b.db.RecordGateDecision(ctx, b.actors["Ada"], &accord.GateDecision{AllianceID: b.alliance.ID, PhaseID: p1.ID,
				Kind: accord.GateAdvance, MotionID: open.ID}); accord.ErrorField(err) != "motion_id" {
				t.Errorf("a gate by an open motion: err = %v, want motion_id refused", err)
			}
			other := b.passedMotionOn(t, "Start both clinics", accord.SubjectPilotGate, p2.ID)
			if err := b.db.RecordGateDecision(ctx, b.actors["Ada"], &accord.GateDecision{AllianceID: b.alliance.ID, PhaseID: p1.ID,
				Kind: accord.GateAdvance, MotionID: other.ID}); accord.ErrorField(err) != "motion_id" {
				t.Errorf("a gate by the motion gating another phase: err = %v, want motion_id refused", err)
			}
			start := b.passedMotionOn(t, "Start at Eastgate", accord.SubjectPilotGate, p1.ID)
			g := accord.GateDecision{AllianceID: b.alliance.ID, PhaseID: p1.ID, Kind: accord.GateAdvance, MotionID: start.ID, OverrideReason: "Staff back in January"}
			if err := b.db.RecordGateDecision(ctx, b.actors["Ada"], &g); err != nil || g.MotionNumber != start.Number {
				t.Fatalf("RecordGateDecision(advance) = %+v, %v", g, err)
			}
			again := accord.GateDecision{AllianceID: b.alliance.ID, PhaseID: p2.ID, Kind: accord.GateAdvance, MotionID: start.ID}
			if err := b.db.RecordGateDecision(ctx, b.actors["Ada"], &again); accord.ErrorField(err) != "motion_id" {
				t.Errorf("one motion deciding two gates: err = %v, want motion_id refused", err)
			}
			newEnd := time.Date(2027, 4, 30, 0, 0, 0, 0, time.UTC)
			if err := b.db.RecordGateDecision(ctx, b.actors["Ada"], &accord.GateDecision{AllianceID: b.alliance.ID, PhaseID: p1.ID,
				Kind: accord.GateExtend, MotionID: b.passedMotion(t, "Extend").ID, NewEndsOn: &newEnd}); err != nil {
				t.Fatalf("RecordGateDecision(extend): %v", err)
			}
			if err := b.db.RecordGateDecision(ctx, b.actors["Ada"], &accord.GateDecision{AllianceID: b.alliance.ID, PhaseID: p1.ID,
				Kind: accord.GatePause, MotionID: b.passedMotion(t, "Pause").ID}); err != nil {
				t.Fatalf("RecordGateDecision(pause): %v", err)
			}

			pf, err := b.db.Portfolio(ctx, b.alliance.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(pf.Sites) != 3 || len(pf.Initiatives) != 1 || len(pf.Phases) != 2 || len(pf.Milestones) != 2 || len(pf.Readiness) != 2 || len(pf.Gates) != 3 {
				t.Fatalf("portfolio = %d sites, %d initiatives, %d phases, %d milestones, %d scores, %d gates; want 3, 1, 2, 2, 2, 3",
					len(pf.Sites), len(pf.Initiatives), len(pf.Phases), len(pf.Milestones), len(pf.Readiness), len(pf.Gates))
			}
			if got := pf.Initiatives[0].Status; got != accord.InitiativePaused {
				t.Errorf("initiative status = %s, want paused", got)
			}
			if got := pf.Phases[0]; got.Status != accord.PhasePaused || !got.EndsOn.Equal(newEnd) || len(got.Sites[0].Staff) != 2 {
				t.Errorf("phase 1 = %+v; want paused, ending %s, with two roles' demand", got, newEnd)
			}
			for _, r := range pf.Readiness {
				if r.Dimension == accord.ReadyStaff && (r.Score != accord.ScoreWithConditions || r.AssessedByName != "Ben") {
					t.Errorf("staff readiness = %+v; want Ben's later score, ready with conditions", r)
				}
			}
			if pf.Gates[0].OverrideReason != "Staff back in January" || pf.Gates[0].MotionNumber != start.Number {
				t.Errorf("first gate = %+v; want the override reason and motion %d", pf.Gates[0], start.Number)
			}

			if err := b.db.RecordGateDecision(ctx, b.actors["Ada"], &accord.GateDecision{AllianceID: b.alliance.ID, PhaseID: p1.ID,
				Kind: accord.GateStop, MotionID: b.passedMotion(t, "Stop").ID}); err != nil {
				t.Fatalf("RecordGateDecision(stop): %v", err)
			}
			if in, _ := b.db.Initiative(ctx, b.alliance.ID, in.ID); in.Status != accord.InitiativeStopped {
				t.Errorf("after stop, initiative = %s, want stopped", in.Status)
			}
			if _, err := b.db.UpdateInitiative(ctx, b.actors["Ben"], b.alliance.ID, in.ID, accord.InitiativeUpdate{Purpose: &purpose}); accord.ErrorCode(err) != accord.ECONFLICT {
				t.Errorf("changing a stopped initiative: err = %v, want conflict", err)
			}

			for _, tc := range []struct {
				entity, action string
				want           int
			}{
				{"site", "create", 3}, {"initiative", "propose", 1}, {"initiative", "update", 1}, {"initiative", "adopt", 1},
				{"phase", "create", 2}, {"milestone", "create", 2}, {"milestone", "complete", 1}, {"readiness", "assess", 3},
				{"gate", "decide", 4}, {"phase", "stop", 2},
			} {
				if got := auditCount(t, b.db, b.alliance.ID, tc.entity, tc.action); got != tc.want {
					t.Errorf("audit entries %s %s = %d, want %d", tc.entity, tc.action, got, tc.want)
				}
			}
		})
	}
}

// TestInitiativeLedger: each party commits cash or staff time; a
// contribution is entered by the committing party and acknowledged only
// by another; a disputed one stays out of the totals until its dispute is
// resolved and upheld, and a withdrawn one for good.
func TestInitiativeLedger(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			b := newInitBoard(t, d)
			in := b.proposed(t)
			due := time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)
			cash := accord.Commitment{AllianceID: b.alliance.ID, InitiativeID: in.ID, PartyID: b.payer.ID, Kind: accord.CommitCash,
				Amount: number.Dollars(50_000), DueOn: due}
			staff := accord.Commitment{AllianceID: b.alliance.ID, InitiativeID: in.ID, PartyID: b.provider.ID, Kind: accord.CommitStaffTime,
				Hours: number.DecimalFromInt(200), Role: "Nurse", Rate: 6_250, DueOn: due} // 200 h × $62.50
			for _, c := range []*accord.Commitment{&cash, &staff} {
				if err := b.db.AddCommitment(ctx, b.actors["Ada"], c); err != nil {
					t.Fatalf("AddCommitment(%s): %v", c.Kind, err)
				}
			}
			if staff.Amount != number.Dollars(12_500) {
				t.Errorf("staff time commitment = %s, want 12500.00 (200 h × 62.50)", staff.Amount)
			}
			bad := cash
			bad.PhaseID = "nope"
			if err := b.db.AddCommitment(ctx, b.actors["Ada"], &bad); accord.ErrorField(err) != "phase_id" {
				t.Errorf("a commitment to a phase of no initiative: err = %v, want phase_id refused", err)
			}

			enter := func(who string, x accord.Contribution) (accord.Contribution, error) {
				x.AllianceID, x.On = b.alliance.ID, time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC)
				err := b.db.EnterContribution(ctx, b.actors[who], &x)
				return x, err
			}
			if _, err := enter("Ben", accord.Contribution{CommitmentID: cash.ID, Amount: number.Dollars(1)}); accord.ErrorCode(err) != accord.EFORBIDDEN {
				t.Errorf("the provider entering the payer's contribution: err = %v, want forbidden", err)
			}
			if _, err := enter("Ben", accord.Contribution{CommitmentID: staff.ID, Amount: number.Dollars(100)}); accord.ErrorField(err) != "hours" {
				t.Errorf("staff time given as an amount: err = %v, want hours required", err)
			}
			first, err := enter("Ada", accord.Contribution{CommitmentID: cash.ID, Amount: number.Dollars(20_000)})
			if err != nil {
				t.Fatal(err)
			}
			second, err := enter("Cyd", accord.Contribution{CommitmentID: cash.ID, Amount: number.Dollars(5_000), Note: "Licences"})
			if err != nil {
				t.Fatal(err)
			}
			hoursIn, err := enter("Dee", accord.Contribution{CommitmentID: staff.ID, Hours: number.DecimalFromInt(40)})
			if err != nil || hoursIn.Amount != number.Dollars(2_500) {
				t.Fatalf("40 nurse hours = %s, %v; want 2500.00", hoursIn.Amount, err)
			}

			if _, err := b.db.AcknowledgeContribution(ctx, b.actors["Cyd"], b.alliance.ID, first.ID); accord.ErrorCode(err) != accord.EFORBIDDEN {
				t.Errorf("the payer acknowledging its own contribution: err = %v, want forbidden", err)
			}
			if got, err := b.db.AcknowledgeContribution(ctx, b.actors["Ben"], b.alliance.ID, first.ID); err != nil || got.AcknowledgedByName != "Ben" {
				t.Errorf("AcknowledgeContribution = %+v, %v; want acknowledged by Ben", got, err)
			}
			if _, err := b.db.DisputeContribution(ctx, b.actors["Ada"], b.alliance.ID, second.ID, "Not ours to dispute"); accord.ErrorCode(err) != accord.EFORBIDDEN {
				t.Errorf("the payer disputing its own contribution: err = %v, want forbidden", err)
			}
			if _, err := b.db.DisputeContribution(ctx, b.actors["Ben"], b.alliance.ID, second.ID, "Licences were already paid for"); err != nil {
				t.Fatal(err)
			}
			if _, err := b.db.AcknowledgeContribution(ctx, b.actors["Dee"], b.alliance.ID, second.ID); accord.ErrorCode(err) != accord.ECONFLICT {
				t.Errorf("acknowledging a disputed contribution: err = %v, want conflict", err)
			}

			totals := func() map[string]accord.LedgerTotal {
				t.Helper()
				ts, err := b.db.LedgerTotals(ctx, b.alliance.ID)
				if err != nil {
					t.Fatal(err)
				}
				out := map[string]accord.LedgerTotal{}
				for _, x := range ts {
					out[x.PartyID] = x
				}
				return out
			}
			for _, tc := range []struct {
				step                     string
				resolve                  string
				actual, disputed, budget number.Money
			}{
				{"disputed", "", number.Dollars(20_000), number.Dollars(5_000), number.Dollars(50_000)},
				{"upheld", accord.ResolutionUpheld, number.Dollars(25_000), 0, number.Dollars(50_000)},
			} {
				if tc.resolve != "" {
					if _, err := b.db.ResolveContribution(ctx, b.actors["Ada"], b.alliance.ID, second.ID, tc.resolve, "Invoice shown"); err != nil {
						t.Fatal(err)
					}
				}
				got := totals()[b.payer.ID]
				if got.Actual != tc.actual || got.Disputed != tc.disputed || got.Budget != tc.budget {
					t.Errorf("%s: payer's totals = %+v; want budget %s, actual %s, disputed %s", tc.step, got, tc.budget, tc.actual, tc.disputed)
				}
			}
			if got := totals()[b.provider.ID]; got.Budget != number.Dollars(12_500) || got.Actual != number.Dollars(2_500) {
				t.Errorf("provider's totals = %+v; want budget 12500.00, actual 2500.00", got)
			}

			third, err := enter("Dee", accord.Contribution{CommitmentID: staff.ID, Hours: number.DecimalFromInt(8)})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := b.db.DisputeContribution(ctx, b.actors["Cyd"], b.alliance.ID, third.ID, "No timesheet"); err != nil {
				t.Fatal(err)
			}
			if _, err := b.db.ResolveContribution(ctx, b.actors["Ben"], b.alliance.ID, third.ID, accord.ResolutionWithdrawn, "Entered twice"); err != nil {
				t.Fatal(err)
			}
			if _, err := b.db.ResolveContribution(ctx, b.actors["Ben"], b.alliance.ID, third.ID, accord.ResolutionUpheld, "Changed our minds"); accord.ErrorCode(err) != accord.ECONFLICT {
				t.Errorf("resolving a resolved dispute: err = %v, want conflict", err)
			}
			if got := totals()[b.provider.ID]; got.Actual != number.Dollars(2_500) || got.Disputed != 0 {
				t.Errorf("provider's totals after a withdrawn contribution = %+v; want actual 2500.00, nothing disputed", got)
			}
			xs, err := b.db.ListContributions(ctx, b.alliance.ID)
			if err != nil || len(xs) != 4 {
				t.Fatalf("ListContributions = %d, %v; want 4", len(xs), err)
			}
			counted := 0
			for _, x := range xs {
				if x.Counts() {
					counted++
				}
			}
			if counted != 3 {
				t.Errorf("contributions that count = %d, want 3 (the withdrawn one does not)", counted)
			}
			for _, tc := range []struct {
				entity, action string
				want           int
			}{
				{"commitment", "commit", 2}, {"contribution", "enter", 4}, {"contribution", "acknowledge", 1},
				{"contribution", "dispute", 2}, {"contribution", "resolve", 2},
			} {
				if got := auditCount(t, b.db, b.alliance.ID, tc.entity, tc.action); got != tc.want {
					t.Errorf("audit entries %s %s = %d, want %d", tc.entity, tc.action, got, tc.want)
				}
			}
		})
	}
}

// TestInitiativeSitePhaseUpdatesAndCompletion: a site's capacity and a
// phase's demand change with their audit entries; completing the last
// active phase completes the initiative, and an ended phase no longer
// changes.
func TestInitiativeSitePhaseUpdatesAndCompletion(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			b := newInitBoard(t, d)
			maxActive, staffHours := 3, hours(25)
			s, err := b.db.UpdateSite(ctx, b.actors["Ben"], b.alliance.ID, b.sites["Lakeview"].ID, accord.SiteUpdate{MaxActive: &maxActive, StaffHours: &staffHours})
			if err != nil || s.MaxActive != 3 || s.StaffHours != hours(25) || s.Name != "Lakeview" || s.PartyName == "" {
				t.Errorf("UpdateSite = %+v, %v; want Lakeview with capacity 3 and 25 h", s, err)
			}
			taken := "Eastgate"
			if _, err := b.db.UpdateSite(ctx, b.actors["Ben"], b.alliance.ID, b.sites["Lakeview"].ID, accord.SiteUpdate{Name: &taken}); accord.ErrorField(err) != "name" {
				t.Errorf("renaming a site to another's name: err = %v, want name refused", err)
			}
			in := b.proposed(t)
			if _, err := b.db.AdoptInitiative(ctx, b.actors["Ada"], b.alliance.ID, in.ID, b.passedMotion(t, "Adopt").ID); err != nil {
				t.Fatal(err)
			}
			p := accord.Phase{AllianceID: b.alliance.ID, InitiativeID: in.ID, Name: "Lakeview", StartsOn: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
				EndsOn: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC), Sites: []accord.PhaseSite{{SiteID: b.sites["Lakeview"].ID}}}
			if err := b.db.AddPhase(ctx, b.actors["Ben"], &p); err != nil {
				t.Fatal(err)
			}
			sites := []accord.PhaseSite{{SiteID: b.sites["Lakeview"].ID, BackOfficeHours: hours(2), Staff: []accord.RoleHours{{Role: "Care manager", Hours: hours(12)}}}}
			got, err := b.db.UpdatePhase(ctx, b.actors["Ben"], b.alliance.ID, p.ID, accord.PhaseUpdate{Sites: &sites})
			if err != nil || len(got.Sites) != 1 || got.Sites[0].StaffHours() != hours(12) || got.Sites[0].BackOfficeHours != hours(2) {
				t.Fatalf("UpdatePhase = %+v, %v; want 12 care-manager hours and 2 back-office hours", got, err)
			}
			if _, err := b.db.CompletePhase(ctx, b.actors["Ben"], b.alliance.ID, p.ID); accord.ErrorCode(err) != accord.ECONFLICT {
				t.Errorf("completing a planned phase: err = %v, want conflict", err)
			}
			if err := b.db.RecordGateDecision(ctx, b.actors["Ada"], &accord.GateDecision{AllianceID: b.alliance.ID, PhaseID: p.ID,
				Kind: accord.GateScale, MotionID: b.passedMotion(t, "Scale").ID}); err != nil {
				t.Fatal(err)
			}
			if got, err := b.db.CompletePhase(ctx, b.actors["Ben"], b.alliance.ID, p.ID); err != nil || got.Status != accord.PhaseDone {
				t.Fatalf("CompletePhase = %+v, %v; want done", got, err)
			}
			if in, _ := b.db.Initiative(ctx, b.alliance.ID, in.ID); in.Status != accord.InitiativeCompleted {
				t.Errorf("after its only phase is done, initiative = %s, want completed", in.Status)
			}
			name := "Renamed"
			if _, err := b.db.UpdatePhase(ctx, b.actors["Ben"], b.alliance.ID, p.ID, accord.PhaseUpdate{Name: &name}); accord.ErrorCode(err) != accord.ECONFLICT {
				t.Errorf("changing a done phase: err = %v, want conflict", err)
			}
			for _, tc := range []struct {
				entity, action string
				want           int
			}{
				{"site", "update", 1}, {"phase", "update", 1}, {"phase", "scale", 1}, {"phase", "complete", 1}, {"initiative", "status", 2},
			} {
				if got := auditCount(t, b.db, b.alliance.ID, tc.entity, tc.action); got != tc.want {
					t.Errorf("audit entries %s %s = %d, want %d", tc.entity, tc.action, got, tc.want)
				}
			}
		})
	}
}
