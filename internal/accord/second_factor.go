package accord

import (
	"context"
	"time"
)

// An alliance's second-factor rule: who among its members must have a
// second factor (TOTP or a passkey) to sign in with a password.
const (
	SecondFactorOptional  = ""
	SecondFactorApprovers = "approvers"
	SecondFactorEveryone  = "everyone"
)

// CheckSecondFactorRule refuses a rule that is none of the three.
func CheckSecondFactorRule(rule string) error {
	switch rule {
	case SecondFactorOptional, SecondFactorApprovers, SecondFactorEveryone:
		return nil
	}
	return FieldError("second_factor", "must be nobody, approvers or everyone")
}

// FactorRule is one alliance's rule as it applies to one of its members.
type FactorRule struct {
	Rule  string
	Roles Roles
}

// Passkey is a WebAuthn credential a person registered. Credential is the
// library's record of it (public key, sign count) as JSON.
type Passkey struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	Credential string     `json:"-"`
}

// SecondFactors is what a person has enrolled.
type SecondFactors struct {
	// TOTP is an authenticator app confirmed with a first code;
	// TOTPPending one started but not yet confirmed.
	TOTP        bool
	TOTPPending bool
	Passkeys    []Passkey
	// RecoveryLeft counts the unused recovery codes.
	RecoveryLeft int
}

// Any reports whether the person has a second factor to sign in with.
func (f SecondFactors) Any() bool { return f.TOTP || len(f.Passkeys) > 0 }

// PendingSignIn is a sign-in whose password was right and which waits for
// the second factor (or, when Enrol, for the person to enrol one): not a
// session, it opens nothing but the second step.
type PendingSignIn struct {
	User     User
	Enrol    bool
	Next     string
	Ceremony string
}

// SecondFactorService keeps second factors, recovery codes, pending
// sign-ins and alliances' second-factor rules.
type SecondFactorService interface {
	SecondFactors(ctx context.Context, userID string) (SecondFactors, error)
	// StartTOTP keeps a new, unconfirmed seed (replacing an unconfirmed one).
	StartTOTP(ctx context.Context, userID, seed string) error
	// TOTPSeed is the person's seed and whether it is confirmed.
	TOTPSeed(ctx context.Context, userID string) (seed string, confirmed bool, err error)
	// UseTOTPStep records the time step of an accepted code, and reports
	// false when that step or a later one was already used (a replay).
	UseTOTPStep(ctx context.Context, userID string, step int64) (bool, error)
	// ConfirmTOTP confirms the seed at its first code's step. When it is
	// the person's first factor, recovery (the codes' hashes) is kept and
	// first is true.
	ConfirmTOTP(ctx context.Context, actor Actor, userID string, step int64, recovery []string) (first bool, err error)
	RemoveTOTP(ctx context.Context, actor Actor, userID string) error
	// UseRecoveryCode spends an unused code; false when none matches.
	UseRecoveryCode(ctx context.Context, actor Actor, userID, hash string) (bool, error)
	ReplaceRecoveryCodes(ctx context.Context, actor Actor, userID string, hashes []string) error
	// AddPasskey keeps a registered passkey (recovery codes are made on
	// the account page).
	AddPasskey(ctx context.Context, actor Actor, userID string, p *Passkey, credentialID string) error
	// UsePasskey keeps a passkey's record after a sign-in (its sign count).
	UsePasskey(ctx context.Context, userID, id, credential string) error
	RemovePasskey(ctx context.Context, actor Actor, userID, id string) error
	// SetPasskeyCeremony and TakePasskeyCeremony keep a registration's
	// challenge between its two requests; taking it ends it.
	SetPasskeyCeremony(ctx context.Context, userID, ceremony string, ttl time.Duration) error
	TakePasskeyCeremony(ctx context.Context, userID string) (string, error)
	// ResetSecondFactors removes every factor and recovery code of a
	// person who lost them (an operator, after checking who they are).
	ResetSecondFactors(ctx context.Context, actor Actor, userID string) error

	CreatePendingSignIn(ctx context.Context, userID string, enrol bool, next string, ttl time.Duration) (string, error)
	PendingSignIn(ctx context.Context, token string) (PendingSignIn, error)
	SetPendingCeremony(ctx context.Context, token, ceremony string) error
	// FinishPendingSignIn ends the pending sign-in and starts a session.
	FinishPendingSignIn(ctx context.Context, token string, ttl time.Duration) (string, error)

	// SecondFactorRules are the rules of the alliances the person is an
	// active member of, with their roles in each.
	SecondFactorRules(ctx context.Context, userID string) ([]FactorRule, error)
	SecondFactorRule(ctx context.Context, allianceID string) (string, error)
	SetSecondFactorRule(ctx context.Context, actor Actor, allianceID, rule string) error
}
