package accord

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

// printFormula writes a parsed formula back as text, every operation in
// parentheses, numbers in plain decimal.
func printFormula(n node) string {
	switch n := n.(type) {
	case num:
		return strconv.FormatFloat(float64(n), 'f', -1, 64)
	case ref:
		return string(n)
	case binop:
		return "( " + printFormula(n.l) + " " + string(n.op) + " " + printFormula(n.r) + " )"
	}
	panic("unknown node")
}

// FuzzParseFormula feeds ParseFormula arbitrary derived-KPI expressions:
// a refused one is an invalid-input error naming the formula field; an
// accepted one names only valid KPI keys, and written back as text it
// parses to a formula with the same keys and the same value.
func FuzzParseFormula(f *testing.F) {
	for _, s := range []string{"total-cost / member-months", "(a + b) * 2", "a - b", "a + b * 2", "a / zero", "1000 * a / b",
		"", "a +", "(a", "a b", "A$ + b", "a + )", "a-b", "a - -b", "0x1p-2 * a", "1e400", "1e-400 + a.b_c",
		strings.Repeat("(", maxFormulaDepth+1) + "a" + strings.Repeat(")", maxFormulaDepth+1)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fm, err := ParseFormula(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code != EINVALID || e.Field != "formula" || e.Message == "" {
				t.Fatalf("ParseFormula(%q): got %#v, want an invalid-input error on the formula field", s, err)
			}
			return
		}
		env := map[string]float64{}
		for _, k := range fm.Keys() {
			if !ValidKPIKey(k) {
				t.Fatalf("ParseFormula(%q): got key %q, not a KPI key", s, k)
			}
			env[k] = float64(len(k)) + 0.5
		}
		text := printFormula(fm.root)
		again, err := ParseFormula(text)
		if err != nil {
			t.Fatalf("ParseFormula(%q) written back as %q is refused: %v", s, text, err)
		}
		if strings.Join(again.Keys(), " ") != strings.Join(fm.Keys(), " ") {
			t.Fatalf("%q written back as %q: got keys %v, want %v", s, text, again.Keys(), fm.Keys())
		}
		v1, ok1 := fm.Eval(env)
		v2, ok2 := again.Eval(env)
		if ok1 != ok2 || ok1 && math.Float64bits(v1) != math.Float64bits(v2) && !(math.IsNaN(v1) && math.IsNaN(v2)) {
			t.Fatalf("%q = %v, %v; written back as %q = %v, %v", s, v1, ok1, text, v2, ok2)
		}
	})
}

// FuzzParsePeriod feeds ParsePeriod what an import's period column may
// hold, for each frequency: a refused period is an invalid-input error; an
// accepted one is the start of a period (UTC midnight, aligned to the
// frequency), and its written form reads back to the same start.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2024-03", "2024-Q1", "2024-q4", "2024-W05", "2020-W53", "2021-W53", "2024-03-17", " 2024-01 ",
		"2024-Q5", "2024-W00", "2024-13", "2024-02-30", "0000-01", "9999-12-31", "+123-Q1", "-123-Q1", " 12-W01", "2024-Q+1"} {
		for fr := range 3 {
			f.Add(s, uint8(fr))
		}
	}
	freqs := []Frequency{Monthly, Quarterly, Weekly}
	f.Fuzz(func(t *testing.T, s string, fr uint8) {
		freq := freqs[int(fr)%len(freqs)]
		start, err := freq.ParsePeriod(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code != EINVALID || e.Message == "" {
				t.Fatalf("%s ParsePeriod(%q): got %#v, want an invalid-input error", freq, s, err)
			}
			return
		}
		if start.Location() != time.UTC || !start.Equal(freq.PeriodStart(start)) {
			t.Fatalf("%s ParsePeriod(%q) = %v, want the UTC start of a period", freq, s, start)
		}
		text := freq.FormatPeriod(start)
		again, err := freq.ParsePeriod(text)
		if err != nil || !again.Equal(start) {
			t.Fatalf("%s ParsePeriod(%q) = %v, written %q, read back as %v, %v", freq, s, start, text, again, err)
		}
	})
}

// TestParsePeriodForms: quarters and weeks are four digits of year and
// digits of quarter or week, nothing else (found by FuzzParsePeriod:
// "-123-Q1" was year −123, and "1 23-Q1" year 1, quarter 2).
func TestParsePeriodForms(t *testing.T) {
	tests := []struct {
		freq Frequency
		in   string
		want string // the period's start, "" for an error
	}{
		{Quarterly, "2024-Q2", "2024-04-01"},
		{Quarterly, "2024-q4", "2024-10-01"},
		{Quarterly, "-123-Q1", ""},
		{Quarterly, "+123-Q1", ""},
		{Quarterly, "1 23-Q1", ""},
		{Quarterly, "2024-Q+", ""},
		{Weekly, "2020-W53", "2020-12-28"},
		{Weekly, "2021-W53", ""},
		{Weekly, "2024-W+5", ""},
		{Weekly, "2 24-W05", ""},
		{Monthly, "2024-03", "2024-03-01"},
		{Monthly, "2024-03-17", "2024-03-01"},
	}
	for _, tt := range tests {
		got, err := tt.freq.ParsePeriod(tt.in)
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("%s ParsePeriod(%q) = %s, want an error", tt.freq, tt.in, got.Format(time.DateOnly))
		case tt.want != "" && (err != nil || got.Format(time.DateOnly) != tt.want):
			t.Errorf("%s ParsePeriod(%q) = %s, %v; want %s", tt.freq, tt.in, got.Format(time.DateOnly), err, tt.want)
		}
	}
}
