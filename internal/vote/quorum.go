package vote

import "fmt"

// Member is a seat-holder of a committee as the engine sees them.
type Member struct {
	ID       string // person id
	Party    string // party id
	Clinical bool   // holds the clinical-leader role
}

// Quorum is a committee's quorum rule; zero fields are not required.
// Negative numbers are treated as zero.
type Quorum struct {
	MinPresent  int  // at least this many seat-holders present
	EveryParty  bool // every party holding a seat has someone present
	MinClinical int  // at least this many clinical leaders present
}

// QuorumResult says whether quorum is met and, if not, why.
type QuorumResult struct {
	Met      bool `json:"met"`
	Present  int  `json:"present"`  // seat-holders present (incl. represented by proxy when allowed)
	Clinical int  `json:"clinical"` // clinical leaders present
	// MissingParties are the party ids with no one present, in the order of
	// first appearance in members. It is filled whether or not the rule
	// asks for every party.
	MissingParties []string `json:"missing_parties"`
	// Reasons holds one human sentence per unmet requirement, in the order
	// MinPresent, EveryParty (one per missing party), MinClinical. Party ids
	// are used as they are; the caller maps them to names. Empty when met.
	Reasons []string `json:"reasons"`
}

// CheckQuorum: members = the committee's seat-holders; present = ids of those present.
// Ids in present that are not members are ignored. Duplicates count once,
// in present and in members (a member listed twice is the first listing).
func CheckQuorum(q Quorum, members []Member, present []string) QuorumResult {
	here := make(map[string]bool, len(present))
	for _, id := range present {
		here[id] = true
	}
	var r QuorumResult
	seen := make(map[string]bool)
	for _, m := range uniqueMembers(members) {
		if here[m.ID] {
			r.Present++
			if m.Clinical {
				r.Clinical++
			}
			seen[m.Party] = true
		}
	}
	for _, p := range partyOrder(members) {
		if !seen[p] {
			r.MissingParties = append(r.MissingParties, p)
		}
	}
	r.Reasons = quorumReasons(q, r)
	r.Met = len(r.Reasons) == 0
	return r
}

// quorumReasons explains each requirement of q that r does not meet.
func quorumReasons(q Quorum, r QuorumResult) []string {
	var reasons []string
	if r.Present < q.MinPresent {
		reasons = append(reasons, fmt.Sprintf("%d of %s present", r.Present, plural(q.MinPresent, "required member")))
	}
	if q.EveryParty {
		for _, p := range r.MissingParties {
			reasons = append(reasons, fmt.Sprintf("party %s not represented", p))
		}
	}
	if r.Clinical < q.MinClinical {
		if r.Clinical == 0 {
			reasons = append(reasons, fmt.Sprintf("no clinical leader present (%d required)", q.MinClinical))
		} else {
			reasons = append(reasons, fmt.Sprintf("%d of %s present", r.Clinical, plural(q.MinClinical, "required clinical leader")))
		}
	}
	return reasons
}

// uniqueMembers drops every listing of a member id after the first.
func uniqueMembers(members []Member) []Member {
	seen := make(map[string]bool, len(members))
	out := make([]Member, 0, len(members))
	for _, m := range members {
		if !seen[m.ID] {
			seen[m.ID] = true
			out = append(out, m)
		}
	}
	return out
}

// partyOrder lists the parties holding a seat, in order of first appearance.
func partyOrder(members []Member) []string {
	seen := make(map[string]bool)
	var out []string
	for _, m := range uniqueMembers(members) {
		if !seen[m.Party] {
			seen[m.Party] = true
			out = append(out, m.Party)
		}
	}
	return out
}
