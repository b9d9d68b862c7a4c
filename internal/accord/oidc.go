package accord

import (
	"context"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// OIDCProvider is an organisation's OpenID Connect identity provider that
// people may sign in through (docs/security.md). The client secret is not
// held here: SecretRef says where the server reads it ("env:NAME" or
// "file:/path"), so a database dump never holds it.
type OIDCProvider struct {
	ID string `json:"id"`
	// Name is the provider's short name, in its sign-in address.
	Name string `json:"name"`
	// Label is what the sign-in button says: "Sign in with <Label>".
	Label      string `json:"label"`
	Issuer     string `json:"issuer"`
	ClientID   string `json:"client_id"`
	SecretRef  string `json:"secret_ref"`
	EmailClaim string `json:"email_claim"`
	NameClaim  string `json:"name_claim"`
	// Domains are the e-mail domains the provider vouches for.
	Domains   []string  `json:"domains"`
	CreatedAt time.Time `json:"created_at"`
}

// OIDCJoinRule lets anyone a provider vouches for at Domain join a party of
// an alliance with Roles, without an invitation.
type OIDCJoinRule struct {
	ID         string    `json:"id"`
	ProviderID string    `json:"provider_id"`
	Domain     string    `json:"domain"`
	AllianceID string    `json:"alliance_id"`
	Alliance   string    `json:"alliance"`
	PartyID    string    `json:"party_id"`
	PartyName  string    `json:"party"`
	Roles      Roles     `json:"roles"`
	CreatedAt  time.Time `json:"created_at"`
}

// OIDCRequirement is a party whose people sign in through a provider only.
type OIDCRequirement struct {
	PartyID    string `json:"party_id"`
	PartyName  string `json:"party"`
	Alliance   string `json:"alliance"`
	ProviderID string `json:"provider_id"`
}

// OIDCLogin is a sign-in on its way through a provider: the state it is
// found by (kept hashed), the nonce the ID token must carry, the PKCE
// verifier, and where the person goes afterwards.
type OIDCLogin struct {
	State      string
	ProviderID string
	Nonce      string
	Verifier   string
	Next       string
	ExpiresAt  time.Time
}

// OIDCLoginTTL is how long a person has at the provider to sign in.
const OIDCLoginTTL = 10 * time.Minute

// OIDCIdentity is what a verified ID token says about a person.
type OIDCIdentity struct {
	Subject       string
	Email         string
	EmailVerified bool
	Name          string
}

// OIDCService keeps the identity providers and signs people in through them.
type OIDCService interface {
	CreateOIDCProvider(ctx context.Context, actor Actor, p *OIDCProvider) error
	ListOIDCProviders(ctx context.Context) ([]OIDCProvider, error)
	OIDCProviderByName(ctx context.Context, name string) (OIDCProvider, error)
	// DeleteOIDCProvider removes a provider with its rules, requirements
	// and the identities linked through it.
	DeleteOIDCProvider(ctx context.Context, actor Actor, name string) error
	AddOIDCJoinRule(ctx context.Context, actor Actor, r *OIDCJoinRule) error
	ListOIDCJoinRules(ctx context.Context, providerID string) ([]OIDCJoinRule, error)
	DeleteOIDCJoinRule(ctx context.Context, actor Actor, id string) error
	// RequireOIDC makes the party's people sign in through the provider;
	// an empty providerID lets them use passwords again.
	RequireOIDC(ctx context.Context, actor Actor, partyID, providerID string) error
	ListOIDCRequirements(ctx context.Context, providerID string) ([]OIDCRequirement, error)
	// RequiredOIDCProvider is the provider the user must sign in through
	// (a party of theirs requires it), or not found.
	RequiredOIDCProvider(ctx context.Context, userID string) (OIDCProvider, error)
	BeginOIDCLogin(ctx context.Context, l OIDCLogin) error
	// TakeOIDCLogin returns the login with the state and forgets it, so a
	// state is used once; an unknown, used or expired state is not found.
	TakeOIDCLogin(ctx context.Context, state string) (OIDCLogin, error)
	// OIDCSignIn finds or makes the account for a verified identity: the
	// account already linked to it, the account with its e-mail address,
	// or a new one for its pending invitations or a domain rule.
	OIDCSignIn(ctx context.Context, providerID string, id OIDCIdentity) (User, error)
}

var providerName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

// Validate checks and normalises a provider before it is stored.
func (p *OIDCProvider) Validate() error {
	p.Name = strings.ToLower(strings.TrimSpace(p.Name))
	if !providerName.MatchString(p.Name) {
		return FieldError("name", "use lower-case letters, digits and dashes (up to 40)")
	}
	p.Label = strings.TrimSpace(p.Label)
	if p.Label == "" || len(p.Label) > 60 {
		return FieldError("label", "is required (up to 60 characters)")
	}
	u, err := url.Parse(strings.TrimSpace(p.Issuer))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return FieldError("issuer", "must be the provider's https address, as its discovery document names it")
	}
	p.Issuer = strings.TrimSpace(p.Issuer)
	if p.ClientID = strings.TrimSpace(p.ClientID); p.ClientID == "" {
		return FieldError("client_id", "is required")
	}
	p.SecretRef = strings.TrimSpace(p.SecretRef)
	if !strings.HasPrefix(p.SecretRef, "env:") && !strings.HasPrefix(p.SecretRef, "file:") || len(p.SecretRef) < 6 {
		return FieldError("secret_ref", "must be env:NAME or file:/path, where the server reads the client secret")
	}
	p.EmailClaim, p.NameClaim = defaultTo(p.EmailClaim, "email"), defaultTo(p.NameClaim, "name")
	return p.normaliseDomains()
}

func defaultTo(s, def string) string {
	if s = strings.TrimSpace(s); s == "" {
		return def
	}
	return s
}

func (p *OIDCProvider) normaliseDomains() error {
	var out []string
	for _, d := range p.Domains {
		d, err := NormalizeDomain(d)
		if err != nil {
			return err
		}
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	if len(out) == 0 {
		return FieldError("domains", "name at least one e-mail domain the provider vouches for")
	}
	p.Domains = out
	return nil
}

// NormalizeDomain lowercases an e-mail domain (a leading @ is dropped) and
// checks its form.
func NormalizeDomain(d string) (string, error) {
	d = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(d)), "@")
	if _, err := NormalizeEmail("x@" + d); err != nil || !strings.Contains(d, ".") {
		return "", FieldError("domains", "%q is not an e-mail domain", d)
	}
	return d, nil
}

// EmailDomain is the domain of a normalised e-mail address.
func EmailDomain(email string) string {
	return email[strings.LastIndexByte(email, '@')+1:]
}

// Vouches reports whether the provider vouches for the address: its domain
// is one of the provider's.
func (p *OIDCProvider) Vouches(email string) bool {
	return slices.Contains(p.Domains, EmailDomain(email))
}

// CheckIdentity refuses an identity the provider does not vouch for: an
// address not verified by the provider, or outside its domains.
func (p *OIDCProvider) CheckIdentity(id *OIDCIdentity) error {
	email, err := NormalizeEmail(id.Email)
	if err != nil || id.Subject == "" {
		return Errorf(EUNAUTHORIZED, "%s did not tell accord your e-mail address; ask your administrator", p.Label)
	}
	id.Email = email
	if !id.EmailVerified {
		return Errorf(EUNAUTHORIZED, "%s has not verified your e-mail address %s, so accord cannot sign you in with it", p.Label, email)
	}
	if !p.Vouches(email) {
		return Errorf(EUNAUTHORIZED, "%s does not vouch for addresses at %s; sign in the way your invitation says", p.Label, EmailDomain(email))
	}
	return nil
}
