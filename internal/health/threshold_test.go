package health

import (
	"slices"
	"testing"
)

// TestMinRespondents checks the default, the floor and an alliance's raise.
func TestMinRespondents(t *testing.T) {
	tests := []struct {
		configured, want int
		err              bool
	}{
		{0, 5, false}, {3, 3, false}, {4, 4, false}, {5, 5, false}, {12, 12, false},
		{2, 0, true}, {1, 0, true}, {-1, 0, true},
	}
	for _, tt := range tests {
		got, err := MinRespondents(tt.configured)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("MinRespondents(%d): got %d, %v; want %d, error %v", tt.configured, got, err, tt.want, tt.err)
		}
	}
}

// TestTooFewReason checks the sentence a hidden result shows.
func TestTooFewReason(t *testing.T) {
	for n, want := range map[int]string{
		3: "Hidden: 3 people answered; results show from 5",
		1: "Hidden: 1 person answered; results show from 5",
		0: "Hidden: nobody answered; results show from 5",
	} {
		if got := TooFewReason(n, 5); got != want {
			t.Errorf("TooFewReason(%d, 5): got %q, want %q", n, got, want)
		}
	}
}

// TestSuppress checks primary and secondary suppression.
func TestSuppress(t *testing.T) {
	few := func(n int) string { return TooFewReason(n, 5) }
	tests := []struct {
		name   string
		counts []int
		want   []string
	}{
		{"all shown", []int{5, 9, 12}, []string{"", "", ""}},
		{"one small party, the smallest other shields it", []int{20, 3, 8}, []string{"", few(3), ShieldReason}},
		{"two small parties make enough together", []int{20, 3, 2}, []string{"", few(3), few(2)}},
		{"shield until enough", []int{4, 1, 6, 30}, []string{few(4), few(1), "", ""}},
		{"a small pair still needs a shield", []int{2, 1, 6, 30}, []string{few(2), few(1), ShieldReason, ""}},
		{"tie goes to the first", []int{3, 7, 7}, []string{few(3), ShieldReason, ""}},
		{"an empty cell needs no shield", []int{0, 7, 7}, []string{few(0), "", ""}},
		{"two parties, one small: both hidden", []int{20, 4}, []string{ShieldReason, few(4)}},
	}
	for _, tt := range tests {
		if got := Suppress(tt.counts, 5); !slices.Equal(got, tt.want) {
			t.Errorf("%s: Suppress(%v, 5): got %q, want %q", tt.name, tt.counts, got, tt.want)
		}
	}
}
