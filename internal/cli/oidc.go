package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

const oidcUsage = `oidc <add|list|remove|rule-add|rule-remove|require|unrequire> [flags]

  add          --name N --label L --issuer URL --client-id ID --secret-ref env:NAME|file:/path
               --domains d1,d2 [--email-claim email] [--name-claim name]
  list         (providers with their domain rules and the parties that require them)
  remove       --name N   (with its domain rules and requirements)
  rule-add     --name N --domain D --alliance SLUG --party ORG [--roles member]
               (anyone the provider vouches for at D joins the party, without an invitation)
  rule-remove  --id RULE
  require      --name N --alliance SLUG --party ORG   (the party's people sign in through N only)
  unrequire    --alliance SLUG --party ORG            (they may use passwords again)`

// oidcFlags are the flags of every oidc subcommand.
type oidcFlags struct {
	p                                accord.OIDCProvider
	domains, domain, alliance, party string
	roles, id                        string
}

func cmdOIDC(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 {
		return usageErrorf("%s", oidcUsage)
	}
	sub := args[0]
	fs := newFlagSet(env, "oidc "+sub, oidcUsage)
	if isHelp(args) {
		return fs.Parse([]string{"--help"})
	}
	var f dbFlags
	f.register(fs, env)
	var o oidcFlags
	fs.StringVar(&o.p.Name, "name", "", "the provider's short name, in its sign-in address")
	fs.StringVar(&o.p.Label, "label", "", `what its button says: "Sign in with LABEL" (add)`)
	fs.StringVar(&o.p.Issuer, "issuer", "", "the provider's issuer address (add)")
	fs.StringVar(&o.p.ClientID, "client-id", "", "accord's client id at the provider (add)")
	fs.StringVar(&o.p.SecretRef, "secret-ref", "", "where the server reads the client secret: env:NAME or file:/path (add)")
	fs.StringVar(&o.p.EmailClaim, "email-claim", "email", "the ID token claim with the e-mail address (add)")
	fs.StringVar(&o.p.NameClaim, "name-claim", "name", "the ID token claim with the person's name (add)")
	fs.StringVar(&o.domains, "domains", "", "e-mail domains the provider vouches for, separated by commas (add)")
	fs.StringVar(&o.domain, "domain", "", "the e-mail domain a rule admits (rule-add)")
	fs.StringVar(&o.alliance, "alliance", "", "the alliance's short name (rule-add, require, unrequire)")
	fs.StringVar(&o.party, "party", "", "the party's organisation name (rule-add, require, unrequire)")
	fs.StringVar(&o.roles, "roles", "member", "roles a rule gives, separated by commas (rule-add)")
	fs.StringVar(&o.id, "id", "", "the rule's id, as list shows it (rule-remove)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	db, err := f.open(ctx, env)
	if err != nil {
		return err
	}
	defer db.Close()
	return o.run(ctx, env, db, sub)
}

func (o *oidcFlags) run(ctx context.Context, env *Env, db *store.DB, sub string) error {
	actor := accord.SystemActor("cli")
	switch sub {
	case "add":
		o.p.Domains = strings.FieldsFunc(o.domains, func(c rune) bool { return c == ',' || c == ' ' })
		if err := db.CreateOIDCProvider(ctx, actor, &o.p); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "added %s; register BASE_URL/login/oidc/%s/callback as its redirect address\n", o.p.Label, o.p.Name)
		return nil
	case "list":
		return oidcList(ctx, env, db)
	case "remove":
		if err := db.DeleteOIDCProvider(ctx, actor, o.p.Name); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "removed %s\n", o.p.Name)
		return nil
	case "rule-remove":
		return db.DeleteOIDCJoinRule(ctx, actor, o.id)
	case "rule-add", "require", "unrequire":
		return o.partyCommand(ctx, env, db, actor, sub)
	}
	return usageErrorf("%s", oidcUsage)
}

// partyCommand runs the subcommands that name a party of an alliance.
func (o *oidcFlags) partyCommand(ctx context.Context, env *Env, db *store.DB, actor accord.Actor, sub string) error {
	a, err := db.AllianceBySlug(ctx, o.alliance)
	if err != nil {
		return err
	}
	party, err := findParty(ctx, db, a, o.party)
	if err != nil {
		return err
	}
	if sub == "unrequire" {
		return db.RequireOIDC(ctx, actor, party.ID, "")
	}
	p, err := db.OIDCProviderByName(ctx, o.p.Name)
	if err != nil {
		return err
	}
	if sub == "require" {
		if err := db.RequireOIDC(ctx, actor, party.ID, p.ID); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "people of %s in %s now sign in with %s only\n", party.OrgName, a.Name, p.Label)
		return nil
	}
	roles, err := accord.ParseRoles(o.roles)
	if err != nil {
		return err
	}
	r := accord.OIDCJoinRule{ProviderID: p.ID, Domain: o.domain, AllianceID: a.ID, PartyID: party.ID, Roles: roles}
	if err := db.AddOIDCJoinRule(ctx, actor, &r); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "rule %s: anyone %s vouches for at @%s joins %s in %s as %s\n", r.ID, p.Label, r.Domain, r.PartyName, a.Name, r.Roles)
	return nil
}

func findParty(ctx context.Context, db *store.DB, a accord.Alliance, org string) (accord.Party, error) {
	ps, err := db.ListParties(ctx, a.ID)
	if err != nil {
		return accord.Party{}, err
	}
	for _, p := range ps {
		if strings.EqualFold(p.OrgName, strings.TrimSpace(org)) {
			return p, nil
		}
	}
	return accord.Party{}, accord.Errorf(accord.ENOTFOUND, "%s has no party named %q", a.Name, org)
}

func oidcList(ctx context.Context, env *Env, db *store.DB) error {
	ps, err := db.ListOIDCProviders(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tLABEL\tISSUER\tCLIENT\tSECRET\tDOMAINS")
	for _, p := range ps {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", p.Name, p.Label, p.Issuer, p.ClientID, p.SecretRef, strings.Join(p.Domains, ","))
		rules, err := db.ListOIDCJoinRules(ctx, p.ID)
		if err != nil {
			return err
		}
		for _, r := range rules {
			fmt.Fprintf(tw, "  rule %s\t@%s -> %s in %s as %s\t\t\t\t\n", r.ID, r.Domain, r.PartyName, r.Alliance, r.Roles)
		}
		reqs, err := db.ListOIDCRequirements(ctx, p.ID)
		if err != nil {
			return err
		}
		for _, q := range reqs {
			fmt.Fprintf(tw, "  required by\t%s in %s\t\t\t\t\n", q.PartyName, q.Alliance)
		}
	}
	return tw.Flush()
}
