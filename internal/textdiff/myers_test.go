package textdiff

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
)

// lcsLen is the length of a longest common subsequence of x and y, by the
// quadratic table: the oracle for small inputs.
func lcsLen(x, y []string) int {
	prev, cur := make([]int, len(y)+1), make([]int, len(y)+1)
	for i := range x {
		for j := range y {
			if x[i] == y[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(y)]
}

// TestDiffIsMinimal checks, on many small random texts over a few distinct
// lines, that the diff keeps a longest common subsequence, reproduces both
// texts, and puts deletions before insertions in each changed stretch.
func TestDiffIsMinimal(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	text := func() string {
		var lines []string
		for range r.IntN(14) {
			lines = append(lines, string(rune('a'+r.IntN(4))))
		}
		return strings.Join(lines, "\n")
	}
	for range 3000 {
		a, b := text(), text()
		d := Diff(a, b)
		same, prev := 0, Same
		var old, nw []string
		for _, l := range d {
			if l.Op == Same {
				same++
			}
			if l.Op == Delete && prev == Insert {
				t.Fatalf("Diff(%q, %q): a deletion after an insertion: %q", a, b, render(d))
			}
			if l.Op != Insert {
				old = append(old, l.Text)
			}
			if l.Op != Delete {
				nw = append(nw, l.Text)
			}
			prev = l.Op
		}
		if want := lcsLen(Lines(a), Lines(b)); same != want {
			t.Fatalf("Diff(%q, %q) keeps %d lines, want %d: %q", a, b, same, want, render(d))
		}
		if strings.Join(old, "\n") != a || strings.Join(nw, "\n") != b {
			t.Fatalf("Diff(%q, %q) does not reproduce both texts: %q", a, b, render(d))
		}
	}
}

// amended returns a contract text of about size bytes and an amendment of
// it that changes every seventh line, inserts after every eleventh and drops
// every thirteenth, with the first and last lines changed too so that no
// common prefix or suffix shortens the work.
func amended(size int) (old, new string) {
	var a, b strings.Builder
	for i := 0; a.Len() < size; i++ {
		line := fmt.Sprintf("%d. The party shall pay clause %d within %d days.\n", i, i*7919%10007, 30+i%60)
		a.WriteString(line)
		switch {
		case i == 0 || i%7 == 0:
			fmt.Fprintf(&b, "%d. Amended: clause %d is void.\n", i, i)
		case i%13 == 0:
		default:
			b.WriteString(line)
		}
		if i%11 == 0 {
			fmt.Fprintf(&b, "%d-bis. A new obligation %d.\n", i, i)
		}
	}
	b.WriteString("Signed.\n")
	return a.String(), b.String()
}

// TestDiffMemory diffs two long texts with many differing lines within a
// small memory budget: the diff needs memory in proportion to the texts'
// length (a table over both, as before, needed their product: 44 KB of
// text took about 317 MB, and 1 MiB would take gigabytes).
func TestDiffMemory(t *testing.T) {
	for _, tt := range []struct {
		size, budget int
	}{
		{64 << 10, 4 << 20},
		{1 << 20, 64 << 20},
	} {
		t.Run(fmt.Sprint(tt.size), func(t *testing.T) {
			a, b := amended(tt.size)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			d := Diff(a, b)
			runtime.ReadMemStats(&after)
			if got := after.TotalAlloc - before.TotalAlloc; got > uint64(tt.budget) {
				t.Errorf("diff of two %d-byte texts allocated %d bytes, want at most %d", tt.size, got, tt.budget)
			}
			if !Changed(d) || len(d) < len(Lines(a)) {
				t.Errorf("diff of two %d-byte texts has %d lines, want at least %d with changes", tt.size, len(d), len(Lines(a)))
			}
		})
	}
}
