package accord

import "fmt"

func sscanQuarter(s string, y, q *int) (int, error) {
	if len(s) != 7 || s[4] != '-' || (s[5] != 'Q' && s[5] != 'q') {
		return 0, fmt.Errorf("not a quarter")
	}
	return fmt.Sscanf(s[:4]+" "+s[6:], "%4d %1d", y, q)
}

func sscanWeek(s string, y, w *int) (int, error) {
	if len(s) != 8 || s[4] != '-' || (s[5] != 'W' && s[5] != 'w') {
		return 0, fmt.Errorf("not a week")
	}
	return fmt.Sscanf(s[:4]+" "+s[6:], "%4d %2d", y, w)
}
