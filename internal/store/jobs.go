package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// The job queue is a plain table with a lease: a worker claims a due job
// with a conditional UPDATE that only succeeds while nobody else holds an
// unexpired lease, so it needs neither SKIP LOCKED nor advisory locks and
// behaves the same on SQLite, PostgreSQL and distributed PostgreSQL-compatible
// engines. Jobs are operational rows, not domain changes: no audit entries.

// Job states reported by ListJobs and accepted by JobFilter.
const (
	JobQueued  = "queued"  // waiting for its run_at, or for a worker
	JobRunning = "running" // claimed, lease not yet expired
	JobDone    = "done"
	JobFailed  = "failed" // gave up after max_attempts
)

// Job is one row of the queue, as an operator sees it.
type Job struct {
	ID          string
	Kind        string
	Payload     json.RawMessage
	State       string
	RunAt       time.Time
	Attempts    int
	MaxAttempts int
	LockedBy    string // the worker that claimed it last
	LockedUntil *time.Time
	LastError   string
	DoneAt      *time.Time
	FailedAt    *time.Time
	CreatedAt   time.Time
}

// JobFilter narrows ListJobs; zero fields match everything.
type JobFilter struct {
	Kind  string
	State string // one of JobQueued, JobRunning, JobDone, JobFailed
	Limit int    // default 100, at most 1000
}

// RetryDelay is the back-off before a job that failed its attempt-th try is
// run again: 15s, 30s, 1m, 2m, ... at most one hour.
func RetryDelay(attempt int) time.Duration {
	d := 15 * time.Second
	for i := 1; i < attempt && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// Enqueue adds a job of the kind, due at runAt (now if zero), and returns
// its ID. A nil payload is stored as {}.
func (db *DB) Enqueue(ctx context.Context, kind string, payload json.RawMessage, runAt time.Time) (string, error) {
	if strings.TrimSpace(kind) == "" {
		return "", accord.FieldError("kind", "is required")
	}
	if len(payload) == 0 {
		payload = json.RawMessage("{}")
	}
	if !json.Valid(payload) {
		return "", accord.FieldError("payload", "is not valid JSON")
	}
	id := newID()
	err := db.update(ctx, func(tx *Tx) error {
		return tx.enqueue(ctx, id, kind, payload, runAt)
	})
	if err != nil {
		return "", fmt.Errorf("enqueue %s: %w", kind, err)
	}
	return id, nil
}

func (tx *Tx) enqueue(ctx context.Context, id, kind string, payload []byte, runAt time.Time) error {
	if runAt.IsZero() {
		runAt = tx.now
	}
	_, err := tx.exec(ctx, "INSERT INTO jobs (id, kind, payload, run_at, created_at) VALUES (?, ?, ?, ?, ?)",
		id, kind, string(payload), ts(runAt), ts(tx.now))
	return err
}

type jobCandidate struct {
	id, kind, payload     string
	attempts, maxAttempts int
}

// ClaimJob leases one due job of the given kinds (any kind if kinds is
// empty) to workerID for lease, and counts the attempt. It returns an empty
// id when nothing is due. The caller must CompleteJob or FailJob it before
// the lease runs out, or another worker may take it over.
//
// It returns plain values rather than a Job so that internal/jobs can
// describe the store it needs without importing this package.
func (db *DB) ClaimJob(ctx context.Context, workerID string, kinds []string, lease time.Duration) (id, kind string, payload []byte, err error) {
	// Look in a read transaction first, so that idle polls never take
	// SQLite's write lock.
	var cands []jobCandidate
	err = db.view(ctx, func(tx *Tx) error {
		var err error
		cands, err = tx.jobCandidates(ctx, kinds)
		return err
	})
	if err != nil || len(cands) == 0 {
		return "", "", nil, wrapErr("claim job", err)
	}
	err = db.update(ctx, func(tx *Tx) error {
		for _, c := range cands {
			won, err := tx.claim(ctx, c, workerID, lease)
			if err != nil {
				return err
			}
			if won {
				id, kind, payload = c.id, c.kind, []byte(c.payload)
				return nil
			}
		}
		return nil
	})
	if err != nil {
		return "", "", nil, fmt.Errorf("claim job: %w", err)
	}
	return id, kind, payload, nil
}

func (tx *Tx) jobCandidates(ctx context.Context, kinds []string) ([]jobCandidate, error) {
	q := "SELECT id, kind, payload, attempts, max_attempts FROM jobs WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= ? AND (locked_until IS NULL OR locked_until < ?)"
	args := []any{ts(tx.now), ts(tx.now)}
	if len(kinds) > 0 {
		q += " AND kind IN (?" + strings.Repeat(", ?", len(kinds)-1) + ")"
		for _, k := range kinds {
			args = append(args, k)
		}
	}
	q += fmt.Sprintf(" ORDER BY run_at, id LIMIT %d", claimCandidates)
	return queryAll(ctx, tx, scanJobCandidate, q, args...)
}

func scanJobCandidate(s scanner) (jobCandidate, error) {
	var c jobCandidate
	err := s.Scan(&c.id, &c.kind, &c.payload, &c.attempts, &c.maxAttempts)
	return c, err
}

// claim takes the lease on c if it is still free. A job whose final
// attempt's lease ran out (the worker died) is marked failed instead.
func (tx *Tx) claim(ctx context.Context, c jobCandidate, workerID string, lease time.Duration) (bool, error) {
	const free = " WHERE id = ? AND done_at IS NULL AND failed_at IS NULL AND (locked_until IS NULL OR locked_until < ?)"
	if c.attempts >= c.maxAttempts {
		_, err := tx.exec(ctx, "UPDATE jobs SET failed_at = ?, locked_until = NULL, last_error = ?"+free,
			ts(tx.now), "lease expired on the final attempt", c.id, ts(tx.now))
		return false, err
	}
	res, err := tx.exec(ctx, "UPDATE jobs SET locked_by = ?, locked_until = ?, attempts = attempts + 1"+free,
		workerID, ts(tx.now.Add(lease)), c.id, ts(tx.now))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// held is the condition that workerID still holds the lease it was given;
// a worker whose lease was taken over cannot complete or fail the job.
const held = " WHERE id = ? AND locked_by = ? AND locked_until IS NOT NULL AND done_at IS NULL AND failed_at IS NULL"

// CompleteJob marks a job claimed by workerID as done.
func (db *DB) CompleteJob(ctx context.Context, id, workerID string) error {
	err := db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "UPDATE jobs SET done_at = ?, locked_until = NULL, last_error = NULL"+held, ts(tx.now), id, workerID)
		return leaseHeld(res, err)
	})
	return wrapErr("complete job "+id, err)
}

// FailJob records a failed attempt of a job claimed by workerID: it runs
// again after RetryDelay, or is marked failed once max_attempts are used.
func (db *DB) FailJob(ctx context.Context, id, workerID, cause string) error {
	if len(cause) > maxErrorLen {
		cause = cause[:maxErrorLen]
	}
	// PostgreSQL text takes neither NUL nor a rune cut in half.
	cause = strings.ToValidUTF8(strings.ReplaceAll(cause, "\x00", ""), "")
	err := db.update(ctx, func(tx *Tx) error {
		var attempts, maxAttempts int
		err := tx.queryRow(ctx, "SELECT attempts, max_attempts FROM jobs"+held, id, workerID).Scan(&attempts, &maxAttempts)
		if errors.Is(err, sql.ErrNoRows) {
			return leaseLost()
		} else if err != nil {
			return err
		}
		if attempts >= maxAttempts {
			res, err := tx.exec(ctx, "UPDATE jobs SET failed_at = ?, locked_until = NULL, last_error = ?"+held, ts(tx.now), cause, id, workerID)
			return leaseHeld(res, err)
		}
		res, err := tx.exec(ctx, "UPDATE jobs SET run_at = ?, locked_until = NULL, last_error = ?"+held,
			ts(tx.now.Add(RetryDelay(attempts))), cause, id, workerID)
		return leaseHeld(res, err)
	})
	return wrapErr("fail job "+id, err)
}

func leaseHeld(res interface{ RowsAffected() (int64, error) }, err error) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		return leaseLost()
	}
	return nil
}

func leaseLost() error {
	return accord.Errorf(accord.ECONFLICT, "job is not held by this worker; its lease may have expired")
}

// ListJobs returns jobs, newest first, for operators.
func (db *DB) ListJobs(ctx context.Context, f JobFilter) ([]Job, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	f.Limit = min(f.Limit, 1000)
	var out []Job
	err := db.view(ctx, func(tx *Tx) error {
		q := "SELECT id, kind, payload, run_at, attempts, max_attempts, COALESCE(locked_by, ''), locked_until, COALESCE(last_error, ''), done_at, failed_at, created_at FROM jobs WHERE 1 = 1"
		var args []any
		if f.Kind != "" {
			q += " AND kind = ?"
			args = append(args, f.Kind)
		}
		switch f.State {
		case "":
		case JobDone:
			q += " AND done_at IS NOT NULL"
		case JobFailed:
			q += " AND failed_at IS NOT NULL"
		case JobRunning:
			q += " AND done_at IS NULL AND failed_at IS NULL AND locked_until >= ?"
			args = append(args, ts(tx.now))
		case JobQueued:
			q += " AND done_at IS NULL AND failed_at IS NULL AND (locked_until IS NULL OR locked_until < ?)"
			args = append(args, ts(tx.now))
		default:
			return accord.FieldError("state", "must be one of queued, running, done, failed")
		}
		q += fmt.Sprintf(" ORDER BY created_at DESC, id DESC LIMIT %d", f.Limit)
		var err error
		out, err = queryAll(ctx, tx, func(s scanner) (Job, error) {
			var j Job
			var payload string
			err := s.Scan(&j.ID, &j.Kind, &payload, timeCol{&j.RunAt}, &j.Attempts, &j.MaxAttempts, &j.LockedBy,
				nullTimeCol{&j.LockedUntil}, &j.LastError, nullTimeCol{&j.DoneAt}, nullTimeCol{&j.FailedAt}, timeCol{&j.CreatedAt})
			j.Payload = json.RawMessage(payload)
			j.State = jobState(j, tx.now)
			return j, err
		}, q, args...)
		return err
	})
	return out, wrapErr("list jobs", err)
}

func jobState(j Job, now time.Time) string {
	switch {
	case j.DoneAt != nil:
		return JobDone
	case j.FailedAt != nil:
		return JobFailed
	case j.LockedUntil != nil && !j.LockedUntil.Before(now):
		return JobRunning
	}
	return JobQueued
}

// DeleteFinishedJobs removes done and failed jobs that finished before the
// given time, so that the table does not grow without bound.
func (db *DB) DeleteFinishedJobs(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "DELETE FROM jobs WHERE done_at < ? OR failed_at < ?", ts(before), ts(before))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, wrapErr("delete finished jobs", err)
}

func wrapErr(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", op, err)
}
