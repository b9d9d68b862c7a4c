package jobs_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/jobs"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

var _ jobs.Store = (*store.DB)(nil)

// waitTimeout is generous: the conditions waited for take milliseconds, but
// this machine is small and shared.
const waitTimeout = 60 * time.Second

// fakeClock is a clock the test moves by hand; due times, back-off and
// schedule ticks follow it, while polling runs in real time.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// waitFor polls cond until it holds, failing the test after waitTimeout.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newRunner(db *store.DB, clk *fakeClock, worker string) *jobs.Runner {
	return jobs.New(db, jobs.Config{
		WorkerID: worker, PollInterval: 5 * time.Millisecond, Concurrency: 2,
		Clock: clk.Now, Logger: quietLogger(),
	})
}

// start runs r until the test ends and returns a function that stops it
// and reports Run's result.
func start(t *testing.T, r *jobs.Runner) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(waitTimeout):
				t.Fatalf("runner %s did not stop", r.WorkerID())
			}
		})
		return err
	}
	t.Cleanup(func() { stop() })
	return stop
}

func jobStates(t *testing.T, db *store.DB, kind string) string {
	t.Helper()
	list, err := db.ListJobs(context.Background(), store.JobFilter{Kind: kind})
	if err != nil {
		t.Fatalf("list jobs: %v", err)
	}
	var states []string
	for _, j := range list {
		states = append(states, j.State)
	}
	return strings.Join(states, ",")
}

func TestRunnerRunsAndRetriesJobs(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			clk := newFakeClock()
			db := storetest.Open(t, d, clk.Now)
			var mu sync.Mutex
			var got []string
			flakyCalls := 0
			r := newRunner(db, clk, "w1")
			r.Register("greet", func(ctx context.Context, p []byte) error {
				var v struct{ Name string }
				if err := json.Unmarshal(p, &v); err != nil {
					return err
				}
				mu.Lock()
				defer mu.Unlock()
				got = append(got, v.Name)
				return nil
			})
			r.Register("flaky", func(ctx context.Context, p []byte) error {
				mu.Lock()
				defer mu.Unlock()
				if flakyCalls++; flakyCalls == 1 {
					return errors.New("upstream down")
				}
				return nil
			})
			r.Register("bad", func(ctx context.Context, p []byte) error { panic("nil map") })
			for _, j := range []struct{ kind, payload string }{
				{"greet", `{"name":"ann"}`}, {"flaky", `{}`}, {"bad", `{}`}, {"unknown", `{}`},
			} {
				if _, err := db.Enqueue(ctx, j.kind, json.RawMessage(j.payload), time.Time{}); err != nil {
					t.Fatalf("enqueue: %v", err)
				}
			}
			start(t, r)
			waitFor(t, "first attempts", func() bool { s := r.Stats(); return s.Succeeded == 1 && s.Failed == 2 })
			if st := jobStates(t, db, "flaky"); st != store.JobQueued {
				t.Fatalf("flaky job: got state %s after one failure, want queued for retry", st)
			}
			list, _ := db.ListJobs(ctx, store.JobFilter{Kind: "bad"})
			if len(list) != 1 || list[0].LastError != "panic: nil map" {
				t.Fatalf("bad job: got %+v, want the panic recorded", list)
			}
			clk.Advance(store.RetryDelay(1))
			waitFor(t, "the retry", func() bool { return jobStates(t, db, "flaky") == store.JobDone })
			mu.Lock()
			defer mu.Unlock()
			if len(got) != 1 || got[0] != "ann" || flakyCalls != 2 {
				t.Fatalf("got greetings %v and %d flaky calls, want [ann] and 2", got, flakyCalls)
			}
			if st := jobStates(t, db, "unknown"); st != store.JobQueued {
				t.Fatalf("job without a handler: got state %s, want left queued", st)
			}
		})
	}
}

// TestRunnerGracefulShutdown: cancelling Run's context lets the running
// job finish and record its outcome before Run returns.
func TestRunnerGracefulShutdown(t *testing.T) {
	clk := newFakeClock()
	db := storetest.Open(t, store.SQLite, clk.Now)
	started, release := make(chan struct{}), make(chan struct{})
	r := newRunner(db, clk, "w1")
	r.Register("slow", func(ctx context.Context, p []byte) error {
		close(started)
		select {
		case <-release:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	if _, err := db.Enqueue(context.Background(), "slow", nil, time.Time{}); err != nil {
		t.Fatalf("enqueue: %v", err)
	}
	stop := start(t, r)
	<-started
	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	select {
	case err := <-stopped:
		t.Fatalf("Run returned (%v) while a job was in flight", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	if err := <-stopped; err != nil {
		t.Fatalf("Run: got %v, want nil after a graceful stop", err)
	}
	if st := jobStates(t, db, "slow"); st != store.JobDone {
		t.Fatalf("got state %s, want the in-flight job done", st)
	}
}

func TestRunnerRejectsMisuse(t *testing.T) {
	noop := func(context.Context, []byte) error { return nil }
	tests := []struct {
		name string
		do   func(r *jobs.Runner)
	}{
		{"empty kind", func(r *jobs.Runner) { r.Register("", noop) }},
		{"nil handler", func(r *jobs.Runner) { r.Register("k", nil) }},
		{"duplicate handler", func(r *jobs.Runner) { r.Register("k", noop); r.Register("k", noop) }},
		{"short interval", func(r *jobs.Runner) { r.Schedule("s", time.Millisecond, "k") }},
		{"duplicate schedule", func(r *jobs.Runner) { r.Schedule("s", time.Minute, "k"); r.Schedule("s", time.Hour, "k") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Fatalf("got no panic, want one")
				}
			}()
			tt.do(jobs.New(nil, jobs.Config{}))
		})
	}
}
