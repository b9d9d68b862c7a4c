package store

import (
	"context"

	"github.com/accord-alliance/accord/internal/accord"
)

// auditPortfolio audits a change to an initiative, its phases, sites,
// gates or ledger, and bumps the alliance's data version in the same
// transaction: the portfolio and ledger pages are cached by that version
// (with the scorecard, whose data the initiatives' milestones and benefits
// read), so a change is never hidden by a cached page.
func (tx *Tx) auditPortfolio(ctx context.Context, actor accord.Actor, c change) error {
	if err := tx.bumpScorecard(ctx, c.allianceID); err != nil {
		return err
	}
	return tx.audit(ctx, actor, c)
}
