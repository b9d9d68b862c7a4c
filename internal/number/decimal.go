package number

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Decimal is an exact fixed-point number with six decimal places, stored
// as an int64 count of millionths. Scorecard values (counts, money, rates,
// scores) are kept exact in it so that sums across segments and periods
// never drift; ±9.2 trillion is far beyond any alliance's figures.
type Decimal int64

// DecimalScale is the number of millionths in one.
const DecimalScale = 1_000_000

// ParseDecimal reads a plain decimal number ("1234.5", "-0.25", "12").
// Thousands separators, exponents and more than six decimals are refused
// with a message that says why, so that an import never guesses.
func ParseDecimal(s string) (Decimal, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("is empty")
	}
	neg := false
	switch s[0] {
	case '-':
		neg, s = true, s[1:]
	case '+':
		s = s[1:]
	}
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" && frac == "" || !digits(whole) || !digits(frac) || hasDot && frac == "" && whole == "" {
		return 0, fmt.Errorf("%q is not a number (use digits with an optional decimal point and no thousands separators)", s)
	}
	if len(frac) > 6 {
		return 0, fmt.Errorf("%q has more than 6 decimal places", s)
	}
	if whole == "" {
		whole = "0"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > math.MaxInt64/DecimalScale-1 {
		return 0, fmt.Errorf("%q is too large", s)
	}
	f := int64(0)
	if frac != "" {
		f, _ = strconv.ParseInt(frac+strings.Repeat("0", 6-len(frac)), 10, 64)
	}
	v := w*DecimalScale + f
	if neg {
		v = -v
	}
	return Decimal(v), nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// DecimalFromInt returns n as a Decimal.
func DecimalFromInt(n int64) Decimal { return Decimal(n * DecimalScale) }

// String formats the number without trailing zeros ("12.5", "-3", "0.000001").
func (d Decimal) String() string {
	v := int64(d)
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	w, f := v/DecimalScale, v%DecimalScale
	if f == 0 {
		return sign + strconv.FormatInt(w, 10)
	}
	fs := strings.TrimRight(fmt.Sprintf("%06d", f), "0")
	return sign + strconv.FormatInt(w, 10) + "." + fs
}

// Float returns the nearest float64, for charts and statistics only.
func (d Decimal) Float() float64 { return float64(d) / DecimalScale }

// Ratio returns num/den as an exact rational, or nil when den is zero.
func Ratio(num, den Decimal) *big.Rat {
	if den == 0 {
		return nil
	}
	return big.NewRat(int64(num), int64(den))
}

// MarshalText writes the decimal form, so JSON carries "12.5" exactly.
func (d Decimal) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads the decimal form.
func (d *Decimal) UnmarshalText(b []byte) error {
	v, err := ParseDecimal(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// UnmarshalJSON reads a JSON number or string exactly, without passing
// through float64; a string is read as the text it holds (its escapes
// decoded), as Money and Rate read theirs. A bad value is reported as a
// JSON type error, so that the decoder names the field.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	v, err := unmarshalText(b, "number", ParseDecimal)
	if err == nil {
		*d = v
	}
	return err
}
