package edge

import (
	"testing"
	"time"
)

// TestIntakeLimiter counts raises per alliance in fixed windows: the
// limit pauses one alliance's link until its window has passed, and
// another alliance's link keeps its own count.
func TestIntakeLimiter(t *testing.T) {
	t0 := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	l := NewIntakeLimiter(2, time.Hour)
	steps := []struct {
		alliance string
		at       time.Duration
		wait     time.Duration
	}{
		{"a", 0, 0},
		{"a", 10 * time.Minute, 0},
		{"a", 20 * time.Minute, 40 * time.Minute},
		{"b", 20 * time.Minute, 0},
		{"a", 59 * time.Minute, time.Minute},
		{"a", 60 * time.Minute, 0},
		{"a", 61 * time.Minute, 0},
		{"a", 62 * time.Minute, 58 * time.Minute},
		{"a", 81 * time.Minute, 39 * time.Minute},
	}
	for i, s := range steps {
		if got := l.Take(s.alliance, t0.Add(s.at)); got != s.wait {
			t.Errorf("step %d (%s at +%v): wait %v, want %v", i+1, s.alliance, s.at, got, s.wait)
		}
	}
	if n := len(l.counts); n != 1 {
		t.Errorf("%d windows kept after b's passed, want 1", n)
	}
}
