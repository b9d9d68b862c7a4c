package vote

import "fmt"

// Ballot is one seat-holder's vote. By is who cast it: equal to Member for a
// direct vote, another seat-holder's id for a proxy vote. Reason is required for a recusal.
// An empty By is read as a direct vote.
type Ballot struct {
	Member string
	By     string
	Choice Choice
	Reason string
}

// Motion is what the engine needs of a motion.
type Motion struct {
	Rule            Rule
	ClinicalConsent bool // also require a majority of clinical leaders voting
	AllowProxies    bool
	Quorum          Quorum
	Members         []Member // eligible seat-holders
	// Present is, for a vote in a meeting, the ids present; nil for an
	// asynchronous vote (then every member who cast a ballot, directly or by
	// proxy, counts as present). A non-nil empty slice is a meeting at which
	// no one is present.
	Present []string
}

// Async reports whether the motion is voted asynchronously (Present is nil)
// rather than in a meeting.
func (m Motion) Async() bool { return m.Present == nil }

// PartyPosition is one party's position under consent of every party.
// Consents (yes > no among the party's ballots) is filled for every rule but
// decides the motion only under PartyConsent.
type PartyPosition struct {
	Party    string `json:"party_id"`
	Count    Count  `json:"count"`
	Consents bool   `json:"consents"`
}

// Result is a motion's tally and outcome.
type Result struct {
	Outcome Outcome `json:"outcome"`
	Total   Count   `json:"total"`
	// ByParty has one position per party holding a seat, in order of first
	// appearance in Members (always filled, not only for PartyConsent).
	ByParty  []PartyPosition `json:"by_party"`
	Clinical Count           `json:"clinical"` // ballots of clinical leaders
	// ClinicalConsent is Clinical.Yes > Clinical.No; it is meaningful only
	// when Motion.ClinicalConsent.
	ClinicalConsent bool         `json:"clinical_consent"`
	Quorum          QuorumResult `json:"quorum"`
	// Reasons are human sentences explaining the outcome, in the order
	// docs/voting.md gives, e.g. "passed: 5 yes, 2 no, 1 abstain (simple
	// majority of votes cast)".
	Reasons []string `json:"reasons"`
}

// Tally validates ballots and decides the motion. It returns an error (not a
// Result) for invalid input: unknown rule, a ballot from a non-member, two
// ballots for one member, invalid choice, a recusal without a reason, a proxy
// ballot when proxies are not allowed, a proxy cast by someone who is not a
// member, a proxy holder who is not present at a meeting vote, or a proxy holder
// holding more than one proxy. Error messages are lowercase sentences naming the member id.
//
// It also rejects a motion with no members, a member without an id or a
// party, a member listed twice, a ballot naming no member, and, at a meeting,
// a direct ballot from a member who is not present.
func Tally(m Motion, ballots []Ballot) (Result, error) {
	seats, err := checkMotion(m)
	if err != nil {
		return Result{}, err
	}
	c := newChecker(m, seats)
	for _, b := range ballots {
		if err := c.check(b); err != nil {
			return Result{}, err
		}
	}
	res := count(m.Members, seats, ballots)
	res.Quorum = CheckQuorum(m.Quorum, m.Members, presentFor(m, ballots))
	res.Outcome, res.Reasons = decide(m, res)
	return res, nil
}

// presentFor lists who counts as present for quorum: at a meeting, those
// present plus, when proxies are allowed, those represented by a proxy; in
// an asynchronous vote, every member with a ballot.
func presentFor(m Motion, ballots []Ballot) []string {
	if m.Async() {
		out := make([]string, 0, len(ballots))
		for _, b := range ballots {
			out = append(out, b.Member)
		}
		return out
	}
	out := append([]string(nil), m.Present...)
	if m.AllowProxies {
		for _, b := range ballots {
			if isProxy(b) {
				out = append(out, b.Member)
			}
		}
	}
	return out
}

// count tallies validated ballots in total, by party and among clinical
// leaders; a proxy ballot counts for the member represented.
func count(members []Member, seats roll, ballots []Ballot) Result {
	var res Result
	parties := partyOrder(members)
	index := make(map[string]int, len(parties))
	for i, p := range parties {
		index[p] = i
	}
	res.ByParty = make([]PartyPosition, len(parties))
	for i, p := range parties {
		res.ByParty[i].Party = p
	}
	for _, b := range ballots {
		mem := seats[b.Member]
		res.Total.add(b.Choice)
		res.ByParty[index[mem.Party]].Count.add(b.Choice)
		if mem.Clinical {
			res.Clinical.add(b.Choice)
		}
	}
	for i := range res.ByParty {
		res.ByParty[i].Consents = res.ByParty[i].Count.carries(Majority)
	}
	res.ClinicalConsent = res.Clinical.carries(Majority)
	return res
}

// decide applies quorum, the rule and clinical consent to a filled tally.
// A passed motion explains itself in one sentence (and one for clinical
// consent); a failed one lists every failure first, then what was met.
func decide(m Motion, res Result) (Outcome, []string) {
	if !res.Quorum.Met {
		reasons := make([]string, len(res.Quorum.Reasons))
		for i, r := range res.Quorum.Reasons {
			reasons[i] = "no quorum: " + r
		}
		return NoQuorum, reasons
	}
	tally := fmt.Sprintf("%s (%s)", res.Total, m.Rule.basis())
	failed := ruleFailures(m.Rule, res)
	var met []string
	if len(failed) == 0 {
		met = append(met, "rule met: "+tally)
	}
	if m.ClinicalConsent {
		if res.ClinicalConsent {
			met = append(met, "clinical consent given ("+clinicalVote(res.Clinical)+")")
		} else {
			failed = append(failed, "failed: clinical consent not given ("+clinicalVote(res.Clinical)+")")
		}
	}
	if len(failed) == 0 {
		met[0] = "passed: " + tally
		return Passed, met
	}
	return Failed, append(failed, met...)
}

// ruleFailures explains why the motion's rule is not met; none when it is.
func ruleFailures(r Rule, res Result) []string {
	if r != PartyConsent {
		if res.Total.carries(r) {
			return nil
		}
		return []string{fmt.Sprintf("failed: %s (%s)", res.Total, r.basis())}
	}
	var out []string
	for _, p := range res.ByParty {
		if !p.Consents {
			out = append(out, fmt.Sprintf("failed: party %s did not consent (%s)", p.Party, p.Count))
		}
	}
	return out
}

// clinicalVote describes how the clinical leaders voted.
func clinicalVote(c Count) string {
	if c.Cast() == 0 {
		return "no clinical leader voted yes or no"
	}
	return fmt.Sprintf("%d of %s voting approved", c.Yes, plural(c.Cast(), "clinical leader"))
}
