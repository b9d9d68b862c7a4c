package vote

import (
	"reflect"
	"slices"
	"testing"
)

// TestRules decides motions under each rule with no quorum requirement, so
// that only the rule (and clinical consent) decides.
func TestRules(t *testing.T) {
	tests := []struct {
		name     string
		rule     Rule
		clinical bool // require clinical consent
		ballots  []Ballot
		want     Outcome
		reasons  []string
	}{
		// Simple majority.
		{"majority passes", Majority, false,
			cast("pay1=yes", "pay2=yes", "pay3=yes", "prov1=yes", "prov2=no", "prov3=no"),
			Passed, []string{"passed: 4 yes, 2 no (simple majority of votes cast)"}},
		{"majority tie fails", Majority, false,
			cast("pay1=yes", "pay2=yes", "pay3=yes", "prov1=no", "prov2=no", "prov3=no"),
			Failed, []string{"failed: 3 yes, 3 no (simple majority of votes cast)"}},
		{"majority against fails", Majority, false,
			cast("pay1=yes", "pay2=no", "pay3=no", "prov1=abstain"),
			Failed, []string{"failed: 1 yes, 2 no, 1 abstain (simple majority of votes cast)"}},
		{"majority all abstain fails", Majority, false,
			cast("pay1=abstain", "pay2=abstain", "pay3=abstain", "prov1=abstain", "prov2=abstain", "prov3=abstain"),
			Failed, []string{"failed: 0 yes, 0 no, 6 abstain (simple majority of votes cast)"}},
		{"majority no ballots fails", Majority, false, nil,
			Failed, []string{"failed: 0 yes, 0 no (simple majority of votes cast)"}},
		{"majority one yes among abstentions passes", Majority, false,
			cast("pay1=yes", "pay2=abstain", "pay3=abstain", "prov1=abstain", "prov2=abstain"),
			Passed, []string{"passed: 1 yes, 0 no, 4 abstain (simple majority of votes cast)"}},
		{"majority recusals are not votes", Majority, false,
			cast("pay1=yes", "pay2=yes", "pay3=no", "prov1=recuse", "prov2=recuse", "prov3=recuse"),
			Passed, []string{"passed: 2 yes, 1 no, 3 recused (simple majority of votes cast)"}},

		// Two-thirds.
		{"two-thirds exactly passes", TwoThirds, false,
			cast("pay1=yes", "pay2=yes", "pay3=yes", "prov1=yes", "prov2=no", "prov3=no"),
			Passed, []string{"passed: 4 yes, 2 no (two-thirds of votes cast)"}},
		{"two-thirds 60 percent fails", TwoThirds, false,
			cast("pay1=yes", "pay2=yes", "pay3=yes", "prov1=no", "prov2=no", "prov3=abstain"),
			Failed, []string{"failed: 3 yes, 2 no, 1 abstain (two-thirds of votes cast)"}},
		{"two-thirds counts votes cast, not seats", TwoThirds, false,
			cast("pay1=yes", "pay2=yes", "pay3=no", "prov1=abstain", "prov2=abstain", "prov3=recuse"),
			Passed, []string{"passed: 2 yes, 1 no, 2 abstain, 1 recused (two-thirds of votes cast)"}},
		{"two-thirds all abstain fails", TwoThirds, false,
			cast("pay1=abstain", "prov1=abstain"),
			Failed, []string{"failed: 0 yes, 0 no, 2 abstain (two-thirds of votes cast)"}},
		{"two-thirds one yes passes", TwoThirds, false,
			cast("pay1=yes", "prov1=abstain"),
			Passed, []string{"passed: 1 yes, 0 no, 1 abstain (two-thirds of votes cast)"}},
		{"two-thirds tie fails", TwoThirds, false,
			cast("pay1=yes", "prov1=no"),
			Failed, []string{"failed: 1 yes, 1 no (two-thirds of votes cast)"}},

		// Unanimity.
		{"unanimity passes", Unanimity, false,
			cast("pay1=yes", "pay2=yes", "pay3=yes", "prov1=yes", "prov2=yes", "prov3=yes"),
			Passed, []string{"passed: 6 yes, 0 no (unanimity of votes cast)"}},
		{"unanimity one no fails", Unanimity, false,
			cast("pay1=yes", "pay2=yes", "pay3=yes", "prov1=yes", "prov2=yes", "prov3=no"),
			Failed, []string{"failed: 5 yes, 1 no (unanimity of votes cast)"}},
		{"unanimity abstentions and recusals do not block", Unanimity, false,
			cast("pay1=yes", "pay2=abstain", "pay3=recuse", "prov1=yes", "prov2=abstain"),
			Passed, []string{"passed: 2 yes, 0 no, 2 abstain, 1 recused (unanimity of votes cast)"}},
		{"unanimity all abstain fails", Unanimity, false,
			cast("pay1=abstain", "pay2=abstain"),
			Failed, []string{"failed: 0 yes, 0 no, 2 abstain (unanimity of votes cast)"}},
		{"unanimity all recused fails", Unanimity, false,
			cast("pay1=recuse", "prov1=recuse"),
			Failed, []string{"failed: 0 yes, 0 no, 2 recused (unanimity of votes cast)"}},

		// Consent of every party.
		{"party consent passes", PartyConsent, false,
			cast("pay1=yes", "pay2=yes", "pay3=no", "prov1=yes", "prov2=no", "prov3=yes"),
			Passed, []string{"passed: 4 yes, 2 no (consent of every party)"}},
		{"party consent one party blocks", PartyConsent, false,
			cast("pay1=yes", "pay2=yes", "pay3=yes", "prov1=yes", "prov2=no", "prov3=no"),
			Failed, []string{"failed: party provider did not consent (1 yes, 2 no)"}},
		{"party consent tie within a party blocks", PartyConsent, false,
			cast("pay1=yes", "pay2=yes", "pay3=yes", "prov1=yes", "prov2=no", "prov3=abstain"),
			Failed, []string{"failed: party provider did not consent (1 yes, 1 no, 1 abstain)"}},
		{"party consent party with no votes blocks", PartyConsent, false,
			cast("pay1=yes", "pay2=yes", "pay3=yes", "prov1=abstain", "prov2=recuse"),
			Failed, []string{"failed: party provider did not consent (0 yes, 0 no, 1 abstain, 1 recused)"}},
		{"party consent party with no ballots blocks", PartyConsent, false,
			cast("pay1=yes", "pay2=yes", "pay3=yes"),
			Failed, []string{"failed: party provider did not consent (0 yes, 0 no)"}},
		{"party consent every blocking party named in order", PartyConsent, false,
			cast("prov1=no", "prov2=no", "prov3=yes", "pay1=no"),
			Failed, []string{"failed: party payer did not consent (0 yes, 1 no)", "failed: party provider did not consent (1 yes, 2 no)"}},
		{"party consent one seat each way is enough", PartyConsent, false,
			cast("pay1=yes", "pay2=abstain", "prov3=yes"),
			Passed, []string{"passed: 2 yes, 0 no, 1 abstain (consent of every party)"}},

		// Clinical consent on top of a rule.
		{"majority passes but clinical consent fails", Majority, true,
			cast("pay1=yes", "pay2=yes", "pay3=abstain", "prov1=no", "prov2=no", "prov3=yes"),
			Failed, []string{
				"failed: clinical consent not given (0 of 2 clinical leaders voting approved)",
				"rule met: 3 yes, 2 no, 1 abstain (simple majority of votes cast)",
			}},
		{"clinical consent passes with the rule", Majority, true,
			cast("pay1=yes", "pay2=no", "pay3=yes", "prov1=yes", "prov2=no", "prov3=yes"),
			Passed, []string{
				"passed: 4 yes, 2 no (simple majority of votes cast)",
				"clinical consent given (2 of 3 clinical leaders voting approved)",
			}},
		{"clinical tie fails", Majority, true,
			cast("pay1=yes", "pay2=yes", "pay3=abstain", "prov1=yes", "prov2=no", "prov3=yes"),
			Failed, []string{
				"failed: clinical consent not given (1 of 2 clinical leaders voting approved)",
				"rule met: 4 yes, 1 no, 1 abstain (simple majority of votes cast)",
			}},
		{"no clinical leader voting fails", Majority, true,
			cast("pay1=yes", "pay2=yes", "pay3=abstain", "prov1=recuse", "prov3=yes"),
			Failed, []string{
				"failed: clinical consent not given (no clinical leader voted yes or no)",
				"rule met: 3 yes, 0 no, 1 abstain, 1 recused (simple majority of votes cast)",
			}},
		{"one clinical leader voting suffices", Unanimity, true,
			cast("pay1=yes", "prov1=yes", "prov2=abstain"),
			Passed, []string{
				"passed: 2 yes, 0 no, 1 abstain (unanimity of votes cast)",
				"clinical consent given (1 of 1 clinical leader voting approved)",
			}},
		{"rule fails, clinical consent given", TwoThirds, true,
			cast("pay1=no", "pay2=no", "pay3=yes", "prov1=yes", "prov2=yes", "prov3=no"),
			Failed, []string{
				"failed: 3 yes, 3 no (two-thirds of votes cast)",
				"clinical consent given (3 of 3 clinical leaders voting approved)",
			}},
		{"rule and clinical consent both fail", PartyConsent, true,
			cast("pay1=yes", "pay2=yes", "pay3=no", "prov1=no", "prov2=no", "prov3=yes"),
			Failed, []string{
				"failed: party provider did not consent (1 yes, 2 no)",
				"failed: clinical consent not given (0 of 3 clinical leaders voting approved)",
			}},
		{"clinical no votes ignored unless required", Majority, false,
			cast("pay1=yes", "pay2=yes", "pay3=no", "prov1=no", "prov3=yes"),
			Passed, []string{"passed: 3 yes, 2 no (simple majority of votes cast)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Motion{Rule: tt.rule, ClinicalConsent: tt.clinical, Members: committee()}
			res := mustTally(t, m, tt.ballots)
			if res.Outcome != tt.want {
				t.Errorf("Outcome: got %s, want %s", res.Outcome, tt.want)
			}
			checkReasons(t, "Reasons", res.Reasons, tt.reasons)
		})
	}
}

// TestCounts checks the totals, the per-party positions (filled under every
// rule) and the clinical leaders' count.
func TestCounts(t *testing.T) {
	m := Motion{Rule: Majority, Members: threeParties()}
	ballots := []Ballot{
		direct("hs1", Yes), direct("pay1", Yes), direct("pay2", No), recuse("pay3"),
		direct("prov1", Yes), direct("prov2", Abstain), direct("prov3", No), direct("hs2", No),
	}
	res := mustTally(t, m, ballots)
	if want := (Count{Yes: 3, No: 3, Abstain: 1, Recused: 1}); res.Total != want {
		t.Errorf("Total: got %+v, want %+v", res.Total, want)
	}
	wantParties := []PartyPosition{
		{Party: "payer", Count: Count{Yes: 1, No: 1, Recused: 1}, Consents: false},
		{Party: "provider", Count: Count{Yes: 1, No: 1, Abstain: 1}, Consents: false},
		{Party: "health-system", Count: Count{Yes: 1, No: 1}, Consents: false},
	}
	if !reflect.DeepEqual(res.ByParty, wantParties) {
		t.Errorf("ByParty: got %+v, want %+v", res.ByParty, wantParties)
	}
	if want := (Count{Yes: 1, Abstain: 1, Recused: 1}); res.Clinical != want {
		t.Errorf("Clinical: got %+v, want %+v", res.Clinical, want)
	}
	if !res.ClinicalConsent {
		t.Errorf("ClinicalConsent: got false, want true (1 yes, 0 no)")
	}
	if res.Outcome != Failed {
		t.Errorf("Outcome: got %s, want %s", res.Outcome, Failed)
	}
}

// TestPartiesWithoutBallots lists every party holding a seat, voting or not.
func TestPartiesWithoutBallots(t *testing.T) {
	res := mustTally(t, Motion{Rule: Unanimity, Members: threeParties()}, cast("prov1=yes"))
	var got []string
	for _, p := range res.ByParty {
		got = append(got, p.Party)
	}
	if want := []string{"payer", "provider", "health-system"}; !slices.Equal(got, want) {
		t.Errorf("ByParty parties: got %q, want %q", got, want)
	}
	if res.ByParty[0].Consents || !res.ByParty[1].Consents || res.ByParty[2].Consents {
		t.Errorf("Consents: got %+v, want only provider consenting", res.ByParty)
	}
}

// TestBallotOrderDoesNotMatter: the Result depends on the ballots, not their order.
func TestBallotOrderDoesNotMatter(t *testing.T) {
	m := Motion{Rule: PartyConsent, ClinicalConsent: true, AllowProxies: true,
		Quorum:  Quorum{MinPresent: 5, EveryParty: true, MinClinical: 2},
		Members: threeParties(), Present: []string{"pay1", "pay2", "prov1", "prov3", "hs1"}}
	ballots := []Ballot{
		direct("pay1", Yes), proxy("pay3", "pay2", No), direct("prov1", Yes), recuse("prov3"),
		proxy("prov2", "prov1", Yes), direct("hs1", No), direct("pay2", Abstain),
	}
	want := mustTally(t, m, ballots)
	reversed := slices.Clone(ballots)
	slices.Reverse(reversed)
	for i, order := range [][]Ballot{reversed, slices.Concat(ballots[3:], ballots[:3])} {
		if got := mustTally(t, m, order); !reflect.DeepEqual(got, want) {
			t.Errorf("order %d: got %+v, want %+v", i, got, want)
		}
	}
}
