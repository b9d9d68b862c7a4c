package settle

import (
	"testing"

	"github.com/accord-alliance/accord/internal/number"
)

func TestAllocate(t *testing.T) {
	thirds := []number.Rate{number.NewRate(1, 3), number.NewRate(1, 3), number.NewRate(1, 3)}
	tests := []struct {
		total   number.Money
		weights []number.Rate
		want    []number.Money
	}{
		{100, thirds, []number.Money{34, 33, 33}},
		{-100, thirds, []number.Money{-34, -33, -33}},
		{101, []number.Rate{number.MustRate("0.7"), number.MustRate("0.2"), number.MustRate("0.1")}, []number.Money{71, 20, 10}},
		{0, thirds, []number.Money{0, 0, 0}},
	}
	for _, tt := range tests {
		got := allocate(tt.total, tt.weights)
		var sum number.Money
		for i := range got {
			sum += got[i]
			if got[i] != tt.want[i] {
				t.Errorf("allocate(%d): got %v, want %v", tt.total, got, tt.want)
				break
			}
		}
		if sum != tt.total {
			t.Errorf("allocate(%d): parts add up to %d", tt.total, sum)
		}
	}
}
