package health

import "math"

// Difference compares two groups' means with Welch's unequal-variances t
// statistic (Welch 1947): A − B, its standard error √(sA²/nA + sB²/nB),
// the Welch–Satterthwaite degrees of freedom
// (sA²/nA + sB²/nB)² / ((sA²/nA)²/(nA−1) + (sB²/nB)²/(nB−1)),
// t = (A − B) / SE and the 95% interval (A − B) ± t(0.975, df) · SE.
// When neither group has any spread (SE = 0) the interval is the
// difference itself and df is nA + nB − 2.
type Difference struct {
	Diff, SE, DF, T float64
	Low, High       float64
}

// Welch computes the Difference of a − b; ok is false unless both have at
// least two values.
func Welch(a, b Stat) (Difference, bool) {
	if a.N < 2 || b.N < 2 || math.IsNaN(a.SD) || math.IsNaN(b.SD) {
		return Difference{}, false
	}
	va, vb := a.SD*a.SD/float64(a.N), b.SD*b.SD/float64(b.N)
	d := Difference{Diff: a.Mean - b.Mean, SE: math.Sqrt(va + vb)}
	if d.SE == 0 {
		d.DF = float64(a.N + b.N - 2)
		d.T = math.Copysign(math.Inf(1), d.Diff)
		if d.Diff == 0 {
			d.T = 0
		}
		d.Low, d.High = d.Diff, d.Diff
		return d, true
	}
	d.DF = (va + vb) * (va + vb) / (va*va/float64(a.N-1) + vb*vb/float64(b.N-1))
	d.T = d.Diff / d.SE
	half := StudentQuantile(1-(1-Confidence)/2, d.DF) * d.SE
	d.Low, d.High = d.Diff-half, d.Diff+half
	return d, true
}

// Gap is the perception gap of a factor: the highest shown party mean
// minus the lowest, and how sure it is.
type Gap struct {
	// OK is false when fewer than two parties are shown.
	OK        bool
	High, Low string // the parties with the highest and lowest means
	Size      float64
	// Difference is Welch's comparison of the two parties; Sure reports
	// that its 95% interval excludes zero: a gap this size is unlikely to
	// be chance alone.
	Difference Difference
	Sure       bool
}

// PerceptionGap finds the gap between the shown parties: hidden ones take
// no part, or the gap would give their mean away. Ties go to the first
// party in order.
func PerceptionGap(parties []Group) Gap {
	hi, lo := -1, -1
	var shown []int
	for i, p := range parties {
		if !p.Shown || p.Score.N == 0 {
			continue
		}
		shown = append(shown, i)
		if hi < 0 || p.Score.Mean > parties[hi].Score.Mean {
			hi = i
		}
		if lo < 0 || p.Score.Mean < parties[lo].Score.Mean {
			lo = i
		}
	}
	if len(shown) < 2 {
		return Gap{}
	}
	if hi == lo { // every mean equal: a gap of zero between the first two
		hi, lo = shown[0], shown[1]
	}
	g := Gap{OK: true, High: parties[hi].Party, Low: parties[lo].Party,
		Size: parties[hi].Score.Mean - parties[lo].Score.Mean}
	if d, ok := Welch(parties[hi].Score, parties[lo].Score); ok {
		g.Difference, g.Sure = d, d.Low > 0
	}
	return g
}

// HowSure says in words how sure the gap is: "95% interval 0.4 to 2.2
// points: unlikely to be chance alone", or "... could be chance". It is
// empty when there is no gap or no interval.
func (g Gap) HowSure() string {
	if !g.OK || g.Difference.DF == 0 {
		return ""
	}
	verdict := "could be chance"
	if g.Sure {
		verdict = "unlikely to be chance alone"
	}
	return "95% interval " + One(g.Difference.Low) + " to " + One(g.Difference.High) + " points: " + verdict
}
