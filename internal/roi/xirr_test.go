package roi

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/number"
)

// TestIRRBracketsTheRoot draws many random sets of flows and checks that
// every rate r the solver returns lies within 1e-10 of a root (the NPV
// changes sign between r − 1e-10 and r + 1e-10, or is zero there), and that flows changing sign once, whose one rate lies in the
// range searched, always get an IRR.
func TestIRRBracketsTheRoot(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	var checked, once int
	for n := range 1000 {
		fl := make([]Flow, 2+rng.IntN(30))
		for i := range fl {
			fl[i] = Flow{Date: start.AddDate(0, 0, rng.IntN(365*(1+rng.IntN(8)))), Party: "P",
				Amount: number.Money(rng.Int64N(10_000_000_00) - 5_000_000_00)}
		}
		if n%2 == 0 { // invest first, then only receive: one change of sign
			fl[0].Date, fl[0].Amount = start.AddDate(0, 0, -1), -number.Money(rng.Int64N(1_000_000_00)+1)
			for i := 1; i < len(fl); i++ {
				fl[i].Amount = max(fl[i].Amount, -fl[i].Amount)
			}
		}
		s, err := newSchedule(fl)
		if err != nil {
			t.Fatal(err)
		}
		irr := s.irr()
		rates := irr.Rates
		if irr.OK {
			rates = []float64{irr.Rate}
		}
		if n%2 == 0 {
			once++
			inRange := s.scaled(math.Log1p(MinIRR)) > 0 && s.scaled(math.Log1p(MaxIRR)) < 0
			if !irr.OK && inRange {
				t.Errorf("set %d changes sign once: got no IRR (%s)", n, irr.Reason)
			}
		}
		for _, r := range rates {
			lo, hi := sign(s.scaled(math.Log1p(r-1e-10))), sign(s.scaled(math.Log1p(r+1e-10)))
			if lo != 0 && hi != 0 && lo == hi {
				t.Errorf("set %d: rate %v is not within 1e-10 of a root (NPV signs %d, %d)", n, r, lo, hi)
			}
			checked++
		}
	}
	t.Logf("checked %d rates", checked)
	if checked < 600 || once != 500 {
		t.Errorf("checked %d rates (%d sets changing sign once), want at least 600 (500)", checked, once)
	}
}
