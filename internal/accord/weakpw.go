package accord

import (
	_ "embed"
	"strings"
	"unicode"
)

// commonPasswords is the list of well-known passwords and the words they
// are made of, shipped in the binary (common_passwords.txt).
//
//go:embed common_passwords.txt
var commonPasswords string

// weakRest is the most that may be left of a password, once a well-known
// word and the digits around it are taken away, for it to count as that
// word dressed up: "Password2024!", "mypassword", "iloveyou-123".
const weakRest = 4

// minTerm is the shortest personal term (a part of a name or an e-mail
// address) looked for in a password; shorter ones are too often chance.
const minTerm = 4

// guessable reports whether p is well known or easily guessed: a run or a
// repetition ("123456789012", "abcabcabcabc"), or, read in lower case
// without punctuation (and once more with look-alike digits and symbols
// read as letters: "P@ssw0rd"), one of the common passwords, the word
// accord or one of the personal terms with at most weakRest letters or
// digits left once it and the digits at the ends are taken away.
func guessable(p string, personal []string) bool {
	lower := strings.ToLower(p)
	plain := alnum(lower)
	if repetitive(plain) || sequential(plain) {
		return true
	}
	candidates := []string{plain, alnum(unleet(strings.TrimFunc(lower, notLetter)))}
	terms := append(personalTerms(personal), "accord")
	for _, c := range candidates {
		for _, t := range terms {
			if builtOn(c, t) {
				return true
			}
		}
		for line := range strings.Lines(commonPasswords) {
			if t := strings.TrimSpace(line); t != "" && t[0] != '#' && builtOn(c, t) {
				return true
			}
		}
	}
	return false
}

// builtOn reports whether little but the term is left of s without it.
func builtOn(s, term string) bool {
	if !strings.Contains(s, term) {
		return false
	}
	rest := strings.Trim(strings.ReplaceAll(s, term, ""), "0123456789")
	return len(rest) <= weakRest
}

// personalTerms splits names and e-mail addresses into the parts worth
// looking for, each at least minTerm long: "ada.lovelace@plan.example"
// gives "adalovelace", "lovelace", "plan" and "example".
func personalTerms(personal []string) []string {
	var out []string
	for _, s := range personal {
		s = strings.ToLower(s)
		local, _, _ := strings.Cut(s, "@")
		if t := alnum(local); len(t) >= minTerm {
			out = append(out, t)
		}
		for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if len(f) >= minTerm {
				out = append(out, f)
			}
		}
	}
	return out
}

// alnum keeps only letters and digits.
func alnum(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

func notLetter(r rune) bool { return !unicode.IsLetter(r) }

// unleet reads digits and symbols that stand in for letters as the letters.
func unleet(s string) string {
	return strings.NewReplacer("0", "o", "1", "i", "3", "e", "4", "a", "5", "s", "7", "t", "8", "b", "@", "a", "$", "s", "!", "i").Replace(s)
}

// repetitive reports whether s is one short block (up to 6 characters)
// said over and over: "aaaaaaaaaaaa", "198419841984".
func repetitive(s string) bool {
	for k := 1; k <= 6 && 2*k <= len(s); k++ {
		if strings.HasPrefix(strings.Repeat(s[:k], len(s)/k+1), s) {
			return true
		}
	}
	return false
}

// sequential reports whether s runs up or down one character at a time,
// digits wrapping around: "123456789012", "zyxwvutsrqpo".
func sequential(s string) bool {
	if len(s) < 3 {
		return false
	}
	for _, step := range []int{1, -1} {
		run := true
		for i := 1; i < len(s) && run; i++ {
			run = next(s[i-1], step) == s[i]
		}
		if run {
			return true
		}
	}
	return false
}

// next is the character step after c, digits wrapping 9 to 0.
func next(c byte, step int) byte {
	n := int(c) + step
	if c >= '0' && c <= '9' {
		n = '0' + (int(c-'0')+step+10)%10
	}
	return byte(n)
}
