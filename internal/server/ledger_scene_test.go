package server_test

import (
	"context"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
)

// ledgerScene is the demo alliance with two clinics, two initiatives whose
// phases take Lakeview over its capacity this month and the next five, and
// a commitment from the plan (cash, to the whole care-manager programme)
// and one from the physician group (staff time, to its first phase).
type ledgerScene struct {
	alliance               accord.Alliance
	plan, group            string // party IDs: Valley Health Plan, Riverside Physician Group
	care, remote           accord.Initiative
	planCash, groupStaff   accord.Commitment
	eastgate, lakeview     accord.Site
	careFirst, remotePhase accord.Phase
}

// Demo accounts the ledger tests act as.
const (
	planFinance  = "priya.raman@valleyhealthplan.example" // Valley Health Plan, finance
	planExec     = "dana.whitfield@valleyhealthplan.example"
	groupFinance = "marcus.bell@riversidepg.example" // Riverside Physician Group, finance
	groupExec    = "elena.vasquez@riversidepg.example"
)

func (a *app) memberActor(email string) accord.Actor {
	a.t.Helper()
	u, _, err := a.db.UserByEmail(context.Background(), email)
	if err != nil {
		a.t.Fatal(err)
	}
	return accord.Actor{UserID: u.ID, Name: u.Name, Via: "test"}
}

func (a *app) ledgerScene() ledgerScene {
	t, ctx := a.t, context.Background()
	t.Helper()
	sc := ledgerScene{alliance: mustAlliance(t, a)}
	parties, err := a.db.ListParties(ctx, sc.alliance.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range parties {
		switch p.OrgName {
		case "Valley Health Plan":
			sc.plan = p.ID
		case "Riverside Physician Group":
			sc.group = p.ID
		}
	}
	members, err := a.db.ListMembers(ctx, sc.alliance.ID)
	if err != nil {
		t.Fatal(err)
	}
	var lead string
	for _, m := range members {
		if m.UserEmail == groupExec {
			lead = m.ID
		}
	}
	admin := a.memberActor(roleAccounts["admin"])
	h := number.DecimalFromInt
	sc.eastgate = accord.Site{AllianceID: sc.alliance.ID, PartyID: sc.group, Name: "South Eastgate", Kind: accord.SiteKindSite, MaxActive: 2, StaffHours: h(40)}
	sc.lakeview = accord.Site{AllianceID: sc.alliance.ID, PartyID: sc.group, Name: "South Lakeview", Kind: accord.SiteKindSite, MaxActive: 1, StaffHours: h(10)}
	for _, s := range []*accord.Site{&sc.eastgate, &sc.lakeview} {
		if err := a.db.CreateSite(ctx, admin, s); err != nil {
			t.Fatalf("CreateSite: %v", err)
		}
	}
	mk := func(name string, sites ...string) accord.Initiative {
		in := accord.Initiative{AllianceID: sc.alliance.ID, Name: name, Kind: accord.InitiativeCareModelChange, Purpose: "Better care at the pace the clinics can carry.",
			SponsorIDs: []string{sc.plan, sc.group}, ClinicalLeadID: lead, SiteIDs: sites}
		if err := a.db.ProposeInitiative(ctx, admin, &in); err != nil {
			t.Fatalf("ProposeInitiative: %v", err)
		}
		return in
	}
	sc.care = mk("Care-navigator programme", sc.eastgate.ID, sc.lakeview.ID)
	sc.remote = mk("Home monitoring pilot", sc.lakeview.ID)
	now := time.Now().UTC()
	start := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(0, 6, -1)
	phase := func(in accord.Initiative, name string, staff int64, sites ...string) accord.Phase {
		p := accord.Phase{AllianceID: sc.alliance.ID, InitiativeID: in.ID, Name: name, StartsOn: start, EndsOn: end}
		for _, s := range sites {
			p.Sites = append(p.Sites, accord.PhaseSite{SiteID: s, Staff: []accord.RoleHours{{Role: "Care manager", Hours: h(staff)}}})
		}
		if err := a.db.AddPhase(ctx, admin, &p); err != nil {
			t.Fatalf("AddPhase: %v", err)
		}
		return p
	}
	sc.careFirst = phase(sc.care, "Two clinics", 6, sc.eastgate.ID, sc.lakeview.ID)
	sc.remotePhase = phase(sc.remote, "Lakeview", 9, sc.lakeview.ID)
	sc.planCash = accord.Commitment{AllianceID: sc.alliance.ID, InitiativeID: sc.care.ID, PartyID: sc.plan, Kind: accord.CommitCash,
		Description: "Care managers' salaries", Amount: number.Dollars(100_000), DueOn: start}
	sc.groupStaff = accord.Commitment{AllianceID: sc.alliance.ID, InitiativeID: sc.care.ID, PhaseID: sc.careFirst.ID, PartyID: sc.group,
		Kind: accord.CommitStaffTime, Hours: h(200), Role: "Nurse", Rate: number.Money(6250), DueOn: end}
	for _, c := range []*accord.Commitment{&sc.planCash, &sc.groupStaff} {
		if err := a.db.AddCommitment(ctx, admin, c); err != nil {
			t.Fatalf("AddCommitment: %v", err)
		}
	}
	return sc
}

// matrixLedger sets up the ledger scene with one contribution of the
// physician group, and returns the access matrix's replacements for {in}
// (the care-manager programme) and {cx} (the contribution).
func (a *app) matrixLedger() []string {
	a.t.Helper()
	sc := a.ledgerScene()
	x := accord.Contribution{AllianceID: sc.alliance.ID, CommitmentID: sc.groupStaff.ID, Hours: number.DecimalFromInt(8), On: sc.groupStaff.DueOn}
	if err := a.db.EnterContribution(context.Background(), a.memberActor(groupFinance), &x); err != nil {
		a.t.Fatalf("EnterContribution: %v", err)
	}
	return []string{"{in}", sc.care.ID, "{cx}", x.ID}
}
