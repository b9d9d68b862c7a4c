package views

import (
	"strings"
	"unicode/utf8"
)

// concernTitleLen is how much of a concern's first line names it in lists.
const concernTitleLen = 80

// ConcernTitle names a concern in the reporter's own words: the first line
// of what they wrote, cut at a word near 80 characters. The category is a
// label beside it, not the title, since every concern of a kind would
// otherwise look alike.
func ConcernTitle(body string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(body), "\n")
	line = strings.TrimSpace(line)
	if utf8.RuneCountInString(line) <= concernTitleLen {
		return line
	}
	cut := string([]rune(line)[:concernTitleLen])
	if i := strings.LastIndexByte(cut, ' '); i > concernTitleLen/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + "…"
}
