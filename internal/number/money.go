package number

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// Money is an amount in integer cents. In JSON it is a number with two
// decimals in dollars (1234.56); input may also be a string ("1234.56") and
// must not carry more than two decimals, so nothing is silently rounded.
type Money int64

// Dollars returns d whole dollars.
func Dollars(d int64) Money { return Money(d * 100) }

// ParseMoney reads an amount in dollars with at most two decimals, such as
// "966116777", "-12.5" or "0.07".
func ParseMoney(s string) (Money, error) {
	t := strings.TrimSpace(s)
	neg := strings.HasPrefix(t, "-")
	if neg || strings.HasPrefix(t, "+") {
		t = t[1:] // one sign: "-+5" is a typing error, not -5
	}
	whole, frac, hasDot := strings.Cut(t, ".")
	if whole == "" || !allDigits(whole) || (hasDot && (frac == "" || !allDigits(frac))) {
		return 0, fmt.Errorf("invalid amount %q: want dollars such as 1234.56", s)
	}
	if len(frac) > 2 {
		return 0, fmt.Errorf("invalid amount %q: more than two decimals", s)
	}
	frac += strings.Repeat("0", 2-len(frac))
	if len(whole) > 15 {
		return 0, fmt.Errorf("invalid amount %q: too large", s)
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt(frac, 10, 64)
	c := w*100 + f
	if neg {
		c = -c
	}
	return Money(c), nil
}

// allDigits reports whether s is one or more ASCII digits.
func allDigits(s string) bool { return s != "" && digits(s) }

// String returns the amount in dollars with two decimals, e.g. "-1234.50".
func (m Money) String() string {
	c := int64(m)
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}

// Display returns the amount with thousands separators, e.g. "-1,234.50".
func (m Money) Display() string { return Group(m.String()) }

// Currency returns the amount with a dollar sign and thousands separators,
// the sign first: "$1,234.50", "-$1,234.50". Pages turn the hyphen into a
// typographic minus with Minus.
func (m Money) Currency() string {
	if d, ok := strings.CutPrefix(m.Display(), "-"); ok {
		return "-$" + d
	}
	return "$" + m.Display()
}

// Rat returns the amount in cents as an exact rational.
func (m Money) Rat() *big.Rat { return new(big.Rat).SetInt64(int64(m)) }

// MarshalJSON writes the amount as a JSON number in dollars.
func (m Money) MarshalJSON() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalJSON reads a JSON number or string in dollars.
func (m *Money) UnmarshalJSON(b []byte) error {
	v, err := unmarshalText(b, "amount", ParseMoney)
	if err == nil {
		*m = v
	}
	return err
}

// MulRate returns m×r rounded to the cent with mode.
func (m Money) MulRate(r Rate, mode RoundingMode) Money {
	return Cents(new(big.Rat).Mul(m.Rat(), r.rat()), mode)
}

// RoundTo rounds m to a multiple of unit cents (1 for cents, 100 for whole
// dollars) with mode.
func (m Money) RoundTo(unit int64, mode RoundingMode) Money {
	q := roundRatToInt(big.NewRat(int64(m), unit), mode)
	return Money(q.Int64() * unit)
}

// RateOf returns m/base exactly; base must not be zero.
func RateOf(m, base Money) Rate { return Rate{big.NewRat(int64(m), int64(base))} }
