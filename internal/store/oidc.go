package store

import (
	"context"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
)

const oidcProviderCols = "id, name, label, issuer, client_id, secret_ref, email_claim, name_claim, domains, created_at"

func scanOIDCProvider(s scanner) (accord.OIDCProvider, error) {
	var p accord.OIDCProvider
	var domains string
	err := s.Scan(&p.ID, &p.Name, &p.Label, &p.Issuer, &p.ClientID, &p.SecretRef, &p.EmailClaim, &p.NameClaim, &domains, timeCol{&p.CreatedAt})
	p.Domains = strings.Fields(domains)
	return p, err
}

// CreateOIDCProvider records an identity provider (installation admins).
func (db *DB) CreateOIDCProvider(ctx context.Context, actor accord.Actor, p *accord.OIDCProvider) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		p.ID, p.CreatedAt = newID(), tx.now
		_, err := tx.exec(ctx, "INSERT INTO oidc_providers ("+oidcProviderCols+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			p.ID, p.Name, p.Label, p.Issuer, p.ClientID, p.SecretRef, p.EmailClaim, p.NameClaim, strings.Join(p.Domains, " "), ts(tx.now))
		if err != nil {
			if accord.ErrorCode(translate(tx.dialect, err)) == accord.ECONFLICT {
				return accord.FieldError("name", "a provider named %s already exists", p.Name)
			}
			return err
		}
		return tx.audit(ctx, actor, change{action: "create", entity: "oidc_provider", entityID: p.ID, after: *p})
	})
}

// ListOIDCProviders lists the identity providers by name.
func (db *DB) ListOIDCProviders(ctx context.Context) ([]accord.OIDCProvider, error) {
	var out []accord.OIDCProvider
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanOIDCProvider, "SELECT "+oidcProviderCols+" FROM oidc_providers ORDER BY name")
		return err
	})
	return out, err
}

// OIDCProviderByName returns the provider with the name.
func (db *DB) OIDCProviderByName(ctx context.Context, name string) (accord.OIDCProvider, error) {
	var p accord.OIDCProvider
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		p, err = scanOIDCProvider(tx.queryRow(ctx, "SELECT "+oidcProviderCols+" FROM oidc_providers WHERE name = ?", name))
		return notFound(err, "identity provider")
	})
	return p, err
}

// DeleteOIDCProvider removes a provider and everything that names it;
// people linked through it keep their accounts (and sign in another way).
func (db *DB) DeleteOIDCProvider(ctx context.Context, actor accord.Actor, name string) error {
	return db.update(ctx, func(tx *Tx) error {
		p, err := scanOIDCProvider(tx.queryRow(ctx, "SELECT "+oidcProviderCols+" FROM oidc_providers WHERE name = ?", name))
		if err != nil {
			return notFound(err, "identity provider")
		}
		for _, table := range []string{"oidc_logins", "oidc_identities", "oidc_party_requirements", "oidc_join_rules"} {
			if _, err := tx.exec(ctx, "DELETE FROM "+table+" WHERE provider_id = ?", p.ID); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, "DELETE FROM oidc_providers WHERE id = ?", p.ID); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{action: "delete", entity: "oidc_provider", entityID: p.ID, before: p})
	})
}

const oidcRuleSelect = `SELECT r.id, r.provider_id, r.domain, r.alliance_id, a.slug, r.party_id, o.name, r.roles, r.created_at
	FROM oidc_join_rules r JOIN alliances a ON a.id = r.alliance_id JOIN parties p ON p.id = r.party_id JOIN organizations o ON o.id = p.org_id`

func scanOIDCRule(s scanner) (accord.OIDCJoinRule, error) {
	var r accord.OIDCJoinRule
	var roles string
	if err := s.Scan(&r.ID, &r.ProviderID, &r.Domain, &r.AllianceID, &r.Alliance, &r.PartyID, &r.PartyName, &roles, timeCol{&r.CreatedAt}); err != nil {
		return r, err
	}
	var err error
	r.Roles, err = accord.ParseRoles(roles)
	return r, err
}

// AddOIDCJoinRule lets anyone the provider vouches for at the rule's domain
// join the party (which must be of the rule's alliance) with its roles.
func (db *DB) AddOIDCJoinRule(ctx context.Context, actor accord.Actor, r *accord.OIDCJoinRule) error {
	domain, err := accord.NormalizeDomain(r.Domain)
	if err != nil {
		return err
	}
	roles, err := accord.NormalizeRoles(r.Roles)
	if err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		p, err := scanOIDCProvider(tx.queryRow(ctx, "SELECT "+oidcProviderCols+" FROM oidc_providers WHERE id = ?", r.ProviderID))
		if err != nil {
			return notFound(err, "identity provider")
		}
		if !p.Vouches("x@" + domain) {
			return accord.FieldError("domain", "%s does not vouch for %s; add the domain to the provider first", p.Label, domain)
		}
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM parties WHERE id = ? AND alliance_id = ?", r.PartyID, r.AllianceID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return accord.FieldError("party", "is not a party to this alliance")
		}
		id := newID()
		if _, err := tx.exec(ctx, "INSERT INTO oidc_join_rules (id, provider_id, domain, alliance_id, party_id, roles, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			id, p.ID, domain, r.AllianceID, r.PartyID, roles.String(), ts(tx.now)); err != nil {
			if accord.ErrorCode(translate(tx.dialect, err)) == accord.ECONFLICT {
				return accord.FieldError("domain", "%s already has a rule for %s in this alliance", p.Label, domain)
			}
			return err
		}
		if *r, err = scanOIDCRule(tx.queryRow(ctx, oidcRuleSelect+" WHERE r.id = ?", id)); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: r.AllianceID, action: "create", entity: "oidc_join_rule", entityID: id, after: *r})
	})
}

// ListOIDCJoinRules lists a provider's domain rules.
func (db *DB) ListOIDCJoinRules(ctx context.Context, providerID string) ([]accord.OIDCJoinRule, error) {
	var out []accord.OIDCJoinRule
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanOIDCRule, oidcRuleSelect+" WHERE r.provider_id = ? ORDER BY r.domain, a.slug", providerID)
		return err
	})
	return out, err
}

// DeleteOIDCJoinRule removes a domain rule; those who joined by it stay.
func (db *DB) DeleteOIDCJoinRule(ctx context.Context, actor accord.Actor, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		r, err := scanOIDCRule(tx.queryRow(ctx, oidcRuleSelect+" WHERE r.id = ?", id))
		if err != nil {
			return notFound(err, "domain rule")
		}
		if _, err := tx.exec(ctx, "DELETE FROM oidc_join_rules WHERE id = ?", id); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: r.AllianceID, action: "delete", entity: "oidc_join_rule", entityID: id, before: r})
	})
}

// RequireOIDC makes the party's people sign in through the provider, or
// (providerID empty) lets them use passwords again.
func (db *DB) RequireOIDC(ctx context.Context, actor accord.Actor, partyID, providerID string) error {
	return db.update(ctx, func(tx *Tx) error {
		var allianceID string
		if err := tx.queryRow(ctx, "SELECT alliance_id FROM parties WHERE id = ?", partyID).Scan(&allianceID); err != nil {
			return notFound(err, "party")
		}
		if _, err := tx.exec(ctx, "DELETE FROM oidc_party_requirements WHERE party_id = ?", partyID); err != nil {
			return err
		}
		if providerID != "" {
			if _, err := tx.exec(ctx, "INSERT INTO oidc_party_requirements (party_id, provider_id, created_at) VALUES (?, ?, ?)", partyID, providerID, ts(tx.now)); err != nil {
				return err
			}
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: "update", entity: "oidc_requirement", entityID: partyID,
			after: map[string]string{"party_id": partyID, "provider_id": providerID}})
	})
}

// ListOIDCRequirements lists the parties that require the provider.
func (db *DB) ListOIDCRequirements(ctx context.Context, providerID string) ([]accord.OIDCRequirement, error) {
	var out []accord.OIDCRequirement
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, func(s scanner) (accord.OIDCRequirement, error) {
			var q accord.OIDCRequirement
			return q, s.Scan(&q.PartyID, &q.PartyName, &q.Alliance, &q.ProviderID)
		}, `SELECT q.party_id, o.name, a.slug, q.provider_id FROM oidc_party_requirements q JOIN parties p ON p.id = q.party_id
			JOIN organizations o ON o.id = p.org_id JOIN alliances a ON a.id = p.alliance_id WHERE q.provider_id = ? ORDER BY a.slug, o.name`, providerID)
		return err
	})
	return out, err
}

// RequiredOIDCProvider returns the provider a party of the user's (an
// active membership) requires, or not found.
func (db *DB) RequiredOIDCProvider(ctx context.Context, userID string) (accord.OIDCProvider, error) {
	var p accord.OIDCProvider
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		p, err = scanOIDCProvider(tx.queryRow(ctx, `SELECT `+prefixCols("op.", oidcProviderCols)+` FROM oidc_providers op
			JOIN oidc_party_requirements q ON q.provider_id = op.id JOIN memberships m ON m.party_id = q.party_id
			WHERE m.user_id = ? AND m.active = ? ORDER BY op.name LIMIT 1`, userID, true))
		return notFound(err, "required identity provider")
	})
	return p, err
}

func prefixCols(prefix, cols string) string {
	parts := strings.Split(cols, ", ")
	for i := range parts {
		parts[i] = prefix + parts[i]
	}
	return strings.Join(parts, ", ")
}
