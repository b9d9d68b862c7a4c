package server

import "testing"

func TestFragCache(t *testing.T) {
	c := newFragCache(2)
	c.put("a", "A")
	c.put("b", "B")
	if v, ok := c.get("a"); !ok || v.(string) != "A" {
		t.Fatalf("get(a) = %q, %v", v, ok)
	}
	c.put("c", "C") // evicts b, the least recently used
	if _, ok := c.get("b"); ok {
		t.Error("b should have been evicted")
	}
	for _, k := range []string{"a", "c"} {
		if _, ok := c.get(k); !ok {
			t.Errorf("%s was evicted", k)
		}
	}
	c.put("a", "A2")
	if v, _ := c.get("a"); v.(string) != "A2" {
		t.Errorf("get(a) after replace = %q", v)
	}
}
