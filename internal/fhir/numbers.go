package fhir

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/accord-alliance/accord/internal/number"
)

// parseCount reads a population count: FHIR's integer, a JSON number with
// neither fraction nor exponent, and never negative.
func parseCount(raw json.RawMessage) (number.Decimal, error) {
	s, err := numberText(raw)
	if err != nil {
		return 0, err
	}
	if strings.HasPrefix(s, "-") {
		return 0, fmt.Errorf("%s is negative; a count is 0 or more", s)
	}
	if strings.ContainsAny(s, ".eE") {
		return 0, fmt.Errorf("%s is not a whole number; a count is an integer", s)
	}
	d, err := number.ParseDecimal(s)
	if err != nil {
		return 0, fmt.Errorf("%s is too large", s)
	}
	return d, nil
}

// parseNumber reads a FHIR decimal exactly, exponent form included.
// Trailing zeros after the point carry no value, so "0.7500000" is 0.75;
// any other digit beyond the sixth decimal place is refused rather than
// rounded, so that an import never changes a figure.
func parseNumber(raw json.RawMessage) (number.Decimal, error) {
	s, err := numberText(raw)
	if err != nil {
		return 0, err
	}
	plain, err := expandExponent(s)
	if err != nil {
		return 0, err
	}
	if whole, frac, ok := strings.Cut(plain, "."); ok {
		frac = strings.TrimRight(frac, "0")
		if len(frac) > 6 {
			return 0, fmt.Errorf("%s has more than 6 decimal places; accord keeps figures exact to 0.000001", s)
		}
		plain = whole
		if frac != "" {
			plain += "." + frac
		}
	}
	d, err := number.ParseDecimal(plain)
	if err != nil {
		return 0, fmt.Errorf("%s is too large", s)
	}
	return d, nil
}

// numberText returns the literal of a JSON number, refusing the other JSON
// types (FHIR writes numbers unquoted).
func numberText(raw json.RawMessage) (string, error) {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 || string(t) == "null" {
		return "", errors.New("is missing")
	}
	switch c := t[0]; {
	case c == '"':
		return "", fmt.Errorf("must be a JSON number, not the string %s", t)
	case c != '-' && (c < '0' || c > '9'):
		return "", fmt.Errorf("must be a number, not a JSON %s", jsonType(t))
	}
	return string(t), nil
}

// expandExponent rewrites a JSON number in exponent form ("1.5e-3") as a
// plain decimal ("0.0015"), exactly.
func expandExponent(s string) (string, error) {
	i := strings.IndexAny(s, "eE")
	if i < 0 {
		return s, nil
	}
	mant := s[:i]
	exp, err := strconv.Atoi(strings.TrimPrefix(s[i+1:], "+"))
	if err != nil || exp > 30 || exp < -30 {
		return "", fmt.Errorf("%s is out of range", s)
	}
	sign := ""
	if strings.HasPrefix(mant, "-") {
		sign, mant = "-", mant[1:]
	}
	whole, frac, _ := strings.Cut(mant, ".")
	digits := whole + frac
	point := len(whole) + exp
	if point <= 0 {
		digits = strings.Repeat("0", 1-point) + digits
		point = 1
	}
	if point > len(digits) {
		digits += strings.Repeat("0", point-len(digits))
	}
	out := digits[:point]
	if point < len(digits) {
		out += "." + digits[point:]
	}
	return sign + out, nil
}

// scaleScore converts a measureScore into the KPI's unit (see
// Target.Scale): a unitless proportion is multiplied by scale, a percent
// is multiplied by scale/100, and nothing else can be converted.
func scaleScore(v number.Decimal, q *quantity, scale int64) (number.Decimal, error) {
	if scale <= 1 {
		return v, nil
	}
	unit := q.Code
	if unit == "" {
		unit = q.Unit
	}
	div := int64(1)
	switch unit {
	case "", "1":
	case "%":
		div = 100
	default:
		return 0, fmt.Errorf("unit %q cannot be converted for a KPI scaled by %d (want a unitless proportion or %%)", unit, scale)
	}
	if v != 0 && (int64(v) > math.MaxInt64/scale || int64(v) < -math.MaxInt64/scale) {
		return 0, fmt.Errorf("%s is too large", v)
	}
	p := int64(v) * scale
	if p%div != 0 {
		return 0, fmt.Errorf("%s%% scaled by %d has more than 6 decimal places", v, scale)
	}
	return number.Decimal(p / div), nil
}

// typeProblem turns a decoding error of a resource into a problem naming
// the field (encoding/json gives the path without indices).
func typeProblem(err error) problem {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return problemf(te.Field, "%s is a JSON %s but must be %s", te.Field, te.Value, fhirType(te.Type.String()))
	}
	return problemf("", "the resource cannot be read: %s", err.Error())
}

func fhirType(goType string) string {
	switch {
	case strings.HasPrefix(goType, "[]"):
		return "an array"
	case goType == "string":
		return "a string"
	case goType == "json.RawMessage":
		return "a value"
	}
	return "an object"
}
