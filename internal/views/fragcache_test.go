package views

import "testing"

func TestFragCache(t *testing.T) {
	c := NewFragCache(2)
	c.Put("a", "A")
	c.Put("b", "B")
	if v, ok := c.Get("a"); !ok || v.(string) != "A" {
		t.Fatalf("get(a) = %q, %v", v, ok)
	}
	c.Put("c", "C") // evicts b, the least recently used
	if _, ok := c.Get("b"); ok {
		t.Error("b should have been evicted")
	}
	for _, k := range []string{"a", "c"} {
		if _, ok := c.Get(k); !ok {
			t.Errorf("%s was evicted", k)
		}
	}
	c.Put("a", "A2")
	if v, _ := c.Get("a"); v.(string) != "A2" {
		t.Errorf("get(a) after replace = %q", v)
	}
}
