package accord

import (
	"context"
	"time"
)

// ConcernIntake is an alliance's intake link: a secret address at which
// people without an account raise a concern to the alliance, anonymously.
// Only the link's hash is stored; the link itself exists in clear only in
// the answer that made it.
type ConcernIntake struct {
	AllianceID    string    `json:"-"`
	CreatedAt     time.Time `json:"created_at"`
	CreatedByID   string    `json:"-"`
	CreatedByName string    `json:"created_by"`
}

// ConcernIntakeService keeps the alliances' intake links. Enabling one
// replaces the link in use, if any: the old link stops working.
type ConcernIntakeService interface {
	// ConcernIntake is the alliance's link in use; not found when none is.
	ConcernIntake(ctx context.Context, allianceID string) (ConcernIntake, error)
	// EnableConcernIntake makes a new link for the alliance, replacing the
	// one in use, and returns its token: the only time it exists in clear.
	EnableConcernIntake(ctx context.Context, actor Actor, allianceID string) (token string, in ConcernIntake, err error)
	// DisableConcernIntake turns the alliance's link off; not found when
	// none is in use.
	DisableConcernIntake(ctx context.Context, actor Actor, allianceID string) error
	// AllianceByIntake finds the alliance whose link in use has the token;
	// not found for a link replaced, turned off or never made.
	AllianceByIntake(ctx context.Context, token string) (Alliance, error)
}
