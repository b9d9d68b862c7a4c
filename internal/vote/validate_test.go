package vote

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode"
)

// TestTallyErrors covers every invalid input, with the exact message.
func TestTallyErrors(t *testing.T) {
	meeting := Motion{Rule: Majority, Members: committee(), Present: ids(committee())}
	proxies := meeting
	proxies.AllowProxies = true
	async := Motion{Rule: Majority, AllowProxies: true, Members: committee()}
	with := func(m Motion, edit func(*Motion)) Motion { edit(&m); return m }

	tests := []struct {
		name    string
		motion  Motion
		ballots []Ballot
		want    string
	}{
		{"unknown rule", with(meeting, func(m *Motion) { m.Rule = "plurality" }), nil,
			`unknown voting rule "plurality" (want majority, two-thirds, unanimity or party-consent)`},
		{"empty rule", with(meeting, func(m *Motion) { m.Rule = "" }), nil,
			`unknown voting rule "" (want majority, two-thirds, unanimity or party-consent)`},
		{"no members", with(meeting, func(m *Motion) { m.Members = nil }), nil,
			"the motion has no eligible members"},
		{"member without id", with(meeting, func(m *Motion) { m.Members = append(committee(), Member{Party: "payer"}) }), nil,
			"a member of the committee has no id"},
		{"member without party", with(meeting, func(m *Motion) { m.Members = append(committee(), Member{ID: "x"}) }), nil,
			`member "x" has no party`},
		{"member listed twice", with(meeting, func(m *Motion) { m.Members = append(committee(), Member{ID: "prov2", Party: "payer"}) }), nil,
			`member "prov2" is listed twice among the eligible members`},
		{"ballot naming no member", meeting, []Ballot{{By: "pay1", Choice: Yes}},
			"a ballot names no member"},
		{"ballot from a non-member", meeting, []Ballot{direct("pay1", Yes), direct("guest", Yes)},
			`ballot for "guest": not an eligible member`},
		{"two ballots for one member", meeting, []Ballot{direct("pay1", Yes), direct("pay1", No)},
			`member "pay1" has more than one ballot`},
		{"a direct ballot and a proxy for one member", proxies, []Ballot{direct("prov1", No), proxy("prov1", "pay1", Yes)},
			`member "prov1" has more than one ballot`},
		{"invalid choice", meeting, []Ballot{direct("pay1", "maybe")},
			`member "pay1": invalid choice "maybe" (want yes, no, abstain or recuse)`},
		{"empty choice", meeting, []Ballot{direct("pay1", "")},
			`member "pay1": invalid choice "" (want yes, no, abstain or recuse)`},
		{"recusal without a reason", meeting, []Ballot{direct("prov2", Recuse)},
			`member "prov2" recused without a reason`},
		{"recusal with a blank reason", meeting, []Ballot{{Member: "prov2", By: "prov2", Choice: Recuse, Reason: " \t\n"}},
			`member "prov2" recused without a reason`},
		{"proxy when proxies are not allowed", meeting, []Ballot{proxy("prov1", "pay1", Yes)},
			`member "prov1" voted by proxy (by "pay1") but proxies are not allowed`},
		{"proxy when proxies are not allowed, async", with(async, func(m *Motion) { m.AllowProxies = false }), []Ballot{proxy("prov1", "pay1", Yes)},
			`member "prov1" voted by proxy (by "pay1") but proxies are not allowed`},
		{"proxy cast by a non-member", proxies, []Ballot{proxy("prov1", "guest", Yes)},
			`proxy for member "prov1" cast by "guest", who is not an eligible member`},
		{"proxy cast by a non-member, async", async, []Ballot{proxy("prov1", "guest", Yes)},
			`proxy for member "prov1" cast by "guest", who is not an eligible member`},
		{"proxy holder not present", with(proxies, func(m *Motion) { m.Present = []string{"pay1"} }), []Ballot{proxy("prov1", "pay2", Yes)},
			`proxy holder "pay2" (for member "prov1") is not present`},
		{"proxy holder holding two proxies", proxies, []Ballot{proxy("prov1", "pay1", Yes), proxy("prov2", "pay1", No)},
			`proxy holder "pay1" holds more than one proxy (for "prov1" and "prov2")`},
		{"proxy holder holding two proxies, async", async, []Ballot{proxy("prov1", "pay1", Yes), direct("pay1", Yes), proxy("prov2", "pay1", No)},
			`proxy holder "pay1" holds more than one proxy (for "prov1" and "prov2")`},
		{"direct ballot from an absent member", with(meeting, func(m *Motion) { m.Present = []string{"pay1"} }), []Ballot{direct("pay1", Yes), direct("pay2", Yes)},
			`member "pay2" voted in person but is not present`},
		{"direct ballot at a meeting no one attends", with(meeting, func(m *Motion) { m.Present = []string{} }), []Ballot{direct("pay1", Yes)},
			`member "pay1" voted in person but is not present`},
		{"the first bad ballot is reported", meeting, []Ballot{direct("pay1", Yes), direct("pay2", "maybe"), direct("guest", Yes)},
			`member "pay2": invalid choice "maybe" (want yes, no, abstain or recuse)`},
		{"membership is checked before the choice", meeting, []Ballot{direct("guest", "maybe")},
			`ballot for "guest": not an eligible member`},
		{"the rule is checked before the ballots", with(meeting, func(m *Motion) { m.Rule = "x" }), []Ballot{direct("guest", Yes)},
			`unknown voting rule "x" (want majority, two-thirds, unanimity or party-consent)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Tally(tt.motion, tt.ballots)
			if err == nil {
				t.Fatalf("Tally: got no error, want %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("Tally: got error %q, want %q", err, tt.want)
			}
			if r := []rune(err.Error()); unicode.IsUpper(r[0]) {
				t.Errorf("Tally: got error %q, want a lowercase sentence", err)
			}
			if !reflect.DeepEqual(res, Result{}) {
				t.Errorf("Tally: got result %+v with the error, want the zero Result", res)
			}
		})
	}
}

// TestTallyAccepts covers inputs near the errors that are valid.
func TestTallyAccepts(t *testing.T) {
	meeting := Motion{Rule: Majority, AllowProxies: true, Members: committee(), Present: []string{"pay1", "pay2", "guest"}}
	tests := []struct {
		name    string
		motion  Motion
		ballots []Ballot
	}{
		{"an empty By is a direct vote", meeting, []Ballot{{Member: "pay1", Choice: Yes}}},
		{"By equal to Member is a direct vote without proxies", Motion{Rule: Majority, Members: committee()}, []Ballot{direct("pay1", Yes)}},
		{"a reason on a non-recusal is kept, not required", meeting, []Ballot{{Member: "pay1", By: "pay1", Choice: No, Reason: "cost"}}},
		{"a proxy holder votes for themselves and one other", meeting, []Ballot{direct("pay1", Yes), proxy("prov1", "pay1", No)}},
		{"two holders, one proxy each", meeting, []Ballot{proxy("prov1", "pay1", No), proxy("prov2", "pay2", Yes)}},
		{"a proxy recusal with a reason", meeting, []Ballot{{Member: "prov1", By: "pay1", Choice: Recuse, Reason: "conflict of interest"}}},
		{"async: a proxy holder need not vote or be present", Motion{Rule: Majority, AllowProxies: true, Members: committee()}, []Ballot{proxy("prov1", "prov3", Yes)}},
		{"async: a direct voter need not be present", Motion{Rule: Majority, Members: committee()}, []Ballot{direct("prov3", No)}},
		{"a guest present is ignored", meeting, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mustTally(t, tt.motion, tt.ballots)
		})
	}
}

// TestErrorsDocumented produces every error with the placeholder ids of
// docs/voting.md and checks that the page quotes it.
func TestErrorsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/voting.md")
	if err != nil {
		t.Fatal(err)
	}
	members := []Member{{ID: "x", Party: "p"}, {ID: "y", Party: "p"}, {ID: "z", Party: "q"}}
	meeting := Motion{Rule: Majority, AllowProxies: true, Members: members, Present: []string{"y"}}
	tests := []struct {
		motion  Motion
		ballots []Ballot
	}{
		{Motion{Rule: "plurality", Members: members}, nil},
		{Motion{Rule: Majority}, nil},
		{Motion{Rule: Majority, Members: []Member{{Party: "p"}}}, nil},
		{Motion{Rule: Majority, Members: []Member{{ID: "x"}}}, nil},
		{Motion{Rule: Majority, Members: append(members, Member{ID: "x", Party: "q"})}, nil},
		{meeting, []Ballot{{Choice: Yes}}},
		{Motion{Rule: Majority, Members: members[1:]}, []Ballot{direct("x", Yes)}},
		{Motion{Rule: Majority, Members: members}, []Ballot{direct("x", Yes), direct("x", No)}},
		{Motion{Rule: Majority, Members: members}, []Ballot{direct("x", "maybe")}},
		{Motion{Rule: Majority, Members: members}, []Ballot{direct("x", Recuse)}},
		{Motion{Rule: Majority, Members: members}, []Ballot{proxy("x", "y", Yes)}},
		{Motion{Rule: Majority, AllowProxies: true, Members: members[:1]}, []Ballot{proxy("x", "y", Yes)}},
		{Motion{Rule: Majority, AllowProxies: true, Members: members, Present: []string{}}, []Ballot{proxy("x", "y", Yes)}},
		{meeting, []Ballot{proxy("x", "y", Yes), proxy("z", "y", Yes)}},
		{meeting, []Ballot{direct("x", Yes)}},
	}
	for i, tt := range tests {
		_, err := Tally(tt.motion, tt.ballots)
		if err == nil {
			t.Errorf("case %d: got no error, want one", i)
			continue
		}
		if !strings.Contains(string(doc), "`"+err.Error()+"`") {
			t.Errorf("case %d: got error %q, want it quoted in docs/voting.md", i, err)
		}
	}
}
