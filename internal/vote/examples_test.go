package vote

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// joc is the joint operating committee of the worked examples in
// docs/voting.md.
func joc() []Member {
	return []Member{
		{ID: "ana", Party: "payer"},
		{ID: "ben", Party: "payer"},
		{ID: "cora", Party: "payer", Clinical: true},
		{ID: "dev", Party: "provider", Clinical: true},
		{ID: "eli", Party: "provider", Clinical: true},
		{ID: "fay", Party: "provider"},
	}
}

// workedExample is one example of docs/voting.md.
type workedExample struct {
	title   string
	motion  Motion
	ballots []Ballot
	outcome Outcome
	total   Count
	reasons []string
}

// workedExamples returns the examples in the order docs/voting.md gives them.
func workedExamples() []workedExample {
	everyone := ids(joc())
	motion := func(r Rule, present []string) Motion {
		q := Quorum{MinPresent: 4, EveryParty: true, MinClinical: 1}
		return Motion{Rule: r, Quorum: q, Members: joc(), Present: present}
	}
	clinical := motion(Majority, everyone)
	clinical.ClinicalConsent = true
	proxied := motion(Majority, []string{"ana", "ben", "fay"})
	proxied.AllowProxies = true
	return []workedExample{
		{"simple majority", motion(Majority, []string{"ana", "ben", "cora", "dev", "eli"}),
			cast("ana=yes", "ben=yes", "dev=yes", "eli=no", "cora=abstain"),
			Passed, Count{Yes: 3, No: 1, Abstain: 1},
			[]string{"passed: 3 yes, 1 no, 1 abstain (simple majority of votes cast)"}},
		{"two-thirds", motion(TwoThirds, nil),
			cast("ana=yes", "ben=yes", "cora=yes", "dev=no", "eli=no", "fay=recuse"),
			Failed, Count{Yes: 3, No: 2, Recused: 1},
			[]string{"failed: 3 yes, 2 no, 1 recused (two-thirds of votes cast)"}},
		{"unanimity", motion(Unanimity, everyone),
			cast("ana=yes", "ben=yes", "cora=yes", "dev=yes", "eli=abstain", "fay=yes"),
			Passed, Count{Yes: 5, Abstain: 1},
			[]string{"passed: 5 yes, 0 no, 1 abstain (unanimity of votes cast)"}},
		{"consent of every party", motion(PartyConsent, everyone),
			cast("ana=yes", "ben=yes", "cora=yes", "dev=yes", "eli=no", "fay=no"),
			Failed, Count{Yes: 4, No: 2},
			[]string{"failed: party provider did not consent (1 yes, 2 no)"}},
		{"simple majority with clinical consent", clinical,
			cast("ana=yes", "ben=yes", "fay=yes", "dev=no", "eli=no", "cora=abstain"),
			Failed, Count{Yes: 3, No: 2, Abstain: 1},
			[]string{
				"failed: clinical consent not given (0 of 2 clinical leaders voting approved)",
				"rule met: 3 yes, 2 no, 1 abstain (simple majority of votes cast)",
			}},
		{"quorum with a proxy", proxied,
			[]Ballot{direct("ana", Yes), direct("ben", Yes), direct("fay", No), proxy("dev", "fay", Yes)},
			Passed, Count{Yes: 3, No: 1},
			[]string{"passed: 3 yes, 1 no (simple majority of votes cast)"}},
		{"quorum without the proxy", proxied,
			cast("ana=yes", "ben=yes", "fay=no"),
			NoQuorum, Count{Yes: 2, No: 1},
			[]string{"no quorum: 3 of 4 required members present", "no quorum: no clinical leader present (1 required)"}},
	}
}

// TestWorkedExamples runs the examples of docs/voting.md and checks that the
// page quotes every reason they give, so the page cannot drift from the code.
func TestWorkedExamples(t *testing.T) {
	doc, err := os.ReadFile("../../docs/voting.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range workedExamples() {
		t.Run(ex.title, func(t *testing.T) {
			res := mustTally(t, ex.motion, ex.ballots)
			if res.Outcome != ex.outcome {
				t.Errorf("Outcome: got %s, want %s", res.Outcome, ex.outcome)
			}
			if res.Total != ex.total {
				t.Errorf("Total: got %+v, want %+v", res.Total, ex.total)
			}
			checkReasons(t, "Reasons", res.Reasons, ex.reasons)
			for _, r := range res.Reasons {
				if !strings.Contains(string(doc), "`"+r+"`") {
					t.Errorf("docs/voting.md: got no quote of %q, want the example's reason quoted", r)
				}
			}
		})
	}
}

func ExampleTally() {
	members := []Member{
		{ID: "ana", Party: "payer"},
		{ID: "cora", Party: "payer", Clinical: true},
		{ID: "dev", Party: "provider", Clinical: true},
		{ID: "fay", Party: "provider"},
	}
	m := Motion{Rule: Majority, ClinicalConsent: true, Members: members, Present: []string{"ana", "cora", "dev", "fay"},
		Quorum: Quorum{MinPresent: 3, EveryParty: true}}
	res, err := Tally(m, []Ballot{
		{Member: "ana", By: "ana", Choice: Yes},
		{Member: "cora", By: "cora", Choice: No},
		{Member: "dev", By: "dev", Choice: No},
		{Member: "fay", By: "fay", Choice: Yes},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Outcome)
	for _, r := range res.Reasons {
		fmt.Println(r)
	}
	// Output:
	// failed
	// failed: 2 yes, 2 no (simple majority of votes cast)
	// failed: clinical consent not given (0 of 2 clinical leaders voting approved)
}

func ExampleCheckQuorum() {
	members := []Member{
		{ID: "ana", Party: "payer"},
		{ID: "dev", Party: "provider", Clinical: true},
		{ID: "fay", Party: "provider"},
	}
	q := CheckQuorum(Quorum{MinPresent: 2, EveryParty: true, MinClinical: 1}, members, []string{"fay", "fay", "guest"})
	fmt.Println(q.Met, q.Present, q.MissingParties)
	for _, r := range q.Reasons {
		fmt.Println(r)
	}
	// Output:
	// false 1 [payer]
	// 1 of 2 required members present
	// party payer not represented
	// no clinical leader present (1 required)
}
