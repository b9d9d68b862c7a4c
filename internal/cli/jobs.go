package cli

import (
	"context"
	"log/slog"
	"time"

	"github.com/accord-alliance/accord/internal/jobs"
	"github.com/accord-alliance/accord/internal/store"
)

// Job kinds accord runs in the background.
const jobCleanup = "cleanup.sessions"

// newJobRunner wires the background jobs every server runs. With several
// servers on one database, each scheduled tick runs on exactly one of them.
func newJobRunner(db *store.DB, log *slog.Logger, env *Env) (*jobs.Runner, error) {
	r := jobs.New(db, jobs.Config{Clock: env.Now, Logger: log.With("component", "jobs")})
	r.Register(jobCleanup, func(ctx context.Context, _ []byte) error {
		n, err := db.DeleteExpiredSessions(ctx)
		if err == nil && n > 0 {
			log.Info("removed expired sessions, reset links and old sign-in failures", "rows", n)
		}
		return err
	})
	r.Schedule("cleanup", time.Hour, jobCleanup)
	return r, nil
}
