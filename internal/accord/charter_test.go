package accord

import (
	"testing"
	"time"
)

// TestCurrentCharterReview: the review that stands is the latest whose
// window has opened, never one on or before the alliance's creation.
func TestCurrentCharterReview(t *testing.T) {
	created := time.Date(2024, 10, 8, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		anchor, now time.Time
		want        int
	}{
		{Day(created), created, 2025},                                                                        // the parties have just agreed the charter
		{Day(created), time.Date(2025, 9, 7, 0, 0, 0, 0, time.UTC), 2025},                                    // before the window: the first to come
		{Day(created), time.Date(2025, 9, 8, 0, 0, 0, 0, time.UTC), 2025},                                    // the window opens 30 days before
		{time.Date(2000, 12, 29, 0, 0, 0, 0, time.UTC), created, 2024},                                       // a date later in the creation year
		{time.Date(2000, 12, 29, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), 2025}, // the 2026 window not yet open
		{time.Date(2000, 12, 29, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC), 2026},
		{time.Date(2000, 1, 10, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC), 2027}, // next January's opens in December
	} {
		if got := CurrentCharterReview(c.anchor, created, c.now); got != c.want {
			t.Errorf("CurrentCharterReview(%s, created %s, now %s) = %d, want %d", c.anchor.Format(time.DateOnly), created.Format(time.DateOnly), c.now.Format(time.DateOnly), got, c.want)
		}
	}
}
