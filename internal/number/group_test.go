package number

import (
	"math"
	"testing"
)

func TestGroup(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0", "0"},
		{"12", "12"},
		{"123", "123"},
		{"1234", "1,234"},
		{"123456", "123,456"},
		{"1234567", "1,234,567"},
		{"-1234567.891", "-1,234,567.891"},
		{"−1234.5", "−1,234.5"},
		{"+1000", "+1,000"},
		{"1000.00", "1,000.00"},
		{"12345.67", "12,345.67"},
		{"999", "999"},
		{"1000", "1,000"},
		{".5", ".5"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Group(tt.in); got != tt.want {
			t.Errorf("Group(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestGroupInt(t *testing.T) {
	tests := []struct {
		in   int64
		want string
	}{
		{0, "0"},
		{999, "999"},
		{1000, "1,000"},
		{-1000, "-1,000"},
		{-999, "-999"},
		{math.MaxInt64, "9,223,372,036,854,775,807"},
		{math.MinInt64, "-9,223,372,036,854,775,808"},
	}
	for _, tt := range tests {
		if got := GroupInt(tt.in); got != tt.want {
			t.Errorf("GroupInt(%d): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMinus(t *testing.T) {
	for in, want := range map[string]string{"-1,234": "−1,234", "1,234": "1,234", "": "", "−5": "−5"} {
		if got := Minus(in); got != want {
			t.Errorf("Minus(%q): got %q, want %q", in, got, want)
		}
	}
}
