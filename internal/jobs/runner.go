// Package jobs runs accord's background work: durable jobs claimed from the
// database under a lease, and schedules that enqueue one job per tick however
// many processes share the database. A Runner is owned by whoever calls Run,
// and stops, after its in-flight jobs, when Run's context ends.
package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Store is the durable queue the Runner works on; *store.DB implements it.
// Plain values keep this package free of the store's types.
type Store interface {
	// ClaimJob leases one due job of the kinds; an empty id means none.
	ClaimJob(ctx context.Context, workerID string, kinds []string, lease time.Duration) (id, kind string, payload []byte, err error)
	// CompleteJob marks a leased job done.
	CompleteJob(ctx context.Context, id, workerID string) error
	// FailJob records a failed attempt; the store retries with back-off.
	FailJob(ctx context.Context, id, workerID, cause string) error
	// EnsureSchedule creates or updates a named schedule.
	EnsureSchedule(ctx context.Context, name string, interval time.Duration) error
	// ClaimDueSchedules enqueues one job per due tick of the named
	// schedules (name to job kind), once across all workers.
	ClaimDueSchedules(ctx context.Context, workerID string, kinds map[string]string) (int, error)
}

// Handler does one job. A returned error (or a panic) fails the attempt and
// the job is retried later, so handlers must be safe to run more than once.
// ctx ends when the lease would, or shortly after shutdown begins.
type Handler func(ctx context.Context, payload []byte) error

// Config tunes a Runner; zero fields take the defaults.
type Config struct {
	// WorkerID names this runner in the jobs table (locked_by); it must
	// differ between processes. Default: host-pid-random.
	WorkerID string
	// PollInterval is how often the runner looks for due work (default 2s).
	PollInterval time.Duration
	// Lease is how long a claimed job is reserved for this runner before
	// another may take it over; a handler's context ends with it (default 5m).
	Lease time.Duration
	// Concurrency bounds the jobs run at once (default 2).
	Concurrency int
	// ShutdownGrace is how long in-flight handlers may go on after Run's
	// context ends before their own context is cancelled (default 30s).
	ShutdownGrace time.Duration
	// Clock stamps the runner's status and timings (default time.Now).
	// Due times and leases are decided by the store's clock.
	Clock func() time.Time
	// Logger receives job failures and store errors (default slog.Default()).
	Logger *slog.Logger
}

type schedule struct {
	interval time.Duration
	kind     string
}

// Runner polls a Store, runs the registered handlers with bounded
// concurrency and fires schedules. Register and Schedule before Run.
type Runner struct {
	store     Store
	cfg       Config
	mu        sync.Mutex
	started   bool
	handlers  map[string]Handler
	schedules map[string]schedule
	wake      chan struct{}
	stats     counters
}

type counters struct {
	polls, claimed, succeeded, failed, scheduled atomic.Int64
	lastPoll                                     atomic.Pointer[time.Time]
}

// Stats is a snapshot of what a Runner has done since it started.
type Stats struct {
	Polls     int64 // completed polls
	Claimed   int64 // jobs claimed
	Succeeded int64
	Failed    int64 // failed attempts, retried or not
	Scheduled int64 // schedule ticks this runner won and enqueued
	LastPoll  time.Time
}

// New returns a Runner on the store.
func New(s Store, cfg Config) *Runner {
	if cfg.WorkerID == "" {
		cfg.WorkerID = defaultWorkerID()
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 2 * time.Second
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 5 * time.Minute
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 2
	}
	if cfg.ShutdownGrace <= 0 {
		cfg.ShutdownGrace = 30 * time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Runner{
		store: s, cfg: cfg,
		handlers:  map[string]Handler{},
		schedules: map[string]schedule{},
		wake:      make(chan struct{}, 1),
	}
}

func defaultWorkerID() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}

// WorkerID returns the name this runner claims jobs under.
func (r *Runner) WorkerID() string { return r.cfg.WorkerID }

// Register sets the handler for a job kind. Like http.ServeMux.Handle it
// panics on programming errors: an empty kind, a nil or duplicate handler,
// or a call after Run has started.
func (r *Runner) Register(kind string, h Handler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case r.started:
		panic("jobs: Register after Run")
	case kind == "" || h == nil:
		panic("jobs: Register needs a kind and a handler")
	case r.handlers[kind] != nil:
		panic("jobs: duplicate handler for " + kind)
	}
	r.handlers[kind] = h
}

// Schedule enqueues a job of the kind, with payload {"schedule": name,
// "tick": time}, every interval (whole seconds, at least one). However many
// runners schedule the same name on one database, each tick enqueues one
// job. It panics on programming errors, as Register does.
func (r *Runner) Schedule(name string, interval time.Duration, kind string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case r.started:
		panic("jobs: Schedule after Run")
	case name == "" || kind == "":
		panic("jobs: Schedule needs a name and a kind")
	case interval < time.Second:
		panic("jobs: schedule " + name + " needs an interval of at least one second")
	case r.schedules[name] != (schedule{}):
		panic("jobs: duplicate schedule " + name)
	}
	r.schedules[name] = schedule{interval: interval, kind: kind}
}

// Stats returns what the runner has done so far.
func (r *Runner) Stats() Stats {
	s := Stats{
		Polls:     r.stats.polls.Load(),
		Claimed:   r.stats.claimed.Load(),
		Succeeded: r.stats.succeeded.Load(),
		Failed:    r.stats.failed.Load(),
		Scheduled: r.stats.scheduled.Load(),
	}
	if t := r.stats.lastPoll.Load(); t != nil {
		s.LastPoll = *t
	}
	return s
}

// Run registers the schedules, then polls until ctx ends; it then waits for
// in-flight jobs to finish and record their outcome, and returns nil. It
// returns an error only if the schedules cannot be set up.
func (r *Runner) Run(ctx context.Context) error {
	kinds, scheds, err := r.start()
	if err != nil {
		return err
	}
	schedKinds := make(map[string]string, len(scheds))
	for name, s := range scheds {
		if err := r.store.EnsureSchedule(ctx, name, s.interval); err != nil {
			return fmt.Errorf("start jobs: %w", err)
		}
		schedKinds[name] = s.kind
	}
	// Handlers outlive ctx by the grace period, so that shutdown lets
	// in-flight work finish instead of failing it.
	base, cancelBase := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelBase()
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(r.cfg.ShutdownGrace, cancelBase) })
	defer stop()

	p := &poller{r: r, kinds: kinds, schedKinds: schedKinds, base: base,
		slots: make(chan struct{}, r.cfg.Concurrency)}
	defer p.wg.Wait()
	ticker := time.NewTicker(r.cfg.PollInterval)
	defer ticker.Stop()
	for ctx.Err() == nil {
		p.poll(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-ticker.C:
		case <-r.wake:
		}
	}
	return nil
}

// start freezes the registrations and returns the kinds to claim and the
// schedules to fire.
func (r *Runner) start() ([]string, map[string]schedule, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.started {
		return nil, nil, errors.New("start jobs: runner already started")
	}
	r.started = true
	kinds := make([]string, 0, len(r.handlers))
	for k := range r.handlers {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	scheds := make(map[string]schedule, len(r.schedules))
	for name, s := range r.schedules {
		scheds[name] = s
		if r.handlers[s.kind] == nil {
			r.cfg.Logger.Warn("schedule's job kind has no handler in this process", "schedule", name, "kind", s.kind)
		}
	}
	return kinds, scheds, nil
}

// poller is one Run's working state.
type poller struct {
	r          *Runner
	kinds      []string
	schedKinds map[string]string
	base       context.Context // parent of handler contexts
	slots      chan struct{}   // one token per running job
	wg         sync.WaitGroup
}

// poll fires due schedules, then claims jobs while there are free slots.
func (p *poller) poll(ctx context.Context) {
	r := p.r
	defer func() {
		now := r.cfg.Clock()
		r.stats.lastPoll.Store(&now)
		r.stats.polls.Add(1)
	}()
	if len(p.schedKinds) > 0 {
		n, err := r.store.ClaimDueSchedules(ctx, r.cfg.WorkerID, p.schedKinds)
		r.stats.scheduled.Add(int64(n))
		r.logStoreErr(ctx, err)
	}
	for len(p.kinds) > 0 {
		select {
		case p.slots <- struct{}{}:
		default:
			return // all slots busy; a finishing job wakes the loop
		}
		id, kind, payload, err := r.store.ClaimJob(ctx, r.cfg.WorkerID, p.kinds, r.cfg.Lease)
		if err != nil || id == "" {
			<-p.slots
			r.logStoreErr(ctx, err)
			return
		}
		r.stats.claimed.Add(1)
		p.wg.Go(func() {
			defer func() {
				<-p.slots
				select {
				case r.wake <- struct{}{}:
				default:
				}
			}()
			r.runJob(p.base, id, kind, payload)
		})
	}
}

func (r *Runner) logStoreErr(ctx context.Context, err error) {
	if err != nil && ctx.Err() == nil {
		r.cfg.Logger.Error("jobs: poll", "worker", r.cfg.WorkerID, "err", err)
	}
}

// runJob runs one claimed job and records its outcome. base is not
// cancelled by shutdown, so the outcome is recorded even then.
func (r *Runner) runJob(base context.Context, id, kind string, payload []byte) {
	start := r.cfg.Clock()
	hctx, cancel := context.WithTimeout(base, r.cfg.Lease)
	err := call(hctx, r.handlers[kind], payload)
	cancel()
	sctx, cancel := context.WithTimeout(context.WithoutCancel(base), 30*time.Second)
	defer cancel()
	log := r.cfg.Logger.With("job", id, "kind", kind, "worker", r.cfg.WorkerID, "took", r.cfg.Clock().Sub(start))
	// Counters move only once the outcome is recorded, so that Stats never
	// runs ahead of the jobs table.
	if err != nil {
		var pe *panicError
		if errors.As(err, &pe) {
			log = log.With("stack", string(pe.stack))
		}
		log.Warn("job failed", "err", err)
		if ferr := r.store.FailJob(sctx, id, r.cfg.WorkerID, err.Error()); ferr != nil {
			log.Error("jobs: record failure", "err", ferr)
		}
		r.stats.failed.Add(1)
		return
	}
	if cerr := r.store.CompleteJob(sctx, id, r.cfg.WorkerID); cerr != nil {
		log.Error("jobs: record completion", "err", cerr)
	}
	r.stats.succeeded.Add(1)
}

// panicError is a handler's panic; the stack goes to the log, not the
// jobs table.
type panicError struct {
	value any
	stack []byte
}

func (e *panicError) Error() string { return fmt.Sprintf("panic: %v", e.value) }

// call runs h, turning a panic into an error so that one bad job cannot
// take the process down.
func call(ctx context.Context, h Handler, payload []byte) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &panicError{value: p, stack: debug.Stack()}
		}
	}()
	return h(ctx, payload)
}
