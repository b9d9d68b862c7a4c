package claims

import (
	"errors"
	"fmt"
)

// parseCents reads an amount in dollars with at most two decimals
// ("123.45", "-12.5", "100") into cents, without allocating.
func parseCents(b []byte) (int64, error) {
	if len(b) == 0 {
		return 0, errors.New("empty amount")
	}
	neg := false
	switch b[0] {
	case '-':
		neg, b = true, b[1:]
	case '+':
		b = b[1:]
	}
	var whole, frac int64
	digits, places, dot := 0, 0, false
	for _, c := range b {
		switch {
		case c == '.' && !dot:
			dot = true
		case c >= '0' && c <= '9' && !dot:
			whole = whole*10 + int64(c-'0')
			digits++
		case c >= '0' && c <= '9':
			frac = frac*10 + int64(c-'0')
			places++
		default:
			return 0, fmt.Errorf("invalid amount %q", b)
		}
		if digits > 10 {
			return 0, fmt.Errorf("amount %q is over ten billion dollars", b)
		}
	}
	switch {
	case digits == 0 && places == 0:
		return 0, fmt.Errorf("invalid amount %q", b)
	case places > 2:
		return 0, fmt.Errorf("amount %q has more than two decimals", b)
	case places == 1:
		frac *= 10
	}
	c := whole*100 + frac
	if neg {
		c = -c
	}
	return c, nil
}

// parseMonth reads the month of a date written YYYY-MM-DD, YYYYMMDD or
// YYYY-MM. The day, when given, must exist in its month: 2024-02-30 or
// 2024-08-00 is a mistake, not a date in February or August.
func parseMonth(b []byte) (Month, error) {
	y, m, d := -1, -1, 1
	switch {
	case len(b) == 10 && b[4] == '-' && b[7] == '-':
		y, m, d = num(b[0:4]), num(b[5:7]), num(b[8:10])
	case len(b) == 8:
		y, m, d = num(b[0:4]), num(b[4:6]), num(b[6:8])
	case len(b) == 7 && b[4] == '-':
		y, m = num(b[0:4]), num(b[5:7])
	}
	if y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 {
		return 0, fmt.Errorf("invalid date %q: want YYYY-MM-DD", b)
	}
	if d > daysIn(y, m) {
		return 0, fmt.Errorf("invalid date %q: %04d-%02d has %d days", b, y, m, daysIn(y, m))
	}
	return Month(y*12 + m - 1), nil
}

// daysIn is the number of days in month m of year y (Gregorian).
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func digitsOnly(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// num parses a short run of digits; -1 if any is not a digit.
func num(b []byte) int {
	if !digitsOnly(b) {
		return -1
	}
	n := 0
	for _, c := range b {
		n = n*10 + int(c-'0')
	}
	return n
}
