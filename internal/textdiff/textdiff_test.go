package textdiff

import (
	"strings"
	"testing"
)

// render writes a diff as "op text" lines, for compact expectations.
func render(d []Line) string {
	var b strings.Builder
	for _, l := range d {
		b.WriteByte(byte(l.Op))
		b.WriteString(l.Text)
		b.WriteByte('|')
	}
	return b.String()
}

func TestDiff(t *testing.T) {
	tests := []struct {
		name, a, b, want string
	}{
		{"both empty", "", "", ""},
		{"equal", "a\nb\n", "a\nb", " a| b|"},
		{"all new", "", "x\ny", "+x|+y|"},
		{"all gone", "x\ny", "", "-x|-y|"},
		{"one changed line", "a\nb\nc", "a\nB\nc", " a|-b|+B| c|"},
		{"insert in middle", "a\nc", "a\nb\nc", " a|+b| c|"},
		{"delete at start", "a\nb\nc", "b\nc", "-a| b| c|"},
		{"crlf is lf", "a\r\nb\r\n", "a\nb\n", " a| b|"},
		{"moved line", "a\nb\nc", "b\nc\na", "-a| b| c|+a|"},
		{"two changes", "1\n2\n3\n4\n5", "1\nX\n3\n4\nY", " 1|-2|+X| 3| 4|-5|+Y|"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := render(Diff(tt.a, tt.b)); got != tt.want {
				t.Errorf("Diff(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestDiffLineNumbers(t *testing.T) {
	d := Diff("a\nb\nc\nd", "a\nc\nd\ne")
	want := []Line{{Same, "a", 1, 1}, {Delete, "b", 2, 0}, {Same, "c", 3, 2}, {Same, "d", 4, 3}, {Insert, "e", 0, 4}}
	if len(d) != len(want) {
		t.Fatalf("got %d lines, want %d: %v", len(d), len(want), d)
	}
	for i := range want {
		if d[i] != want[i] {
			t.Errorf("line %d: got %+v, want %+v", i, d[i], want[i])
		}
	}
}

func TestDiffReproducesBoth(t *testing.T) {
	a := "title\n\n1. Terms\nshare 50%\ncap 10%\n\n2. Review\nyearly\n"
	b := "title\n\n1. Terms\nshare 60%\ncap 10%\nfloor 2%\n\n2. Review\n"
	var old, nw []string
	for _, l := range Diff(a, b) {
		if l.Op != Insert {
			old = append(old, l.Text)
		}
		if l.Op != Delete {
			nw = append(nw, l.Text)
		}
	}
	if got := strings.Join(old, "\n"); got != strings.Join(Lines(a), "\n") {
		t.Errorf("old side = %q, want %q", got, a)
	}
	if got := strings.Join(nw, "\n"); got != strings.Join(Lines(b), "\n") {
		t.Errorf("new side = %q, want %q", got, b)
	}
}

func TestCompact(t *testing.T) {
	a := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10"
	b := "1\n2\n3\n4\n5\nsix\n7\n8\n9\n10"
	tests := []struct {
		context int
		want    string
	}{
		{0, "~5 unchanged lines|-6|+six|~4 unchanged lines|"},
		{1, "~4 unchanged lines| 5|-6|+six| 7|~3 unchanged lines|"},
		{4, "~1 unchanged line| 2| 3| 4| 5|-6|+six| 7| 8| 9| 10|"},
	}
	for _, tt := range tests {
		if got := render(Compact(Diff(a, b), tt.context)); got != tt.want {
			t.Errorf("Compact(context %d) = %q, want %q", tt.context, got, tt.want)
		}
	}
	if got := Compact(Diff(a, a), 3); len(got) != 1 || got[0].Op != Skip {
		t.Errorf("Compact(no change) = %v, want one skip line", got)
	}
	if Changed(Diff(a, a)) || !Changed(Diff(a, b)) {
		t.Errorf("Changed is wrong")
	}
}
