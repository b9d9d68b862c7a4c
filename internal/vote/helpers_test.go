package vote

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// committee is the joint operating committee used across the tests: three
// payer seats and three provider seats; pay3 (the payer's medical director),
// prov1 and prov2 are clinical leaders.
func committee() []Member {
	return []Member{
		{ID: "pay1", Party: "payer"},
		{ID: "pay2", Party: "payer"},
		{ID: "pay3", Party: "payer", Clinical: true},
		{ID: "prov1", Party: "provider", Clinical: true},
		{ID: "prov2", Party: "provider", Clinical: true},
		{ID: "prov3", Party: "provider"},
	}
}

// threeParties adds two health-system seats to the committee.
func threeParties() []Member {
	return append(committee(), Member{ID: "hs1", Party: "health-system"}, Member{ID: "hs2", Party: "health-system"})
}

// ids lists the ids of members.
func ids(members []Member) []string {
	out := make([]string, len(members))
	for i, m := range members {
		out[i] = m.ID
	}
	return out
}

// direct is a ballot cast by the member in person.
func direct(id string, c Choice) Ballot { return Ballot{Member: id, By: id, Choice: c} }

// proxy is a ballot cast for member id by holder.
func proxy(id, holder string, c Choice) Ballot { return Ballot{Member: id, By: holder, Choice: c} }

// recuse is a recusal with a reason.
func recuse(id string) Ballot {
	return Ballot{Member: id, By: id, Choice: Recuse, Reason: "employed by the vendor under review"}
}

// cast builds direct ballots from "id=choice" pairs, e.g. cast("pay1=yes", "prov1=no").
func cast(pairs ...string) []Ballot {
	out := make([]Ballot, 0, len(pairs))
	for _, p := range pairs {
		id, choice, _ := strings.Cut(p, "=")
		if Choice(choice) == Recuse {
			out = append(out, recuse(id))
			continue
		}
		out = append(out, direct(id, Choice(choice)))
	}
	return out
}

// mustTally tallies a motion that must be valid.
func mustTally(t *testing.T, m Motion, ballots []Ballot) Result {
	t.Helper()
	res, err := Tally(m, ballots)
	if err != nil {
		t.Fatalf("Tally: got error %v, want none", err)
	}
	return res
}

// checkReasons compares reasons sentence by sentence.
func checkReasons(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s: got %s, want %s", what, quoted(got), quoted(want))
	}
}

// quoted shows a list of sentences unambiguously.
func quoted(s []string) string { return fmt.Sprintf("%q", s) }
