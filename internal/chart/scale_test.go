package chart

import (
	"math"
	"slices"
	"testing"
)

func TestNiceNum(t *testing.T) {
	tests := []struct {
		x     float64
		round bool
		want  float64
	}{
		{1, true, 1}, {1.4, true, 1}, {1.5, true, 2}, {2.9, true, 2}, {3, true, 5},
		{6.9, true, 5}, {7, true, 10}, {0.034, true, 0.05}, {1234, true, 1000},
		{1, false, 1}, {1.01, false, 2}, {2, false, 2}, {4.2, false, 5}, {5.5, false, 10},
		{0.003, false, 0.005}, {87, false, 100},
	}
	for _, tt := range tests {
		if got := niceNum(tt.x, tt.round); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("niceNum(%v, %v): got %v, want %v", tt.x, tt.round, got, tt.want)
		}
	}
}

func TestNiceTicks(t *testing.T) {
	tests := []struct {
		name     string
		lo, hi   float64
		n        int
		want     []float64
		wantStep float64
	}{
		{"percent 0 to 100", 0, 100, 6, []float64{0, 20, 40, 60, 80, 100}, 20},
		{"percent band", 59.1, 74.3, 5, []float64{55, 60, 65, 70, 75}, 5},
		{"shared scale", 56, 88, 4, []float64{50, 60, 70, 80, 90}, 10},
		{"tenths", 0.12, 0.57, 5, []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, 0.1},
		{"no float noise", 0.3, 0.9, 7, []float64{0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}, 0.1},
		{"currency", 1145, 1309, 4, []float64{1100, 1150, 1200, 1250, 1300, 1350}, 50},
		{"thousands", 12500, 98000, 5, []float64{0, 20000, 40000, 60000, 80000, 100000}, 20000},
		{"negative", -3.2, 7.9, 5, []float64{-4, -2, 0, 2, 4, 6, 8}, 2},
		{"reversed bounds", 74.3, 59.1, 5, []float64{55, 60, 65, 70, 75}, 5},
		{"one value", 12.5, 12.5, 4, []float64{11, 12, 13, 14}, 1},
		{"zero", 0, 0, 3, []float64{-1, 0, 1}, 1},
		{"values on ticks", 20, 40, 3, []float64{20, 30, 40}, 10},
		{"n below 2", 0, 10, 0, []float64{0, 10}, 10},
		{"not a number", math.NaN(), 5, 3, []float64{0, 0.5, 1}, 0.5},
		{"infinite", 0, math.Inf(1), 3, []float64{0, 0.5, 1}, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, step := niceTicks(tt.lo, tt.hi, tt.n)
			if !slices.Equal(got, tt.want) || step != tt.wantStep {
				t.Errorf("niceTicks(%v, %v, %d): got %v step %v, want %v step %v",
					tt.lo, tt.hi, tt.n, got, step, tt.want, tt.wantStep)
			}
		})
	}
}

// TestNiceTicksCover checks the invariants on many ranges: the ticks cover
// the data, are evenly spaced by a 1-2-5 step, and are not too many.
func TestNiceTicksCover(t *testing.T) {
	for _, lo := range []float64{-1e6, -37.2, -1, 0, 0.004, 3, 61.7, 999, 1e5} {
		for _, span := range []float64{1e-3, 0.7, 1, 13, 48.5, 100, 7777, 1e6} {
			for n := 2; n <= 8; n++ {
				hi := lo + span
				ticks, step := niceTicks(lo, hi, n)
				// Float noise (62.400000000000006) must not cost a whole tick.
				if tol := step * 1e-6; ticks[0] > lo+tol || ticks[len(ticks)-1] < hi-tol {
					t.Errorf("niceTicks(%v, %v, %d) = %v: does not cover the data", lo, hi, n, ticks)
				}
				if len(ticks) > 2*n+1 {
					t.Errorf("niceTicks(%v, %v, %d): got %d ticks, want at most %d", lo, hi, n, len(ticks), 2*n+1)
				}
				if m := step / math.Pow(10, math.Floor(math.Log10(step))); !slices.ContainsFunc([]float64{1, 2, 5}, func(v float64) bool { return math.Abs(v-m) < 1e-9 }) {
					t.Errorf("niceTicks(%v, %v, %d): step %v is not 1, 2 or 5 times a power of ten", lo, hi, n, step)
				}
				for k := 1; k < len(ticks); k++ {
					if d := ticks[k] - ticks[k-1]; math.Abs(d-step) > step*1e-6 {
						t.Errorf("niceTicks(%v, %v, %d) = %v: uneven gap %v, want %v", lo, hi, n, ticks, d, step)
						break
					}
				}
			}
		}
	}
}

func TestFrame(t *testing.T) {
	f := frame{left: 100, right: 500, top: 20, bottom: 220, n: 4, lo: 50, hi: 100}
	xs := []struct {
		i    int
		want float64
	}{{0, 150}, {1, 250}, {3, 450}}
	for _, tt := range xs {
		if got := f.x(tt.i); got != tt.want {
			t.Errorf("x(%d): got %v, want %v", tt.i, got, tt.want)
		}
	}
	ys := []struct {
		v, want float64
	}{{50, 220}, {100, 20}, {75, 120}, {62.5, 170}, {40, 220}, {130, 20}}
	for _, tt := range ys {
		if got := f.y(tt.v); got != tt.want {
			t.Errorf("y(%v): got %v, want %v", tt.v, got, tt.want)
		}
	}
	if got := f.band(); got != 100 {
		t.Errorf("band: got %v, want 100", got)
	}
	flat := frame{top: 0, bottom: 100, lo: 5, hi: 5}
	if got := flat.y(5); got != 50 {
		t.Errorf("y on a flat domain: got %v, want 50", got)
	}
}

func TestExtent(t *testing.T) {
	nan := math.NaN()
	lo, hi, ok := extent([]float64{nan, 3, 9}, []float64{math.Inf(1), -2}, nil)
	if !ok || lo != -2 || hi != 9 {
		t.Errorf("extent: got %v, %v, %v, want -2, 9, true", lo, hi, ok)
	}
	if _, _, ok := extent([]float64{nan}, nil); ok {
		t.Errorf("extent of no finite value: got ok, want not ok")
	}
}
