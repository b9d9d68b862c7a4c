package accord

import (
	"unicode"
	"unicode/utf8"
)

// CheckDisplayText checks a name, title, label or segment: one line of text
// shown to other people (the names of alliances, organisations, people,
// KPIs, committees, tokens and segments; the titles of meetings, motions,
// protocols and contracts). Beyond checkText's rules (UTF-8, no NUL, a
// length in characters) it refuses what would make the text look other
// than it is: control characters (a line break, an escape sequence for a
// terminal), bidirectional controls such as U+202E RIGHT-TO-LEFT OVERRIDE,
// which reorder what is shown ("report" U+202E "fdp.exe" reads as
// "reportexe.pdf"), and zero-width or invisible characters, which make two
// names that look the same differ ("North" U+200B "Valley"). Longer text
// (bodies, descriptions) may hold line breaks and is checked by checkText
// alone.
func CheckDisplayText(field, v string, required bool, max int) error {
	if err := checkText(field, v, required, max); err != nil {
		return err
	}
	if r, ok := hiddenRuneIn(v); ok {
		if unicode.IsControl(r) {
			return FieldError(field, "must be one line of text, without control characters")
		}
		return FieldError(field, "must not contain invisible or direction-changing characters (zero-width spaces, joiners or bidirectional overrides); retype it rather than pasting it")
	}
	return nil
}

// hiddenRuneIn returns the first character of s that CheckDisplayText
// refuses. ASCII, the bulk of names and segments, costs one comparison a
// byte, as imports check a segment on every row.
func hiddenRuneIn(s string) (rune, bool) {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return rune(c), true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if hiddenRune(r) {
			return r, true
		}
		i += size
	}
	return 0, false
}

// hiddenRune reports whether r is a control character, a bidirectional
// control (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM, ALM), or a
// zero-width or invisible character (zero-width space, non-joiner and
// joiner, word joiner, byte-order mark, Mongolian vowel separator, the
// invisible mathematical operators, the tag characters).
func hiddenRune(r rune) bool {
	switch {
	case unicode.IsControl(r), unicode.Is(unicode.Bidi_Control, r):
		return true
	case r == 0x200B, r == 0x200C, r == 0x200D, r == 0x2060, r == 0xFEFF, r == 0x180E:
		return true
	case r >= 0x2061 && r <= 0x2064, r >= 0xE0000 && r <= 0xE007F:
		return true
	}
	return false
}
