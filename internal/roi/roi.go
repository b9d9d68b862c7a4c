package roi

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/accord-alliance/accord/internal/number"
)

// Flow is money moving on a day: paid out by the party when Amount is
// negative, received when it is positive.
type Flow struct {
	// Date is the day of the flow: its year, month and day are read in its
	// own location, its clock time is ignored.
	Date   time.Time
	Party  string
	Amount number.Money
}

// Return is what a set of flows returns at one discount rate.
type Return struct {
	// Rate is the annual discount rate of NPV and DiscountedPayback.
	Rate float64
	// Start is the earliest flow's date: the day the NPV is valued at.
	Start time.Time
	// NPV is XNPV(Rate) rounded to the cent, half away from zero.
	NPV number.Money
	// IRR is XIRR, or why no single rate solves it.
	IRR IRR
	// Payback is the first date from which the cumulative sum of the
	// flows (same-day flows together) is never below zero again; zero
	// when it is below zero after the last flow.
	Payback time.Time
	// DiscountedPayback is Payback for the flows discounted to Start at
	// Rate, each cumulative sum rounded to the cent; zero when the NPV is
	// negative.
	DiscountedPayback time.Time
	// Invested is the sum of the flows out, as a positive amount;
	// Returned the sum of the flows in. Same-day flows are not netted.
	Invested, Returned number.Money
}

// IRR is an internal rate of return, or why there is none.
type IRR struct {
	// Rate is the annual rate at which XNPV is zero, when OK.
	Rate float64
	OK   bool
	// Reason says in a sentence why there is no IRR, when not OK.
	Reason string
	// Rates lists every rate found when several solve XNPV = 0 (then OK
	// is false: the IRR is ambiguous).
	Rates []float64
}

// PartyReturn is one party's return, at the party's own rate.
type PartyReturn struct {
	Party string
	Return
}

// Report is the return of every party, in the order each first appears
// in the flows, and of all the flows together.
type Report struct {
	Parties []PartyReturn
	Total   Return
}

// Rates says which discount rate applies to whom: a party's own rate, or
// Total's when it has none. Total also values all the flows together.
type Rates struct {
	Total float64
	Party map[string]float64
}

// MaxAbsTotal bounds the sum of the flows' absolute amounts (in cents,
// $100 billion): below it, the float64 discounting is off by far less than
// a cent, so the rounded NPV is exact.
const MaxAbsTotal = 10_000_000_000_000

// ErrNoFlows is returned for an empty set of flows: it has no return.
var ErrNoFlows = errors.New("no cash flows")

// Evaluate computes each party's return at its rate and the total's at
// rates.Total.
func Evaluate(flows []Flow, rates Rates) (*Report, error) {
	if len(flows) == 0 {
		return nil, ErrNoFlows
	}
	byParty := map[string][]Flow{}
	var order []string
	for i, f := range flows {
		if f.Party == "" {
			return nil, fmt.Errorf("flow %d: no party", i+1)
		}
		if _, ok := byParty[f.Party]; !ok {
			order = append(order, f.Party)
		}
		byParty[f.Party] = append(byParty[f.Party], f)
	}
	rep := &Report{}
	for _, p := range order {
		rate, ok := rates.Party[p]
		if !ok {
			rate = rates.Total
		}
		r, err := Assess(byParty[p], rate)
		if err != nil {
			return nil, fmt.Errorf("party %s: %w", p, err)
		}
		rep.Parties = append(rep.Parties, PartyReturn{Party: p, Return: r})
	}
	total, err := Assess(flows, rates.Total)
	if err != nil {
		return nil, fmt.Errorf("total: %w", err)
	}
	rep.Total = total
	return rep, nil
}

// Assess computes the return of flows, whoever's they are, at rate.
func Assess(flows []Flow, rate float64) (Return, error) {
	if len(flows) == 0 {
		return Return{}, ErrNoFlows
	}
	if math.IsNaN(rate) || math.IsInf(rate, 0) || rate <= -1 {
		return Return{}, fmt.Errorf("discount rate %v: must be above -1 (-100%%)", rate)
	}
	s, err := newSchedule(flows)
	if err != nil {
		return Return{}, err
	}
	ret := Return{Rate: rate, Start: s.date(0), Invested: s.out, Returned: s.in}
	npv, dpb, err := s.discount(rate)
	if err != nil {
		return Return{}, err
	}
	ret.NPV = npv
	if i := s.payback(); i >= 0 {
		ret.Payback = s.date(i)
	}
	if dpb >= 0 {
		ret.DiscountedPayback = s.date(dpb)
	}
	ret.IRR = s.irr()
	return ret, nil
}
