package accord

import "fmt"

// sscanQuarter reads "YYYY-Qn" (or "YYYY-qn"): four digits of year and one
// of quarter, nothing else. It returns how many numbers it read (2), as
// fmt.Sscanf would, which it replaced: Sscanf also took "-123-Q1" (year
// −123) and "1 23-Q1" (year 1, quarter 2).
func sscanQuarter(s string, y, q *int) (int, error) {
	if len(s) != 7 || s[4] != '-' || (s[5] != 'Q' && s[5] != 'q') || !allDigits(s[:4]) || !allDigits(s[6:]) {
		return 0, fmt.Errorf("not a quarter")
	}
	*y, *q = atoi(s[:4]), atoi(s[6:])
	return 2, nil
}

// sscanWeek reads "YYYY-Www" (or "YYYY-www"), four digits of year and two
// of week, as sscanQuarter reads a quarter.
func sscanWeek(s string, y, w *int) (int, error) {
	if len(s) != 8 || s[4] != '-' || (s[5] != 'W' && s[5] != 'w') || !allDigits(s[:4]) || !allDigits(s[6:]) {
		return 0, fmt.Errorf("not a week")
	}
	*y, *w = atoi(s[:4]), atoi(s[6:])
	return 2, nil
}

// allDigits reports whether s is one or more ASCII digits.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// atoi reads a short run of ASCII digits that allDigits accepted.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
