package health

import (
	"math"
	"math/rand/v2"
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

// TestSuppressNeverGivesAway checks, over many random tables, what
// Suppress promises: every cell under the minimum is hidden, and the
// hidden cells together hold none or at least the minimum, so that the
// total minus the shown cells gives no small group away; and no cell is
// hidden that need not be (only the smallest shown cells shield).
func TestSuppressNeverGivesAway(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 5))
	for trial := 0; trial < 5000; trial++ {
		least := 3 + rng.IntN(5)
		counts := make([]int, 1+rng.IntN(6))
		total := 0
		for i := range counts {
			counts[i] = rng.IntN(15)
			total += counts[i]
		}
		if total < least {
			continue // the total itself is hidden: Compute hides every cell
		}
		reasons := Suppress(counts, least)
		hiddenSum, shieldMax, shownMin := 0, -1, math.MaxInt
		for i, n := range counts {
			switch {
			case n < least && reasons[i] != TooFewReason(n, least):
				t.Fatalf("Suppress(%v, %d): cell %d of %d got %q, want hidden as too few", counts, least, i, n, reasons[i])
			case reasons[i] == ShieldReason:
				shieldMax = max(shieldMax, n)
			case reasons[i] == "":
				shownMin = min(shownMin, n)
			}
			if reasons[i] != "" {
				hiddenSum += n
			}
		}
		if hiddenSum != 0 && hiddenSum < least {
			t.Fatalf("Suppress(%v, %d): hidden cells hold %d, want 0 or at least %d", counts, least, hiddenSum, least)
		}
		if shieldMax > shownMin {
			t.Fatalf("Suppress(%v, %d): a cell of %d shields while one of %d is shown, want the smallest to shield", counts, least, shieldMax, shownMin)
		}
	}
}
