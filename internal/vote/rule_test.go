package vote

import "testing"

func TestRuleValidAndLabel(t *testing.T) {
	tests := []struct {
		rule  Rule
		valid bool
		label string
	}{
		{Majority, true, "Simple majority"},
		{TwoThirds, true, "Two-thirds"},
		{Unanimity, true, "Unanimity"},
		{PartyConsent, true, "Consent of every party"},
		{"plurality", false, "plurality"},
		{"Majority", false, "Majority"},
		{"", false, ""},
	}
	for _, tt := range tests {
		if got := tt.rule.Valid(); got != tt.valid {
			t.Errorf("Rule(%q).Valid(): got %v, want %v", tt.rule, got, tt.valid)
		}
		if got := tt.rule.Label(); got != tt.label {
			t.Errorf("Rule(%q).Label(): got %q, want %q", tt.rule, got, tt.label)
		}
	}
	for _, r := range Rules() {
		if !r.Valid() {
			t.Errorf("Rules(): got invalid rule %q, want only valid ones", r)
		}
	}
	if got := len(Rules()); got != 4 {
		t.Errorf("len(Rules()): got %d, want 4", got)
	}
}

func TestChoiceValid(t *testing.T) {
	tests := []struct {
		choice Choice
		want   bool
	}{
		{Yes, true},
		{No, true},
		{Abstain, true},
		{Recuse, true},
		{"recused", false},
		{"YES", false},
		{"maybe", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := tt.choice.Valid(); got != tt.want {
			t.Errorf("Choice(%q).Valid(): got %v, want %v", tt.choice, got, tt.want)
		}
	}
	for _, c := range Choices() {
		if !c.Valid() {
			t.Errorf("Choices(): got invalid choice %q, want only valid ones", c)
		}
	}
}

func TestCountString(t *testing.T) {
	tests := []struct {
		c    Count
		want string
	}{
		{Count{}, "0 yes, 0 no"},
		{Count{Yes: 5, No: 2, Abstain: 1}, "5 yes, 2 no, 1 abstain"},
		{Count{Yes: 1, No: 2}, "1 yes, 2 no"},
		{Count{Yes: 2, Recused: 3}, "2 yes, 0 no, 3 recused"},
		{Count{Yes: 1, No: 1, Abstain: 2, Recused: 1}, "1 yes, 1 no, 2 abstain, 1 recused"},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("%+v.String(): got %q, want %q", tt.c, got, tt.want)
		}
		if got, want := tt.c.Cast(), tt.c.Yes+tt.c.No; got != want {
			t.Errorf("%+v.Cast(): got %d, want %d", tt.c, got, want)
		}
	}
}

// TestCarries pins the arithmetic of each whole-count rule at its edges.
func TestCarries(t *testing.T) {
	tests := []struct {
		rule Rule
		c    Count
		want bool
	}{
		{Majority, Count{Yes: 4, No: 3}, true},
		{Majority, Count{Yes: 3, No: 3}, false},
		{Majority, Count{Yes: 1}, true},
		{Majority, Count{Abstain: 5}, false},
		{Majority, Count{}, false},
		{Majority, Count{Yes: 2, No: 3, Abstain: 4}, false},
		{TwoThirds, Count{Yes: 2, No: 1}, true},   // exactly two-thirds
		{TwoThirds, Count{Yes: 4, No: 2}, true},   // exactly two-thirds
		{TwoThirds, Count{Yes: 20, No: 10}, true}, // exactly two-thirds
		{TwoThirds, Count{Yes: 3, No: 2}, false},  // 60%
		{TwoThirds, Count{Yes: 5, No: 3}, false},  // 62.5%
		{TwoThirds, Count{Yes: 19, No: 10}, false},
		{TwoThirds, Count{Yes: 7, No: 3}, true},
		{TwoThirds, Count{Yes: 1, Abstain: 9}, true},
		{TwoThirds, Count{Abstain: 3}, false},
		{TwoThirds, Count{}, false},
		{TwoThirds, Count{No: 1}, false},
		{Unanimity, Count{Yes: 6}, true},
		{Unanimity, Count{Yes: 1, Abstain: 4, Recused: 1}, true},
		{Unanimity, Count{Yes: 9, No: 1}, false},
		{Unanimity, Count{Abstain: 2}, false},
		{Unanimity, Count{}, false},
		{PartyConsent, Count{Yes: 9}, false}, // decided party by party, never on the whole count
		{"plurality", Count{Yes: 9}, false},
	}
	for _, tt := range tests {
		if got := tt.c.carries(tt.rule); got != tt.want {
			t.Errorf("%+v carries %s: got %v, want %v", tt.c, tt.rule, got, tt.want)
		}
	}
}
