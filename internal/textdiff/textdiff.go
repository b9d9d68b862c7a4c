// Package textdiff compares two texts line by line: a longest-common-
// subsequence diff, with the unchanged stretches between changes shortened
// to a few lines of context, as people read contract amendments.
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
	// Common prefix and suffix first: amendments usually change a little of
	// a long text, and the quadratic table then covers only the middle.
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	out := make([]Line, 0, len(x)+len(y))
	for i := 0; i < pre; i++ {
		out = append(out, Line{Op: Same, Text: x[i], OldN: i + 1, NewN: i + 1})
	}
	out = appendMiddle(out, x[pre:len(x)-suf], y[pre:len(y)-suf], pre, pre)
	for i := 0; i < suf; i++ {
		oi, ni := len(x)-suf+i, len(y)-suf+i
		out = append(out, Line{Op: Same, Text: x[oi], OldN: oi + 1, NewN: ni + 1})
	}
	return out
}

// appendMiddle diffs x and y with the LCS table; off0 and off1 are their
// offsets in the whole texts, for line numbers.
func appendMiddle(out []Line, x, y []string, off0, off1 int) []Line {
	n, m := len(x), len(y)
	// lcs[i][j] is the LCS length of x[i:] and y[j:].
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	var ins []Line
	flush := func() { out = append(out, ins...); ins = ins[:0] }
	for i < n || j < m {
		switch {
		case i < n && j < m && x[i] == y[j]:
			flush()
			out = append(out, Line{Op: Same, Text: x[i], OldN: off0 + i + 1, NewN: off1 + j + 1})
			i, j = i+1, j+1
		case j < m && (i == n || lcs[i][j+1] > lcs[i+1][j]):
			ins = append(ins, Line{Op: Insert, Text: y[j], NewN: off1 + j + 1})
			j++
		default:
			out = append(out, Line{Op: Delete, Text: x[i], OldN: off0 + i + 1})
			i++
		}
	}
	flush()
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
