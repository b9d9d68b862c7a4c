package vote

import (
	"slices"
	"testing"
)

func TestCheckQuorum(t *testing.T) {
	all := Quorum{MinPresent: 4, EveryParty: true, MinClinical: 1}
	tests := []struct {
		name     string
		q        Quorum
		members  []Member
		present  []string
		met      bool
		nPresent int
		clinical int
		missing  []string
		reasons  []string
	}{
		{
			name: "no requirements, no one present", q: Quorum{}, members: committee(), present: nil,
			met: true, missing: []string{"payer", "provider"},
		},
		{
			name: "all requirements met", q: all, members: committee(), present: []string{"pay1", "pay2", "prov1", "prov3"},
			met: true, nPresent: 4, clinical: 1,
		},
		{
			name: "too few members", q: Quorum{MinPresent: 4}, members: committee(), present: []string{"pay1", "pay2", "prov1"},
			nPresent: 3, clinical: 1, reasons: []string{"3 of 4 required members present"},
		},
		{
			name: "one required, none present", q: Quorum{MinPresent: 1}, members: committee(), present: []string{},
			missing: []string{"payer", "provider"}, reasons: []string{"0 of 1 required member present"},
		},
		{
			name: "exactly the minimum", q: Quorum{MinPresent: 3}, members: committee(), present: []string{"pay1", "pay2", "pay3"},
			met: true, nPresent: 3, clinical: 1, missing: []string{"provider"},
		},
		{
			name: "non-members are ignored", q: Quorum{MinPresent: 3}, members: committee(), present: []string{"pay1", "guest", "counsel", "prov3"},
			nPresent: 2, reasons: []string{"2 of 3 required members present"},
		},
		{
			name: "duplicate present ids count once", q: Quorum{MinPresent: 2}, members: committee(), present: []string{"pay1", "pay1", "pay1"},
			nPresent: 1, missing: []string{"provider"}, reasons: []string{"1 of 2 required members present"},
		},
		{
			name: "a member listed twice counts once", q: Quorum{MinPresent: 2},
			members: []Member{{ID: "a", Party: "payer"}, {ID: "a", Party: "provider", Clinical: true}}, present: []string{"a"},
			nPresent: 1, reasons: []string{"1 of 2 required members present"},
		},
		{
			name: "a party not represented", q: Quorum{EveryParty: true}, members: committee(), present: []string{"pay1", "pay2", "pay3"},
			nPresent: 3, clinical: 1, missing: []string{"provider"}, reasons: []string{"party provider not represented"},
		},
		{
			name: "missing parties in order of first appearance", q: Quorum{EveryParty: true}, members: threeParties(), present: []string{"prov1"},
			nPresent: 1, clinical: 1, missing: []string{"payer", "health-system"},
			reasons: []string{"party payer not represented", "party health-system not represented"},
		},
		{
			name: "missing parties reported even when not required", q: Quorum{MinPresent: 1}, members: threeParties(), present: []string{"hs2"},
			met: true, nPresent: 1, missing: []string{"payer", "provider"},
		},
		{
			name: "no clinical leader present", q: Quorum{MinClinical: 1}, members: committee(), present: []string{"pay1", "prov3"},
			nPresent: 2, reasons: []string{"no clinical leader present (1 required)"},
		},
		{
			name: "too few clinical leaders", q: Quorum{MinClinical: 2}, members: committee(), present: []string{"pay1", "prov1", "prov3"},
			nPresent: 3, clinical: 1, reasons: []string{"1 of 2 required clinical leaders present"},
		},
		{
			name: "clinical leaders counted once", q: Quorum{MinClinical: 2}, members: committee(), present: []string{"prov1", "prov1"},
			nPresent: 1, clinical: 1, missing: []string{"payer"}, reasons: []string{"1 of 2 required clinical leaders present"},
		},
		{
			name: "every requirement unmet, in field order", q: all, members: committee(), present: []string{"pay1"},
			nPresent: 1, missing: []string{"provider"},
			reasons: []string{"1 of 4 required members present", "party provider not represented", "no clinical leader present (1 required)"},
		},
		{
			name: "negative minimums are not required", q: Quorum{MinPresent: -1, MinClinical: -3}, members: committee(), present: nil,
			met: true, missing: []string{"payer", "provider"},
		},
		{
			name: "no members, no requirements", q: Quorum{EveryParty: true}, members: nil, present: []string{"x"},
			met: true,
		},
		{
			name: "no members, a minimum", q: Quorum{MinPresent: 1}, members: nil, present: []string{"x"},
			reasons: []string{"0 of 1 required member present"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckQuorum(tt.q, tt.members, tt.present)
			if got.Met != tt.met {
				t.Errorf("Met: got %v, want %v", got.Met, tt.met)
			}
			if got.Present != tt.nPresent {
				t.Errorf("Present: got %d, want %d", got.Present, tt.nPresent)
			}
			if got.Clinical != tt.clinical {
				t.Errorf("Clinical: got %d, want %d", got.Clinical, tt.clinical)
			}
			if !slices.Equal(got.MissingParties, tt.missing) {
				t.Errorf("MissingParties: got %q, want %q", got.MissingParties, tt.missing)
			}
			checkReasons(t, "Reasons", got.Reasons, tt.reasons)
		})
	}
}

// TestCheckQuorumDoesNotModifyInput guards the callers' slices.
func TestCheckQuorumDoesNotModifyInput(t *testing.T) {
	members := committee()
	present := []string{"prov3", "pay1", "pay1"}
	CheckQuorum(Quorum{MinPresent: 5, EveryParty: true, MinClinical: 2}, members, present)
	if !slices.Equal(members, committee()) {
		t.Errorf("members: got %v, want %v", members, committee())
	}
	if want := []string{"prov3", "pay1", "pay1"}; !slices.Equal(present, want) {
		t.Errorf("present: got %q, want %q", present, want)
	}
}
