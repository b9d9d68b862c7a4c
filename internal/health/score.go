package health

import (
	"fmt"
	"math"
)

// Response is one person's answers to a round, with nothing that says who
// gave them: the party and role are the only breakdown keys.
type Response struct {
	Party string
	Role  string
	// Answers maps item keys to answers from 1 to 5; an item left out was
	// not answered.
	Answers map[string]int
}

// Score is one response's score on one factor.
type Score struct {
	// Value is on the 1–5 scale, higher is better; NaN when too few of the
	// factor's items were answered (see Answered).
	Value float64
	// Lean is the mean of the raw answers to the factor's bipolar items,
	// 3 being about right; NaN when the factor has none answered.
	Lean float64
	// Answered counts the factor's items answered.
	Answered int
}

// Scored reports whether the response has a score on the factor.
func (s Score) Scored() bool { return !math.IsNaN(s.Value) }

// ItemScore turns an answer into a score on the 1–5 scale where higher is
// better: an agreement item's answer as it is, a reverse-keyed item's
// 6 − answer, and a bipolar item's 5 − 2·|answer − 3| (about right is 5,
// a little too slow or fast 3, far too slow or fast 1).
func ItemScore(it Item, answer int) float64 {
	switch {
	case it.Kind == Bipolar:
		return float64(5 - 2*abs(answer-3))
	case it.Reverse:
		return float64(6 - answer)
	}
	return float64(answer)
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// ScoreResponse returns the response's score on each factor, in the
// instrument's order. A factor is scored when at least half of its items
// (rounded up) were answered: the mean of those items' scores. An answer
// outside 1–5 or to an item the instrument lacks is an error.
func (in Instrument) ScoreResponse(r Response) ([]Score, error) {
	known := 0
	out := make([]Score, len(in.Factors))
	for i, f := range in.Factors {
		sum, lean, nLean, n := 0.0, 0.0, 0, 0
		for _, it := range f.Items {
			v, ok := r.Answers[it.Key]
			if !ok {
				continue
			}
			if v < 1 || v > 5 {
				return nil, fmt.Errorf("score response: item %s: the answer %d is not between 1 and 5", it.Key, v)
			}
			known++
			n++
			sum += ItemScore(it, v)
			if it.Kind == Bipolar {
				lean += float64(v)
				nLean++
			}
		}
		s := Score{Value: math.NaN(), Lean: math.NaN(), Answered: n}
		if n > 0 && 2*n >= len(f.Items) {
			s.Value = sum / float64(n)
			if nLean > 0 {
				s.Lean = lean / float64(nLean)
			}
		}
		out[i] = s
	}
	if known != len(r.Answers) {
		for key := range r.Answers {
			if !in.hasItem(key) {
				return nil, fmt.Errorf("score response: instrument %s has no item %s", in.Ref(), key)
			}
		}
	}
	return out, nil
}

func (in Instrument) hasItem(key string) bool {
	for _, f := range in.Factors {
		for _, it := range f.Items {
			if it.Key == key {
				return true
			}
		}
	}
	return false
}

// Confidence is the level of every interval this package computes.
const Confidence = 0.95

// Stat describes scores: their number, mean, sample standard deviation
// (n − 1 in the denominator) and the 95% confidence interval of the mean,
// mean ± t(0.975, n − 1) · SD / √n. Undefined figures are NaN: the mean
// with no scores, the SD and interval with fewer than two.
type Stat struct {
	N                int
	Mean, SD         float64
	Low, High        float64
	StandardError    float64
	DegreesOfFreedom float64
}

// Describe computes the Stat of the values, skipping NaNs.
func Describe(values []float64) Stat {
	s := Stat{Mean: math.NaN(), SD: math.NaN(), Low: math.NaN(), High: math.NaN(), StandardError: math.NaN(), DegreesOfFreedom: math.NaN()}
	sum := 0.0
	for _, v := range values {
		if !math.IsNaN(v) {
			s.N++
			sum += v
		}
	}
	if s.N == 0 {
		return s
	}
	s.Mean = sum / float64(s.N)
	if s.N < 2 {
		return s
	}
	ss := 0.0
	for _, v := range values {
		if !math.IsNaN(v) {
			ss += (v - s.Mean) * (v - s.Mean)
		}
	}
	n := float64(s.N)
	s.SD = math.Sqrt(ss / (n - 1))
	s.StandardError = s.SD / math.Sqrt(n)
	s.DegreesOfFreedom = n - 1
	half := StudentQuantile(1-(1-Confidence)/2, n-1) * s.StandardError
	s.Low, s.High = s.Mean-half, s.Mean+half
	return s
}

// hidden returns a Stat that keeps only the count: hidden results carry no
// figure that a page could show by mistake.
func hidden(n int) Stat {
	nan := math.NaN()
	return Stat{N: n, Mean: nan, SD: nan, Low: nan, High: nan, StandardError: nan, DegreesOfFreedom: nan}
}
