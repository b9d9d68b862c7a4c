package vote

import (
	"slices"
	"testing"
)

// TestTallyQuorum covers who counts as present: those present at a meeting,
// members represented by proxy, and every balloting member of an
// asynchronous vote.
func TestTallyQuorum(t *testing.T) {
	tests := []struct {
		name     string
		motion   Motion
		ballots  []Ballot
		want     Outcome
		present  int
		clinical int
		reasons  []string
	}{
		{
			name:    "meeting without quorum",
			motion:  Motion{Rule: Majority, Quorum: Quorum{MinPresent: 4}, Members: committee(), Present: []string{"pay1", "pay2", "prov3"}},
			ballots: cast("pay1=yes", "pay2=yes", "prov3=no"),
			want:    NoQuorum, present: 3,
			reasons: []string{"no quorum: 3 of 4 required members present"},
		},
		{
			name:    "meeting with quorum; present members who do not vote count",
			motion:  Motion{Rule: Majority, Quorum: Quorum{MinPresent: 4}, Members: committee(), Present: []string{"pay1", "pay2", "prov3", "prov1"}},
			ballots: cast("pay1=yes", "pay2=yes", "prov3=no"),
			want:    Passed, present: 4, clinical: 1,
			reasons: []string{"passed: 2 yes, 1 no (simple majority of votes cast)"},
		},
		{
			name:    "duplicate and guest ids in present",
			motion:  Motion{Rule: Majority, Quorum: Quorum{MinPresent: 3}, Members: committee(), Present: []string{"pay1", "pay1", "guest", "prov3", "prov3"}},
			ballots: cast("pay1=yes"),
			want:    NoQuorum, present: 2,
			reasons: []string{"no quorum: 2 of 3 required members present"},
		},
		{
			name:    "every quorum reason, in order",
			motion:  Motion{Rule: Majority, Quorum: Quorum{MinPresent: 3, EveryParty: true, MinClinical: 2}, Members: threeParties(), Present: []string{"pay1", "prov1"}},
			ballots: cast("pay1=yes", "prov1=yes"),
			want:    NoQuorum, present: 2, clinical: 1,
			reasons: []string{
				"no quorum: 2 of 3 required members present",
				"no quorum: party health-system not represented",
				"no quorum: 1 of 2 required clinical leaders present",
			},
		},
		{
			name:    "proxies count toward quorum",
			motion:  Motion{Rule: Majority, AllowProxies: true, Quorum: Quorum{MinPresent: 4}, Members: committee(), Present: []string{"pay1", "pay2", "prov3"}},
			ballots: []Ballot{direct("pay1", Yes), direct("pay2", Yes), proxy("prov2", "prov3", No)},
			want:    Passed, present: 4, clinical: 1,
			reasons: []string{"passed: 2 yes, 1 no (simple majority of votes cast)"},
		},
		{
			name:    "a proxy represents a party and a clinical leader",
			motion:  Motion{Rule: Majority, AllowProxies: true, Quorum: Quorum{EveryParty: true, MinClinical: 1}, Members: committee(), Present: []string{"pay1", "pay2"}},
			ballots: []Ballot{direct("pay1", Yes), proxy("prov1", "pay2", Yes)},
			want:    Passed, present: 3, clinical: 1,
			reasons: []string{"passed: 2 yes, 0 no (simple majority of votes cast)"},
		},
		{
			name:    "a proxy abstention still represents its member",
			motion:  Motion{Rule: Majority, AllowProxies: true, Quorum: Quorum{MinPresent: 3}, Members: committee(), Present: []string{"pay1", "pay2"}},
			ballots: []Ballot{direct("pay1", Yes), proxy("pay3", "pay2", Abstain)},
			want:    Passed, present: 3, clinical: 1,
			reasons: []string{"passed: 1 yes, 0 no, 1 abstain (simple majority of votes cast)"},
		},
		{
			name:    "a meeting with no one present",
			motion:  Motion{Rule: Majority, Quorum: Quorum{MinPresent: 1}, Members: committee(), Present: []string{}},
			ballots: nil,
			want:    NoQuorum,
			reasons: []string{"no quorum: 0 of 1 required member present"},
		},
		{
			name:    "async: every balloting member is present, abstain and recuse included",
			motion:  Motion{Rule: Majority, Quorum: Quorum{MinPresent: 4}, Members: committee()},
			ballots: cast("pay1=yes", "pay2=abstain", "prov3=recuse", "prov1=no"),
			want:    Failed, present: 4, clinical: 1,
			reasons: []string{"failed: 1 yes, 1 no, 1 abstain, 1 recused (simple majority of votes cast)"},
		},
		{
			name:    "async without quorum",
			motion:  Motion{Rule: Unanimity, Quorum: Quorum{MinPresent: 4, EveryParty: true}, Members: committee()},
			ballots: cast("pay1=yes", "pay2=yes", "pay3=yes"),
			want:    NoQuorum, present: 3, clinical: 1,
			reasons: []string{"no quorum: 3 of 4 required members present", "no quorum: party provider not represented"},
		},
		{
			name:    "async: a proxy holder who does not vote is not present",
			motion:  Motion{Rule: Majority, AllowProxies: true, Quorum: Quorum{MinPresent: 2}, Members: committee()},
			ballots: []Ballot{proxy("pay1", "prov3", Yes)},
			want:    NoQuorum, present: 1,
			reasons: []string{"no quorum: 1 of 2 required members present"},
		},
		{
			name:    "async with no ballots and no requirement",
			motion:  Motion{Rule: Majority, Members: committee()},
			ballots: nil,
			want:    Failed,
			reasons: []string{"failed: 0 yes, 0 no (simple majority of votes cast)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustTally(t, tt.motion, tt.ballots)
			if res.Outcome != tt.want {
				t.Errorf("Outcome: got %s, want %s", res.Outcome, tt.want)
			}
			if res.Quorum.Met != (tt.want != NoQuorum) {
				t.Errorf("Quorum.Met: got %v, want %v", res.Quorum.Met, tt.want != NoQuorum)
			}
			if res.Quorum.Present != tt.present {
				t.Errorf("Quorum.Present: got %d, want %d", res.Quorum.Present, tt.present)
			}
			if res.Quorum.Clinical != tt.clinical {
				t.Errorf("Quorum.Clinical: got %d, want %d", res.Quorum.Clinical, tt.clinical)
			}
			checkReasons(t, "Reasons", res.Reasons, tt.reasons)
		})
	}
}

// TestNoQuorumStillTallies: without quorum the counts are still filled and
// the rule's verdict is not given.
func TestNoQuorumStillTallies(t *testing.T) {
	m := Motion{Rule: PartyConsent, ClinicalConsent: true, Quorum: Quorum{MinPresent: 6},
		Members: committee(), Present: []string{"pay1", "pay3", "prov1", "prov3"}}
	res := mustTally(t, m, cast("pay1=yes", "pay3=yes", "prov1=yes", "prov3=no"))
	if res.Outcome != NoQuorum {
		t.Errorf("Outcome: got %s, want %s", res.Outcome, NoQuorum)
	}
	if want := (Count{Yes: 3, No: 1}); res.Total != want {
		t.Errorf("Total: got %+v, want %+v", res.Total, want)
	}
	if want := (Count{Yes: 2}); res.Clinical != want {
		t.Errorf("Clinical: got %+v, want %+v", res.Clinical, want)
	}
	if !res.ClinicalConsent {
		t.Error("ClinicalConsent: got false, want true")
	}
	if len(res.ByParty) != 2 || res.ByParty[1].Count != (Count{Yes: 1, No: 1}) || res.ByParty[1].Consents {
		t.Errorf("ByParty: got %+v, want provider at 1 yes, 1 no, not consenting", res.ByParty)
	}
	checkReasons(t, "Reasons", res.Reasons, []string{"no quorum: 4 of 6 required members present"})
	checkReasons(t, "Quorum.Reasons", res.Quorum.Reasons, []string{"4 of 6 required members present"})
}

// TestProxyBallotsCount: a proxy ballot counts for the member represented,
// in the party and clinical counts, not for its holder.
func TestProxyBallotsCount(t *testing.T) {
	m := Motion{Rule: PartyConsent, AllowProxies: true, Members: committee(), Present: []string{"pay1", "prov3"}}
	res := mustTally(t, m, []Ballot{direct("pay1", Yes), proxy("prov1", "pay1", Yes), direct("prov3", No)})
	if got, want := res.ByParty[1].Count, (Count{Yes: 1, No: 1}); got != want {
		t.Errorf("provider count: got %+v, want %+v", got, want)
	}
	if got, want := res.Clinical, (Count{Yes: 1}); got != want {
		t.Errorf("Clinical: got %+v, want %+v", got, want)
	}
	checkReasons(t, "Reasons", res.Reasons, []string{"failed: party provider did not consent (1 yes, 1 no)"})
}

// TestTallyDoesNotModifyInput guards the callers' slices.
func TestTallyDoesNotModifyInput(t *testing.T) {
	present := make([]string, 2, 10) // spare capacity: an append would show
	copy(present, []string{"pay1", "pay2"})
	m := Motion{Rule: Majority, AllowProxies: true, Members: committee(), Present: present}
	ballots := []Ballot{direct("pay1", Yes), proxy("prov1", "pay2", No)}
	mustTally(t, m, ballots)
	if got := present[:3]; got[2] != "" {
		t.Errorf("present backing array: got %q, want it untouched", got)
	}
	if want := []Ballot{direct("pay1", Yes), proxy("prov1", "pay2", No)}; !slices.Equal(ballots, want) {
		t.Errorf("ballots: got %+v, want %+v", ballots, want)
	}
}
