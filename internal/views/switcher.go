package views

import (
	"sync"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// SwitcherCache keeps each person's alliance list for the top bar, so that
// a page view does not query it every time.
type SwitcherCache struct {
	Mu    sync.Mutex
	Items map[string]SwitcherEntry
}

type SwitcherEntry struct {
	List    []accord.Alliance
	Expires time.Time
}

// ForgetAlliances drops a person's cached list after their memberships changed.
func (s *Loader) ForgetAlliances(userID string) {
	s.Switcher.Mu.Lock()
	delete(s.Switcher.Items, userID)
	s.Switcher.Mu.Unlock()
}

func NewSwitcherCache() *SwitcherCache {
	return &SwitcherCache{Items: map[string]SwitcherEntry{}}
}
