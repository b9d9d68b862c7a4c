// Package textdiff compares two texts line by line: a longest-common-
// subsequence diff, with the unchanged stretches between changes shortened
// to a few lines of context, as people read contract amendments. The
// subsequence is found by Myers' algorithm in linear space (myers.go), so a
// diff of two long contract texts needs memory in proportion to their
// length, not to the product of their lengths.
package textdiff

import (
	"strconv"
	"strings"
)

// Op says what happened to a line.
type Op byte

// The operations of a diff line.
const (
	Same   Op = ' '
	Insert Op = '+'
	Delete Op = '-'
	// Skip stands for unchanged lines left out of a compacted diff; its
	// Text says how many.
	Skip Op = '~'
)

// Line is one line of a diff. OldN and NewN are its 1-based line numbers in
// the old and new text (0 where it has none).
type Line struct {
	Op         Op
	Text       string
	OldN, NewN int
}

// Lines splits a text into lines, ignoring one final newline and treating
// CRLF as LF.
func Lines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// Diff returns the line diff turning a into b: every line of both, in order,
// marked Same, Delete or Insert. Deletions come before insertions in each
// changed stretch.
func Diff(a, b string) []Line {
	x, y := Lines(a), Lines(b)
	out := make([]Line, 0, len(x)+len(y))
	i, j := 0, 0
	changes := func(toI, toJ int) {
		for ; i < toI; i++ {
			out = append(out, Line{Op: Delete, Text: x[i], OldN: i + 1})
		}
		for ; j < toJ; j++ {
			out = append(out, Line{Op: Insert, Text: y[j], NewN: j + 1})
		}
	}
	for _, m := range matches(x, y) {
		changes(m.i, m.j)
		out = append(out, Line{Op: Same, Text: x[i], OldN: i + 1, NewN: j + 1})
		i, j = i+1, j+1
	}
	changes(len(x), len(y))
	return out
}

// Changed reports whether the diff has any insertion or deletion.
func Changed(d []Line) bool {
	for _, l := range d {
		if l.Op == Insert || l.Op == Delete {
			return true
		}
	}
	return false
}

// Compact keeps context unchanged lines around each change and replaces
// each longer unchanged stretch by one Skip line whose Text counts the lines
// left out.
func Compact(d []Line, context int) []Line {
	keep := make([]bool, len(d))
	for i, l := range d {
		if l.Op == Same {
			continue
		}
		for k := max(0, i-context); k <= min(len(d)-1, i+context); k++ {
			keep[k] = true
		}
	}
	var out []Line
	for i := 0; i < len(d); {
		if keep[i] {
			out = append(out, d[i])
			i++
			continue
		}
		j := i
		for j < len(d) && !keep[j] {
			j++
		}
		out = append(out, Line{Op: Skip, Text: skipped(j - i)})
		i = j
	}
	return out
}

func skipped(n int) string {
	if n == 1 {
		return "1 unchanged line"
	}
	return strconv.Itoa(n) + " unchanged lines"
}
