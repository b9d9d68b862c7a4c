package initiative

import (
	"fmt"
	"math/big"
	"time"

	"github.com/accord-alliance/accord/internal/number"
)

// byDate evaluates a "by DATE" condition on the readings that count
// (sorted, at least one).
func (c Condition) byDate(rs []Reading, today time.Time) Evaluation {
	last := rs[len(rs)-1]
	final := c.final()
	at := fmt.Sprintf("%s in %s", last.Value, c.period(last.Period))
	if c.Compare.Holds(last.Value, c.Threshold) {
		return Evaluation{Met, fmt.Sprintf("%s: met, %s", c.what(), at)}
	}
	passed := today.After(dateOnly(c.By))
	if passed && last.Period.Equal(final) {
		return Evaluation{Missed, fmt.Sprintf("%s by %s: missed, %s", c.what(), c.By.Format(time.DateOnly), at)}
	}
	if passed {
		return Evaluation{AtRisk, fmt.Sprintf("%s by %s: the date has passed and the figure for %s is not in yet; latest %s",
			c.what(), c.By.Format(time.DateOnly), c.period(final), at)}
	}
	if n := len(rs); n >= 2 && c.Compare.worse(last.Value, rs[n-2].Value) {
		return Evaluation{AtRisk, fmt.Sprintf("%s by %s: at risk, %s moved away from it (%s in %s)",
			c.what(), c.By.Format(time.DateOnly), at, rs[n-2].Value, c.period(rs[n-2].Period))}
	}
	k := c.TrendPeriods
	if k == 0 {
		k = DefaultTrendPeriods
	}
	if p, ok := project(rs[max(0, len(rs)-k):], final); ok && !c.Compare.holdsRat(p, c.Threshold) {
		return Evaluation{AtRisk, fmt.Sprintf("%s by %s: at risk, the trend of the last %d periods reaches %s in %s; latest %s",
			c.what(), c.By.Format(time.DateOnly), min(k, len(rs)), ratString(p), c.period(final), at)}
	}
	return Evaluation{OnTrack, fmt.Sprintf("%s by %s: on track, latest %s", c.what(), c.By.Format(time.DateOnly), at)}
}

// project fits a least-squares line through the readings (value against
// the day their period starts) and returns its value on the day at, exactly.
// It needs two readings of different periods.
func project(rs []Reading, at time.Time) (*big.Rat, bool) {
	if len(rs) < 2 {
		return nil, false
	}
	origin := dayOf(rs[0].Period)
	n := big.NewRat(int64(len(rs)), 1)
	var sx, sy, sxy, sxx big.Rat
	for _, r := range rs {
		x := big.NewRat(int64(dayOf(r.Period)-origin), 1)
		y := decimalRat(r.Value)
		sx.Add(&sx, x)
		sy.Add(&sy, y)
		sxy.Add(&sxy, new(big.Rat).Mul(x, y))
		sxx.Add(&sxx, new(big.Rat).Mul(x, x))
	}
	// slope = (n·Σxy − Σx·Σy) / (n·Σxx − Σx²)
	num := new(big.Rat).Sub(new(big.Rat).Mul(n, &sxy), new(big.Rat).Mul(&sx, &sy))
	den := new(big.Rat).Sub(new(big.Rat).Mul(n, &sxx), new(big.Rat).Mul(&sx, &sx))
	if den.Sign() == 0 {
		return nil, false
	}
	slope := num.Quo(num, den)
	// value at x = ȳ + slope·(x − x̄)
	meanX := new(big.Rat).Quo(&sx, n)
	meanY := new(big.Rat).Quo(&sy, n)
	x := big.NewRat(int64(dayOf(at)-origin), 1)
	return meanY.Add(meanY, slope.Mul(slope, x.Sub(x, meanX))), true
}

// decimalRat returns d as an exact rational.
func decimalRat(d number.Decimal) *big.Rat { return big.NewRat(int64(d), number.DecimalScale) }

// holdsRat is Holds for an exact rational value.
func (c Comparison) holdsRat(v *big.Rat, threshold number.Decimal) bool {
	cmp := v.Cmp(decimalRat(threshold))
	switch c {
	case AtMost:
		return cmp <= 0
	case AtLeast:
		return cmp >= 0
	case Below:
		return cmp < 0
	case Above:
		return cmp > 0
	}
	return false
}

// ratString writes a projected value with at most two decimals.
func ratString(v *big.Rat) string {
	s := v.FloatString(2)
	for len(s) > 1 && s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	if s == "-0" {
		s = "0"
	}
	return s
}
