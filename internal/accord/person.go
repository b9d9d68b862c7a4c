package accord

import (
	"net/mail"
	"strings"
	"time"
)

// User is a person with an account on the installation.
type User struct {
	ID         string     `json:"id"`
	Email      string     `json:"email"`
	Name       string     `json:"name"`
	OrgID      string     `json:"organization_id,omitempty"`
	SuperAdmin bool       `json:"installation_admin"`
	DisabledAt *time.Time `json:"disabled_at,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
}

// Active reports whether the user may sign in.
func (u *User) Active() bool { return u.DisabledAt == nil }

// NormalizeEmail lowercases and trims an address and checks its form.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", FieldError("email", "is required")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > 254 {
		return "", FieldError("email", "%q is not an e-mail address", s)
	}
	return s, nil
}

// Validate checks a user before it is stored.
func (u *User) Validate() error {
	e, err := NormalizeEmail(u.Email)
	if err != nil {
		return err
	}
	u.Email = e
	u.Name = strings.TrimSpace(u.Name)
	return CheckDisplayText("name", u.Name, true, maxName)
}

// Membership is a person's place in an alliance: the party they act for and
// their roles. Deactivation keeps the row, so history still names them.
type Membership struct {
	ID            string     `json:"id"`
	AllianceID    string     `json:"alliance_id"`
	UserID        string     `json:"user_id"`
	UserName      string     `json:"name"`
	UserEmail     string     `json:"email"`
	PartyID       string     `json:"party_id"`
	PartyName     string     `json:"party_name"`
	Roles         Roles      `json:"roles"`
	Active        bool       `json:"active"`
	CreatedAt     time.Time  `json:"created_at"`
	DeactivatedAt *time.Time `json:"deactivated_at,omitempty"`
	// Unread counts the person's unread notifications in the alliance (at
	// most 100), read with the session for the navigation's badge.
	Unread int `json:"-"`
}

// MinPasswordLength is the shortest password accepted, after NIST SP 800-63B.
const MinPasswordLength = 12

// CheckPassword applies the password rules: long enough, not absurdly
// long, and not easily guessed: not a well-known password (a list shipped
// with accord), a run or a repetition, nor built on the word accord or on
// a part of personal, the person's name and e-mail address (see guessable).
func CheckPassword(p string, personal ...string) error {
	if len([]rune(p)) < MinPasswordLength {
		return FieldError("password", "must be at least %d characters", MinPasswordLength)
	}
	if len(p) > 1024 {
		return FieldError("password", "is too long (at most 1024 bytes)")
	}
	if guessable(p, personal) {
		return FieldError("password", "is too easy to guess (a well-known password, or one built on your name, your e-mail address or the word accord); a few unrelated words make a good one")
	}
	return nil
}

// Invitation asks a person, by e-mail address, to join an alliance for a
// party with some roles. Its token is shown once, as a link, and stored hashed.
type Invitation struct {
	ID         string     `json:"id"`
	AllianceID string     `json:"alliance_id"`
	Email      string     `json:"email"`
	PartyID    string     `json:"party_id"`
	PartyName  string     `json:"party_name"`
	Roles      Roles      `json:"roles"`
	InvitedBy  string     `json:"invited_by"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	AcceptedAt *time.Time `json:"accepted_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
	// Token is set only when the invitation is created, never when read back.
	Token string `json:"token,omitempty"`
}

// Status describes where the invitation stands at time now.
func (i *Invitation) Status(now time.Time) string {
	switch {
	case i.AcceptedAt != nil:
		return "accepted"
	case i.RevokedAt != nil:
		return "revoked"
	case now.After(i.ExpiresAt):
		return "expired"
	}
	return "pending"
}

// InvitationTTL is how long an invitation link stays valid.
const InvitationTTL = 14 * 24 * time.Hour

// Token scopes for personal API tokens.
const (
	ScopeRead  = "read"
	ScopeWrite = "write"
)

// APIToken is a personal token for scripts; the secret is shown once and stored hashed.
type APIToken struct {
	ID         string     `json:"id"`
	UserID     string     `json:"user_id"`
	Name       string     `json:"name"`
	Scope      string     `json:"scope"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
	// Secret is set only when the token is created.
	Secret string `json:"token,omitempty"`
}

// Validate checks a token request.
func (t *APIToken) Validate() error {
	t.Name = strings.TrimSpace(t.Name)
	if err := CheckDisplayText("name", t.Name, true, 100); err != nil {
		return err
	}
	if t.Scope != ScopeRead && t.Scope != ScopeWrite {
		return FieldError("scope", "must be read or write")
	}
	return nil
}

// MemberUpdate changes a membership; zero fields are kept.
type MemberUpdate struct {
	Roles   Roles  `json:"roles,omitempty"`
	PartyID string `json:"party_id,omitempty"`
	Active  *bool  `json:"active,omitempty"`
}
