package main

import (
	"context"
	"fmt"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

// benchSignals times evaluating every rule on every KPI of the large
// alliance, as happens after an import that touches them all.
func benchSignals(ctx context.Context, database string, sh shape) error {
	db, err := store.Open(ctx, database, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	fmt.Printf("generating the large alliance on %s\n", db.Dialect())
	l, err := makeAlliance(ctx, db, sh, time.Now().UTC(), "")
	if err != nil {
		return err
	}
	actor := accord.SystemActor("bench")
	for i, label := range []string{"first evaluation (opens signals)", "second evaluation (conditions unchanged)"} {
		start := time.Now()
		res, err := db.EvaluateSignals(ctx, actor, l.alliance.ID, nil)
		if err != nil {
			return err
		}
		if i == 0 {
			fmt.Printf("\n| %s, %d KPIs × %d months × %d segments | time | result |\n|---|---|---|\n", db.Dialect(), sh.kpis, sh.months, sh.segments)
		}
		fmt.Printf("| %s | %.2f s | %+v |\n", label, time.Since(start).Seconds(), res)
	}
	return nil
}
