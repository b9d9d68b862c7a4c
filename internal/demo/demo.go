// Package demo builds a believable sample alliance through the same services
// the application uses, so that the demo exercises real code paths and fills
// the audit trail as real use would. The output is deterministic: the same
// organisations, people and charter every time, and the same scorecard
// figures for the same moment (they are dated relative to it).
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// Password is every demo account's password; the demo prints it.
const Password = "accord-demo-2026"

// Login is one demo account, printed for the person trying the demo.
type Login struct {
	Email string
	Name  string
	Party string
	Roles string
}

// Result describes what the generator made.
type Result struct {
	AllianceSlug string
	Logins       []Login
	// Scorecard says where the scorecard's stories are.
	Scorecard Stories
	// Governance says where the governance stories are.
	Governance Meetings
	// Concerns says where the concerns are, with the receipt code of one
	// anonymous concern for trying the reporter's follow-up.
	Concerns Concerns
	// Portfolio says where the initiatives' stories are.
	Portfolio Portfolio
	// Health says where the partnership health rounds are.
	Health Health
}

type party struct {
	org, role, brings, expects string
}

type person struct {
	name, email, party string
	roles              accord.Roles
	superAdmin         bool
}

func parties() []party {
	return []party{
		{"Valley Health Plan", "payer",
			"Stability and scale: 180,000 members across the valley, claims data, care-management nurses, a decade of payer contracts.",
			"Lower total cost of care for attributed members, better HEDIS quality scores, and early sight of problems instead of year-end surprises."},
		{"Riverside Physician Group", "provider",
			"Clinical expertise: 62 physicians in four clinics (Riverside Main, Eastgate, Hillcrest, Lakeview), care teams who know their patients.",
			"A fair share of savings, pilots paced to what the clinics can absorb, and a real say in decisions about workflows and technology."},
		{"Cedar Ridge Health Partners", "investor",
			"Capital for the care-coordination build-out and telehealth, and experience scaling value-based practices.",
			"A measurable return over five years, transparent numbers, and a partnership that keeps clinicians engaged."},
		{"Brightline Telehealth", "vendor",
			"A telehealth and remote-monitoring platform, integration engineers, and speed.",
			"Clear requirements, timely feedback from clinicians, and a path from pilot to contract."},
	}
}

func people() []person {
	r := func(rs ...accord.Role) accord.Roles { return rs }
	return []person{
		{"Morgan Ellis", "admin@accord-demo.example", "Valley Health Plan", r(accord.RoleAdmin, accord.RoleExecutive), true},
		{"Dana Whitfield", "dana.whitfield@valleyhealthplan.example", "Valley Health Plan", r(accord.RoleExecutive), false},
		{"Priya Raman", "priya.raman@valleyhealthplan.example", "Valley Health Plan", r(accord.RoleFinance), false},
		{"Tom Okafor", "tom.okafor@valleyhealthplan.example", "Valley Health Plan", r(accord.RoleOperations), false},
		{"Dr. Elena Vasquez", "elena.vasquez@riversidepg.example", "Riverside Physician Group", r(accord.RoleClinicalLeader, accord.RoleExecutive), false},
		{"Dr. Samuel Kim", "samuel.kim@riversidepg.example", "Riverside Physician Group", r(accord.RoleClinicalLeader), false},
		{"Grace Liu", "grace.liu@riversidepg.example", "Riverside Physician Group", r(accord.RoleOperations), false},
		{"Marcus Bell", "marcus.bell@riversidepg.example", "Riverside Physician Group", r(accord.RoleFinance), false},
		{"Nadia Haddad", "nadia.haddad@riversidepg.example", "Riverside Physician Group", r(accord.RoleMember), false},
		{"Jonathan Reyes", "jonathan.reyes@cedarridge.example", "Cedar Ridge Health Partners", r(accord.RoleExecutive, accord.RoleFinance), false},
		{"Aisha Coleman", "aisha.coleman@cedarridge.example", "Cedar Ridge Health Partners", r(accord.RoleObserver), false},
		{"Leo Brandt", "leo.brandt@brightline.example", "Brightline Telehealth", r(accord.RoleExecutive), false},
		{"Sofia Marin", "sofia.marin@brightline.example", "Brightline Telehealth", r(accord.RoleOperations), false},
	}
}

const vision = `Together we give the 38,000 patients of the Riverside clinics care that is easier to reach, safer and better coordinated, and we share fairly in what that saves.

We grow at the pace the clinics can sustain: a pilot scales only when staff, back office and patients are ready for it.`

const values = `Clinicians at the table for every decision that touches care
Bad news early: anyone can raise a problem the day they see it
Shared numbers: one scorecard, the same for every partner
Fair shares of risk and reward, written down and revisited
Little paperwork: data comes from the systems that already have it`

// Generate creates the demo alliance with hash as every account's password
// hash, and its scorecard with three years of data up to now. It expects a
// fresh database.
func Generate(ctx context.Context, svc accord.Services, hash string, now time.Time) (Result, error) {
	actor := accord.SystemActor("demo")
	live := svc
	svc = asOf(live, founded(now))
	a := accord.Alliance{Slug: "north-valley", Name: "North Valley Care Alliance", Vision: vision, Values: values}
	if err := svc.CreateAlliance(ctx, actor, &a); err != nil {
		return Result{}, fmt.Errorf("demo: %w", err)
	}
	partyIDs := map[string]string{}
	orgIDs := map[string]string{}
	for _, p := range parties() {
		o, err := svc.EnsureOrganization(ctx, actor, p.org)
		if err != nil {
			return Result{}, fmt.Errorf("demo: %w", err)
		}
		pt := accord.Party{AllianceID: a.ID, OrgID: o.ID, Role: accord.PartyRole(p.role), Brings: p.brings, Expects: p.expects}
		if err := svc.AddParty(ctx, actor, &pt); err != nil {
			return Result{}, fmt.Errorf("demo: %w", err)
		}
		partyIDs[p.org], orgIDs[p.org] = pt.ID, o.ID
	}
	res := Result{AllianceSlug: a.Slug}
	actors := map[string]accord.Actor{}
	for _, p := range people() {
		u := accord.User{Email: p.email, Name: p.name, OrgID: orgIDs[p.party], SuperAdmin: p.superAdmin}
		if err := svc.CreateUser(ctx, actor, &u, hash); err != nil {
			return Result{}, fmt.Errorf("demo: %w", err)
		}
		m := accord.Membership{AllianceID: a.ID, UserID: u.ID, PartyID: partyIDs[p.party], Roles: p.roles}
		if err := svc.AddMember(ctx, actor, &m); err != nil {
			return Result{}, fmt.Errorf("demo: %w", err)
		}
		res.Logins = append(res.Logins, Login{Email: p.email, Name: p.name, Party: p.party, Roles: rolesLabel(p.roles)})
		actors[p.email] = accord.Actor{UserID: u.ID, Name: p.name, Via: "demo"}
	}
	svc = live
	if err := history(ctx, svc, a, partyIDs, now); err != nil {
		return Result{}, err
	}
	sc, err := Scorecard(ctx, svc, a.ID, partyIDs, actors, now)
	if err != nil {
		return Result{}, err
	}
	res.Scorecard = sc
	if err := Contract(ctx, svc, a.ID, partyIDs, actors, now); err != nil {
		return Result{}, err
	}
	if err := Settlements(ctx, svc, a.ID, partyIDs, actors, now); err != nil {
		return Result{}, err
	}
	if res.Governance, err = Governance(ctx, svc, a.ID, partyIDs, actors, sc.Proposed, now); err != nil {
		return Result{}, err
	}
	if res.Portfolio, err = Initiatives(ctx, svc, a.ID, partyIDs, actors, now); err != nil {
		return Result{}, err
	}
	if res.Concerns, err = SafeVoice(ctx, svc, a.ID, actors, now); err != nil {
		return Result{}, err
	}
	// The survey's rounds raise signals as they close: its people have
	// read those of the rounds before the latest, as everything else.
	if res.Health, err = Survey(ctx, svc, a.ID, hash, partyIDs, now); err != nil {
		return Result{}, err
	}
	if err := CharterReview(ctx, svc, a.ID, actors, now); err != nil {
		return Result{}, err
	}
	if err := Inbox(ctx, svc, a.ID, now); err != nil {
		return Result{}, err
	}
	return res, nil
}

// founded is when the demo alliance was formed and its people joined: a
// month before its committees first met, so that memberships carry the
// story's dates rather than the day the demo was built.
func founded(now time.Time) time.Time {
	return accord.Day(now.UTC()).AddDate(-2, -2, 0).Add(9 * time.Hour)
}

// asOf returns svc writing as of t when the store can (see timeTraveller).
func asOf(svc accord.Services, t time.Time) accord.Services {
	if tt, ok := svc.(timeTraveller); ok {
		return tt.AtTime(t)
	}
	return svc
}

// history adds what a few months of use leave behind: a member who joined
// at the start and left last spring, and an invitation sent two days ago.
func history(ctx context.Context, svc accord.Services, a accord.Alliance, partyIDs map[string]string, now time.Time) error {
	actor := accord.SystemActor("demo")
	u := accord.User{Email: "r.patel@riversidepg.example", Name: "Rahul Patel"}
	if err := asOf(svc, founded(now)).CreateUser(ctx, actor, &u, ""); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	m := accord.Membership{AllianceID: a.ID, UserID: u.ID, PartyID: partyIDs["Riverside Physician Group"], Roles: accord.Roles{accord.RoleOperations}}
	if err := asOf(svc, founded(now)).AddMember(ctx, actor, &m); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	off := false
	if _, err := asOf(svc, now.AddDate(0, -8, 0)).UpdateMember(ctx, actor, a.ID, m.ID, accord.MemberUpdate{Active: &off}); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	inv := accord.Invitation{AllianceID: a.ID, Email: "care.manager@valleyhealthplan.example", PartyID: partyIDs["Valley Health Plan"], Roles: accord.Roles{accord.RoleOperations}}
	if err := asOf(svc, now.AddDate(0, 0, -2)).CreateInvitation(ctx, actor, &inv); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return nil
}

func rolesLabel(rs accord.Roles) string {
	s := ""
	for i, r := range rs {
		if i > 0 {
			s += ", "
		}
		s += r.Label()
	}
	return s
}
