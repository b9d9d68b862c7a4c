package chart

import (
	"math"
	"strconv"
	"strings"

	"github.com/accord-alliance/accord/internal/number"
)

// Unit says how values are written in tick labels, tooltips and tables.
type Unit int

// The units a chart writes.
const (
	// Plain writes a number with thousands separators and Format.Suffix.
	Plain Unit = iota
	// Percent writes percentage points with a % sign: 87.5 is "87.5%".
	Percent
	// Currency writes Format.Symbol (default "$") before the amount.
	Currency
)

// Format says how a chart writes its values.
type Format struct {
	Unit Unit
	// Decimals is the number of digits after the point for values in
	// tooltips, labels and tables. Tick labels use as many as their step needs.
	Decimals int
	// Symbol is the currency symbol; "$" when empty.
	Symbol string
	// Suffix follows Plain values, e.g. " days" or " per 1,000".
	Suffix string
}

// Value writes v with f.Decimals digits after the point, or "–" when v is
// not a number.
func (f Format) Value(v float64) string { return f.write(v, f.Decimals) }

// tick writes a tick label: as many decimals as the tick step needs.
func (f Format) tick(v, step float64) string { return f.write(v, stepDecimals(step)) }

func (f Format) write(v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	decimals = max(0, min(decimals, 6))
	// Round half away from zero, as people do (12.25 is 12.3), before
	// FormatFloat, which rounds an exact half to even.
	p := math.Pow(10, float64(decimals))
	if r := math.Round(math.Abs(v)*p) / p; !math.IsInf(r, 0) {
		v = math.Copysign(r, v)
	}
	digits := number.Group(strconv.FormatFloat(math.Abs(v), 'f', decimals, 64))
	sign := ""
	if v < 0 && strings.Trim(digits, "0.,") != "" {
		sign = "−" // U+2212: the typographic minus lines up with the digits
	}
	switch f.Unit {
	case Percent:
		return sign + digits + "%"
	case Currency:
		sym := f.Symbol
		if sym == "" {
			sym = "$"
		}
		return sign + sym + digits
	}
	return sign + digits + f.Suffix
}

// stepDecimals is the number of decimals that writes every multiple of
// step exactly: 0 for 5 or 20, 1 for 0.5, 2 for 0.25.
func stepDecimals(step float64) int {
	if !(step > 0) || math.IsInf(step, 0) {
		return 0
	}
	for d := 0; d < 6; d++ {
		scaled := step * math.Pow(10, float64(d))
		if math.Abs(scaled-math.Round(scaled)) < 1e-6*math.Max(1, scaled) {
			return d
		}
	}
	return 6
}
