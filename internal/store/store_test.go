package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

var cli = accord.SystemActor("cli")

// fixture is a small alliance: two parties and an admin.
type fixture struct {
	alliance accord.Alliance
	payer    accord.Party
	provider accord.Party
	admin    accord.User
}

func seed(t *testing.T, db *store.DB) fixture {
	t.Helper()
	ctx := context.Background()
	var f fixture
	f.alliance = accord.Alliance{Slug: "north-valley", Name: "North Valley Alliance", Vision: "Better care", Values: "Candour"}
	if err := db.CreateAlliance(ctx, cli, &f.alliance); err != nil {
		t.Fatalf("CreateAlliance: %v", err)
	}
	plan, err := db.EnsureOrganization(ctx, cli, "Valley Health Plan")
	if err != nil {
		t.Fatal(err)
	}
	group, err := db.EnsureOrganization(ctx, cli, "Riverside Physicians")
	if err != nil {
		t.Fatal(err)
	}
	f.payer = accord.Party{AllianceID: f.alliance.ID, OrgID: plan.ID, Role: accord.PartyPayer, Brings: "stability"}
	f.provider = accord.Party{AllianceID: f.alliance.ID, OrgID: group.ID, Role: accord.PartyProvider}
	for _, p := range []*accord.Party{&f.payer, &f.provider} {
		if err := db.AddParty(ctx, cli, p); err != nil {
			t.Fatalf("AddParty: %v", err)
		}
	}
	f.admin = accord.User{Email: "Ada@Plan.example", Name: "Ada", OrgID: plan.ID}
	if err := db.CreateUser(ctx, cli, &f.admin, "hash"); err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	m := accord.Membership{AllianceID: f.alliance.ID, UserID: f.admin.ID, PartyID: f.payer.ID, Roles: accord.Roles{accord.RoleAdmin, accord.RoleExecutive}}
	if err := db.AddMember(ctx, cli, &m); err != nil {
		t.Fatalf("AddMember: %v", err)
	}
	return f
}

func TestAlliancesAndParties(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		got, err := db.AllianceBySlug(ctx, "North-Valley")
		if err != nil || got.ID != f.alliance.ID {
			t.Fatalf("AllianceBySlug = %v, %v; want %s", got.ID, err, f.alliance.ID)
		}
		dup := accord.Alliance{Slug: "north-valley", Name: "Other"}
		if err := db.CreateAlliance(ctx, cli, &dup); accord.ErrorField(err) != "slug" {
			t.Errorf("duplicate slug: got %v, want a slug field error", err)
		}
		if _, err := db.AllianceBySlug(ctx, "nowhere"); accord.ErrorCode(err) != accord.ENOTFOUND {
			t.Errorf("unknown slug: got %v, want not found", err)
		}
		vision := "Care paced by clinics"
		a, err := db.UpdateCharter(ctx, cli, f.alliance.ID, accord.CharterUpdate{Vision: &vision})
		if err != nil || a.Vision != vision || a.Name != f.alliance.Name {
			t.Errorf("UpdateCharter = %+v, %v", a, err)
		}
		parties, err := db.ListParties(ctx, f.alliance.ID)
		if err != nil || len(parties) != 2 || parties[0].OrgName != "Valley Health Plan" {
			t.Fatalf("ListParties = %+v, %v", parties, err)
		}
		again := accord.Party{AllianceID: f.alliance.ID, OrgID: f.payer.OrgID, Role: accord.PartyInvestor}
		if err := db.AddParty(ctx, cli, &again); accord.ErrorCode(err) != accord.EINVALID {
			t.Errorf("second party for one org: got %v, want invalid", err)
		}
		same, err := db.EnsureOrganization(ctx, cli, "  valley   HEALTH plan ")
		if err != nil || same.ID != f.payer.OrgID {
			t.Errorf("EnsureOrganization matched %v, %v; want existing %s", same.ID, err, f.payer.OrgID)
		}
		role := accord.PartyInvestor
		p, err := db.UpdateParty(ctx, cli, f.alliance.ID, f.provider.ID, accord.PartyUpdate{Role: &role})
		if err != nil || p.Role != role {
			t.Errorf("UpdateParty = %+v, %v", p, err)
		}
	})
}

func TestUsersAndMembers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		u, hash, err := db.UserByEmail(ctx, "ada@plan.example")
		if err != nil || u.ID != f.admin.ID || hash != "hash" {
			t.Fatalf("UserByEmail = %v %q %v", u.ID, hash, err)
		}
		dup := accord.User{Email: "ada@plan.example", Name: "Other"}
		if err := db.CreateUser(ctx, cli, &dup, ""); accord.ErrorField(err) != "email" {
			t.Errorf("duplicate e-mail: got %v, want email field error", err)
		}
		list, err := db.AlliancesForUser(ctx, f.admin.ID)
		if err != nil || len(list) != 1 {
			t.Fatalf("AlliancesForUser = %v, %v", list, err)
		}
		m, err := db.Membership(ctx, f.alliance.ID, f.admin.ID)
		if err != nil || !m.Roles.Has(accord.RoleAdmin) || m.PartyName != "Valley Health Plan" {
			t.Fatalf("Membership = %+v, %v", m, err)
		}
		off := false
		if _, err := db.UpdateMember(ctx, cli, f.alliance.ID, m.ID, accord.MemberUpdate{Active: &off}); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("deactivating the last admin: got %v, want conflict", err)
		}
		bob := accord.User{Email: "bob@rp.example", Name: "Bob"}
		if err := db.CreateUser(ctx, cli, &bob, ""); err != nil {
			t.Fatal(err)
		}
		bm := accord.Membership{AllianceID: f.alliance.ID, UserID: bob.ID, PartyID: f.provider.ID, Roles: accord.Roles{accord.RoleClinicalLeader}}
		if err := db.AddMember(ctx, cli, &bm); err != nil {
			t.Fatal(err)
		}
		bm2, err := db.UpdateMember(ctx, cli, f.alliance.ID, bm.ID, accord.MemberUpdate{Active: &off})
		if err != nil || bm2.Active || bm2.DeactivatedAt == nil {
			t.Errorf("deactivate = %+v, %v", bm2, err)
		}
		if list, _ := db.AlliancesForUser(ctx, bob.ID); len(list) != 0 {
			t.Errorf("deactivated member still sees %d alliances", len(list))
		}
		members, _ := db.ListMembers(ctx, f.alliance.ID)
		if len(members) != 2 || !members[0].Active || members[1].Active {
			t.Errorf("ListMembers keeps history, active first: got %+v", members)
		}
		if _, err := db.SetUserDisabled(ctx, cli, bob.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateMember(ctx, cli, f.alliance.ID, bm.ID, accord.MemberUpdate{Roles: accord.Roles{"wizard"}}); accord.ErrorField(err) != "roles" {
			t.Errorf("bad role: got %v, want roles field error", err)
		}
	})
}

func TestInvitations(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		actor := accord.Actor{UserID: f.admin.ID, Name: f.admin.Name, Via: "web"}
		inv := accord.Invitation{AllianceID: f.alliance.ID, Email: "carol@rp.example", PartyID: f.provider.ID, Roles: accord.Roles{accord.RoleFinance}}
		if err := db.CreateInvitation(ctx, actor, &inv); err != nil {
			t.Fatal(err)
		}
		if inv.Token == "" {
			t.Fatal("invitation has no token")
		}
		self := accord.Invitation{AllianceID: f.alliance.ID, Email: "ada@plan.example", PartyID: f.payer.ID, Roles: accord.Roles{accord.RoleMember}}
		if err := db.CreateInvitation(ctx, actor, &self); accord.ErrorField(err) != "email" {
			t.Errorf("inviting a member: got %v, want email error", err)
		}
		got, a, err := db.InvitationByToken(ctx, inv.Token)
		if err != nil || got.Email != "carol@rp.example" || a.ID != f.alliance.ID {
			t.Fatalf("InvitationByToken = %+v, %v", got, err)
		}
		m, err := db.AcceptInvitation(ctx, inv.Token, "", "Carol", "h")
		if err != nil || !m.Roles.Has(accord.RoleFinance) {
			t.Fatalf("AcceptInvitation = %+v, %v", m, err)
		}
		if _, err := db.AcceptInvitation(ctx, inv.Token, "", "Carol", "h"); accord.ErrorCode(err) != accord.ENOTFOUND {
			t.Errorf("second use of an invitation: got %v, want not found", err)
		}
		other := accord.Invitation{AllianceID: f.alliance.ID, Email: "dan@rp.example", PartyID: f.provider.ID, Roles: accord.Roles{accord.RoleMember}}
		if err := db.CreateInvitation(ctx, actor, &other); err != nil {
			t.Fatal(err)
		}
		if err := db.RevokeInvitation(ctx, actor, f.alliance.ID, other.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.InvitationByToken(ctx, other.Token); accord.ErrorCode(err) != accord.ENOTFOUND {
			t.Errorf("revoked invitation: got %v, want not found", err)
		}
		list, _ := db.ListInvitations(ctx, f.alliance.ID)
		if len(list) != 2 {
			t.Errorf("ListInvitations: got %d, want 2", len(list))
		}
	})
}

func TestSessionsTokensAndResets(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		tok, err := db.CreateSession(ctx, f.admin.ID, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if u, err := db.SessionUser(ctx, tok); err != nil || u.ID != f.admin.ID {
			t.Fatalf("SessionUser = %v, %v", u.ID, err)
		}
		if _, err := db.SessionUser(ctx, tok+"x"); accord.ErrorCode(err) != accord.EUNAUTHORIZED {
			t.Errorf("wrong cookie: got %v, want unauthorized", err)
		}
		at := accord.APIToken{UserID: f.admin.ID, Name: "etl", Scope: accord.ScopeRead}
		if err := db.CreateAPIToken(ctx, cli, &at); err != nil {
			t.Fatal(err)
		}
		if u, tt, err := db.TokenUser(ctx, at.Secret); err != nil || u.ID != f.admin.ID || tt.Scope != accord.ScopeRead {
			t.Fatalf("TokenUser = %v %v %v", u.ID, tt.Scope, err)
		}
		if err := db.RevokeAPIToken(ctx, cli, f.admin.ID, at.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.TokenUser(ctx, at.Secret); accord.ErrorCode(err) != accord.EUNAUTHORIZED {
			t.Errorf("revoked token: got %v, want unauthorized", err)
		}
		reset, err := db.CreatePasswordReset(ctx, cli, f.admin.ID, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ResetPassword(ctx, reset, "new"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionUser(ctx, tok); err == nil {
			t.Error("a password reset must end existing sessions")
		}
		if _, err := db.ResetPassword(ctx, reset, "again"); accord.ErrorCode(err) != accord.ENOTFOUND {
			t.Errorf("reused reset link: got %v, want not found", err)
		}
	})
}

func TestMemberCannotMoveToAnotherAlliancesParty(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		other := accord.Alliance{Slug: "other", Name: "Other"}
		if err := db.CreateAlliance(ctx, cli, &other); err != nil {
			t.Fatal(err)
		}
		op := accord.Party{AllianceID: other.ID, OrgID: f.payer.OrgID, Role: accord.PartyPayer}
		if err := db.AddParty(ctx, cli, &op); err != nil {
			t.Fatal(err)
		}
		m, _ := db.Membership(ctx, f.alliance.ID, f.admin.ID)
		if _, err := db.UpdateMember(ctx, cli, f.alliance.ID, m.ID, accord.MemberUpdate{PartyID: op.ID}); accord.ErrorField(err) != "party_id" {
			t.Errorf("moving to another alliance's party: got %v, want a party_id error", err)
		}
		got, err := db.UpdateMember(ctx, cli, f.alliance.ID, m.ID, accord.MemberUpdate{PartyID: f.provider.ID})
		if err != nil || got.PartyName != "Riverside Physicians" {
			t.Errorf("moving to a party of the alliance = %q, %v; want Riverside Physicians", got.PartyName, err)
		}
		if _, err := db.UpdateCharter(ctx, cli, f.alliance.ID, accord.CharterUpdate{Vision: ptr("bad\x00text")}); accord.ErrorField(err) != "vision" {
			t.Errorf("NUL in text: got %v, want a vision field error", err)
		}
	})
}

func ptr[T any](v T) *T { return &v }
