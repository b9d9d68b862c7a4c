package server_test

import (
	"context"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
)

// initScene is the demo alliance with two of the provider's clinics
// declared, each with room for one initiative and 10 staff hours a week
// of change, and a care-manager programme planned at Lakeview from April
// to June 2027 that holds its capacity.
type initScene struct {
	a                  *app
	al                 accord.Alliance
	provider, payer    accord.Party
	lead               accord.Membership // Dr. Samuel Kim, clinical leader of the provider
	eastgate, lakeview accord.Site
	careManagers       accord.Initiative
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func newInitScene(a *app) *initScene {
	a.t.Helper()
	ctx, sys := context.Background(), accord.SystemActor("test")
	sc := &initScene{a: a, al: mustAlliance(a.t, a)}
	ps, err := a.db.ListParties(ctx, sc.al.ID)
	if err != nil {
		a.t.Fatal(err)
	}
	for _, p := range ps {
		switch p.Role {
		case accord.PartyProvider:
			sc.provider = p
		case accord.PartyPayer:
			sc.payer = p
		}
	}
	ms, err := a.db.ListMembers(ctx, sc.al.ID)
	if err != nil {
		a.t.Fatal(err)
	}
	for _, m := range ms {
		if m.UserEmail == roleAccounts["clinical_leader"] {
			sc.lead = m
		}
	}
	// The demo has its own Eastgate and Lakeview, busy with its initiatives:
	// the scene's sites are apart ("West Lakeview"), on the same segments.
	for seg, s := range map[string]*accord.Site{"Eastgate": &sc.eastgate, "Lakeview": &sc.lakeview} {
		*s = accord.Site{AllianceID: sc.al.ID, PartyID: sc.provider.ID, Name: "West " + seg, Kind: accord.SiteKindSite, Segment: seg,
			MaxActive: 1, StaffHours: number.DecimalFromInt(10)}
		if err := a.db.CreateSite(ctx, sys, s); err != nil {
			a.t.Fatal(err)
		}
	}
	sc.careManagers = sc.propose("Care managers in clinics", sc.lakeview.ID)
	p := accord.Phase{AllianceID: sc.al.ID, InitiativeID: sc.careManagers.ID, Name: "Lakeview", StartsOn: day(2027, 4, 1), EndsOn: day(2027, 6, 30),
		Sites: []accord.PhaseSite{{SiteID: sc.lakeview.ID, Staff: []accord.RoleHours{{Role: "care manager", Hours: number.DecimalFromInt(6)}}}}}
	if err := a.db.AddPhase(ctx, sys, &p); err != nil {
		a.t.Fatal(err)
	}
	return sc
}

// propose proposes an initiative at the sites through the store.
func (sc *initScene) propose(name string, sites ...string) accord.Initiative {
	sc.a.t.Helper()
	in := accord.Initiative{AllianceID: sc.al.ID, Name: name, Kind: accord.InitiativeCareModelChange, Purpose: "Better follow-up",
		SponsorIDs: []string{sc.provider.ID, sc.payer.ID}, ClinicalLeadID: sc.lead.ID, SiteIDs: sites}
	if err := sc.a.db.ProposeInitiative(context.Background(), accord.SystemActor("test"), &in); err != nil {
		sc.a.t.Fatal(err)
	}
	return in
}

// actor is the demo person with the e-mail address.
func (a *app) actor(email string) accord.Actor {
	a.t.Helper()
	u, _, err := a.db.UserByEmail(context.Background(), email)
	if err != nil {
		a.t.Fatal(err)
	}
	return accord.Actor{UserID: u.ID, Name: u.Name, Via: "test"}
}

// steeringSeats are the seat-holders of the demo's steering committee.
var steeringSeats = []string{"admin@accord-demo.example", "elena.vasquez@riversidepg.example", "samuel.kim@riversidepg.example",
	"jonathan.reyes@cedarridge.example", "leo.brandt@brightline.example"}

// pass has every steering seat-holder vote for the motion and decides it.
func (sc *initScene) pass(number int) {
	sc.a.t.Helper()
	ctx := context.Background()
	for _, email := range steeringSeats {
		if _, err := sc.a.db.CastVote(ctx, sc.a.actor(email), sc.al.ID, number, "", "yes", ""); err != nil {
			sc.a.t.Fatalf("vote of %s on motion %d: %v", email, number, err)
		}
	}
	m, err := sc.a.db.Motion(ctx, sc.al.ID, number)
	if err == nil && m.Status == accord.MotionOpen {
		m, err = sc.a.db.DecideMotion(ctx, sc.a.actor(steeringSeats[0]), sc.al.ID, number, "every party agreed")
	}
	if err != nil || m.Status != accord.MotionPassed {
		sc.a.t.Fatalf("motion %d: %v, status %s, want passed", number, err, m.Status)
	}
}

// matrixInitiatives makes what the access matrix's initiative routes
// need: a site, a proposed initiative with a phase and a deliverable.
func (a *app) matrixInitiatives() []string {
	a.t.Helper()
	sc := newInitScene(a)
	in := sc.propose("Matrix initiative", sc.eastgate.ID)
	ctx, sys := context.Background(), accord.SystemActor("test")
	p := accord.Phase{AllianceID: sc.al.ID, InitiativeID: in.ID, Name: "Design", StartsOn: day(2027, 1, 1), EndsOn: day(2027, 2, 28),
		Sites: []accord.PhaseSite{{SiteID: sc.eastgate.ID}}}
	if err := a.db.AddPhase(ctx, sys, &p); err != nil {
		a.t.Fatal(err)
	}
	due := day(2027, 2, 1)
	m := accord.Milestone{AllianceID: sc.al.ID, PhaseID: p.ID, Kind: accord.MilestoneDeliverable, Title: "Workflow agreed", DueOn: &due, ResponsibleRole: accord.RoleOperations}
	if err := a.db.AddMilestone(ctx, sys, &m); err != nil {
		a.t.Fatal(err)
	}
	started := sc.propose("Matrix pilot under way", sc.lakeview.ID)
	sp := accord.Phase{AllianceID: sc.al.ID, InitiativeID: started.ID, Name: "Lakeview", StartsOn: day(2027, 1, 1), EndsOn: day(2027, 2, 28)}
	if err := a.db.AddPhase(ctx, sys, &sp); err != nil {
		a.t.Fatal(err)
	}
	if _, err := a.db.AdoptInitiative(ctx, sys, sc.al.ID, started.ID, sc.passedText("Adopt the pilot")); err != nil {
		a.t.Fatal(err)
	}
	if err := a.db.RecordGateDecision(ctx, sys, &accord.GateDecision{AllianceID: sc.al.ID, PhaseID: sp.ID, Kind: accord.GateAdvance,
		MotionID: sc.passedText("Start the pilot")}); err != nil {
		a.t.Fatal(err)
	}
	return []string{"{site}", sc.eastgate.ID, "{in}", in.ID, "{ph}", p.ID, "{ms}", m.ID, "{started}", sp.ID}
}
