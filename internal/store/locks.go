package store

import (
	"context"
	"slices"
	"strings"
)

// lockKPIs takes the row locks of the given KPIs until the transaction
// ends, on PostgreSQL (SQLite runs one write transaction at a time). Every
// writer of a KPI's observations or signals takes them before it reads
// what it compares with, so two transactions that would write the same
// revision or open the same signal run one after the other, and the
// second (reading committed data, PostgreSQL's default) finds the first's
// work done instead of failing on a duplicate key. The locks are taken in
// the order of the ids, the same order everywhere, so two writers never
// wait on each other in a circle.
func (tx *Tx) lockKPIs(ctx context.Context, ids []string) error {
	if tx.dialect != Postgres || len(ids) == 0 {
		return nil
	}
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rs, err := tx.query(ctx, "SELECT id FROM kpis WHERE id IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")+") ORDER BY id FOR UPDATE", args...)
	if err != nil {
		return err
	}
	rs.Close()
	return rs.Err()
}

// lockSignalScope serializes, on PostgreSQL, the syncs of the signals about
// one kind of subject of an alliance (the KPIs' signals are serialized by
// lockKPIs): a transaction-scoped advisory lock named by the scope.
func (tx *Tx) lockSignalScope(ctx context.Context, sc signalScope) error {
	if tx.dialect != Postgres || sc.kpiID != "" {
		return nil
	}
	_, err := tx.exec(ctx, "SELECT pg_advisory_xact_lock(hashtext(?))", "accord signals "+sc.allianceID+" "+sc.subjectType)
	return err
}
