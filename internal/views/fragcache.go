package views

import (
	lru "container/list"
	"sync"
)

// FragCache keeps rendered page fragments (and what goes with them) that
// depend only on data, keyed
// by what they show and the data's version, so that repeated views of an
// unchanged scorecard cost a lookup. It is bounded: the least recently used
// fragment goes first. Each server process has its own; a change anywhere
// bumps the version in the database, so no server shows stale data.
type FragCache struct {
	mu    sync.Mutex
	max   int
	order *lru.List
	items map[string]*lru.Element
}

type fragEntry struct {
	key string
	val any
}

// Get returns the value kept under key, marking it recently used.
func (c *FragCache) Get(key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*fragEntry).val, true
}

// Put keeps val under key, dropping the least recently used beyond the cap.
func (c *FragCache) Put(key string, val any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		el.Value.(*fragEntry).val = val
		c.order.MoveToFront(el)
		return
	}
	c.items[key] = c.order.PushFront(&fragEntry{key, val})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*fragEntry).key)
	}
}

// NewFragCache keeps at most max values.
func NewFragCache(max int) *FragCache {
	return &FragCache{max: max, order: lru.New(), items: map[string]*lru.Element{}}
}
