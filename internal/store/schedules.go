package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// Schedule is a recurring tick that enqueues one job per interval.
type Schedule struct {
	Name      string
	Interval  time.Duration
	NextRunAt time.Time
	LastRunAt *time.Time
	LastRunBy string
}

// maxErrorLen bounds last_error so that a handler returning a huge error
// cannot bloat the table.
const maxErrorLen = 2000

// claimCandidates is how many due jobs a claim looks at: enough that
// several workers racing for the oldest job still find one each.
const claimCandidates = 8

// EnsureSchedule creates the named schedule, first due now, or updates its
// interval; every process calls it at start-up, and the existing row, with
// its next tick, wins. Intervals are whole seconds, at least one.
func (db *DB) EnsureSchedule(ctx context.Context, name string, interval time.Duration) error {
	if strings.TrimSpace(name) == "" {
		return accord.FieldError("name", "is required")
	}
	if interval < time.Second {
		return accord.FieldError("interval", "must be at least one second")
	}
	secs := int64(interval / time.Second)
	err := db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "INSERT INTO schedules (name, interval_seconds, next_run_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
			name, secs, ts(tx.now))
		if err != nil {
			return err
		}
		// A shorter interval must not wait out the old, longer one.
		_, err = tx.exec(ctx, "UPDATE schedules SET interval_seconds = ? WHERE name = ? AND interval_seconds <> ?", secs, name, secs)
		if err != nil {
			return err
		}
		_, err = tx.exec(ctx, "UPDATE schedules SET next_run_at = ? WHERE name = ? AND next_run_at > ?",
			ts(tx.now.Add(interval)), name, ts(tx.now.Add(interval)))
		return err
	})
	return wrapErr("ensure schedule "+name, err)
}

type dueSchedule struct {
	name string
	secs int64
	next time.Time
}

// ClaimDueSchedules fires the due schedules named in kinds (schedule name
// to job kind): for each it advances next_run_at past now with a
// compare-and-swap on the old value and, in the same transaction, enqueues
// one job of the kind with payload {"schedule": name, "tick": time}. Of
// several workers racing for one tick exactly one wins, so each tick
// enqueues exactly one job. Ticks missed while no worker ran are coalesced
// into one. It returns how many jobs it enqueued.
func (db *DB) ClaimDueSchedules(ctx context.Context, workerID string, kinds map[string]string) (int, error) {
	var due []dueSchedule
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT name, interval_seconds, next_run_at FROM schedules WHERE next_run_at <= ? ORDER BY name", ts(tx.now))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d dueSchedule
			if err := rows.Scan(&d.name, &d.secs, timeCol{&d.next}); err != nil {
				return err
			}
			if _, ok := kinds[d.name]; ok && d.secs > 0 {
				due = append(due, d)
			}
		}
		return rows.Err()
	})
	if err != nil || len(due) == 0 {
		return 0, wrapErr("claim schedules", err)
	}
	n := 0
	err = db.update(ctx, func(tx *Tx) error {
		n = 0
		for _, d := range due {
			interval := time.Duration(d.secs) * time.Second
			next := d.next.Add(interval * (tx.now.Sub(d.next)/interval + 1))
			res, err := tx.exec(ctx, "UPDATE schedules SET next_run_at = ?, last_run_at = ?, last_run_by = ? WHERE name = ? AND next_run_at = ?",
				ts(next), ts(tx.now), workerID, d.name, ts(d.next))
			if err != nil {
				return err
			}
			if won, err := res.RowsAffected(); err != nil {
				return err
			} else if won != 1 {
				continue // another worker took this tick
			}
			payload, _ := json.Marshal(map[string]string{"schedule": d.name, "tick": ts(d.next)})
			if err := tx.enqueue(ctx, newID(), kinds[d.name], payload, tx.now); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("claim schedules: %w", err)
	}
	return n, nil
}

// ListSchedules returns every schedule, for operators.
func (db *DB) ListSchedules(ctx context.Context) ([]Schedule, error) {
	var out []Schedule
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanSchedule, "SELECT name, interval_seconds, next_run_at, last_run_at, COALESCE(last_run_by, '') FROM schedules ORDER BY name")
		return err
	})
	return out, wrapErr("list schedules", err)
}

func scanSchedule(row scanner) (Schedule, error) {
	var s Schedule
	var secs int64
	err := row.Scan(&s.Name, &secs, timeCol{&s.NextRunAt}, nullTimeCol{&s.LastRunAt}, &s.LastRunBy)
	s.Interval = time.Duration(secs) * time.Second
	return s, err
}
