package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/egress"
	"github.com/accord-alliance/accord/internal/fhirsource"
	"github.com/accord-alliance/accord/internal/jobs"
	"github.com/accord-alliance/accord/internal/notify"
	"github.com/accord-alliance/accord/internal/packet"
	"github.com/accord-alliance/accord/internal/store"
)

// Job kinds accord runs in the background.
const (
	jobCleanup = "cleanup"
	// jobSignals evaluates every alliance's signals, so late data and
	// clearing conditions are noticed without an import.
	jobSignals = "signals.evaluate"
	// jobConcerns escalates concerns not acknowledged by their deadline.
	jobConcerns = "concerns.escalate"
	// jobMotions decides asynchronous motions whose voting deadline passed.
	jobMotions = "motions.close"
)

// keepFinishedJobs is how long finished jobs stay visible to operators.
const keepFinishedJobs = 7 * 24 * time.Hour

// newJobRunner wires the background jobs every server runs. With several
// servers on one database, each scheduled tick runs on exactly one of them.
// packets e-mails the check-in packets that are due.
func newJobRunner(db *store.DB, log *slog.Logger, env *Env, f jobFlags, packets *packet.Mailing) (*jobs.Runner, error) {
	r := jobs.New(db, jobs.Config{Clock: env.Now, Logger: log.With("component", "jobs"), PollInterval: f.poll})
	r.Register(jobCleanup, func(ctx context.Context, _ []byte) error {
		n, err := db.DeleteExpiredSessions(ctx)
		if err != nil {
			return err
		}
		m, err := db.DeleteFinishedJobs(ctx, db.Now().Add(-keepFinishedJobs))
		if err != nil {
			return err
		}
		if n+m > 0 {
			log.Info("cleaned up", "expired_rows", n, "finished_jobs", m)
		}
		return nil
	})
	r.Schedule("cleanup", f.cleanup, jobCleanup)
	r.Register(jobSignals, func(ctx context.Context, _ []byte) error { return evaluateAllSignals(ctx, db, log) })
	r.Schedule("signals", 24*time.Hour, jobSignals)
	r.Register(jobConcerns, func(ctx context.Context, _ []byte) error {
		n, err := db.EscalateOverdue(ctx, db.Now())
		if n > 0 {
			log.Info("concerns escalated", "count", n)
		}
		return err
	})
	r.Schedule("concerns", time.Hour, jobConcerns)
	r.Register(jobMotions, func(ctx context.Context, _ []byte) error {
		n, err := db.CloseDueMotions(ctx, db.Now())
		if n > 0 {
			log.Info("motions decided at their deadline", "count", n)
		}
		return err
	})
	r.Schedule("motions", 15*time.Minute, jobMotions)
	registerPackets(r, packets)
	registerFHIRSources(r, db, log, env, f)
	registerHealthRounds(r, db, log)
	// Notifications: e-mail as it falls due, daily digests, webhook deliveries.
	f.notify.Store, f.notify.Log = db, log.With("component", "notify")
	registerNotify(r, &f.notify)
	return r, nil
}

// registerNotify puts notification delivery on the job queue: notify knows
// nothing of the runner, so that delivery can be tested, and run, on its own.
func registerNotify(r *jobs.Runner, d *notify.Delivery) {
	for _, j := range d.Jobs() {
		r.Register(j.Kind, j.Handle)
	}
	for _, s := range notify.Schedules() {
		r.Schedule(s.Name, s.Every, s.Kind)
	}
}

// registerPackets puts the e-mailing of check-in packets on the job queue,
// as registerNotify does for notifications.
func registerPackets(r *jobs.Runner, m *packet.Mailing) {
	for _, j := range m.Jobs() {
		r.Register(j.Kind, j.Handle)
	}
	for _, s := range packet.Schedules() {
		r.Schedule(s.Name, s.Every, s.Kind)
	}
}

// evaluateAllSignals evaluates the signals of every alliance in turn.
func evaluateAllSignals(ctx context.Context, db *store.DB, log *slog.Logger) error {
	ids, err := db.AllianceIDs(ctx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		res, err := db.EvaluateSignals(ctx, accord.SystemActor("signals"), id, nil)
		if err != nil {
			return fmt.Errorf("evaluate signals of alliance %s: %w", id, err)
		}
		if res != (accord.SignalSync{}) {
			log.Info("signals evaluated", "alliance", id, "opened", res.Opened, "updated", res.Updated, "resolved", res.Resolved)
		}
	}
	return nil
}

// registerFHIRSources puts the scheduled fetch of the alliances' FHIR
// servers on the job queue: the runner ticks every fhirsource.Every, once
// across servers, and each source runs when its own period has passed.
func registerFHIRSources(r *jobs.Runner, db *store.DB, log *slog.Logger, env *Env, f jobFlags) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil // the egress policy checks the address each connection dials
	tr.DialContext = egress.New(egress.ParseHosts(f.fhirAllowHosts)).DialContext(&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second})
	fetch := &fhirsource.Fetcher{Store: db, TokenDir: f.fhirTokenDir, HTTP: &http.Client{Transport: tr, Timeout: time.Minute},
		Now: env.Now, Log: log.With("component", "fhirsource")}
	r.Register(fhirsource.Job, func(ctx context.Context, _ []byte) error { return fetch.RunDue(ctx) })
	r.Schedule("fhir-sources", fhirsource.Every, fhirsource.Job)
}
