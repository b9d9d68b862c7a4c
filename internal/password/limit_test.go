package password

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestLimiterBoundsRunningAndWaiting fills the running slot and the waiting
// room: the next caller is turned away at once, a waiter runs when the
// slot frees, and a waiter that waits too long is turned away.
func TestLimiterBoundsRunningAndWaiting(t *testing.T) {
	ctx := context.Background()
	l := NewLimiter(1, 1, time.Hour)
	release, started := make(chan struct{}), make(chan struct{})
	go l.Do(ctx, func() { close(started); <-release })
	<-started
	waited := make(chan error)
	go func() { waited <- l.Do(ctx, func() {}) }()
	for len(l.waiting) == 0 {
		time.Sleep(time.Millisecond)
	}
	if err := l.Do(ctx, func() { t.Error("ran beyond the limit") }); !errors.Is(err, ErrBusy) {
		t.Errorf("third caller: %v, want ErrBusy", err)
	}
	close(release)
	if err := <-waited; err != nil {
		t.Errorf("waiter after the slot freed: %v, want nil", err)
	}

	short := NewLimiter(1, 1, 10*time.Millisecond)
	hold := make(chan struct{})
	defer close(hold)
	held := make(chan struct{})
	go short.Do(ctx, func() { close(held); <-hold })
	<-held
	if err := short.Do(ctx, func() { t.Error("ran beyond the limit") }); !errors.Is(err, ErrBusy) {
		t.Errorf("waiter past its wait: %v, want ErrBusy", err)
	}
}

// TestLimiterHashVerify checks the limited Hash and Verify are the plain ones.
func TestLimiterHashVerify(t *testing.T) {
	l := NewLimiter(2, 0, time.Second)
	h, err := l.Hash(context.Background(), "correct horse battery", Fast)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := l.Verify(context.Background(), "correct horse battery", h); !ok || err != nil {
		t.Errorf("Verify = %v, %v; want true", ok, err)
	}
}
