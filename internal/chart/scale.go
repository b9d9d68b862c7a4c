package chart

import "math"

// niceNum returns a "nice" number close to x > 0: 1, 2 or 5 times a power
// of ten. With round it is the nearest such number, otherwise the smallest
// one not below x (Heckbert, "Nice numbers for graph labels", Graphics
// Gems, 1990).
func niceNum(x float64, round bool) float64 {
	exp := math.Floor(math.Log10(x))
	f := x / math.Pow(10, exp)
	var nf float64
	switch {
	case round && f < 1.5, !round && f <= 1:
		nf = 1
	case round && f < 3, !round && f <= 2:
		nf = 2
	case round && f < 7, !round && f <= 5:
		nf = 5
	default:
		nf = 10
	}
	return nf * math.Pow(10, exp)
}

// niceTicks returns about n round tick values whose first is at or below lo
// and whose last is at or above hi, and the step between them: 1, 2 or 5
// times a power of ten. A span of zero is widened around its value so that
// a flat series sits mid-chart.
//
// Heckbert first rounds the span itself up to a nice number; that makes
// the axis up to twice as tall as the data (40–100 for data in 56–88), so
// the step is taken from the span as it is.
func niceTicks(lo, hi float64, n int) (ticks []float64, step float64) {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		lo, hi = 0, 1
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	if hi == lo {
		pad := math.Abs(lo) * 0.1
		if pad == 0 {
			pad = 1
		}
		lo, hi = lo-pad, hi+pad
	}
	n = max(n, 2)
	step = niceNum((hi-lo)/float64(n-1), true)
	first := math.Floor(lo/step + 1e-9)
	last := math.Ceil(hi/step - 1e-9)
	d := stepDecimals(step)
	p := math.Pow(10, float64(d))
	for k := first; k <= last; k++ {
		// Multiply rather than add so that no rounding error accumulates,
		// then round to the step's decimals: 0.1*3 is 0.3, not 0.30000000000000004.
		v := math.Round(k*step*p) / p
		if v == 0 {
			v = 0 // no negative zero
		}
		ticks = append(ticks, v)
	}
	return ticks, step
}

// extent returns the smallest and largest finite values among vs; ok is
// false when there is none.
func extent(vs ...[]float64) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		for _, x := range v {
			if finite(x) {
				lo, hi = math.Min(lo, x), math.Max(hi, x)
			}
		}
	}
	return lo, hi, lo <= hi
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// frame maps periods and values to the pixels of a plot area. Periods are
// bands of equal width with the point in the middle, so a step line spans
// its period's whole band.
type frame struct {
	left, right, top, bottom float64
	n                        int     // number of periods
	lo, hi                   float64 // value domain, bottom to top
}

// band is the width of one period.
func (f frame) band() float64 { return (f.right - f.left) / float64(max(f.n, 1)) }

// x is the centre of period i.
func (f frame) x(i int) float64 { return f.left + (float64(i)+0.5)*f.band() }

// y maps a value to a pixel row; values outside the domain are clamped to
// the plot area so that nothing is drawn over the labels.
func (f frame) y(v float64) float64 {
	if f.hi == f.lo {
		return (f.top + f.bottom) / 2
	}
	y := f.bottom - (v-f.lo)/(f.hi-f.lo)*(f.bottom-f.top)
	return math.Max(f.top, math.Min(f.bottom, y))
}
