package accord

import (
	"context"
	"time"
)

// PersonData is everything accord holds about one person, as an
// installation admin exports it (docs/security.md, "A person's data"):
// their account and, by kind, the rows that name them, each as its column
// names and values. Secrets (password and token hashes, second-factor
// seeds, passkey keys) are never in it, nor anything written anonymously.
type PersonData struct {
	ExportedAt time.Time                   `json:"exported_at"`
	Account    User                        `json:"account"`
	Erased     bool                        `json:"erased"`
	Records    map[string][]map[string]any `json:"records"`
	NotHere    []string                    `json:"not_included"`
}

// PersonDataNotHere says what the export leaves out on purpose, and why.
var PersonDataNotHere = []string{
	"Anonymous concerns and their follow-ups: nothing links them to a person, by design, so they cannot be found or exported.",
	"What a person answered in a partnership survey: answers are anonymous; only whether they answered a round is kept and exported.",
	"Secrets: password hashes, the hashes of session, API-token, calendar-feed and reset links, TOTP seeds, recovery-code hashes and passkey keys.",
	"The texts of concerns raised by name and of their replies: they are listed by id, and read on the concern's page.",
}

// PersonDataService exports a person's data and erases a departed
// person's identity. Both are for installation admins.
type PersonDataService interface {
	// ListUsers lists every account, for installation admins.
	ListUsers(ctx context.Context) ([]User, error)
	PersonData(ctx context.Context, userID string) (PersonData, error)
	// ErasePerson replaces the person's name and e-mail by a pseudonym
	// everywhere but the hash-chained audit trail, removes their
	// credentials, sessions, tokens and second factors, ends their
	// memberships and disables the account. It cannot be undone.
	ErasePerson(ctx context.Context, actor Actor, userID string) (User, error)
}
