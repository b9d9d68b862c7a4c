package number

import (
	"strconv"
	"strings"
)

// Group puts a comma between each group of three digits of the whole part
// of a decimal number written in digits ("-1234567.891" is
// "-1,234,567.891"). A leading sign is kept as it is. It is the one place
// accord writes thousands separators: money, counts and chart labels all
// come through it.
func Group(s string) string {
	sign := ""
	if s != "" && (s[0] == '-' || s[0] == '+') {
		sign, s = s[:1], s[1:]
	} else if rest, ok := strings.CutPrefix(s, "−"); ok {
		sign, s = "−", rest
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	b.Grow(len(sign) + len(s) + len(whole)/3)
	b.WriteString(sign)
	lead := len(whole) % 3
	if lead == 0 && len(whole) > 0 {
		lead = 3
	}
	b.WriteString(whole[:lead])
	for i := lead; i < len(whole); i += 3 {
		b.WriteByte(',')
		b.WriteString(whole[i : i+3])
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// GroupInt writes n with thousands separators, e.g. "-1,234,567".
func GroupInt(n int64) string { return Group(strconv.FormatInt(n, 10)) }

// Minus replaces a leading hyphen-minus with the typographic minus sign
// U+2212, which lines up with the digits on pages ("−1,234").
func Minus(s string) string {
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		return "−" + rest
	}
	return s
}
