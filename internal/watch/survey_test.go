package watch

import (
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/pulse"
)

// TestSurveyConditions: a round's signals become conditions keyed by rule,
// factor and party (not by the round, so a lasting gap is one signal),
// owned by the party named, linked to the round's results.
func TestSurveyConditions(t *testing.T) {
	names := map[string]string{"p1": "Valley Health Plan", "p2": "Brightline Telehealth"}
	sigs := []pulse.Signal{
		{Kind: pulse.SignalDrop, Factor: "trust", FactorName: "Trust", Party: "Brightline Telehealth", Sentence: "Trust (Brightline Telehealth) fell …"},
		{Kind: pulse.SignalDrop, Factor: "trust", FactorName: "Trust", Sentence: "Trust fell …"},
		{Kind: pulse.SignalGap, Factor: "pace", FactorName: "Pace", Sentence: "On Pace, …"},
		{Kind: pulse.SignalResponse, Party: "Valley Health Plan", Sentence: "Only 2 of 6 …"},
	}
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	q3 := accord.HealthRound{ID: "r3", OpensOn: day(7, 1), ClosesOn: day(7, 14)}
	got := SurveyConditions(q3, sigs, names)
	want := []struct {
		rule, subject, owner string
		sev                  accord.Severity
	}{
		{accord.RuleFactorDrop, "Survey: Trust fell (Brightline Telehealth)", "p2", accord.SeverityWarning},
		{accord.RuleFactorDrop, "Survey: Trust fell (the alliance)", "", accord.SeverityWarning},
		{accord.RulePartyGap, "Survey: the parties differ on Pace", "", accord.SeverityWarning},
		{accord.RuleLowResponse, "Survey: too few answers to read (Valley Health Plan)", "p1", accord.SeverityInfo},
	}
	if len(got) != len(want) {
		t.Fatalf("%d conditions, want %d", len(got), len(want))
	}
	keys := map[string]bool{}
	for i, c := range got {
		w := want[i]
		if c.Kind != accord.SignalSurvey || c.Rule != w.rule || c.Subject != w.subject || c.OwnerPartyID != w.owner || c.Severity != w.sev ||
			c.Summary != sigs[i].Sentence || c.Link != "health?round=r3" || !c.FirstPeriod.Equal(day(7, 1)) || !c.LastPeriod.Equal(day(7, 14)) {
			t.Errorf("condition %d = %+v; want %+v", i, c, w)
		}
		keys[c.Key("")] = true
	}
	if len(keys) != len(got) {
		t.Errorf("%d keys for %d conditions: each must be its own signal", len(keys), len(got))
	}
	q4 := accord.HealthRound{ID: "r4", OpensOn: day(10, 1), ClosesOn: day(10, 14)}
	for i, c := range SurveyConditions(q4, sigs, names) {
		if c.Key("") != got[i].Key("") {
			t.Errorf("%q: keyed %q in one round and %q in the next; a lasting condition is one signal", c.Subject, got[i].Key(""), c.Key(""))
		}
	}
}
