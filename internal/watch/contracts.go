package watch

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/settle"
)

// RedPeriods is how many consecutive periods in red a KPI named by a
// contract's terms must have to trigger the contract's review.
const RedPeriods = 3

// Contract is what ContractConditions reads about one contract.
type Contract struct {
	Contract accord.Contract
	// Latest is the number of the contract's latest version (0 before the
	// original agreement is adopted).
	Latest int
	// KPIs are the approved KPIs the terms in force name (TermsKPIs), each
	// as Evaluate reads it.
	KPIs []Input
	// Requests are the contract's renegotiation requests; those answered
	// by a later version are ignored.
	Requests []accord.Renegotiation
}

// TermsKPIs returns the keys of the KPIs a terms document names: the
// measures of its quality gate, in order, each once. Terms that cannot be
// read name none.
func TermsKPIs(terms string) []string {
	if strings.TrimSpace(terms) == "" {
		return nil
	}
	t, err := settle.DecodeTerms(strings.NewReader(terms))
	if err != nil || t.QualityGate == nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, m := range t.QualityGate.Measures {
		if k := strings.ToLower(strings.TrimSpace(m.KPI)); k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// ContractConditions returns the contract's review triggers that hold at
// now — its scheduled review date has come; a KPI its terms name has been
// red for RedPeriods periods in a row — and one condition per outstanding
// renegotiation request, owned by the party that asked.
func ContractConditions(in Contract, now time.Time) []accord.SignalCondition {
	c := in.Contract
	base := accord.SignalCondition{SubjectType: accord.SubjectOfContract, SubjectID: c.ID, Link: "contracts/" + c.Key}
	var out []accord.SignalCondition
	if c.ReviewOn != nil && !c.ReviewOn.After(accord.Day(now)) {
		on := accord.Day(*c.ReviewOn)
		g := base
		g.Kind, g.Rule, g.Ref, g.Severity, g.Effect = accord.SignalContractReview, accord.RuleReviewDate, on.Format(time.DateOnly), accord.SeverityInfo, accord.EffectUnclear
		g.Subject = c.Title + ": review due"
		g.Summary = "The scheduled review date, " + on.Format(dateFormat) + ", has come. Review the contract with the other parties, then amend it or set the next review date."
		g.FirstPeriod, g.LastPeriod = on, on
		out = append(out, g)
	}
	for _, k := range in.KPIs {
		first, last, n := RedRun(k)
		if n < RedPeriods {
			continue
		}
		f := k.KPI.Frequency.FormatPeriod
		g := base
		g.Kind, g.Rule, g.Ref, g.Severity, g.Effect = accord.SignalContractReview, accord.RuleKPIRed, k.KPI.Key, accord.SeverityWarning, accord.EffectDeterioration
		g.Subject = c.Title + ": review, " + k.KPI.Name + " in red"
		g.Summary = k.KPI.Name + ", a measure of the terms' quality gate, has been red against its target for " + strconv.Itoa(n) +
			" periods in a row (" + f(first) + " – " + f(last) + "): a trigger to review the contract."
		g.FirstPeriod, g.LastPeriod, g.KPIID = first, last, k.KPI.ID
		out = append(out, g)
	}
	for _, r := range in.Requests {
		if in.Latest > r.BaseVersion {
			continue // answered by a later version
		}
		on := accord.Day(r.RequestedAt)
		g := base
		g.Kind, g.Ref, g.Severity, g.Effect = accord.SignalContractRenegotiation, r.ID, accord.SeverityWarning, accord.EffectUnclear
		g.Subject = r.PartyName + " asks to renegotiate " + c.Title
		g.Summary = "Asked by " + r.RequestedBy + " on " + on.Format(dateFormat) + ": " + clip(r.Reason, 300)
		g.FirstPeriod, g.LastPeriod, g.OwnerPartyID = on, on, r.PartyID
		out = append(out, g)
	}
	return out
}

// clip shortens s to at most n characters, marking the cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
