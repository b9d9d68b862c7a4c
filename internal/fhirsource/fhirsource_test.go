package fhirsource

import (
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

func TestSince(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	at := time.Date(2026, 1, 20, 6, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		last *accord.FHIRSourceRun
		want string
	}{
		{"first run: the month a year before now", nil, "2025-03-01"},
		{"after a good run: a year before it", &accord.FHIRSourceRun{At: at, OK: true}, "2025-01-01"},
		{"after a failed run: as if none", &accord.FHIRSourceRun{At: at}, "2025-03-01"},
	} {
		if got := Since(accord.FHIRSource{LastRun: tc.last}, now).Format(time.DateOnly); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
}
