package number

import "math/big"

// RoundingMode says how an exact amount becomes whole cents or dollars.
type RoundingMode string

// The rounding modes. HalfUp rounds ties away from zero (CMS's published
// figures are consistent with it); HalfEven rounds ties to the even
// neighbour; Down truncates toward zero.
const (
	HalfUp   RoundingMode = "half_up"
	HalfEven RoundingMode = "half_even"
	Down     RoundingMode = "down"
)

// Valid reports whether m is one of the rounding modes.
func (m RoundingMode) Valid() bool { return m == HalfUp || m == HalfEven || m == Down }

// roundRatToInt rounds x to an integer with the given mode.
func roundRatToInt(x *big.Rat, mode RoundingMode) *big.Int {
	num, den := new(big.Int).Abs(x.Num()), x.Denom()
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	twice := new(big.Int).Lsh(r, 1)
	switch mode {
	case Down:
	case HalfEven:
		if c := twice.Cmp(den); c > 0 || (c == 0 && q.Bit(0) == 1) {
			q.Add(q, big.NewInt(1))
		}
	default:
		if twice.Cmp(den) >= 0 {
			q.Add(q, big.NewInt(1))
		}
	}
	if x.Sign() < 0 {
		q.Neg(q)
	}
	return q
}

// Overflow is raised as a panic when an amount does not fit in int64 cents;
// validated inputs keep far away from it, and the settlement engine recovers
// it into an error. What says which amount.
type Overflow struct{ What string }

// Cents rounds an exact number of cents to whole cents with mode; it panics
// with Overflow when the result does not fit.
func Cents(x *big.Rat, mode RoundingMode) Money {
	n := roundRatToInt(x, mode)
	if !n.IsInt64() {
		panic(Overflow{x.FloatString(0) + " cents"})
	}
	return Money(n.Int64())
}
