package store_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// fakeClock is a clock the test moves by hand, shared by every DB it is
// given to.
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

// eachClocked runs fn once per dialect on a fresh database whose clock the
// test controls.
func eachClocked(t *testing.T, fn func(t *testing.T, db *store.DB, clk *fakeClock)) {
	t.Helper()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			clk := newFakeClock()
			fn(t, storetest.Open(t, d, clk.Now), clk)
		})
	}
}

// claim claims one job and fails the test on error.
func claim(t *testing.T, db *store.DB, worker string, kinds ...string) (id, kind string, payload []byte) {
	t.Helper()
	id, kind, payload, err := db.ClaimJob(context.Background(), worker, kinds, time.Minute)
	if err != nil {
		t.Fatalf("claim job: %v", err)
	}
	return id, kind, payload
}

func onlyJob(t *testing.T, db *store.DB, kind string) store.Job {
	t.Helper()
	jobs, err := db.ListJobs(context.Background(), store.JobFilter{Kind: kind})
	if err != nil {
		t.Fatalf("list jobs: %v", err)
	}
	if len(jobs) != 1 {
		t.Fatalf("got %d jobs of kind %s, want 1", len(jobs), kind)
	}
	return jobs[0]
}

func TestJobEnqueueClaimComplete(t *testing.T) {
	t.Parallel()
	eachClocked(t, func(t *testing.T, db *store.DB, clk *fakeClock) {
		ctx := context.Background()
		idA, err := db.Enqueue(ctx, "mail", json.RawMessage(`{"to":"ann@example.org"}`), time.Time{})
		if err != nil {
			t.Fatalf("enqueue: %v", err)
		}
		if _, err := db.Enqueue(ctx, "report", nil, clk.Now().Add(time.Hour)); err != nil {
			t.Fatalf("enqueue: %v", err)
		}
		if id, _, _ := claim(t, db, "w1", "report"); id != "" {
			t.Fatalf("claimed %s before its run_at, want nothing", id)
		}
		id, kind, payload := claim(t, db, "w1", "mail", "report")
		if id != idA || kind != "mail" || string(payload) != `{"to":"ann@example.org"}` {
			t.Fatalf("got %s %s %s, want %s mail with its payload", id, kind, payload, idA)
		}
		if got := onlyJob(t, db, "mail"); got.State != store.JobRunning || got.Attempts != 1 || got.LockedBy != "w1" {
			t.Fatalf("got state %s attempts %d locked by %q, want running 1 w1", got.State, got.Attempts, got.LockedBy)
		}
		if id, _, _ := claim(t, db, "w2"); id != "" {
			t.Fatalf("w2 claimed %s while w1 holds the only due job", id)
		}
		if err := db.CompleteJob(ctx, idA, "w2"); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Fatalf("complete by another worker: got %v, want a conflict", err)
		}
		if err := db.CompleteJob(ctx, idA, "w1"); err != nil {
			t.Fatalf("complete: %v", err)
		}
		if got := onlyJob(t, db, "mail"); got.State != store.JobDone || got.DoneAt == nil {
			t.Fatalf("got state %s, want done", got.State)
		}
		if err := db.CompleteJob(ctx, idA, "w1"); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Fatalf("complete twice: got %v, want a conflict", err)
		}
		clk.Advance(time.Hour)
		if _, kind, _ := claim(t, db, "w1"); kind != "report" {
			t.Fatalf("got kind %q, want the report once due", kind)
		}
	})
}

func TestJobEnqueueInvalid(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t, store.SQLite, nil)
	tests := []struct {
		name, kind, payload, field string
	}{
		{"no kind", " ", `{}`, "kind"},
		{"bad json", "mail", `{"to":`, "payload"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.Enqueue(context.Background(), tt.kind, json.RawMessage(tt.payload), time.Time{})
			if got := accord.ErrorField(err); got != tt.field {
				t.Fatalf("got field %q (%v), want %q", got, err, tt.field)
			}
		})
	}
}

func TestJobRetryThenFail(t *testing.T) {
	t.Parallel()
	eachClocked(t, func(t *testing.T, db *store.DB, clk *fakeClock) {
		ctx := context.Background()
		id, err := db.Enqueue(ctx, "flaky", nil, time.Time{})
		if err != nil {
			t.Fatalf("enqueue: %v", err)
		}
		long := strings.Repeat("é", 1500) // cut mid-rune at the length limit
		if got, _, _ := claim(t, db, "w1"); got != id {
			t.Fatalf("claimed %q, want %s", got, id)
		}
		if err := db.FailJob(ctx, id, "w1", "nul\x00"+long); err != nil {
			t.Fatalf("fail with a long error: %v", err)
		}
		if j := onlyJob(t, db, "flaky"); !strings.HasPrefix(j.LastError, "nulé") || len(j.LastError) > 2000 {
			t.Fatalf("got last error of %d bytes starting %.8q, want it cleaned and cut", len(j.LastError), j.LastError)
		}
		clk.Advance(store.RetryDelay(1))
		const maxAttempts = 5 // the schema's default
		for attempt := 2; attempt <= maxAttempts; attempt++ {
			if got, _, _ := claim(t, db, "w1"); got != id {
				t.Fatalf("attempt %d: claimed %q, want %s", attempt, got, id)
			}
			if err := db.FailJob(ctx, id, "w1", "boom"); err != nil {
				t.Fatalf("attempt %d: fail: %v", attempt, err)
			}
			j := onlyJob(t, db, "flaky")
			if j.Attempts != attempt || j.LastError != "boom" {
				t.Fatalf("got attempts %d error %q, want %d boom", j.Attempts, j.LastError, attempt)
			}
			if attempt == maxAttempts {
				if j.State != store.JobFailed || j.FailedAt == nil {
					t.Fatalf("got state %s after the last attempt, want failed", j.State)
				}
				break
			}
			if want := clk.Now().Add(store.RetryDelay(attempt)); !j.RunAt.Equal(want) || j.State != store.JobQueued {
				t.Fatalf("got run_at %v state %s, want %v queued", j.RunAt, j.State, want)
			}
			clk.Advance(store.RetryDelay(attempt) - time.Second)
			if got, _, _ := claim(t, db, "w1"); got != "" {
				t.Fatalf("attempt %d: claimed %s during its back-off", attempt, got)
			}
			clk.Advance(time.Second)
		}
		clk.Advance(24 * time.Hour)
		if got, _, _ := claim(t, db, "w1"); got != "" {
			t.Fatalf("claimed failed job %s", got)
		}
	})
}

func TestRetryDelay(t *testing.T) {
	t.Parallel()
	tests := []struct {
		attempt int
		want    time.Duration
	}{
		{1, 15 * time.Second},
		{2, 30 * time.Second},
		{3, time.Minute},
		{5, 4 * time.Minute},
		{9, time.Hour},
		{100, time.Hour},
	}
	for _, tt := range tests {
		if got := store.RetryDelay(tt.attempt); got != tt.want {
			t.Errorf("RetryDelay(%d): got %v, want %v", tt.attempt, got, tt.want)
		}
	}
}

func TestJobLeaseExpiry(t *testing.T) {
	t.Parallel()
	eachClocked(t, func(t *testing.T, db *store.DB, clk *fakeClock) {
		ctx := context.Background()
		id, err := db.Enqueue(ctx, "stuck", nil, time.Time{})
		if err != nil {
			t.Fatalf("enqueue: %v", err)
		}
		if got, _, _ := claim(t, db, "dead-worker"); got != id {
			t.Fatalf("got %q, want %s", got, id)
		}
		clk.Advance(time.Minute) // the lease ends at exactly this instant: still held
		if got, _, _ := claim(t, db, "w2"); got != "" {
			t.Fatalf("w2 took %s before the lease expired", got)
		}
		clk.Advance(time.Second)
		if got, _, _ := claim(t, db, "w2"); got != id {
			t.Fatalf("w2 got %q after the lease expired, want %s", got, id)
		}
		if err := db.FailJob(ctx, id, "dead-worker", "late"); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Fatalf("fail by the worker that lost the lease: got %v, want a conflict", err)
		}
		if err := db.CompleteJob(ctx, id, "w2"); err != nil {
			t.Fatalf("complete by the new holder: %v", err)
		}
		if j := onlyJob(t, db, "stuck"); j.Attempts != 2 || j.State != store.JobDone {
			t.Fatalf("got attempts %d state %s, want 2 done", j.Attempts, j.State)
		}
	})
}

func TestJobLeaseExpiryOnFinalAttempt(t *testing.T) {
	t.Parallel()
	eachClocked(t, func(t *testing.T, db *store.DB, clk *fakeClock) {
		ctx := context.Background()
		if _, err := db.Enqueue(ctx, "crash", nil, time.Time{}); err != nil {
			t.Fatalf("enqueue: %v", err)
		}
		for i := 0; i < 5; i++ { // every worker dies holding it
			if got, _, _ := claim(t, db, "w"); got == "" {
				t.Fatalf("attempt %d: nothing claimed", i+1)
			}
			clk.Advance(2 * time.Minute)
		}
		if got, _, _ := claim(t, db, "w"); got != "" {
			t.Fatalf("claimed %s a sixth time, want it failed", got)
		}
		if j := onlyJob(t, db, "crash"); j.State != store.JobFailed || j.Attempts != 5 {
			t.Fatalf("got state %s attempts %d, want failed 5", j.State, j.Attempts)
		}
	})
}

func TestListJobsByState(t *testing.T) {
	t.Parallel()
	eachClocked(t, func(t *testing.T, db *store.DB, clk *fakeClock) {
		ctx := context.Background()
		for _, k := range []string{"a", "b", "c"} {
			if _, err := db.Enqueue(ctx, k, nil, time.Time{}); err != nil {
				t.Fatalf("enqueue: %v", err)
			}
		}
		idA, _, _ := claim(t, db, "w", "a")
		if err := db.CompleteJob(ctx, idA, "w"); err != nil {
			t.Fatalf("complete: %v", err)
		}
		claim(t, db, "w", "b")
		tests := []struct{ state, want string }{
			{store.JobDone, "a"}, {store.JobRunning, "b"}, {store.JobQueued, "c"}, {store.JobFailed, ""},
		}
		for _, tt := range tests {
			jobs, err := db.ListJobs(ctx, store.JobFilter{State: tt.state})
			if err != nil {
				t.Fatalf("list %s: %v", tt.state, err)
			}
			got := ""
			for _, j := range jobs {
				got += j.Kind
			}
			if got != tt.want {
				t.Errorf("state %s: got kinds %q, want %q", tt.state, got, tt.want)
			}
		}
		if _, err := db.ListJobs(ctx, store.JobFilter{State: "lost"}); accord.ErrorField(err) != "state" {
			t.Fatalf("unknown state: got %v, want an invalid state", err)
		}
		clk.Advance(time.Hour)
		n, err := db.DeleteFinishedJobs(ctx, clk.Now())
		if err != nil || n != 1 {
			t.Fatalf("delete finished: got %d, %v, want 1", n, err)
		}
	})
}

func TestScheduleTicks(t *testing.T) {
	t.Parallel()
	eachClocked(t, func(t *testing.T, db *store.DB, clk *fakeClock) {
		ctx := context.Background()
		start := clk.Now()
		kinds := map[string]string{"digest": "digest.send"}
		if err := db.EnsureSchedule(ctx, "digest", time.Minute); err != nil {
			t.Fatalf("ensure schedule: %v", err)
		}
		if err := db.EnsureSchedule(ctx, "other", time.Minute); err != nil {
			t.Fatalf("ensure schedule: %v", err)
		}
		steps := []struct {
			advance time.Duration
			worker  string
			want    int
			next    time.Duration // after start
		}{
			{0, "w1", 1, time.Minute}, // first due when created
			{0, "w1", 0, time.Minute},
			{0, "w2", 0, time.Minute},
			{59 * time.Second, "w2", 0, time.Minute},
			{time.Second, "w2", 1, 2 * time.Minute},
			{4*time.Minute + 30*time.Second, "w1", 1, 6 * time.Minute}, // missed ticks coalesce, phase kept
		}
		for i, s := range steps {
			clk.Advance(s.advance)
			n, err := db.ClaimDueSchedules(ctx, s.worker, kinds)
			if err != nil || n != s.want {
				t.Fatalf("step %d: got %d, %v, want %d", i, n, err, s.want)
			}
			scheds, err := db.ListSchedules(ctx)
			if err != nil || len(scheds) != 2 || scheds[0].Name != "digest" {
				t.Fatalf("step %d: list schedules: got %v, %v", i, scheds, err)
			}
			if got, want := scheds[0].NextRunAt, start.Add(s.next); !got.Equal(want) {
				t.Fatalf("step %d: got next run %v, want %v", i, got, want)
			}
		}
		jobs, err := db.ListJobs(ctx, store.JobFilter{Kind: "digest.send"})
		if err != nil || len(jobs) != 3 {
			t.Fatalf("got %d digest jobs (%v), want 3", len(jobs), err)
		}
		var p struct{ Schedule, Tick string }
		if err := json.Unmarshal(jobs[0].Payload, &p); err != nil || p.Schedule != "digest" || p.Tick != "2026-03-02T09:02:00.000000Z" {
			t.Fatalf("got payload %s (%v), want the schedule and its 09:02 tick", jobs[0].Payload, err)
		}
		if all, _ := db.ListJobs(ctx, store.JobFilter{}); len(all) != 3 {
			t.Fatalf("got %d jobs, want none for the schedule this worker does not know", len(all))
		}
	})
}

func TestEnsureScheduleInterval(t *testing.T) {
	t.Parallel()
	eachClocked(t, func(t *testing.T, db *store.DB, clk *fakeClock) {
		ctx := context.Background()
		next := func() time.Time {
			t.Helper()
			s, err := db.ListSchedules(ctx)
			if err != nil || len(s) != 1 {
				t.Fatalf("list schedules: got %v, %v", s, err)
			}
			return s[0].NextRunAt
		}
		if err := db.EnsureSchedule(ctx, "s", time.Hour); err != nil {
			t.Fatalf("ensure: %v", err)
		}
		db.ClaimDueSchedules(ctx, "w", map[string]string{"s": "k"})
		tests := []struct {
			interval time.Duration
			want     time.Duration // next run after now
			field    string
		}{
			{time.Hour, time.Hour, ""},               // unchanged
			{2 * time.Hour, time.Hour, ""},           // longer: the pending tick stays
			{10 * time.Second, 10 * time.Second, ""}, // shorter: no waiting out the old interval
			{500 * time.Millisecond, 10 * time.Second, "interval"},
		}
		for _, tt := range tests {
			err := db.EnsureSchedule(ctx, "s", tt.interval)
			if got := accord.ErrorField(err); got != tt.field {
				t.Fatalf("interval %v: got error %v, want field %q", tt.interval, err, tt.field)
			}
			if got, want := next(), clk.Now().Add(tt.want); !got.Equal(want) {
				t.Fatalf("interval %v: got next run %v, want %v", tt.interval, got, want)
			}
		}
	})
}

// TestScheduleRace has two connection pools on one database race for every
// tick; each tick must enqueue exactly one job.
func TestScheduleRace(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			clk := newFakeClock()
			url := storetest.URL(t, d)
			var dbs [2]*store.DB
			for i := range dbs {
				db, err := store.Open(ctx, url, store.Options{Now: clk.Now})
				if err != nil {
					t.Fatalf("open: %v", err)
				}
				t.Cleanup(func() { db.Close() })
				if _, err := db.Migrate(ctx); err != nil {
					t.Fatalf("migrate: %v", err)
				}
				if err := db.EnsureSchedule(ctx, "tick", time.Minute); err != nil {
					t.Fatalf("ensure schedule: %v", err)
				}
				dbs[i] = db
			}
			const ticks = 10
			for tick := 1; tick <= ticks; tick++ {
				var wg sync.WaitGroup
				var won [2]int
				for i, db := range dbs {
					wg.Go(func() {
						n, err := db.ClaimDueSchedules(ctx, string(rune('a'+i)), map[string]string{"tick": "k"})
						if err != nil {
							t.Errorf("tick %d worker %d: %v", tick, i, err)
						}
						won[i] = n
					})
				}
				wg.Wait()
				if won[0]+won[1] != 1 {
					t.Fatalf("tick %d: got %d jobs enqueued, want 1", tick, won[0]+won[1])
				}
				clk.Advance(time.Minute)
			}
			jobs, err := dbs[1].ListJobs(ctx, store.JobFilter{Kind: "k"})
			if err != nil || len(jobs) != ticks {
				t.Fatalf("got %d jobs (%v), want %d", len(jobs), err, ticks)
			}
		})
	}
}
