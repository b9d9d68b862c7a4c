package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestQueryAll checks the row helper on the databases at hand: every row in
// order, nil for none, and the errors of the query, of a scan and of a scan
// function, each returned with no rows.
func TestQueryAll(t *testing.T) {
	dsns := map[Dialect]string{SQLite: filepath.Join(t.TempDir(), "rows.db")}
	if u := os.Getenv("ACCORD_TEST_POSTGRES"); u != "" {
		dsns[Postgres] = u
	}
	for d, dsn := range dsns {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			db, err := Open(ctx, dsn, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			const three = "SELECT 3 AS n UNION ALL SELECT 1 UNION ALL SELECT 2 ORDER BY n"
			type pair struct{ n, double int64 }
			scanPair := func(s scanner) (pair, error) {
				var p pair
				err := s.Scan(&p.n)
				p.double = 2 * p.n
				return p, err
			}
			boom := errors.New("boom")
			err = db.view(ctx, func(tx *Tx) error {
				got, err := queryAll(ctx, tx, scanPair, three)
				if err != nil {
					return err
				}
				if want := []pair{{1, 2}, {2, 4}, {3, 6}}; !slices.Equal(got, want) {
					t.Errorf("got %v, want %v", got, want)
				}
				ns, err := queryAll(ctx, tx, scanValue[int64], "SELECT n FROM ("+three+") x WHERE n > ?", 1)
				if err != nil || !slices.Equal(ns, []int64{2, 3}) {
					t.Errorf("with an argument: got %v, %v, want [2 3]", ns, err)
				}
				none, err := queryAll(ctx, tx, scanValue[int64], "SELECT n FROM ("+three+") x WHERE n > ?", 5)
				if err != nil || none != nil {
					t.Errorf("no rows: got %#v, %v, want nil, nil", none, err)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			// A failed statement ends a PostgreSQL transaction, so it has its own.
			db.view(ctx, func(tx *Tx) error {
				if got, err := queryAll(ctx, tx, scanValue[int64], "SELECT nothing FROM nowhere"); err == nil || got != nil {
					t.Errorf("bad query: got %v, %v, want an error", got, err)
				}
				return nil
			})
			err = db.view(ctx, func(tx *Tx) error {
				if got, err := queryAll(ctx, tx, scanValue[int64], "SELECT 'not a number'"); err == nil || got != nil {
					t.Errorf("bad scan: got %v, %v, want an error", got, err)
				}
				calls := 0
				failSecond := func(s scanner) (int64, error) {
					calls++
					n, err := scanValue[int64](s)
					if calls == 2 {
						return 0, boom
					}
					return n, err
				}
				if got, err := queryAll(ctx, tx, failSecond, three); !errors.Is(err, boom) || got != nil || calls != 2 {
					t.Errorf("failing scan: got %v, %v after %d calls, want boom after 2", got, err, calls)
				}
				// The rows were closed: the transaction still answers.
				if _, err := queryAll(ctx, tx, scanValue[int64], "SELECT 1"); err != nil {
					t.Errorf("after the failures: %v", err)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
