package number

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParseRate(t *testing.T) {
	tests := []struct {
		in, want string
		bad      bool
	}{
		{in: "0.035", want: "0.035"},
		{in: "3.5%", want: "0.035"},
		{in: " 75.00% ", want: "0.75"},
		{in: "7/200", want: "0.035"},
		{in: "1/3", want: "1/3"},
		{in: "-0.5", want: "-0.5"},
		{in: "2e-2", want: "0.02"},
		{in: "0", want: "0"},
		{in: "", bad: true},
		{in: "%", bad: true},
		{in: "1,5", bad: true},
		{in: "abc", bad: true},
		{in: "1/0", bad: true},
		// Decimal digits only (big.Rat alone reads 035 as octal 29), and
		// no exponent that makes a number of millions of digits (found by
		// FuzzParseRate: "1e55555" formats to 55,556 characters).
		{in: "035/1000", want: "0.035"},
		{in: "-007/8", want: "-0.875"},
		{in: "0x10", bad: true},
		{in: "0b1/0b11", bad: true},
		{in: "1/-3", bad: true},
		{in: "1e999", want: "1" + strings.Repeat("0", 999)},
		{in: "1e55555", bad: true},
		{in: "0x1p-99", bad: true},
	}
	for _, tt := range tests {
		r, err := ParseRate(tt.in)
		if tt.bad {
			if err == nil {
				t.Errorf("ParseRate(%q): got %s, want an error", tt.in, r)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseRate(%q): %v", tt.in, err)
			continue
		}
		if got := r.String(); got != tt.want {
			t.Errorf("ParseRate(%q): got %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestRateDisplay(t *testing.T) {
	tests := []struct {
		r             Rate
		places        int
		percent, deci string
	}{
		{MustRate("0.030860860"), 4, "3.0861%", "0.03"},
		{MustRate("0.03355"), 2, "3.36%", "0.03"},
		{MustRate("-0.05145"), 2, "-5.15%", "-0.05"},
		{NewRate(2, 3), 2, "66.67%", "0.67"},
	}
	for _, tt := range tests {
		if got := tt.r.Percent(tt.places); got != tt.percent {
			t.Errorf("%s.Percent(%d): got %s, want %s", tt.r, tt.places, got, tt.percent)
		}
		if got := tt.r.Decimal(2); got != tt.deci {
			t.Errorf("%s.Decimal(2): got %s, want %s", tt.r, got, tt.deci)
		}
	}
}

func TestRatePercentUpTo(t *testing.T) {
	tests := []struct {
		r      Rate
		places int
		want   string
	}{
		{MustRate("0.035"), 4, "3.5%"},
		{MustRate("0.5"), 4, "50%"},
		{MustRate("0.030860860"), 4, "3.0861%"},
		{MustRate("-0.05145"), 2, "-5.15%"},
		{MustRate("0.0000001"), 4, "0%"},
		{NewRate(2, 3), 1, "66.7%"},
	}
	for _, tt := range tests {
		if got := tt.r.PercentUpTo(tt.places); got != tt.want {
			t.Errorf("%s.PercentUpTo(%d): got %s, want %s", tt.r, tt.places, got, tt.want)
		}
	}
}

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in   string
		want Money
		bad  bool
	}{
		{in: "966116777", want: 96611677700},
		{in: "12.5", want: 1250},
		{in: "-0.07", want: -7},
		{in: "+3.10", want: 310},
		{in: "1.005", bad: true},
		{in: "1,000", bad: true},
		{in: "1e6", bad: true},
		{in: ".5", bad: true},
		{in: "5.", bad: true},
		{in: "", bad: true},
		{in: "1234567890123456", bad: true},
		{in: "-+5", bad: true}, // found by FuzzParseMoney: one sign only
		{in: "+-5", bad: true},
	}
	for _, tt := range tests {
		got, err := ParseMoney(tt.in)
		if tt.bad != (err != nil) {
			t.Errorf("ParseMoney(%q): got %v, %v, want error %t", tt.in, got, err, tt.bad)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseMoney(%q): got %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestMoneyFormat(t *testing.T) {
	tests := []struct {
		m                      Money
		str, display, currency string
	}{
		{0, "0.00", "0.00", "$0.00"},
		{-7, "-0.07", "-0.07", "-$0.07"},
		{123456789, "1234567.89", "1,234,567.89", "$1,234,567.89"},
		{-100000, "-1000.00", "-1,000.00", "-$1,000.00"},
		{Dollars(966116777), "966116777.00", "966,116,777.00", "$966,116,777.00"},
	}
	for _, tt := range tests {
		if got := tt.m.String(); got != tt.str {
			t.Errorf("String(%d): got %s, want %s", tt.m, got, tt.str)
		}
		if got := tt.m.Display(); got != tt.display {
			t.Errorf("Display(%d): got %s, want %s", tt.m, got, tt.display)
		}
		if got := tt.m.Currency(); got != tt.currency {
			t.Errorf("Currency(%d): got %s, want %s", tt.m, got, tt.currency)
		}
	}
}

func TestRounding(t *testing.T) {
	tests := []struct {
		m    Money
		unit int64
		mode RoundingMode
		want Money
	}{
		{150, 100, HalfUp, 200},
		{-150, 100, HalfUp, -200},
		{149, 100, HalfUp, 100},
		{150, 100, HalfEven, 200},
		{250, 100, HalfEven, 200},
		{-250, 100, HalfEven, -200},
		{199, 100, Down, 100},
		{-199, 100, Down, -100},
		{12345, 1, HalfUp, 12345},
	}
	for _, tt := range tests {
		if got := tt.m.RoundTo(tt.unit, tt.mode); got != tt.want {
			t.Errorf("%d.RoundTo(%d, %s): got %d, want %d", tt.m, tt.unit, tt.mode, got, tt.want)
		}
	}
	// 1 cent × 50% is half a cent: the mode decides.
	for mode, want := range map[RoundingMode]Money{HalfUp: 1, HalfEven: 0, Down: 0} {
		if got := Money(1).MulRate(MustRate("0.5"), mode); got != want {
			t.Errorf("0.01 × 50%% (%s): got %d, want %d", mode, got, want)
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	type doc struct {
		M Money `json:"m"`
		R Rate  `json:"r"`
	}
	for _, in := range []string{
		`{"m":1234.56,"r":"0.035"}`,
		`{"m":-0.07,"r":"1/3"}`,
	} {
		var d doc
		if err := json.Unmarshal([]byte(in), &d); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		out, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != in {
			t.Errorf("round trip: got %s, want %s", out, in)
		}
	}
	var d doc
	if err := json.Unmarshal([]byte(`{"m":"12.50","r":0.25}`), &d); err != nil || d.M != 1250 || d.R.Cmp(MustRate("1/4")) != 0 {
		t.Errorf("strings for money and numbers for rates: got %+v, %v", d, err)
	}
}
