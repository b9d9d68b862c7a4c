package ui

// csvText makes a text cell of a CSV export safe to open in a spreadsheet:
// a cell that starts with =, +, -, @, a tab or a carriage return would be
// read as a formula (which can fetch addresses or run commands), so it is
// prefixed with an apostrophe, which spreadsheets show as text. Only text
// cells go through it: numbers stay numbers, "-3.5" included. The import
// reads such a cell back without its apostrophe (internal/importcsv).
func csvText(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
