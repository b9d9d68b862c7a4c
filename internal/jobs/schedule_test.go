package jobs_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/jobs"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// openShared opens n databases, each with its own connection pool, on one
// fresh database of the dialect, as n accord processes would.
func openShared(t *testing.T, d store.Dialect, n int, now func() time.Time) []*store.DB {
	t.Helper()
	ctx := context.Background()
	url := storetest.URL(t, d)
	dbs := make([]*store.DB, n)
	for i := range dbs {
		db, err := store.Open(ctx, url, store.Options{Now: now})
		if err != nil {
			t.Fatalf("open %s: %v", d, err)
		}
		t.Cleanup(func() { db.Close() })
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatalf("migrate %s: %v", d, err)
		}
		dbs[i] = db
	}
	return dbs
}

// TestScheduledJobRunsOncePerTickAcrossProcesses is the multi-process
// guarantee: two runners, each with its own connection pool to the same
// database, share one schedule; every tick runs the handler once, not
// once per runner.
func TestScheduledJobRunsOncePerTickAcrossProcesses(t *testing.T) {
	const (
		interval = time.Minute
		ticks    = 6
	)
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			clk := newFakeClock()
			dbs := openShared(t, d, 2, clk.Now)
			var mu sync.Mutex
			runs := map[string]int{} // tick -> handler runs
			total := 0
			handler := func(ctx context.Context, p []byte) error {
				var v struct{ Schedule, Tick string }
				if err := json.Unmarshal(p, &v); err != nil {
					return err
				}
				mu.Lock()
				defer mu.Unlock()
				runs[v.Tick]++
				total++
				return nil
			}
			runTotal := func() int { mu.Lock(); defer mu.Unlock(); return total }
			runners := make([]*jobs.Runner, len(dbs))
			for i, db := range dbs {
				r := newRunner(db, clk, string(rune('a'+i)))
				r.Register("digest.send", handler)
				r.Schedule("digest", interval, "digest.send")
				runners[i] = r
				start(t, r)
			}
			// settled waits until every runner has completed two more polls,
			// so that any poll that started before now has finished.
			settled := func() {
				t.Helper()
				for _, r := range runners {
					want := r.Stats().Polls + 2
					waitFor(t, "runner "+r.WorkerID()+" to poll", func() bool { return r.Stats().Polls >= want })
				}
			}
			for tick := 1; tick <= ticks; tick++ {
				// The schedule is first due when created, then every interval.
				waitFor(t, "the tick's job to finish", func() bool {
					return runTotal() >= tick && !hasUnfinished(t, dbs[0], "digest.send")
				})
				settled()
				if got := runTotal(); got != tick {
					t.Fatalf("after tick %d: got %d handler runs, want %d", tick, got, tick)
				}
				if got := countJobs(t, dbs[1], "digest.send"); got != tick {
					t.Fatalf("after tick %d: got %d jobs enqueued, want %d", tick, got, tick)
				}
				if tick < ticks {
					clk.Advance(interval)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			if total != ticks || len(runs) != ticks {
				t.Fatalf("got %d runs over %d distinct ticks, want %d of each", total, len(runs), ticks)
			}
			for tick, n := range runs {
				if n != 1 {
					t.Errorf("tick %s: got %d runs, want 1", tick, n)
				}
			}
			var won int64
			for _, r := range runners {
				won += r.Stats().Scheduled
				t.Logf("runner %s won %d ticks and ran %d jobs", r.WorkerID(), r.Stats().Scheduled, r.Stats().Succeeded)
			}
			if won != ticks {
				t.Fatalf("got %d ticks won in all, want %d", won, ticks)
			}
		})
	}
}

func countJobs(t *testing.T, db *store.DB, kind string) int {
	t.Helper()
	list, err := db.ListJobs(context.Background(), store.JobFilter{Kind: kind})
	if err != nil {
		t.Fatalf("list jobs: %v", err)
	}
	return len(list)
}

func hasUnfinished(t *testing.T, db *store.DB, kind string) bool {
	t.Helper()
	for _, state := range []string{store.JobQueued, store.JobRunning} {
		list, err := db.ListJobs(context.Background(), store.JobFilter{Kind: kind, State: state})
		if err != nil {
			t.Fatalf("list jobs: %v", err)
		}
		if len(list) > 0 {
			return true
		}
	}
	return false
}
