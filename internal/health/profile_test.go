package health

import (
	"math"
	"testing"
)

// TestProfiles checks that a profile carries the shown means only, and
// the reason of a party hidden everywhere.
func TestProfiles(t *testing.T) {
	var rs []Response
	add := func(party string, n, trust, one int) {
		for range n {
			rs = append(rs, Response{Party: party, Answers: map[string]int{"trust.a": trust, "trust.b": trust, "one.a": one}})
		}
	}
	add("payer", 6, 4, 2)
	add("provider", 5, 3, 5)
	add("vendor", 7, 5, 1)
	add("investor", 2, 1, 1)
	for range 3 { // the provider skips "one" three more times: it stays shown on trust only
		rs = append(rs, Response{Party: "provider", Answers: map[string]int{"trust.a": 3, "trust.b": 3}})
	}
	res, err := Compute(small(), rs, 5)
	if err != nil {
		t.Fatal(err)
	}
	ps := res.Profiles()
	if len(ps) != 4 || ps[0].Party != "investor" || ps[3].Party != "vendor" {
		t.Fatalf("profiles: got %+v, want investor, payer, provider, vendor", ps)
	}
	if ps[0].Hidden != "Hidden: 2 people answered; results show from 5" || !math.IsNaN(ps[0].Means[0]) {
		t.Errorf("investor: got %+v, want hidden with its reason and no means", ps[0])
	}
	// trust: investor 2 hidden, payer 6 shields it (the smallest shown).
	if !math.IsNaN(ps[1].Means[0]) || ps[2].Means[0] != 3 || ps[3].Means[0] != 5 {
		t.Errorf("trust means: got payer %v, provider %v, vendor %v; want hidden, 3, 5", ps[1].Means[0], ps[2].Means[0], ps[3].Means[0])
	}
	if ps[1].Hidden != "" || ps[1].Means[2] != 2 {
		t.Errorf("payer: got %+v, want shown on one at 2", ps[1])
	}
	if !math.IsNaN(ps[1].Means[1]) {
		t.Errorf("pace, answered by none: got %v, want NaN", ps[1].Means[1])
	}
}
