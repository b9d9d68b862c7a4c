package vote

import (
	"errors"
	"fmt"
	"strings"
)

// roll is a validated committee: its seat-holders by id.
type roll map[string]Member

// checkMotion validates what Tally needs of a motion before any ballot: a
// known rule and a committee of distinct, identified, partisan members.
func checkMotion(m Motion) (roll, error) {
	if !m.Rule.Valid() {
		return nil, fmt.Errorf("unknown voting rule %q (want majority, two-thirds, unanimity or party-consent)", m.Rule)
	}
	if len(m.Members) == 0 {
		return nil, errors.New("the motion has no eligible members")
	}
	seats := make(roll, len(m.Members))
	for _, mem := range m.Members {
		if err := checkMember(mem, seats); err != nil {
			return nil, err
		}
		seats[mem.ID] = mem
	}
	return seats, nil
}

// checkMember validates one eligible member against those before them.
func checkMember(mem Member, seats roll) error {
	if mem.ID == "" {
		return errors.New("a member of the committee has no id")
	}
	if mem.Party == "" {
		return fmt.Errorf("member %q has no party", mem.ID)
	}
	if _, dup := seats[mem.ID]; dup {
		return fmt.Errorf("member %q is listed twice among the eligible members", mem.ID)
	}
	return nil
}

// checker validates ballots one at a time, remembering what earlier ballots
// used up: each member votes once, each holder carries one proxy.
type checker struct {
	motion Motion
	seats  roll
	here   map[string]bool   // ids in Motion.Present; nil for an asynchronous vote
	voted  map[string]bool   // members with a ballot so far
	held   map[string]string // proxy holder -> the member they voted for
}

// newChecker prepares to check the ballots of a validated motion.
func newChecker(m Motion, seats roll) *checker {
	c := &checker{motion: m, seats: seats, voted: map[string]bool{}, held: map[string]string{}}
	if m.Present != nil {
		c.here = make(map[string]bool, len(m.Present))
		for _, id := range m.Present {
			c.here[id] = true
		}
	}
	return c
}

// check validates one ballot. The checks run in the order docs/voting.md
// lists them, so the same bad input always gives the same error.
func (c *checker) check(b Ballot) error {
	if b.Member == "" {
		return errors.New("a ballot names no member")
	}
	if _, ok := c.seats[b.Member]; !ok {
		return fmt.Errorf("ballot for %q: not an eligible member", b.Member)
	}
	if c.voted[b.Member] {
		return fmt.Errorf("member %q has more than one ballot", b.Member)
	}
	if !b.Choice.Valid() {
		return fmt.Errorf("member %q: invalid choice %q (want yes, no, abstain or recuse)", b.Member, b.Choice)
	}
	if b.Choice == Recuse && strings.TrimSpace(b.Reason) == "" {
		return fmt.Errorf("member %q recused without a reason", b.Member)
	}
	if isProxy(b) {
		if err := c.checkProxy(b); err != nil {
			return err
		}
	} else if c.here != nil && !c.here[b.Member] {
		return fmt.Errorf("member %q voted in person but is not present", b.Member)
	}
	c.voted[b.Member] = true
	return nil
}

// checkProxy validates the proxy of a ballot cast by someone else.
func (c *checker) checkProxy(b Ballot) error {
	if !c.motion.AllowProxies {
		return fmt.Errorf("member %q voted by proxy (by %q) but proxies are not allowed", b.Member, b.By)
	}
	if _, ok := c.seats[b.By]; !ok {
		return fmt.Errorf("proxy for member %q cast by %q, who is not an eligible member", b.Member, b.By)
	}
	if c.here != nil && !c.here[b.By] {
		return fmt.Errorf("proxy holder %q (for member %q) is not present", b.By, b.Member)
	}
	if first, ok := c.held[b.By]; ok {
		return fmt.Errorf("proxy holder %q holds more than one proxy (for %q and %q)", b.By, first, b.Member)
	}
	c.held[b.By] = b.Member
	return nil
}

// isProxy reports whether someone other than the member cast the ballot. An
// empty By is a direct vote.
func isProxy(b Ballot) bool { return b.By != "" && b.By != b.Member }
