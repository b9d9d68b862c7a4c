package edge

import (
	"sync"
	"time"
)

// IntakeLimiter bounds the concerns raised through each alliance's intake
// link: at most limit in a fixed window, counted per alliance in this
// process's memory only. Nothing about who raised them is counted (no
// address, no browser), so a flood through a leaked link is slowed for
// everyone using that link, and no record anywhere ties a request to a
// person. The price: each server process counts on its own, and a restart
// starts afresh.
type IntakeLimiter struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	counts map[string]intakeCount
}

type intakeCount struct {
	start time.Time
	n     int
}

// NewIntakeLimiter allows limit concerns per window through each intake link.
func NewIntakeLimiter(limit int, window time.Duration) *IntakeLimiter {
	return &IntakeLimiter{limit: limit, window: window, counts: map[string]intakeCount{}}
}

// Take counts one raise through the alliance's link and answers how long
// to wait when the window's limit is already reached (zero: go ahead).
func (l *IntakeLimiter) Take(allianceID string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	for k, c := range l.counts {
		if now.Sub(c.start) >= l.window {
			delete(l.counts, k)
		}
	}
	c, ok := l.counts[allianceID]
	if !ok {
		c = intakeCount{start: now}
	}
	if c.n >= l.limit {
		return c.start.Add(l.window).Sub(now)
	}
	c.n++
	l.counts[allianceID] = c
	return 0
}
