package views

import (
	"strings"
	"testing"
)

func TestConcernTitle(t *testing.T) {
	long := strings.Repeat("word ", 30)
	tests := []struct{ body, want string }{
		{"Referral letters are not reaching the clinic.\nDetails follow.", "Referral letters are not reaching the clinic."},
		{"  short  ", "short"},
		{long, strings.TrimSpace(strings.Repeat("word ", 16)) + "…"},
	}
	for _, tt := range tests {
		if got := ConcernTitle(tt.body); got != tt.want {
			t.Errorf("concernTitle(%q): got %q, want %q", tt.body, got, tt.want)
		}
	}
}
