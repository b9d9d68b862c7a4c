package views

import (
	"context"
	"errors"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/roi"
)

// DefaultDiscountRate is the rate a party's return is valued at when the
// viewer gives none, and the total's (docs/initiatives.md).
const DefaultDiscountRate = 0.08

// LedgerRates are the discount rates a ledger's returns are valued at: a
// common rate (the total's, and any party's without its own) and each
// party's own, by party ID. They are the viewer's question, not stored:
// each party values the same flows at its own cost of money.
type LedgerRates struct {
	Common float64
	Party  map[string]float64
}

// ParseLedgerRates reads rate (the common rate), and each party's as
// rate_{party id} (the page's form) or rates=ID=RATE,ID=RATE (the API's),
// from a query, each a decimal (0.08) or a percentage (8%).
func ParseLedgerRates(q url.Values) (LedgerRates, error) {
	r := LedgerRates{Common: DefaultDiscountRate, Party: map[string]float64{}}
	for _, item := range strings.Split(q.Get("rates"), ",") {
		if strings.TrimSpace(item) == "" {
			continue
		}
		id, rate, ok := strings.Cut(item, "=")
		x, err := parseRate(rate)
		if !ok || strings.TrimSpace(id) == "" || err != nil {
			return r, accord.FieldError("rates", "must be PARTY_ID=RATE pairs separated by commas, each rate such as 0.08 or 8%%")
		}
		r.Party[strings.TrimSpace(id)] = x
	}
	for k, vs := range q {
		if k != "rate" && !strings.HasPrefix(k, "rate_") || len(vs) == 0 || strings.TrimSpace(vs[0]) == "" {
			continue
		}
		x, err := parseRate(vs[0])
		if err != nil {
			return r, accord.FieldError(k, "%s", err.Error())
		}
		if k == "rate" {
			r.Common = x
		} else {
			r.Party[strings.TrimPrefix(k, "rate_")] = x
		}
	}
	return r, nil
}

func parseRate(s string) (float64, error) {
	s = strings.TrimSpace(s)
	pct := strings.HasSuffix(s, "%")
	x, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(s, "%")), 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, errors.New("must be a rate such as 0.08 or 8%")
	}
	if pct {
		x /= 100
	}
	if x <= -0.99 || x > 10 {
		return 0, errors.New("must be a yearly rate above -99% and at most 1,000%")
	}
	return x, nil
}

// Of is the party's own rate, or the common one.
func (r LedgerRates) Of(partyID string) float64 {
	if x, ok := r.Party[partyID]; ok {
		return x
	}
	return r.Common
}

// LedgerView is one initiative's ledger: its commitments and
// contributions, budget against actual per phase and party, and each
// party's return on what it has put in.
type LedgerView struct {
	Initiative    accord.Initiative
	Phases        []accord.Phase
	Parties       []accord.Party
	Commitments   []accord.Commitment
	Contributions []accord.Contribution
	// Lines are budget against actual per phase ("" for the initiative as
	// a whole) and party.
	Lines []accord.LedgerTotal
	// Totals are per party over the initiative.
	Totals  []PartyTotal
	Rates   LedgerRates
	Returns []PartyReturn
	// Total is every party's flows together at the common rate; nil with
	// no contribution that counts.
	Total *roi.Return
	// Benefits are the initiative's agreed and proposed benefits: the
	// approved ones' flows in are in the returns.
	Benefits []BenefitView
	// Assessments are its ROI assessments, the latest first.
	Assessments []accord.ROIAssessment
}

// PartyReturn is one party's return on its contributions to the
// initiative, at its rate.
type PartyReturn struct {
	PartyID, Party string
	roi.Return
}

// LoadLedger reads one initiative's ledger and values each party's
// contributions that count (money out, on their dates) and its approved
// benefits (money in) at its rate. sh is the viewer's view of the
// scorecard: a benefit's KPI figures are shown only where it allows.
func (l *Loader) LoadLedger(ctx context.Context, allianceID, initiativeID string, rates LedgerRates, sh Sharing) (LedgerView, error) {
	v := LedgerView{Rates: rates}
	var err error
	if v.Initiative, err = l.Svc.Initiative(ctx, allianceID, initiativeID); err != nil {
		return v, err
	}
	p, err := l.Svc.Portfolio(ctx, allianceID)
	if err != nil {
		return v, err
	}
	for _, ph := range p.Phases {
		if ph.InitiativeID == initiativeID {
			v.Phases = append(v.Phases, ph)
		}
	}
	if v.Parties, err = l.Svc.ListParties(ctx, allianceID); err != nil {
		return v, err
	}
	cs, err := l.Svc.ListCommitments(ctx, allianceID)
	if err != nil {
		return v, err
	}
	for _, c := range cs {
		if c.InitiativeID == initiativeID {
			v.Commitments = append(v.Commitments, c)
		}
	}
	xs, err := l.Svc.ListContributions(ctx, allianceID)
	if err != nil {
		return v, err
	}
	for _, x := range xs {
		if x.InitiativeID == initiativeID {
			v.Contributions = append(v.Contributions, x)
		}
	}
	ts, err := l.Svc.LedgerTotals(ctx, allianceID)
	if err != nil {
		return v, err
	}
	for _, t := range ts {
		if t.InitiativeID == initiativeID {
			v.Lines = append(v.Lines, t)
		}
	}
	v.Totals = partyTotals(v.Parties, ts, initiativeID)
	if err := l.loadBenefits(ctx, &v, p.Sites, sh); err != nil {
		return v, err
	}
	if v.Assessments, err = l.Svc.ROIAssessments(ctx, allianceID, initiativeID); err != nil {
		return v, err
	}
	return v, v.value()
}

// value computes the returns from the contributions that count (flows
// out) and the approved benefits (flows in).
func (v *LedgerView) value() error {
	var flows []roi.Flow
	for _, x := range v.Contributions {
		if x.Counts() {
			flows = append(flows, roi.Flow{Date: x.On, Party: x.PartyID, Amount: -x.Amount})
		}
	}
	for _, b := range v.Benefits {
		flows = append(flows, b.Flows...)
	}
	if len(flows) == 0 {
		return nil
	}
	rep, err := roi.Evaluate(flows, roi.Rates{Total: v.Rates.Common, Party: v.Rates.Party})
	if err != nil {
		return accord.Errorf(accord.EINVALID, "the ledger's return cannot be computed: %v", err)
	}
	for _, pr := range rep.Parties {
		v.Returns = append(v.Returns, PartyReturn{PartyID: pr.Party, Party: v.PartyName(pr.Party), Return: pr.Return})
	}
	v.Total = &rep.Total
	return nil
}

// PartyName names a party of the alliance.
func (v LedgerView) PartyName(id string) string {
	for _, p := range v.Parties {
		if p.ID == id {
			return p.OrgName
		}
	}
	return id
}

// PhaseName names a phase of the initiative, or the initiative as a whole
// for "".
func (v LedgerView) PhaseName(id string) string {
	if id == "" {
		return "Whole initiative"
	}
	for _, p := range v.Phases {
		if p.ID == id {
			return strconv.Itoa(p.Ordinal) + ". " + p.Name
		}
	}
	return id
}

// CommitmentName says which commitment a contribution is against.
func (v LedgerView) CommitmentName(id string) string {
	for _, c := range v.Commitments {
		if c.ID == id {
			name := v.PartyName(c.PartyID) + ": " + strings.ReplaceAll(c.Kind, "_", " ") + " " + Money(c.Amount)
			if c.Description != "" {
				name += " (" + c.Description + ")"
			}
			return name
		}
	}
	return id
}

// RateText writes a rate as a percentage with two decimals.
func RateText(x float64) string { return strconv.FormatFloat(x*100, 'f', 2, 64) + "%" }

// IRRText writes an IRR, or why there is none.
func IRRText(i roi.IRR) string {
	if i.OK {
		return RateText(i.Rate)
	}
	return "none: " + i.Reason
}

// DayText writes a date, or "never" for none.
func DayText(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.Format(time.DateOnly)
}

// MoneyText writes an amount for pages (an alias of Money, for templates).
func MoneyText(m number.Money) string { return Money(m) }
