package number

import (
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"strings"
)

// Rate is an exact rational number used for every rate, share and fraction
// in a settlement (savings rates, sharing rates, quality scores). It never
// passes through float64, so a savings rate compared with a minimum savings
// rate gives the same answer on every machine and every year.
//
// The zero value is 0. A Rate is immutable: every operation returns a new one.
// In JSON a Rate is a string: an exact decimal ("0.0386", "3.86%") or, when
// the value has no finite decimal expansion, a fraction ("1543/49950").
// Plain JSON numbers are also accepted on input and read exactly.
type Rate struct{ r *big.Rat }

var ratZero = new(big.Rat)

// NewRate returns num/den. It panics if den is zero, as big.NewRat does.
func NewRate(num, den int64) Rate { return Rate{big.NewRat(num, den)} }

// RateFromRat returns a Rate holding a copy of r.
func RateFromRat(r *big.Rat) Rate { return Rate{new(big.Rat).Set(r)} }

// MustRate parses s with ParseRate and panics on error; for built-in terms
// and tests, where the text is a constant.
func MustRate(s string) Rate {
	r, err := ParseRate(s)
	if err != nil {
		panic(err)
	}
	return r
}

// The forms of a rate's text: a decimal with an optional exponent of at
// most three digits, or a fraction of two whole numbers written in decimal.
// big.Rat alone would also read "0x10", and "035/1000" as octal 29/1000.
var (
	rateDecimal  = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,3})?$`)
	rateFraction = regexp.MustCompile(`^[+-]?[0-9]+/[0-9]+$`)
)

// maxRateText bounds a rate's text: a rate is a short figure, and a long
// one costs big-number arithmetic on every use. The longest that String
// writes for the rates a settlement computes is far shorter.
const maxRateText = 4096

// ParseRate reads a decimal ("0.035", "-1.5e-2"), a percentage ("3.5%") or a
// fraction ("7/200") exactly. Digits are decimal: "035/1000" is 0.035.
func ParseRate(s string) (Rate, error) {
	t := strings.TrimSpace(s)
	pct := strings.HasSuffix(t, "%")
	if pct {
		t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	}
	if len(t) > maxRateText {
		return Rate{}, fmt.Errorf("invalid rate: %d characters is too long for a rate", len(t))
	}
	var r *big.Rat
	switch {
	case rateDecimal.MatchString(t):
		r, _ = new(big.Rat).SetString(t)
	case rateFraction.MatchString(t):
		numText, denText, _ := strings.Cut(t, "/")
		num, _ := new(big.Int).SetString(numText, 10)
		den, _ := new(big.Int).SetString(denText, 10)
		if den.Sign() != 0 {
			r = new(big.Rat).SetFrac(num, den)
		}
	}
	if r == nil {
		return Rate{}, fmt.Errorf("invalid rate %q", s)
	}
	if pct {
		r.Quo(r, big.NewRat(100, 1))
	}
	return Rate{r}, nil
}

func (a Rate) rat() *big.Rat {
	if a.r == nil {
		return ratZero
	}
	return a.r
}

// Rat returns a copy of the exact value.
func (a Rate) Rat() *big.Rat { return new(big.Rat).Set(a.rat()) }

// Add returns a+b.
func (a Rate) Add(b Rate) Rate { return Rate{new(big.Rat).Add(a.rat(), b.rat())} }

// Sub returns a-b.
func (a Rate) Sub(b Rate) Rate { return Rate{new(big.Rat).Sub(a.rat(), b.rat())} }

// Mul returns a×b.
func (a Rate) Mul(b Rate) Rate { return Rate{new(big.Rat).Mul(a.rat(), b.rat())} }

// Neg returns −a.
func (a Rate) Neg() Rate { return Rate{new(big.Rat).Neg(a.rat())} }

// Cmp compares a and b and returns -1, 0 or +1.
func (a Rate) Cmp(b Rate) int { return a.rat().Cmp(b.rat()) }

// Sign returns -1, 0 or +1.
func (a Rate) Sign() int { return a.rat().Sign() }

// IsZero reports whether a is 0.
func (a Rate) IsZero() bool { return a.Sign() == 0 }

// Min returns the smaller of a and b.
func (a Rate) Min(b Rate) Rate {
	if a.Cmp(b) <= 0 {
		return a
	}
	return b
}

// Max returns the larger of a and b.
func (a Rate) Max(b Rate) Rate {
	if a.Cmp(b) >= 0 {
		return a
	}
	return b
}

// Clamp returns a limited to [lo, hi].
func (a Rate) Clamp(lo, hi Rate) Rate { return a.Max(lo).Min(hi) }

// terminating reports whether the denominator has no prime factor other
// than 2 and 5, and returns the number of decimal places needed.
func terminating(r *big.Rat) (int, bool) {
	d := new(big.Int).Set(r.Denom())
	two, five := 0, 0
	m := new(big.Int)
	for {
		q, rem := new(big.Int).QuoRem(d, big.NewInt(2), m)
		if rem.Sign() != 0 {
			break
		}
		d, two = q, two+1
	}
	for {
		q, rem := new(big.Int).QuoRem(d, big.NewInt(5), m)
		if rem.Sign() != 0 {
			break
		}
		d, five = q, five+1
	}
	return max(two, five), d.Cmp(big.NewInt(1)) == 0
}

// String returns the exact value: a decimal when it terminates, otherwise
// a fraction "p/q".
func (a Rate) String() string {
	r := a.rat()
	if places, ok := terminating(r); ok {
		s := r.FloatString(places)
		if strings.Contains(s, ".") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
		return s
	}
	return r.String()
}

// Percent formats a as a percentage rounded half away from zero to the given
// number of decimal places, e.g. "3.0861%"; for display only.
func (a Rate) Percent(places int) string {
	p := new(big.Rat).Mul(a.rat(), big.NewRat(100, 1))
	return roundedDecimal(p, places) + "%"
}

// PercentUpTo formats a as a percentage rounded half away from zero to at
// most places decimals, trailing zeros dropped: "3.0861%", "3.5%", "50%";
// for display only.
func (a Rate) PercentUpTo(places int) string {
	p := strings.TrimSuffix(a.Percent(places), "%")
	if strings.Contains(p, ".") {
		p = strings.TrimRight(strings.TrimRight(p, "0"), ".")
	}
	return p + "%"
}

// Decimal formats a rounded half away from zero to places decimals; for
// display only.
func (a Rate) Decimal(places int) string { return roundedDecimal(a.rat(), places) }

func roundedDecimal(r *big.Rat, places int) string {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	x := new(big.Rat).Mul(r, new(big.Rat).SetInt(scale))
	n := roundRatToInt(x, HalfUp)
	q := new(big.Rat).SetFrac(n, scale)
	return q.FloatString(places)
}

// MarshalJSON writes the exact value as a JSON string.
func (a Rate) MarshalJSON() ([]byte, error) { return json.Marshal(a.String()) }

// UnmarshalJSON reads a JSON string or number exactly.
func (a *Rate) UnmarshalJSON(b []byte) error {
	v, err := unmarshalText(b, "rate", ParseRate)
	if err == nil {
		*a = v
	}
	return err
}
