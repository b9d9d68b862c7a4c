package store

import (
	"context"

	"github.com/accord-alliance/accord/internal/accord"
)

// auditPortfolio audits a change to an initiative, its phases, sites,
// gates or ledger, and bumps the alliance's portfolio version in the same
// transaction: the portfolio, initiative and ledger pages, and what the
// overview and the packet read of them, are cached by that version, so a
// change is never hidden by a cached page. The scorecard's version is left
// alone: nothing the scorecard shows comes from the initiatives.
func (tx *Tx) auditPortfolio(ctx context.Context, actor accord.Actor, c change) error {
	if err := tx.bumpPortfolio(ctx, c.allianceID); err != nil {
		return err
	}
	return tx.audit(ctx, actor, c)
}

// bumpPortfolio marks the alliance's portfolio as changed, in the caller's
// transaction.
func (tx *Tx) bumpPortfolio(ctx context.Context, allianceID string) error {
	_, err := tx.exec(ctx, `INSERT INTO portfolio_versions (alliance_id, version) VALUES (?, 1)
		ON CONFLICT (alliance_id) DO UPDATE SET version = portfolio_versions.version + 1`, allianceID)
	return err
}
