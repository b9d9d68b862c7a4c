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
	Max   int
	Order *lru.List
	Items map[string]*lru.Element
}

type fragEntry struct {
	key string
	val any
}

func (c *FragCache) Get(key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.Items[key]
	if !ok {
		return nil, false
	}
	c.Order.MoveToFront(el)
	return el.Value.(*fragEntry).val, true
}

func (c *FragCache) Put(key string, val any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.Items[key]; ok {
		el.Value.(*fragEntry).val = val
		c.Order.MoveToFront(el)
		return
	}
	c.Items[key] = c.Order.PushFront(&fragEntry{key, val})
	for c.Order.Len() > c.Max {
		last := c.Order.Back()
		c.Order.Remove(last)
		delete(c.Items, last.Value.(*fragEntry).key)
	}
}

func NewFragCache(max int) *FragCache {
	return &FragCache{Max: max, Order: lru.New(), Items: map[string]*lru.Element{}}
}
