package store

import (
	"testing"

	"github.com/accord-alliance/accord/internal/seal"
)

// TestRenameWhole: erasing a person renames them in other people's inboxes
// only where their name stands whole, never inside another word or a sealed
// value.
func TestRenameWhole(t *testing.T) {
	for _, c := range []struct{ old, in, want string }{
		{"Al Brook", "Al Brook: Acknowledged", "Former member 7f3a: Acknowledged"},
		{"Al", "Alliance report by Al.", "Alliance report by Former member 7f3a."},
		{"Al", "Al,Al Al", "Former member 7f3a,Former member 7f3a Former member 7f3a"},
		{"Al", "Halal", "Halal"},
		{"Al", "Álvaro and Al", "Álvaro and Former member 7f3a"},
		{"Dana (Finance)", "Dana (Finance) signed", "Former member 7f3a signed"},
		{"Al", seal.Prefix + "k1:Al Al", seal.Prefix + "k1:Al Al"},
	} {
		if got := renameWhole(c.old, "Former member 7f3a")(c.in); got != c.want {
			t.Errorf("rename %q in %q = %q, want %q", c.old, c.in, got, c.want)
		}
	}
}
