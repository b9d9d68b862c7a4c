package vote

import (
	"fmt"
	"strconv"
	"strings"
)

// Rule is a voting rule: how the yes and no votes decide a motion.
type Rule string

// The voting rules; docs/voting.md defines each one.
const (
	Majority     Rule = "majority"
	TwoThirds    Rule = "two-thirds"
	Unanimity    Rule = "unanimity"
	PartyConsent Rule = "party-consent"
)

// Rules returns every voting rule, in the order a form should offer them.
func Rules() []Rule { return []Rule{Majority, TwoThirds, Unanimity, PartyConsent} }

// Valid reports whether r is one of the voting rules.
func (r Rule) Valid() bool {
	switch r {
	case Majority, TwoThirds, Unanimity, PartyConsent:
		return true
	}
	return false
}

// Label is the rule's name for people; an unknown rule is shown as it is.
func (r Rule) Label() string {
	switch r {
	case Majority:
		return "Simple majority"
	case TwoThirds:
		return "Two-thirds"
	case Unanimity:
		return "Unanimity"
	case PartyConsent:
		return "Consent of every party"
	}
	return string(r)
}

// basis is how the rule reads in a reason, after the count.
func (r Rule) basis() string {
	switch r {
	case Majority:
		return "simple majority of votes cast"
	case TwoThirds:
		return "two-thirds of votes cast"
	case Unanimity:
		return "unanimity of votes cast"
	}
	return "consent of every party"
}

// Choice is a ballot's choice.
type Choice string

// The choices a ballot can carry. Only Yes and No are votes cast.
const (
	Yes     Choice = "yes"
	No      Choice = "no"
	Abstain Choice = "abstain"
	Recuse  Choice = "recuse"
)

// Choices returns every choice, in the order a ballot form should offer them.
func Choices() []Choice { return []Choice{Yes, No, Abstain, Recuse} }

// Valid reports whether c is one of the choices.
func (c Choice) Valid() bool {
	switch c {
	case Yes, No, Abstain, Recuse:
		return true
	}
	return false
}

// Outcome of a motion.
type Outcome string

// The outcomes: NoQuorum wins over the ballots, which are still tallied.
const (
	Passed   Outcome = "passed"
	Failed   Outcome = "failed"
	NoQuorum Outcome = "no-quorum"
)

// Count is a tally of choices.
type Count struct {
	Yes     int `json:"yes"`
	No      int `json:"no"`
	Abstain int `json:"abstain"`
	Recused int `json:"recused"`
}

// add counts one choice; the choice has been validated.
func (c *Count) add(ch Choice) {
	switch ch {
	case Yes:
		c.Yes++
	case No:
		c.No++
	case Abstain:
		c.Abstain++
	case Recuse:
		c.Recused++
	}
}

// Cast is the number of votes cast: yes plus no.
func (c Count) Cast() int { return c.Yes + c.No }

// String reads "5 yes, 2 no, 1 abstain, 1 recused": yes and no always,
// abstentions and recusals only when there are some.
func (c Count) String() string {
	parts := []string{strconv.Itoa(c.Yes) + " yes", strconv.Itoa(c.No) + " no"}
	if c.Abstain > 0 {
		parts = append(parts, strconv.Itoa(c.Abstain)+" abstain")
	}
	if c.Recused > 0 {
		parts = append(parts, strconv.Itoa(c.Recused)+" recused")
	}
	return strings.Join(parts, ", ")
}

// carries reports whether the count carries a motion under rule r, for the
// three rules decided on the whole count (consent of every party is decided
// party by party with Majority). It reports false for an unknown rule.
func (c Count) carries(r Rule) bool {
	switch r {
	case Majority:
		return c.Yes > c.No
	case TwoThirds:
		return c.Yes > 0 && c.Yes*3 >= c.Cast()*2
	case Unanimity:
		return c.Yes > 0 && c.No == 0
	}
	return false
}

// plural returns "n word" with an s for any n but 1.
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
