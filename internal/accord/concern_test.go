package accord

import (
	"strings"
	"testing"
	"time"
)

func TestAckDeadline(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	// 2026-11-23 is a Monday.
	tests := []struct {
		name, from string
		n          int
		want       string
	}{
		{"monday, one day", "2026-11-23", 1, "2026-11-25"},
		{"thursday, one day", "2026-11-26", 1, "2026-11-28"},
		{"friday, one day is monday", "2026-11-27", 1, "2026-12-01"},
		{"saturday, one day is monday", "2026-11-28", 1, "2026-12-01"},
		{"sunday, one day is monday", "2026-11-29", 1, "2026-12-01"},
		{"monday, three days", "2026-11-23", 3, "2026-11-27"},
		{"wednesday, three days crosses a weekend", "2026-11-25", 3, "2026-12-01"},
		{"friday, three days", "2026-11-27", 3, "2026-12-03"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := AckDeadline(day(tt.from).Add(15*time.Hour), tt.n)
			if want := day(tt.want); !got.Equal(want) {
				t.Errorf("AckDeadline(%s, %d) = %s, want %s (end of the day before)", tt.from, tt.n, got.Format(time.DateOnly), tt.want)
			}
		})
	}
}

func TestAckBusinessDays(t *testing.T) {
	for _, c := range ConcernCategories() {
		want := 3
		if c == ConcernPatientSafety {
			want = 1
		}
		if got := AckBusinessDays(c); got != want {
			t.Errorf("AckBusinessDays(%s) = %d, want %d", c, got, want)
		}
	}
}

func TestReceipt(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		r := NewReceipt()
		if len(r) != 29 || strings.Count(r, "-") != 4 {
			t.Fatalf("receipt %q: want 5 groups of 5", r)
		}
		if seen[r] {
			t.Fatalf("receipt %q repeated", r)
		}
		seen[r] = true
		if got := NormalizeReceipt(strings.ToLower(strings.ReplaceAll(r, "-", " "))); got != strings.ReplaceAll(r, "-", "") {
			t.Errorf("NormalizeReceipt(lower %q) = %q", r, got)
		}
	}
}

func TestCheckReceipt(t *testing.T) {
	good := NewReceipt()
	tests := []struct {
		name, code string
		ok         bool
	}{
		{"as shown", good, true},
		{"as typed", " " + strings.ToLower(strings.ReplaceAll(good, "-", " ")) + "\t", true},
		{"empty", "", false},
		{"dashes only", "-----", false},
		{"short", good[:23], false},
		{"long", good + "A", false},
		{"digit 1", "1" + good[1:], false},
		{"digit 8", good[:24] + "8", false},
		{"not ASCII", "É" + good[2:], false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckReceipt(tt.code)
			if (err == nil) != tt.ok {
				t.Fatalf("CheckReceipt(%q) = %v, want ok %v", tt.code, err, tt.ok)
			}
			if err != nil && ErrorField(err) != "receipt" {
				t.Errorf("field %q, want receipt", ErrorField(err))
			}
		})
	}
}
