package pulse

import (
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/health"
)

// TestDefaultRoundTrip stores the default instrument and reads it back as
// the engine scores it: the same factors, items and keys, reverse-keyed
// items kept and pace's items bipolar again.
func TestDefaultRoundTrip(t *testing.T) {
	stored := Default("a")
	if err := stored.Validate(); err != nil {
		t.Fatalf("the stored default instrument is refused: %v", err)
	}
	stored.Version = 1
	got, want := Engine(stored), health.DefaultInstrument()
	if got.Ref() != want.Ref() || len(got.Factors) != len(want.Factors) {
		t.Fatalf("got %s with %d factors, want %s with %d", got.Ref(), len(got.Factors), want.Ref(), len(want.Factors))
	}
	for fi, f := range want.Factors {
		for ii, it := range f.Items {
			g := got.Factors[fi].Items[ii]
			if g != it {
				t.Errorf("item %s: got %+v, want %+v", it.Key, g, it)
			}
		}
	}
}

func TestResponsesAndComments(t *testing.T) {
	names := map[string]string{"p1": "Valley Health Plan"}
	rs := []accord.HealthResponse{
		{PartyID: "p1", Role: accord.RoleExecutive, Answers: map[string]int{"trust.word": 4}, Comments: map[string]string{"trust": "Fine."}},
		{PartyID: "p2", Role: accord.RoleMember, Answers: map[string]int{"trust.word": 2}},
	}
	tests := []struct {
		i           int
		party, role string
	}{
		{0, "Valley Health Plan", "executive"},
		{1, "p2", "member"}, // a party without a name keeps its id
	}
	got := Responses(rs, names)
	for _, tc := range tests {
		if r := got[tc.i]; r.Party != tc.party || r.Role != tc.role || r.Answers["trust.word"] != rs[tc.i].Answers["trust.word"] {
			t.Errorf("response %d: got %+v, want party %q role %q", tc.i, r, tc.party, tc.role)
		}
	}
	cs := Comments(rs, names)
	if len(cs) != 1 || cs[0].Party != "Valley Health Plan" || cs[0].Factor != "trust" || cs[0].Text != "Fine." {
		t.Errorf("comments: got %+v, want the one comment under the party's name", cs)
	}
}

// TestRoundPeriods: rounds are named by their quarter, or by their month
// when two share a quarter.
func TestRoundPeriods(t *testing.T) {
	on := func(y int, m time.Month) accord.HealthRound {
		return accord.HealthRound{OpensOn: time.Date(y, m, 3, 0, 0, 0, 0, time.UTC)}
	}
	quarters := RoundPeriods([]accord.HealthRound{on(2026, 1), on(2026, 4), on(2026, 7)})
	if got := []string{PeriodName(quarters[0]), PeriodName(quarters[2])}; got[0] != "2026 Q1" || got[1] != "2026 Q3" {
		t.Errorf("quarterly rounds named %v", got)
	}
	months := RoundPeriods([]accord.HealthRound{on(2026, 1), on(2026, 2)})
	if got := PeriodName(months[1]); got != "Feb 2026" || months[0] != "2026-01" {
		t.Errorf("two rounds in a quarter named %v, %q", months, got)
	}
}
