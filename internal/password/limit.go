package password

import (
	"context"
	"errors"
	"time"
)

// ErrBusy is returned when a Limiter has as many hashes running and
// waiting as it allows; the caller answers "try again shortly".
var ErrBusy = errors.New("too many password checks at once")

// Limiter bounds how many hashes run at once: each argon2id hash holds its
// memory cost (64 MiB by default) while it runs, so an unbounded number of
// concurrent sign-ins would take the server's memory. A few more callers
// may wait, for at most MaxWait each; beyond that they are turned away at
// once with ErrBusy, so a flood neither queues without end nor holds
// memory.
type Limiter struct {
	slots   chan struct{}
	waiting chan struct{}
	maxWait time.Duration
}

// NewLimiter lets running hashes run at once and waiting more callers wait
// for at most maxWait; running below 1 counts as 1.
func NewLimiter(running, waiting int, maxWait time.Duration) *Limiter {
	return &Limiter{slots: make(chan struct{}, max(running, 1)), waiting: make(chan struct{}, max(waiting, 0)), maxWait: maxWait}
}

// Do runs fn once a slot is free, or returns ErrBusy (or the context's
// error) without running it.
func (l *Limiter) Do(ctx context.Context, fn func()) error {
	select {
	case l.slots <- struct{}{}:
	default:
		if err := l.wait(ctx); err != nil {
			return err
		}
	}
	defer func() { <-l.slots }()
	fn()
	return nil
}

// wait takes a place in the waiting room, if there is one, until a slot
// is free.
func (l *Limiter) wait(ctx context.Context) error {
	select {
	case l.waiting <- struct{}{}:
	default:
		return ErrBusy
	}
	defer func() { <-l.waiting }()
	timer := time.NewTimer(l.maxWait)
	defer timer.Stop()
	select {
	case l.slots <- struct{}{}:
		return nil
	case <-timer.C:
		return ErrBusy
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Hash is Hash run within the limit.
func (l *Limiter) Hash(ctx context.Context, pw string, p Params) (hash string, err error) {
	if lerr := l.Do(ctx, func() { hash, err = Hash(pw, p) }); lerr != nil {
		return "", lerr
	}
	return hash, err
}

// Verify is Verify run within the limit.
func (l *Limiter) Verify(ctx context.Context, pw, encoded string) (ok bool, err error) {
	if lerr := l.Do(ctx, func() { ok, err = Verify(pw, encoded) }); lerr != nil {
		return false, lerr
	}
	return ok, err
}
