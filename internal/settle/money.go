package settle

import (
	"bytes"
	"encoding/json"
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
	t = strings.TrimPrefix(strings.TrimPrefix(t, "-"), "+")
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

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

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
func (m Money) Display() string {
	s := m.String()
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return sign + b.String() + "." + frac
}

// Rat returns the amount in cents as an exact rational.
func (m Money) Rat() *big.Rat { return new(big.Rat).SetInt64(int64(m)) }

// MarshalJSON writes the amount as a JSON number in dollars.
func (m Money) MarshalJSON() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalJSON reads a JSON number or string in dollars.
func (m *Money) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	var s string
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	} else {
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return badValue[Money](fmt.Sprintf("invalid amount %s: want a number or a string", b))
		}
		s = n.String()
	}
	v, err := ParseMoney(s)
	if err != nil {
		return badValue[Money](err.Error())
	}
	*m = v
	return nil
}

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

func (m RoundingMode) valid() bool { return m == HalfUp || m == HalfEven || m == Down }

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

// overflow is raised (as a panic, recovered by Settle) when an amount does
// not fit in int64 cents; validated inputs keep far away from it.
type overflow struct{ what string }

// centsOf rounds an exact number of cents to whole cents.
func centsOf(x *big.Rat, mode RoundingMode) Money {
	n := roundRatToInt(x, mode)
	if !n.IsInt64() {
		panic(overflow{x.FloatString(0) + " cents"})
	}
	return Money(n.Int64())
}

// MulRate returns m×r rounded to the cent with mode.
func (m Money) MulRate(r Rate, mode RoundingMode) Money {
	return centsOf(new(big.Rat).Mul(m.Rat(), r.rat()), mode)
}

// RoundTo rounds m to a multiple of unit cents (1 for cents, 100 for whole
// dollars) with mode.
func (m Money) RoundTo(unit int64, mode RoundingMode) Money {
	q := roundRatToInt(big.NewRat(int64(m), unit), mode)
	return Money(q.Int64() * unit)
}

// RateOf returns m/base exactly; base must not be zero.
func RateOf(m, base Money) Rate { return Rate{big.NewRat(int64(m), int64(base))} }

// addMoney adds amounts and panics with overflow if the sum leaves int64.
func addMoney(a, b Money) Money {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		panic(overflow{"sum of " + a.String() + " and " + b.String()})
	}
	return s
}

// mulCount returns m×n (for PMPM × member months) with overflow checking.
func mulCount(m Money, n int64) Money {
	p := new(big.Int).Mul(big.NewInt(int64(m)), big.NewInt(n))
	if !p.IsInt64() {
		panic(overflow{m.String() + " × " + strconv.FormatInt(n, 10)})
	}
	return Money(p.Int64())
}
