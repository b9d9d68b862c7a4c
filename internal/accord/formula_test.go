package accord

import (
	"math"
	"strings"
	"testing"
)

func TestFormula(t *testing.T) {
	env := map[string]float64{"total-cost": 1200, "member-months": 300, "a": 2, "b": 3, "zero": 0}
	tests := []struct {
		in   string
		want float64
		ok   bool
		keys int
	}{
		{"total-cost / member-months", 4, true, 2},
		{"(a + b) * 2", 10, true, 2},
		{"a - b", -1, true, 2},
		{"a + b * 2", 8, true, 2},
		{"a / zero", 0, false, 2},
		{"a / missing", 0, false, 2},
		{"1000 * a / b", 666.6666666666666, true, 2},
	}
	for _, tt := range tests {
		f, err := ParseFormula(tt.in)
		if err != nil {
			t.Fatalf("ParseFormula(%q): %v", tt.in, err)
		}
		got, ok := f.Eval(env)
		if ok != tt.ok || math.Abs(got-tt.want) > 1e-9 || len(f.Keys()) != tt.keys {
			t.Errorf("%q = %v, %v (%d keys); want %v, %v (%d keys)", tt.in, got, ok, len(f.Keys()), tt.want, tt.ok, tt.keys)
		}
	}
	deep := strings.Repeat("(", maxFormulaDepth) + "a" + strings.Repeat(")", maxFormulaDepth)
	if _, err := ParseFormula(deep); err != nil {
		t.Errorf("%d parentheses deep: %v", maxFormulaDepth, err)
	}
	for _, bad := range []string{"", "a +", "(a", "a b", "A$ + b", "a + )", "(" + deep + ")", strings.Repeat("(", 1<<20)} {
		if _, err := ParseFormula(bad); err == nil {
			t.Errorf("ParseFormula(%q): got no error", bad)
		}
	}
}
