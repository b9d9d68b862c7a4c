package cli

import (
	"context"
	"log/slog"
	"time"

	"github.com/accord-alliance/accord/internal/jobs"
	"github.com/accord-alliance/accord/internal/store"
)

// Job kinds accord runs in the background.
const jobCleanup = "cleanup"

// keepFinishedJobs is how long finished jobs stay visible to operators.
const keepFinishedJobs = 7 * 24 * time.Hour

// newJobRunner wires the background jobs every server runs. With several
// servers on one database, each scheduled tick runs on exactly one of them.
func newJobRunner(db *store.DB, log *slog.Logger, env *Env, f jobFlags) (*jobs.Runner, error) {
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
	return r, nil
}
