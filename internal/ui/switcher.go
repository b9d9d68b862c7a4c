package ui

import (
	"context"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/views"
)

// switcherTTL is how long a person's list of alliances (the switcher in
// every page's top bar) is reused. Joining or leaving an alliance through
// this server refreshes it at once; through another server, within the TTL.
const switcherTTL = 30 * time.Second

// alliancesOf returns the person's alliances, from the cache while fresh.
func (s *App) alliancesOf(ctx context.Context, userID string) ([]accord.Alliance, error) {
	now := s.Now()
	c := s.Switcher
	c.Mu.Lock()
	e, ok := c.Items[userID]
	c.Mu.Unlock()
	if ok && now.Before(e.Expires) {
		return e.List, nil
	}
	list, err := s.Svc.AlliancesForUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	c.Mu.Lock()
	if len(c.Items) > 10_000 { // bound memory: start over rather than track age
		clear(c.Items)
	}
	c.Items[userID] = views.SwitcherEntry{List: list, Expires: now.Add(switcherTTL)}
	c.Mu.Unlock()
	return list, nil
}
