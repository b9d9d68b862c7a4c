package number

import (
	"encoding/json"
	"math/big"
	"regexp"
	"strings"
	"testing"
)

// The forms the parsers accept, as documented: plain digits with an
// optional sign and decimal point, nothing else.
var (
	decimalForm = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]{0,6})?|\.[0-9]{1,6})$`)
	moneyForm   = regexp.MustCompile(`^[+-]?[0-9]{1,15}(\.[0-9]{1,2})?$`)
)

// exactRat reads a plain decimal that decimalForm or moneyForm accepts
// exactly, as a check on the parsers' arithmetic.
func exactRat(t *testing.T, s string) *big.Rat {
	t.Helper()
	sign, rest := "", s
	if rest[0] == '+' || rest[0] == '-' {
		sign, rest = rest[:1], rest[1:]
	}
	rest = strings.TrimSuffix("0"+rest, ".")
	r, ok := new(big.Rat).SetString(sign + rest)
	if !ok {
		t.Fatalf("big.Rat cannot read %q", sign+rest)
	}
	return r
}

// jsonString is s as a JSON string, as a client would send it.
func jsonString(s string) []byte {
	b, _ := json.Marshal(s)
	return b
}

// FuzzParseDecimal: an accepted number has the documented form, its exact
// value, and formats to text that reads back the same; a refused one is
// out of form or out of range; a JSON string holding the text reads as the
// text does.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"12", "12.5", "-0.25", ".5", "+3.000001", " 7 ", "1,234", "1e3", "", ".", "-", "5.",
		"1.1234567", "abc", "99999999999999999", "9223372036853.999999", "-9223372036854", "0x10", "١٢", "7\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDecimal(s)
		trimmed := strings.TrimSpace(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("ParseDecimal(%q): got an empty error message", s)
			}
			if decimalForm.MatchString(trimmed) && new(big.Rat).Abs(exactRat(t, trimmed)).Cmp(big.NewRat(9223372036853, 1)) <= 0 {
				t.Fatalf("ParseDecimal(%q): got error %v, want it read", s, err)
			}
		} else {
			if !decimalForm.MatchString(trimmed) {
				t.Fatalf("ParseDecimal(%q): got %s, want an error (not a plain decimal)", s, d)
			}
			want := new(big.Rat).Mul(exactRat(t, trimmed), big.NewRat(DecimalScale, 1))
			if want.Cmp(big.NewRat(int64(d), 1)) != 0 {
				t.Fatalf("ParseDecimal(%q): got %d millionths, want %s", s, int64(d), want.RatString())
			}
			back, err := ParseDecimal(d.String())
			if err != nil || back != d {
				t.Fatalf("ParseDecimal(%q) = %s: reading it back got %s, %v", s, d, back, err)
			}
		}
		var j Decimal
		jerr := j.UnmarshalJSON(jsonString(s))
		if (jerr == nil) != (err == nil) || j != d {
			t.Fatalf("JSON string %s: got %s, %v; want %s, %v as ParseDecimal", jsonString(s), j, jerr, d, err)
		}
	})
}

// FuzzParseMoney: an accepted amount has the documented form and reads back
// the same from its text and its JSON; a JSON string holding the text reads
// as the text does.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"966116777", "-12.5", "0.07", "+1", " 3.10 ", "1.234", "1,000", "", "-", "+", ".5", "5.",
		"-+5", "+-5", "--5", "999999999999999.99", "1000000000000000", "1e3", "NaN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMoney(s)
		trimmed := strings.TrimSpace(s)
		switch {
		case err != nil && moneyForm.MatchString(trimmed):
			t.Fatalf("ParseMoney(%q): got error %v, want it read", s, err)
		case err == nil && !moneyForm.MatchString(trimmed):
			t.Fatalf("ParseMoney(%q): got %s, want an error (not an amount in dollars)", s, m)
		case err == nil:
			want := new(big.Rat).Mul(exactRat(t, trimmed), big.NewRat(100, 1))
			if want.Cmp(big.NewRat(int64(m), 1)) != 0 {
				t.Fatalf("ParseMoney(%q): got %d cents, want %s", s, int64(m), want.RatString())
			}
			back, err := ParseMoney(m.String())
			if err != nil || back != m {
				t.Fatalf("ParseMoney(%q) = %s: reading it back got %s, %v", s, m, back, err)
			}
			js, _ := m.MarshalJSON()
			var fromJSON Money
			if err := json.Unmarshal(js, &fromJSON); err != nil || fromJSON != m {
				t.Fatalf("Money %s: JSON %s read back as %s, %v", m, js, fromJSON, err)
			}
		}
		var j Money
		jerr := j.UnmarshalJSON(jsonString(s))
		if (jerr == nil) != (err == nil) || j != m {
			t.Fatalf("JSON string %s: got %s, %v; want %s, %v as ParseMoney", jsonString(s), j, jerr, m, err)
		}
	})
}

// rateForm is the documented text of a rate, a percentage sign aside.
var rateForm = regexp.MustCompile(`^[+-]?(([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,3})?|[0-9]+/[0-9]+)$`)

// FuzzParseRate: an accepted rate has a documented form (decimal digits,
// an exponent of at most three digits, or a fraction of decimal whole
// numbers, read in base 10) and formats to text (and JSON) that reads back
// to the same exact value.
func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"0.035", "3.5%", " 75.00% ", "7/200", "1/3", "-0.5", "2e-2", "0", "", "%", "1,5", "abc",
		"1/0", "0x10", "1_000", "1e400", "-1/-3", "%%", "3.5 %", "1543/49950", "035/1000", "0b1/0b11", "1e55555 ", "0x1p-99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRate(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("ParseRate(%q): got an empty error message", s)
			}
			return
		}
		text := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
		if !rateForm.MatchString(text) {
			t.Fatalf("ParseRate(%q): got %s, want an error (not a documented form)", s, r)
		}
		if num, den, ok := strings.Cut(text, "/"); ok {
			n, _ := new(big.Int).SetString(num, 10)
			d, _ := new(big.Int).SetString(den, 10)
			want := new(big.Rat).SetFrac(n, d)
			if text != strings.TrimSpace(s) {
				want.Quo(want, big.NewRat(100, 1))
			}
			if r.Rat().Cmp(want) != 0 {
				t.Fatalf("ParseRate(%q): got %s, want %s (decimal digits)", s, r, want.RatString())
			}
		}
		back, err := ParseRate(r.String())
		if err != nil || back.Cmp(r) != 0 {
			t.Fatalf("ParseRate(%q) = %s: reading it back got %s, %v", s, r, back, err)
		}
		js, _ := r.MarshalJSON()
		var fromJSON Rate
		if err := json.Unmarshal(js, &fromJSON); err != nil || fromJSON.Cmp(r) != 0 {
			t.Fatalf("Rate %s: JSON %s read back as %s, %v", r, js, fromJSON, err)
		}
		var j Rate
		if err := j.UnmarshalJSON(jsonString(s)); err != nil || j.Cmp(r) != 0 {
			t.Fatalf("JSON string %s: got %s, %v; want %s as ParseRate", jsonString(s), j, err, r)
		}
	})
}
