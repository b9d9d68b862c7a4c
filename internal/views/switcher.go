package views

import (
	"context"
	"sync"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// switcherTTL is how long a person's list of alliances (the switcher in
// every page's top bar) is reused. Joining or leaving an alliance through
// this server refreshes it at once; through another server, within the TTL.
const switcherTTL = 30 * time.Second

// SwitcherCache keeps each person's alliance list for the top bar, so that
// a page view does not query it every time.
type SwitcherCache struct {
	mu    sync.Mutex
	items map[string]switcherEntry
}

type switcherEntry struct {
	list    []accord.Alliance
	expires time.Time
}

// NewSwitcherCache returns an empty cache.
func NewSwitcherCache() *SwitcherCache {
	return &SwitcherCache{items: map[string]switcherEntry{}}
}

// AlliancesOf returns the person's alliances, from the cache while fresh.
func (s *Loader) AlliancesOf(ctx context.Context, userID string) ([]accord.Alliance, error) {
	now := s.Now()
	c := s.Switcher
	c.mu.Lock()
	e, ok := c.items[userID]
	c.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.list, nil
	}
	list, err := s.Svc.AlliancesForUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if len(c.items) > 10_000 { // bound memory: start over rather than track age
		clear(c.items)
	}
	c.items[userID] = switcherEntry{list: list, expires: now.Add(switcherTTL)}
	c.mu.Unlock()
	return list, nil
}

// ForgetAlliances drops a person's cached list after their memberships changed.
func (s *Loader) ForgetAlliances(userID string) {
	s.Switcher.mu.Lock()
	delete(s.Switcher.items, userID)
	s.Switcher.mu.Unlock()
}
