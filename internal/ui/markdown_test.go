package ui

import (
	"strings"
	"testing"
)

func TestMarkdownIsSafe(t *testing.T) {
	for _, tc := range []struct{ in, want, never string }{
		{"## Decisions\n\n- Motion 3 passed", "<h2>Decisions</h2>", ""},
		{"| a | b |\n|---|---|\n| 1 | 2 |", "<table>", ""},
		{"<script>alert(1)</script>", "raw HTML omitted", "<script"},
		{"<img src=x onerror=alert(1)>", "raw HTML omitted", "onerror"},
		{"[click](javascript:alert(1))", "click", "javascript:"},
		{"![x](data:text/html;base64,PHNjcmlwdD4=)", "", "data:text/html"},
	} {
		got := string(markdown(tc.in))
		if !strings.Contains(got, tc.want) || (tc.never != "" && strings.Contains(got, tc.never)) {
			t.Errorf("markdown(%q) = %q, want %q and never %q", tc.in, got, tc.want, tc.never)
		}
	}
}
