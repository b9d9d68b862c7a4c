package views

import (
	"context"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// RaiseThroughIntake raises c anonymously, within the link's bound on
// concerns raised (see intakeLimiter) and the bound on password hashes
// that every raise shares. What cannot be a concern is refused before it
// is counted.
func (s *Loader) RaiseThroughIntake(ctx context.Context, c *accord.Concern) (string, error) {
	if err := c.Validate(); err != nil {
		return "", err
	}
	if wait := s.Intake.Take(c.AllianceID, s.Now()); wait > 0 {
		return "", accord.Errorf(accord.ETHROTTLED,
			"Many concerns were raised through this link in a short time, so it is paused. Wait %s and try again; nothing you wrote was saved.", edge.WaitFor(wait))
	}
	return s.RaiseConcern(ctx, accord.Actor{}, c, true)
}

// IntakeConcern is the body of POST /api/v1/intake/{token}/concerns: a
// concern raised anonymously, without an account.
type IntakeConcern struct {
	Category string `json:"category"`
	Severity string `json:"severity"`
	Body     string `json:"body"`
}
