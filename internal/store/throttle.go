package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/secret"
)

// BeginLoginAttempt counts a sign-in attempt under every key before its
// password is checked, or refuses it when a key's delay
// (accord.ThrottleDelay, at most maxDelay) has not passed since that key's
// latest attempt. Counting and deciding happen in one transaction that
// holds a lock per key, so concurrent attempts cannot all read the same
// count: 30 at once against 5 free let 5 through. A counted attempt stays
// counted as a failure unless LoginSucceeded forgets it.
func (db *DB) BeginLoginAttempt(ctx context.Context, keys []accord.ThrottleKey, maxDelay time.Duration) (accord.LoginAttempt, error) {
	var a accord.LoginAttempt
	err := db.update(ctx, func(tx *Tx) error {
		a = accord.LoginAttempt{}
		hashes := make([]string, len(keys))
		for i, k := range keys {
			hashes[i] = secret.Hash(k.Key)
		}
		if err := tx.lockKeys(ctx, hashes); err != nil {
			return err
		}
		for i, k := range keys {
			wait, err := tx.throttleWait(ctx, hashes[i], k, maxDelay)
			if err != nil {
				return err
			}
			a.Wait = max(a.Wait, wait)
		}
		if a.Wait > 0 {
			return nil
		}
		for _, h := range hashes {
			id := newID()
			if _, err := tx.exec(ctx, "INSERT INTO login_failures (id, key, at) VALUES (?, ?, ?)", id, h, ts(tx.now)); err != nil {
				return fmt.Errorf("count sign-in attempt: %w", err)
			}
			a.IDs = append(a.IDs, id)
		}
		return nil
	})
	return a, err
}

// throttleWait is how long the key's next attempt must still wait.
func (tx *Tx) throttleWait(ctx context.Context, hash string, k accord.ThrottleKey, maxDelay time.Duration) (time.Duration, error) {
	var n int
	var last *time.Time
	err := tx.queryRow(ctx, "SELECT COUNT(*), MAX(at) FROM login_failures WHERE key = ? AND at > ?", hash, ts(tx.now.Add(-k.Memory))).
		Scan(&n, nullTimeCol{&last})
	if err != nil || last == nil {
		return 0, err
	}
	until := last.Add(accord.ThrottleDelay(n, k.Free, maxDelay))
	if !until.After(tx.now) {
		return 0, nil
	}
	return until.Sub(tx.now), nil
}

// lockKeys serialises, on PostgreSQL, the transactions that count under
// the same keys until they end; keys are taken in order so two attempts
// cannot wait for each other. SQLite needs nothing: its writes already go
// one at a time through a transaction begun IMMEDIATE.
func (tx *Tx) lockKeys(ctx context.Context, hashes []string) error {
	if tx.dialect != Postgres {
		return nil
	}
	sorted := slices.Clone(hashes)
	slices.Sort(sorted)
	for _, h := range slices.Compact(sorted) {
		if _, err := tx.exec(ctx, "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", h); err != nil {
			return fmt.Errorf("lock sign-in key: %w", err)
		}
	}
	return nil
}

// ForgetLoginAttempt forgets a counted sign-in attempt (its password was
// right, or never checked) and, when forget is not empty, every earlier
// failure under that key (after a right password: the client and account
// together). The client address's other failures stay counted: signing in
// to one's own account must not reset the count of guesses at others.
func (db *DB) ForgetLoginAttempt(ctx context.Context, a accord.LoginAttempt, forget string) error {
	return db.update(ctx, func(tx *Tx) error {
		if len(a.IDs) > 0 {
			args := make([]any, len(a.IDs))
			for i, id := range a.IDs {
				args[i] = id
			}
			marks := strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")
			if _, err := tx.exec(ctx, "DELETE FROM login_failures WHERE id IN ("+marks+")", args...); err != nil {
				return fmt.Errorf("forget sign-in attempt: %w", err)
			}
		}
		if forget == "" {
			return nil
		}
		_, err := tx.exec(ctx, "DELETE FROM login_failures WHERE key = ?", secret.Hash(forget))
		return err
	})
}

// BeginLimitedAttempt counts an attempt under key before it is checked,
// or refuses it (Wait is the window) when limit attempts are already
// counted within the window. As in BeginLoginAttempt, counting and
// deciding are one transaction holding the key's lock, so 30 attempts at
// once against a limit of 10 let 10 through. The attempt stays counted
// unless ForgetLoginAttempt forgets it.
func (db *DB) BeginLimitedAttempt(ctx context.Context, key string, limit int, window time.Duration) (accord.LoginAttempt, error) {
	var a accord.LoginAttempt
	err := db.update(ctx, func(tx *Tx) error {
		a = accord.LoginAttempt{}
		h := secret.Hash(key)
		if err := tx.lockKeys(ctx, []string{h}); err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM login_failures WHERE key = ? AND at > ?", h, ts(tx.now.Add(-window))).Scan(&n); err != nil {
			return err
		}
		if n >= limit {
			a.Wait = window
			return nil
		}
		id := newID()
		if _, err := tx.exec(ctx, "INSERT INTO login_failures (id, key, at) VALUES (?, ?, ?)", id, h, ts(tx.now)); err != nil {
			return fmt.Errorf("count attempt: %w", err)
		}
		a.IDs = []string{id}
		return nil
	})
	return a, err
}
