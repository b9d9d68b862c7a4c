package views

// FirstOf returns the first of ss that is not empty.
func FirstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
