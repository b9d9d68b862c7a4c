package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestOIDCLoginsAreUsedOnce: a login is found by its state once; a used,
// unknown or expired state is refused.
func TestOIDCLoginsAreUsedOnce(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := accord.OIDCProvider{Name: "valley", Label: "Valley", Issuer: "https://login.plan.example", ClientID: "accord",
			SecretRef: "env:VALLEY_SECRET", Domains: []string{"plan.example"}}
		if err := db.CreateOIDCProvider(ctx, cli, &p); err != nil {
			t.Fatal(err)
		}
		l := accord.OIDCLogin{State: "state-1", ProviderID: p.ID, Nonce: "n", Verifier: "v", Next: "/a/x", ExpiresAt: time.Now().Add(time.Minute)}
		if err := db.BeginOIDCLogin(ctx, l); err != nil {
			t.Fatal(err)
		}
		got, err := db.TakeOIDCLogin(ctx, "state-1")
		if err != nil || got.Nonce != "n" || got.Verifier != "v" || got.Next != "/a/x" || got.ProviderID != p.ID {
			t.Fatalf("take: got %+v, %v", got, err)
		}
		if _, err := db.TakeOIDCLogin(ctx, "state-1"); accord.ErrorCode(err) != accord.EUNAUTHORIZED {
			t.Errorf("taken twice: got %v, want refused", err)
		}
		l.State, l.ExpiresAt = "state-2", time.Now().Add(-time.Second)
		if err := db.BeginOIDCLogin(ctx, l); err != nil {
			t.Fatal(err)
		}
		if _, err := db.TakeOIDCLogin(ctx, "state-2"); accord.ErrorCode(err) != accord.EUNAUTHORIZED {
			t.Errorf("expired: got %v, want refused", err)
		}
	})
}

// TestOIDCProviderRules: provider names are unique; domain rules must be
// of the provider's domains (written with or without @, in any case); a
// party's requirement applies to its members; a verified identity signs in
// to the account with its address; removing the provider takes its rules,
// requirements and links with it and keeps the accounts.
func TestOIDCProviderRules(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		p := accord.OIDCProvider{Name: "valley", Label: "Valley", Issuer: "https://login.plan.example", ClientID: "accord",
			SecretRef: "file:/etc/accord/valley", Domains: []string{"@Plan.example"}}
		if err := db.CreateOIDCProvider(ctx, cli, &p); err != nil {
			t.Fatal(err)
		}
		dup := p
		if err := db.CreateOIDCProvider(ctx, cli, &dup); accord.ErrorField(err) != "name" {
			t.Errorf("a second provider named valley: got %v, want a name field error", err)
		}
		rule := accord.OIDCJoinRule{ProviderID: p.ID, Domain: "other.example", AllianceID: f.alliance.ID, PartyID: f.payer.ID, Roles: accord.Roles{accord.RoleMember}}
		if err := db.AddOIDCJoinRule(ctx, cli, &rule); accord.ErrorField(err) != "domain" {
			t.Errorf("a rule outside the provider's domains: got %v, want a domain field error", err)
		}
		rule.Domain = "plan.example"
		if err := db.AddOIDCJoinRule(ctx, cli, &rule); err != nil {
			t.Fatal(err)
		}
		if err := db.RequireOIDC(ctx, cli, f.payer.ID, p.ID); err != nil {
			t.Fatal(err)
		}
		if got, err := db.RequiredOIDCProvider(ctx, f.admin.ID); err != nil || got.ID != p.ID {
			t.Errorf("required provider of the payer's admin: got %+v, %v", got, err)
		}
		u, err := db.OIDCSignIn(ctx, p.ID, accord.OIDCIdentity{Subject: "s1", Email: "ada@plan.example", EmailVerified: true})
		if err != nil || u.ID != f.admin.ID {
			t.Fatalf("sign-in of the existing account: got %+v, %v", u, err)
		}
		if err := db.DeleteOIDCProvider(ctx, cli, "valley"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RequiredOIDCProvider(ctx, f.admin.ID); accord.ErrorCode(err) != accord.ENOTFOUND {
			t.Errorf("after removing the provider: got %v, want no requirement", err)
		}
		if rules, err := db.ListOIDCJoinRules(ctx, p.ID); err != nil || len(rules) != 0 {
			t.Errorf("rules after removing the provider: %d, %v", len(rules), err)
		}
		if _, err := db.User(ctx, f.admin.ID); err != nil {
			t.Errorf("the account after removing the provider: %v", err)
		}
	})
}
