package server

import (
	lru "container/list"
	"sync"
)

// fragCache keeps rendered page fragments (and what goes with them) that
// depend only on data, keyed
// by what they show and the data's version, so that repeated views of an
// unchanged scorecard cost a lookup. It is bounded: the least recently used
// fragment goes first. Each server process has its own; a change anywhere
// bumps the version in the database, so no server shows stale data.
type fragCache struct {
	mu    sync.Mutex
	max   int
	order *lru.List
	items map[string]*lru.Element
}

type fragEntry struct {
	key string
	val any
}

func newFragCache(max int) *fragCache {
	return &fragCache{max: max, order: lru.New(), items: map[string]*lru.Element{}}
}

func (c *fragCache) get(key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*fragEntry).val, true
}

func (c *fragCache) put(key string, val any) {
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
