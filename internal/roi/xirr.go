package roi

import (
	"fmt"
	"math"
	"strings"

	"github.com/accord-alliance/accord/internal/number"
)

// MinIRR and MaxIRR bound the rates searched for an IRR: from -99.9999%
// to 100,000% a year (Gnumeric's upper limit too). A rate outside makes no
// sense for a co-investment, and the search must end somewhere.
const (
	MinIRR = -0.999999
	MaxIRR = 1000.0
)

// gridSteps is how finely the searched rates are scanned, in steps of
// log(1+r) (about 0.005 each), when the flows change sign more than once.
const gridSteps = 4000

// tolerance is how close the solver gets to the IRR: it stops when a
// Newton step or the bracket around the root is below this in log(1+r),
// which keeps the rate within 1e-10 of the root for every rate searched.
const tolerance = 1e-14

// irr solves XNPV(r) = 0. It works on x = log(1+r), over which every rate
// above −1 is a real number, and evaluates the NPV scaled by a positive
// factor that keeps every term at most its amount (see scaled).
//
// By Descartes' rule of signs (which holds for sums of exponentials), the
// NPV has at most as many roots as the flows, taken in date order, change
// sign. With one change the NPV runs from one sign to the other over the
// whole range and has one root, bracketed by the ends of the range; with
// more, the range is scanned for changes of sign and each is solved.
func (s *schedule) irr() IRR {
	var in, out bool
	changes, prev := 0, 0
	for _, c := range s.cents {
		sg := sign(float64(c))
		if sg == 0 {
			continue
		}
		if prev != 0 && sg != prev {
			changes++
		}
		prev = sg
		in, out = in || sg > 0, out || sg < 0
	}
	switch {
	case !in && !out:
		return IRR{Reason: "every flow nets to zero, so every rate gives an NPV of zero"}
	case !out:
		return IRR{Reason: "no money goes out (net of each day's flows), so no rate makes the NPV zero"}
	case !in:
		return IRR{Reason: "no money comes back (net of each day's flows), so no rate makes the NPV zero"}
	}
	xlo, xhi := math.Log1p(MinIRR), math.Log1p(MaxIRR)
	var roots []float64
	if changes == 1 {
		glo, ghi := sign(s.scaled(xlo)), sign(s.scaled(xhi))
		if glo == ghi {
			// Below the root the NPV has the latest flows' sign (prev),
			// above it the earliest's.
			if ghi == prev {
				return IRR{Reason: "only a rate above " + percent(MaxIRR) + " a year would make the NPV zero"}
			}
			return IRR{Reason: "only a rate below " + percent(MinIRR) + " a year would make the NPV zero"}
		}
		roots = []float64{s.solve(xlo, xhi)}
	} else {
		roots = s.scan(xlo, xhi)
	}
	switch len(roots) {
	case 0:
		return IRR{Reason: "no rate between " + percent(MinIRR) + " and " + percent(MaxIRR) + " a year makes the NPV zero"}
	case 1:
		return IRR{Rate: math.Expm1(roots[0]), OK: true}
	}
	rates := make([]float64, len(roots))
	words := make([]string, len(roots))
	for i, x := range roots {
		rates[i] = math.Expm1(x)
		words[i] = percent(rates[i])
	}
	return IRR{Rates: rates, Reason: fmt.Sprintf(
		"%d rates make the NPV zero (%s a year): the flows change sign more than once, so the IRR is ambiguous; judge by the NPV",
		len(rates), strings.Join(words, ", "))}
}

// scaled returns the NPV at rate e^x − 1 times e^(x·c), a positive factor.
// c is 0 for x ≥ 0 and the latest flow's time for x < 0, so that no term's
// exponent is positive: the scaled NPV has the NPV's sign and roots and
// never overflows.
func (s *schedule) scaled(x float64) float64 {
	g, _ := s.scaledDeriv(x)
	return g
}

// scaledDeriv returns scaled(x) and its derivative in x.
func (s *schedule) scaledDeriv(x float64) (g, dg float64) {
	c := 0.0
	if x < 0 {
		c = s.years(len(s.days) - 1)
	}
	var sum, dsum neumaier
	for i, a := range s.cents {
		if a == 0 {
			continue
		}
		u := s.years(i) - c
		term := float64(a) * math.Exp(-x*u)
		sum.add(term)
		dsum.add(-u * term)
	}
	return sum.value(), dsum.value()
}

// scan looks for changes of sign of the NPV at gridSteps+1 points from xlo
// to xhi and returns the root within each, in increasing order. Two roots
// closer than a step, or a root where the NPV touches zero without
// crossing it, can be missed.
func (s *schedule) scan(xlo, xhi float64) []float64 {
	var roots []float64
	step := (xhi - xlo) / gridSteps
	a, ga := xlo, sign(s.scaled(xlo))
	if ga == 0 {
		roots = append(roots, xlo)
	}
	for i := 1; i <= gridSteps; i++ {
		b := xlo + float64(i)*step
		if i == gridSteps {
			b = xhi
		}
		gb := sign(s.scaled(b))
		switch {
		case gb == 0:
			roots = append(roots, b)
		case ga != 0 && gb != ga:
			roots = append(roots, s.solve(a, b))
		}
		a, ga = b, gb
	}
	return roots
}

// solve returns the root of the NPV between a and b (in log(1+r)), where
// the NPV changes sign: Newton's method from the spreadsheet's usual guess
// of 10% (or the middle of the bracket), falling back to bisection
// whenever a step would leave the bracket or does not halve it quickly
// enough.
func (s *schedule) solve(a, b float64) float64 {
	ga := sign(s.scaled(a))
	if ga == 0 {
		return a
	}
	if sign(s.scaled(b)) == 0 {
		return b
	}
	x := math.Log1p(0.1)
	if x <= a || x >= b {
		x = a + (b-a)/2
	}
	lastStep := b - a
	for range 400 {
		g, dg := s.scaledDeriv(x)
		sg := sign(g)
		if sg == 0 {
			return x
		}
		if sg == ga {
			a = x
		} else {
			b = x
		}
		if b-a <= tolerance {
			return a + (b-a)/2
		}
		step := g / dg
		nx := x - step
		if dg == 0 || math.IsNaN(nx) || nx <= a || nx >= b || math.Abs(step) > lastStep/2 {
			nx = a + (b-a)/2
		}
		lastStep = math.Abs(nx - x)
		x = nx
		if lastStep <= tolerance {
			return x
		}
	}
	return x
}

func sign(v float64) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// percent writes a rate as a percentage with up to four decimals and
// thousands separators.
func percent(r float64) string {
	s := strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.4f", r*100), "0"), ".")
	if s == "-0" {
		s = "0"
	}
	return number.Group(s) + "%"
}
