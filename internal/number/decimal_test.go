package number

import "testing"

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		in   string
		want Decimal
		ok   bool
	}{
		{"12", 12_000_000, true},
		{"12.5", 12_500_000, true},
		{"-0.25", -250_000, true},
		{".5", 500_000, true},
		{"+3.000001", 3_000_001, true},
		{" 7 ", 7_000_000, true},
		{"1,234", 0, false},
		{"1e3", 0, false},
		{"", 0, false},
		{".", 0, false},
		{"1.1234567", 0, false},
		{"abc", 0, false},
		{"99999999999999999", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseDecimal(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseDecimal(%q) = %d, %v; want %d, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestDecimalString(t *testing.T) {
	for _, tt := range []struct {
		d    Decimal
		want string
	}{{12_000_000, "12"}, {12_500_000, "12.5"}, {-250_000, "-0.25"}, {1, "0.000001"}, {0, "0"}} {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("Decimal(%d).String() = %q, want %q", int64(tt.d), got, tt.want)
		}
	}
}
