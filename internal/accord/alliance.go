package accord

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Alliance is a partnership between organisations, with its charter.
type Alliance struct {
	ID        string    `json:"id"`
	Slug      string    `json:"slug"`
	Name      string    `json:"name"`
	Vision    string    `json:"vision"`
	Values    string    `json:"values"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// SharingByProtocol means a party sees another party's observations
	// only under an active data-sharing protocol; otherwise every party
	// sees every observation of the alliance.
	SharingByProtocol bool `json:"sharing_by_protocol"`
	// ScorecardVersion changes whenever anything the alliance's scorecard
	// shows changes; caches key on it. Loaded only with MemberAlliance.
	ScorecardVersion int64 `json:"-"`
	// PortfolioVersion changes whenever anything of the alliance's
	// initiatives changes: sites, initiatives, phases, milestones,
	// readiness, gates and the ledger. Loaded as ScorecardVersion is.
	PortfolioVersion int64 `json:"-"`
}

// Organization is a company or institution; it takes part in alliances as a party.
type Organization struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// Party is an organisation's place in one alliance: its role and, for the
// charter, what it brings and what it expects.
type Party struct {
	ID         string    `json:"id"`
	AllianceID string    `json:"alliance_id"`
	OrgID      string    `json:"organization_id"`
	OrgName    string    `json:"organization_name"`
	Role       PartyRole `json:"role"`
	Brings     string    `json:"brings"`
	Expects    string    `json:"expects"`
	CreatedAt  time.Time `json:"created_at"`
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Limits on free text, so that one form cannot fill the database.
const (
	maxName = 200
	maxText = 20000
)

func checkText(field, v string, required bool, max int) error {
	if required && strings.TrimSpace(v) == "" {
		return FieldError(field, "is required")
	}
	if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
		return FieldError(field, "is not valid text (invalid UTF-8 or a NUL character)")
	}
	if utf8.RuneCountInString(v) > max {
		return FieldError(field, "is too long (at most %d characters)", max)
	}
	return nil
}

// Validate checks an alliance before it is stored.
func (a *Alliance) Validate() error {
	a.Name = strings.TrimSpace(a.Name)
	a.Slug = strings.TrimSpace(strings.ToLower(a.Slug))
	if err := CheckDisplayText("name", a.Name, true, maxName); err != nil {
		return err
	}
	if !slugRE.MatchString(a.Slug) || len(a.Slug) > 60 {
		return FieldError("slug", "must be lowercase letters, digits and single hyphens (at most 60), e.g. north-valley")
	}
	if err := checkText("vision", a.Vision, false, maxText); err != nil {
		return err
	}
	return checkText("values", a.Values, false, maxText)
}

// Slugify turns a name into a candidate slug.
func Slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case b.Len() > 0 && !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "-")
	}
	return s
}

// Validate checks an organisation before it is stored.
func (o *Organization) Validate() error {
	o.Name = strings.TrimSpace(o.Name)
	return CheckDisplayText("name", o.Name, true, maxName)
}

// Validate checks a party before it is stored.
func (p *Party) Validate() error {
	if p.OrgID == "" {
		return FieldError("organization_id", "is required")
	}
	if !p.Role.Valid() {
		return FieldError("role", "%q is not a party role; use payer, provider, investor, health_system, vendor or other", string(p.Role))
	}
	if err := checkText("brings", p.Brings, false, maxText); err != nil {
		return err
	}
	return checkText("expects", p.Expects, false, maxText)
}

// CharterUpdate changes an alliance's name and charter; nil fields are kept.
type CharterUpdate struct {
	Name   *string `json:"name,omitempty"`
	Vision *string `json:"vision,omitempty"`
	Values *string `json:"values,omitempty"`
	// SharingByProtocol switches data sharing between open and by protocol.
	SharingByProtocol *bool `json:"sharing_by_protocol,omitempty"`
}

// Apply returns a copy of a with the update applied and validated.
func (u CharterUpdate) Apply(a Alliance) (Alliance, error) {
	if u.Name != nil {
		a.Name = *u.Name
	}
	if u.Vision != nil {
		a.Vision = *u.Vision
	}
	if u.Values != nil {
		a.Values = *u.Values
	}
	if u.SharingByProtocol != nil {
		a.SharingByProtocol = *u.SharingByProtocol
	}
	return a, a.Validate()
}

// PartyUpdate changes a party's role and charter statements; nil fields are kept.
type PartyUpdate struct {
	Role    *PartyRole `json:"role,omitempty"`
	Brings  *string    `json:"brings,omitempty"`
	Expects *string    `json:"expects,omitempty"`
}

// Apply returns a copy of p with the update applied and validated.
func (u PartyUpdate) Apply(p Party) (Party, error) {
	if u.Role != nil {
		p.Role = *u.Role
	}
	if u.Brings != nil {
		p.Brings = *u.Brings
	}
	if u.Expects != nil {
		p.Expects = *u.Expects
	}
	return p, p.Validate()
}
