package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

const nadia = "nadia.haddad@riversidepg.example"

func day(t time.Time) time.Time { return accord.Day(t) }

// before returns the last held meeting of ms before t.
func (p *portfolio) before(ms []accord.Meeting, t time.Time) *accord.Meeting {
	var out *accord.Meeting
	for i := range ms {
		if ms[i].StartsAt.Before(t) && ms[i].StartsAt.Before(p.now) {
			out = &ms[i]
		}
	}
	return out
}

// quorate returns the last council meeting before t at which both
// clinical leaders were present: the council's quorum asks for two.
func (p *portfolio) quorate(ctx context.Context, t time.Time) (*accord.Meeting, error) {
	for i := len(p.cm) - 1; i >= 0; i-- {
		m := p.cm[i]
		if !m.StartsAt.Before(t) || !m.StartsAt.Before(p.now) {
			continue
		}
		held, err := p.svc.Meeting(ctx, p.alliance, m.ID)
		if err != nil {
			return nil, err
		}
		present := 0
		for _, a := range held.Attendance {
			if a.Present && (a.MemberID == p.member(elena).ID || a.MemberID == p.member(samuel).ID) {
				present++
			}
		}
		if present == 2 {
			return &m, nil
		}
	}
	return nil, fmt.Errorf("no council meeting before %s with both clinical leaders", t.Format(time.DateOnly))
}

func (p *portfolio) steeringBoard() map[string]string {
	return allYes(morgan, elena, samuel, jonathan, leo)
}
func (p *portfolio) councilBoard() map[string]string { return allYes(elena, samuel, tom, grace, sofia) }

// careManager: adopted and started at Eastgate at the steering
// committee's first meeting, scaled to all four clinics a year later after
// its readiness gate; a care-plan audit is due within the fortnight.
func (p *portfolio) careManager(ctx context.Context) error {
	sm0, sm4 := &p.sm[0], &p.sm[4]
	hba1c, err := p.kpiID(ctx, "hba1c-control")
	if err != nil {
		return err
	}
	enrol, err := p.kpiID(ctx, "care-management-enrolment")
	if err != nil {
		return err
	}
	by := day(p.cal.month(months-1)).AddDate(1, 0, 0)
	in, err := p.propose(ctx, elena, sm0.StartsAt.AddDate(0, 0, -14), accord.Initiative{Name: "Care-manager programme", Kind: accord.InitiativeCareModelChange,
		Purpose:    "A care manager in every clinic works with the health plan's nurses on the patients with diabetes and heart failure who need the most help between visits.",
		SponsorIDs: []string{payer, provider}, ClinicalLeadID: p.member(elena).ID,
		SiteIDs: []string{"Riverside Main", "Eastgate", "Hillcrest", "Lakeview", "Care-management team"},
		KPIs: []accord.InitiativeKPI{{KPIID: hba1c, Direction: accord.EffectIncrease, Size: 6_000000, ByDate: by},
			{KPIID: enrol, Direction: accord.EffectIncrease, Size: 10_000000, ByDate: by}}})
	if err != nil {
		return err
	}
	p.out.CareManager = in.ID
	one, err := p.phase(ctx, elena, sm0.StartsAt.AddDate(0, 0, -10), accord.Phase{InitiativeID: in.ID, Name: "Eastgate first",
		StartsOn: day(sm0.StartsAt).AddDate(0, 0, 1), EndsOn: day(sm4.StartsAt).AddDate(0, 0, 30),
		Sites: []accord.PhaseSite{p.demand("Eastgate", 1, "care manager", 6), p.demand("Care-management team", 0, "nurse care manager", 8)}})
	if err != nil {
		return err
	}
	hired, err := p.milestone(ctx, sm0.StartsAt.AddDate(0, 0, -9), deliverable(one.ID, "Care manager hired and trained at Eastgate", sm0.StartsAt.AddDate(0, 0, 60), accord.RoleOperations))
	if err != nil {
		return err
	}
	if _, err := p.milestone(ctx, sm0.StartsAt.AddDate(0, 0, -9), condition(one.ID, "HbA1c control at Eastgate at or above 62% for three months", hba1c, "Eastgate", accord.CompareAtLeast, 62, 3, nil)); err != nil {
		return err
	}
	mo, err := p.motion(ctx, p.steering, sm0, accord.Motion{Title: "Adopt the care-manager programme and start it at Eastgate", Rule: "majority", ClinicalConsent: true,
		Body: "A care manager at Eastgate with the health plan's nurses for a year; the other clinics follow after a readiness gate."}, p.steeringBoard(),
		"Eastgate has the most patients with uncontrolled diabetes and a care manager ready to start.")
	if err != nil {
		return err
	}
	if err := tells(mo, accord.MotionPassed); err != nil {
		return err
	}
	if _, err := p.at(mo.DecidedAt.Add(5*time.Minute)).AdoptInitiative(ctx, p.actors[morgan], p.alliance, in.ID, mo.ID); err != nil {
		return err
	}
	if err := p.gate(ctx, mo, accord.GateDecision{PhaseID: one.ID, Kind: accord.GateAdvance}); err != nil {
		return err
	}
	if err := p.done(ctx, grace, sm0.StartsAt.AddDate(0, 0, 45), hired, "Eastgate's care manager started on the first of the month and finished the plan's care-management course."); err != nil {
		return err
	}
	return p.scaleCareManager(ctx, in, hba1c)
}

func (p *portfolio) scaleCareManager(ctx context.Context, in accord.Initiative, hba1c string) error {
	sm4 := &p.sm[4]
	all, err := p.phase(ctx, elena, sm4.StartsAt.AddDate(0, 0, -40), accord.Phase{InitiativeID: in.ID, Name: "All four clinics",
		StartsOn: day(sm4.StartsAt).AddDate(0, 0, 14), EndsOn: day(p.cal.month(months-1)).AddDate(1, 0, -1),
		Sites: []accord.PhaseSite{p.demand("Riverside Main", 1, "care manager", 6), p.demand("Eastgate", 1, "care manager", 6),
			p.demand("Hillcrest", 1, "care manager", 6), p.demand("Lakeview", 0, "care manager", 6),
			p.demand("Care-management team", 0, "nurse care manager", 24)}})
	if err != nil {
		return err
	}
	err = p.assess(ctx, all.ID, sm4.StartsAt.AddDate(0, 0, -21), [][4]string{
		{grace, accord.ReadyBackOffice, accord.ScoreReady, ""},
		{grace, accord.ReadyStaff, accord.ScoreWithConditions, "Lakeview shares Hillcrest's care manager until its own starts in the spring."},
		{elena, accord.ReadyTraining, accord.ScoreReady, ""},
		{sofia, accord.ReadyIT, accord.ScoreReady, ""},
		{tom, accord.ReadyPatients, accord.ScoreReady, ""},
		{elena, accord.ReadyClinicalSign, accord.ScoreReady, ""},
	})
	if err != nil {
		return err
	}
	target := day(p.cal.month(months-1)).AddDate(0, 6, -1)
	ms := []accord.Milestone{
		deliverable(all.ID, "Care managers trained in all four clinics", sm4.StartsAt.AddDate(0, 0, 90), accord.RoleOperations),
		condition(all.ID, "HbA1c control at or above 75% across the clinics", hba1c, "", accord.CompareAtLeast, 75, 0, &target),
		deliverable(all.ID, "Care-plan audit at every clinic", p.now.AddDate(0, 0, 10), accord.RoleClinicalLeader),
	}
	var trained accord.Milestone
	for i, m := range ms {
		if ms[i], err = p.milestone(ctx, sm4.StartsAt.AddDate(0, 0, -30), m); err != nil {
			return err
		}
	}
	trained = ms[0]
	if _, err := p.decide(ctx, p.steering, sm4, accord.Motion{Title: "Scale the care-manager programme to all four clinics", Rule: "majority", ClinicalConsent: true,
		SubjectKind: accord.SubjectPilotGate, SubjectID: all.ID,
		Body: "Readiness: every dimension ready, staff bandwidth with conditions (Lakeview shares Hillcrest's care manager until the spring). " +
			"Eastgate's HbA1c control has held above 62% for three months. No clinic goes over its capacity for change."},
		p.steeringBoard(), "The readiness gate passed and Eastgate's results justify it.", accord.GateDecision{PhaseID: all.ID, Kind: accord.GateScale}); err != nil {
		return err
	}
	return p.done(ctx, grace, sm4.StartsAt.AddDate(0, 0, 80), trained, "Every clinic's care manager finished the course; the attendance sheets are with Riverside's operations.")
}

// telehealth: adopted and started at Eastgate by the steering committee's
// motion, scaled to Hillcrest, its second clinic, by the clinical council
// and extended by six months; the next step, Riverside Main, waits for its
// gate, and Hillcrest's patient survey is late.
func (p *portfolio) telehealth(ctx context.Context) error {
	access, err := p.kpiID(ctx, "same-week-access")
	if err != nil {
		return err
	}
	visits, err := p.kpiID(ctx, "telehealth-visits")
	if err != nil {
		return err
	}
	sm2 := &p.sm[2]
	in, err := p.propose(ctx, leo, sm2.StartsAt.AddDate(0, 0, -30), accord.Initiative{Name: "Telehealth pilot", Kind: accord.InitiativeTelehealth,
		Purpose:    "Brightline's video visits for follow-ups and chronic care, so patients are seen the same week without a trip to the clinic.",
		SponsorIDs: []string{vendor, investor}, ClinicalLeadID: p.member(samuel).ID,
		SiteIDs: []string{"Eastgate", "Hillcrest", "Riverside Main", "Integration team"},
		KPIs: []accord.InitiativeKPI{{KPIID: access, Direction: accord.EffectIncrease, Size: 10_000000, ByDate: day(p.cal.month(telehealthMonth)).AddDate(1, 0, 0)},
			{KPIID: visits, Direction: accord.EffectIncrease, Size: 300_000000, ByDate: day(p.cal.month(telehealthMonth)).AddDate(1, 0, 0)}}})
	if err != nil {
		return err
	}
	p.out.Telehealth = in.ID
	start := day(p.cal.month(telehealthMonth))
	one, err := p.phase(ctx, leo, sm2.StartsAt.AddDate(0, 0, -20), accord.Phase{InitiativeID: in.ID, Name: "Pilot at Eastgate",
		StartsOn: start, EndsOn: start.AddDate(0, 6, -1),
		Sites: []accord.PhaseSite{p.demand("Eastgate", 2, "medical assistant", 4), p.demand("Integration team", 0, "integration engineer", 8)}})
	if err != nil {
		return err
	}
	if _, err := p.milestone(ctx, sm2.StartsAt.AddDate(0, 0, -19), condition(one.ID, "Same-week access at Eastgate at or above 68% for three months", access, "Eastgate", accord.CompareAtLeast, 68, 3, nil)); err != nil {
		return err
	}
	mos, err := p.svc.ListMotions(ctx, accord.DecisionFilter{AllianceID: p.alliance, Committee: "steering", Query: "telehealth pilot"}, accord.MotionPassed)
	if err != nil || len(mos) != 1 {
		return fmt.Errorf("the telehealth pilot's motion: %d found, %v", len(mos), err)
	}
	if _, err := p.at(mos[0].DecidedAt.Add(5*time.Minute)).AdoptInitiative(ctx, p.actors[morgan], p.alliance, in.ID, mos[0].ID); err != nil {
		return err
	}
	if err := p.gate(ctx, mos[0], accord.GateDecision{PhaseID: one.ID, Kind: accord.GateAdvance}); err != nil {
		return err
	}
	return p.telehealthHillcrest(ctx, in, access)
}

func (p *portfolio) telehealthHillcrest(ctx context.Context, in accord.Initiative, access string) error {
	start := day(p.cal.month(telehealthMonth + 6))
	cm, err := p.quorate(ctx, start)
	if err != nil {
		return err
	}
	two, err := p.phase(ctx, leo, cm.StartsAt.AddDate(0, 0, -20), accord.Phase{InitiativeID: in.ID, Name: "Second clinic: Hillcrest",
		StartsOn: start, EndsOn: start.AddDate(0, 6, -1),
		Sites: []accord.PhaseSite{p.demand("Hillcrest", 2, "medical assistant", 4), p.demand("Eastgate", 0, "medical assistant", 2),
			p.demand("Integration team", 0, "integration engineer", 6)}})
	if err != nil {
		return err
	}
	err = p.assess(ctx, two.ID, cm.StartsAt.AddDate(0, 0, -10), [][4]string{
		{grace, accord.ReadyBackOffice, accord.ScoreReady, ""}, {grace, accord.ReadyStaff, accord.ScoreReady, ""},
		{grace, accord.ReadyTraining, accord.ScoreReady, ""}, {sofia, accord.ReadyIT, accord.ScoreReady, ""},
		{tom, accord.ReadyPatients, accord.ScoreWithConditions, "Letters to Hillcrest's patients go out two weeks before the first video visits."},
		{samuel, accord.ReadyClinicalSign, accord.ScoreReady, ""},
	})
	if err != nil {
		return err
	}
	if _, err := p.milestone(ctx, cm.StartsAt.AddDate(0, 0, -9), condition(two.ID, "Same-week access at Hillcrest at or above 70% for three months", access, "Hillcrest", accord.CompareAtLeast, 70, 3, nil)); err != nil {
		return err
	}
	if _, err := p.milestone(ctx, cm.StartsAt.AddDate(0, 0, -9), deliverable(two.ID, "Survey of Hillcrest's patients on their video visits", p.now.AddDate(0, 0, -20), accord.RoleOperations)); err != nil {
		return err
	}
	if _, err := p.decide(ctx, p.council, cm, accord.Motion{Title: "Extend the telehealth pilot to Hillcrest", Rule: "majority", ClinicalConsent: true,
		SubjectKind: accord.SubjectPilotGate, SubjectID: two.ID,
		Body: "Eastgate's same-week access has held above 68% since the pilot started. Hillcrest is ready; its patients hear of it by letter first."},
		p.councilBoard(), "Eastgate's results and Hillcrest's readiness.", accord.GateDecision{PhaseID: two.ID, Kind: accord.GateScale}); err != nil {
		return err
	}
	sm := p.before(p.sm, two.EndsOn)
	longer := two.EndsOn.AddDate(0, 6, 0)
	if _, err := p.decide(ctx, p.steering, sm, accord.Motion{Title: "Run the telehealth pilot at Hillcrest six months longer", Rule: "majority", ClinicalConsent: true,
		SubjectKind: accord.SubjectPilotGate, SubjectID: two.ID, Body: "So that a full winter's figures decide whether it becomes the clinics' way of working."},
		map[string]string{morgan: "yes", elena: "yes", samuel: "yes", jonathan: "yes", leo: "recuse:Brightline supplies the platform"},
		"A winter's figures before the decision to keep it.", accord.GateDecision{PhaseID: two.ID, Kind: accord.GateExtend, NewEndsOn: &longer}); err != nil {
		return err
	}
	return p.telehealthMain(ctx, in)
}

// telehealthMain plans the next step, Riverside Main, three weeks from
// now: part of its readiness is assessed and its gate is waiting.
func (p *portfolio) telehealthMain(ctx context.Context, in accord.Initiative) error {
	start := day(p.now).AddDate(0, 0, 21)
	three, err := p.phase(ctx, leo, p.now.AddDate(0, 0, -25), accord.Phase{InitiativeID: in.ID, Name: "Riverside Main",
		StartsOn: start, EndsOn: start.AddDate(0, 6, -1),
		Sites: []accord.PhaseSite{p.demand("Riverside Main", 2, "medical assistant", 4), p.demand("Integration team", 0, "integration engineer", 6)}})
	if err != nil {
		return err
	}
	p.out.GateWaiting = three.ID
	return nil
}

// morning is the demo's last word on its portfolio: Sofia and Grace score
// Riverside Main's IT and training for telehealth today. Like every write to an
// initiative, it re-evaluates the initiatives' signals, so the demo opens
// with them as they stand today.
func (p *portfolio) morning(ctx context.Context) error {
	return p.assess(ctx, p.out.GateWaiting, p.now.Add(-2*time.Minute), [][4]string{
		{sofia, accord.ReadyIT, accord.ScoreReady, ""},
		{grace, accord.ReadyTraining, accord.ScoreWithConditions, "Two of Riverside Main's five medical assistants are trained; the others in the first week."},
	})
}

// remoteMonitoring: piloted at Riverside Main, its scale-up to every clinic
// refused for want of staff, then started at Lakeview with an override
// while the care-manager programme already took Lakeview's time, and
// paused last month because Lakeview's staff were over capacity.
func (p *portfolio) remoteMonitoring(ctx context.Context) error {
	ed, err := p.kpiID(ctx, "ed-visits")
	if err != nil {
		return err
	}
	sm1 := &p.sm[1]
	in, err := p.propose(ctx, leo, sm1.StartsAt.AddDate(0, 0, -20), accord.Initiative{Name: "Remote monitoring pilot", Kind: accord.InitiativeSharedRiskPilot,
		Purpose:    "Blood pressure, weight and oxygen readings from home for patients with heart failure or COPD, watched by a nurse, so trouble is caught before it becomes an ED visit.",
		SponsorIDs: []string{vendor, payer, investor}, ClinicalLeadID: p.member(elena).ID,
		SiteIDs: []string{"Riverside Main", "Lakeview", "Integration team"},
		KPIs:    []accord.InitiativeKPI{{KPIID: ed, Direction: accord.EffectDecrease, Size: 3_000000, ByDate: day(p.cal.month(months-1)).AddDate(0, 6, 0)}}})
	if err != nil {
		return err
	}
	p.out.RemoteMonitoring = in.ID
	start := day(sm1.StartsAt).AddDate(0, 0, 14)
	one, err := p.phase(ctx, leo, sm1.StartsAt.AddDate(0, 0, -15), accord.Phase{InitiativeID: in.ID, Name: "Pilot at Riverside Main",
		StartsOn: start, EndsOn: start.AddDate(1, 0, -1),
		Sites: []accord.PhaseSite{p.demand("Riverside Main", 0, "nurse", 8), p.demand("Integration team", 0, "integration engineer", 6)}})
	if err != nil {
		return err
	}
	mo, err := p.motion(ctx, p.steering, sm1, accord.Motion{Title: "Adopt the remote monitoring pilot and start it at Riverside Main", Rule: "majority", ClinicalConsent: true,
		Body: "A year at Riverside Main with Brightline's kits, shared risk on the ED visits it avoids."},
		map[string]string{morgan: "yes", elena: "yes", samuel: "yes", jonathan: "yes", leo: "recuse:Brightline supplies the kits"}, "Riverside Main's nurses volunteered.")
	if err != nil {
		return err
	}
	if err := tells(mo, accord.MotionPassed); err != nil {
		return err
	}
	if _, err := p.at(mo.DecidedAt.Add(5*time.Minute)).AdoptInitiative(ctx, p.actors[morgan], p.alliance, in.ID, mo.ID); err != nil {
		return err
	}
	if err := p.gate(ctx, mo, accord.GateDecision{PhaseID: one.ID, Kind: accord.GateAdvance}); err != nil {
		return err
	}
	return p.remoteLakeview(ctx, in, one)
}

func (p *portfolio) remoteLakeview(ctx context.Context, in accord.Initiative, one accord.Phase) error {
	cm, err := p.quorate(ctx, p.held(p.cm, 2).StartsAt)
	if err != nil {
		return err
	}
	start := day(cm.StartsAt).AddDate(0, 0, 7)
	p.lakeview = start
	// The next phase is planned before the pilot ends, so that the
	// initiative goes on rather than completing with its only phase.
	two, err := p.phase(ctx, leo, cm.StartsAt.AddDate(0, 0, -12), accord.Phase{InitiativeID: in.ID, Name: "Lakeview",
		StartsOn: start, EndsOn: start.AddDate(0, 6, -1),
		Sites: []accord.PhaseSite{p.demand("Lakeview", 1, "nurse", 9), p.demand("Integration team", 0, "integration engineer", 4)}})
	if err != nil {
		return err
	}
	if _, err := p.at(one.EndsOn.Add(17*time.Hour)).CompletePhase(ctx, p.actors[elena], p.alliance, one.ID); err != nil {
		return err
	}
	err = p.assess(ctx, two.ID, cm.StartsAt.AddDate(0, 0, -7), [][4]string{
		{grace, accord.ReadyBackOffice, accord.ScoreReady, ""},
		{grace, accord.ReadyStaff, accord.ScoreNotReady, "Lakeview's two nurses already give 6 hours a week to the care-manager programme; 9 more is more than they have."},
		{grace, accord.ReadyTraining, accord.ScoreReady, ""}, {sofia, accord.ReadyIT, accord.ScoreReady, ""}, {tom, accord.ReadyPatients, accord.ScoreReady, ""},
		{elena, accord.ReadyClinicalSign, accord.ScoreWithConditions, "Only patients already enrolled in care management at first."},
	})
	if err != nil {
		return err
	}
	trained, err := p.milestone(ctx, cm.StartsAt.AddDate(0, 0, -6), deliverable(two.ID, "Lakeview's nurses trained on the monitoring dashboard", start.AddDate(0, 0, 14), accord.RoleOperations))
	if err != nil {
		return err
	}
	load, err := p.loadSentences(ctx, "Lakeview", start, 3)
	if err != nil {
		return err
	}
	override := "Lakeview asked to start before the winter; the council reviews its staff's load every month and pauses the pilot if it does not hold."
	if _, err := p.decide(ctx, p.council, cm, accord.Motion{Title: "Start remote monitoring at Lakeview", Rule: "majority", ClinicalConsent: true,
		SubjectKind: accord.SubjectPilotGate, SubjectID: two.ID,
		Body: "Staff bandwidth is not ready and Lakeview goes over its capacity for change:\n" + load + "\n\nOverride: " + override},
		p.councilBoard(), "Started with an override, reviewed monthly.", accord.GateDecision{PhaseID: two.ID, Kind: accord.GateAdvance, OverrideReason: override}); err != nil {
		return err
	}
	if err := p.done(ctx, grace, start.AddDate(0, 0, 10), trained, "Both nurses completed Brightline's dashboard training."); err != nil {
		return err
	}
	last, err := p.quorate(ctx, p.now)
	if err != nil {
		return err
	}
	evidence, err := p.loadSentences(ctx, "Lakeview", start, 3)
	if err != nil {
		return err
	}
	mo, err := p.decide(ctx, p.council, last, accord.Motion{Title: "Pause remote monitoring at Lakeview: its staff are over capacity", Rule: "majority", ClinicalConsent: true,
		SubjectKind: accord.SubjectPilotGate, SubjectID: two.ID,
		Body: "Lakeview's nurses report overtime every week since the pilot started, and the care-manager programme's audit is slipping. The load against Lakeview's capacity for change:\n" +
			evidence + "\n\nReadiness, staff bandwidth: not ready (Lakeview's two nurses already give 6 hours a week to the care-manager programme)."},
		p.councilBoard(), "Paused until Lakeview's second care manager starts; the enrolled patients keep their kits.", accord.GateDecision{PhaseID: two.ID, Kind: accord.GatePause})
	p.out.PauseMotion = mo.Number
	return err
}

// referral: the EHR referral enhancement, proposed a fortnight ago by a
// Riverside member, not yet adopted; its build would take the vendor's
// integration team over its hours.
func (p *portfolio) referral(ctx context.Context) error {
	tna, err := p.kpiID(ctx, "third-next-available")
	if err != nil {
		return err
	}
	in, err := p.propose(ctx, nadia, p.now.AddDate(0, 0, -16), accord.Initiative{Name: "EHR referral enhancement", Kind: accord.InitiativeEHRITEnhancement,
		Purpose:    "Referrals to specialists and to the plan's care managers sent from the EHR in one step, with their status back in the chart, instead of faxes and phone calls.",
		SponsorIDs: []string{provider, vendor}, ClinicalLeadID: p.member(samuel).ID,
		SiteIDs: []string{"Riverside Main", "Hillcrest", "Integration team"},
		KPIs:    []accord.InitiativeKPI{{KPIID: tna, Direction: accord.EffectDecrease, Size: 2_000000, ByDate: day(p.now).AddDate(1, 6, 0)}}})
	if err != nil {
		return err
	}
	p.out.Referral = in.ID
	build := day(p.cal.month(months-1)).AddDate(0, 5, 0)
	one, err := p.phase(ctx, nadia, p.now.AddDate(0, 0, -15), accord.Phase{InitiativeID: in.ID, Name: "Design and build", StartsOn: build, EndsOn: build.AddDate(0, 4, -1),
		Sites: []accord.PhaseSite{p.demand("Integration team", 2, "integration engineer", 20)}})
	if err != nil {
		return err
	}
	live := build.AddDate(0, 4, 0)
	if _, err := p.phase(ctx, nadia, p.now.AddDate(0, 0, -15), accord.Phase{InitiativeID: in.ID, Name: "Live at Riverside Main and Hillcrest", StartsOn: live, EndsOn: live.AddDate(0, 3, -1),
		Sites: []accord.PhaseSite{p.demand("Riverside Main", 2, "physician", 2), p.demand("Hillcrest", 2, "physician", 2), p.demand("Integration team", 0, "integration engineer", 6)}}); err != nil {
		return err
	}
	_, err = p.milestone(ctx, p.now.AddDate(0, 0, -15), deliverable(one.ID, "Referral workflow signed off by the clinicians", build.AddDate(0, 2, 0), accord.RoleClinicalLeader))
	return err
}
