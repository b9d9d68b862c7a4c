package spc

import "testing"

func TestClassify(t *testing.T) {
	tests := []struct {
		side Side
		dir  Direction
		want Effect
	}{
		{Above, HigherIsBetter, Improvement},
		{Up, HigherIsBetter, Improvement},
		{Below, HigherIsBetter, Deterioration},
		{Down, HigherIsBetter, Deterioration},
		{Above, LowerIsBetter, Deterioration},
		{Up, LowerIsBetter, Deterioration},
		{Below, LowerIsBetter, Improvement},
		{Down, LowerIsBetter, Improvement},
		{Both, HigherIsBetter, Unclear},
		{Both, LowerIsBetter, Unclear},
		{Above, "", Unclear},
		{Down, "target-band", Unclear},
	}
	for _, tt := range tests {
		if got := Classify(Signal{Rule: Nelson2, Side: tt.side}, tt.dir); got != tt.want {
			t.Errorf("Classify(side %s, %q): got %s, want %s", tt.side, tt.dir, got, tt.want)
		}
	}
}

func TestParseRuleSet(t *testing.T) {
	for _, name := range []string{"nelson", "western-electric", "ihi", "anhoj"} {
		rs, err := ParseRuleSet(name)
		if err != nil || string(rs) != name {
			t.Errorf("ParseRuleSet(%q): got %q, %v, want %q, nil", name, rs, err, name)
		}
	}
	if _, err := ParseRuleSet("westgard"); err == nil {
		t.Error(`ParseRuleSet("westgard"): got no error, want one`)
	}
	if !IHI.RunChartRules() || !Anhoj.RunChartRules() || Nelson.RunChartRules() || WesternElectric.RunChartRules() {
		t.Error("RunChartRules: got the wrong family for a rule set")
	}
}
