package settle

import (
	"cmp"
	"fmt"
	"math"
	"math/big"
	"slices"

	"github.com/accord-alliance/accord/internal/number"
)

// split divides the settlement among the parties: shared savings by share;
// shared losses by share, or in loss order up to each party's limit; each
// payment to its payee, or by share.
func (e *engine) split() error {
	ps := e.t.Parties
	if len(ps) == 0 {
		return nil
	}
	total := e.r.SharedSavings
	var parts []number.Money
	ordered := slices.ContainsFunc(ps, func(p Party) bool { return p.LossOrder > 0 || p.LossLimit != nil })
	if total < 0 && ordered {
		parts = e.bearLosses(-total)
		for i := range parts {
			parts[i] = -parts[i]
		}
	} else {
		parts = allocate(total, shareWeights(ps, nil))
	}
	pay := make([]number.Money, len(ps))
	for _, p := range e.r.Payments {
		if p.Payee != "" {
			i := slices.IndexFunc(ps, func(q Party) bool { return q.Name == p.Payee })
			pay[i] = addMoney(pay[i], p.Amount)
			continue
		}
		for i, m := range allocate(p.Amount, shareWeights(ps, nil)) {
			pay[i] = addMoney(pay[i], m)
		}
	}
	for i, p := range ps {
		sh := PartyShare{Party: p.Name, Role: p.Role, SharedSavings: parts[i], Payments: pay[i], Total: addMoney(parts[i], pay[i])}
		e.r.PartyShares = append(e.r.PartyShares, sh)
		formula := fmt.Sprintf("%s of %s", p.Share.Percent(2), total.Display())
		if total < 0 && ordered {
			formula = lossFormula(p)
		}
		label := p.Name
		if p.Role != "" {
			label += " (" + p.Role + ")"
		}
		e.w.money("party_share", label+": shared savings or losses", parts[i], fmt.Sprintf("parties[%d]", i), formula)
		if pay[i] != 0 {
			e.w.money("party_payments", label+": payments", pay[i], fmt.Sprintf("parties[%d]", i), "payee or share of each payment")
		}
	}
	return nil
}

func lossFormula(p Party) string {
	f := fmt.Sprintf("loss order %d", p.LossOrder)
	if p.LossOrder == 0 {
		f = "no loss order: bears losses after the ordered parties"
	}
	if p.LossLimit != nil {
		f += ", limit " + p.LossLimit.Display()
	}
	return f + ", by share " + p.Share.Percent(2) + " within its order"
}

// bearLosses allocates a loss (positive) tier by tier in ascending loss
// order, parties without an order last; within a tier by share, each party
// up to its limit. A loss beyond every limit is borne by share and noted.
func (e *engine) bearLosses(loss number.Money) []number.Money {
	ps := e.t.Parties
	order := func(p Party) int {
		if p.LossOrder == 0 {
			return math.MaxInt
		}
		return p.LossOrder
	}
	idx := make([]int, len(ps))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(order(ps[a]), order(ps[b])) })
	out := make([]number.Money, len(ps))
	left := loss
	for start := 0; start < len(idx) && left > 0; {
		end := start
		for end < len(idx) && order(ps[idx[end]]) == order(ps[idx[start]]) {
			end++
		}
		left = fill(left, idx[start:end], ps, out)
		start = end
	}
	if left > 0 {
		e.r.Notes = append(e.r.Notes, fmt.Sprintf("losses of %s exceed the parties' loss limits; the excess is borne by share", left.Display()))
		for i, m := range allocate(left, shareWeights(ps, nil)) {
			out[i] += m
		}
	}
	return out
}

// fill spreads amount over the parties in tier by share, water-filling
// around loss limits, and returns what the tier could not bear.
func fill(amount number.Money, tier []int, ps []Party, out []number.Money) number.Money {
	active := slices.Clone(tier)
	for amount > 0 && len(active) > 0 {
		alloc := allocate(amount, shareWeights(ps, active))
		var next []int
		for j, k := range active {
			if lim := ps[k].LossLimit; lim != nil && alloc[j] >= *lim-out[k] {
				amount -= *lim - out[k]
				out[k] = *lim
				continue
			}
			next = append(next, k)
		}
		if len(next) == len(active) {
			for j, k := range active {
				out[k] += alloc[j]
			}
			return 0
		}
		active = next
	}
	return amount
}

// shareWeights returns the shares of the parties in idx (all parties when
// idx is nil), normalised to add up to 1; equal weights if all are zero.
func shareWeights(ps []Party, idx []int) []number.Rate {
	if idx == nil {
		idx = make([]int, len(ps))
		for i := range idx {
			idx[i] = i
		}
	}
	var sum number.Rate
	for _, k := range idx {
		sum = sum.Add(ps[k].Share)
	}
	ws := make([]number.Rate, len(idx))
	for j, k := range idx {
		if sum.IsZero() {
			ws[j] = number.NewRate(1, int64(len(idx)))
		} else {
			ws[j] = number.RateFromRat(new(big.Rat).Quo(ps[k].Share.Rat(), sum.Rat()))
		}
	}
	return ws
}

// allocate splits total by weights (adding up to 1) into whole cents that
// add up to total exactly: each part is rounded toward zero, and the cents
// left over go to the largest remainders, earlier parties first on ties.
func allocate(total number.Money, weights []number.Rate) []number.Money {
	neg := total < 0
	abs := total
	if neg {
		abs = -total
	}
	parts := make([]number.Money, len(weights))
	rems := make([]*big.Rat, len(weights))
	var sum number.Money
	for i, w := range weights {
		exact := new(big.Rat).Mul(abs.Rat(), w.Rat())
		parts[i] = number.Cents(exact, number.Down)
		rems[i] = exact.Sub(exact, parts[i].Rat())
		sum += parts[i]
	}
	order := make([]int, len(weights))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return rems[b].Cmp(rems[a]) })
	for j := 0; sum < abs && len(order) > 0; j = (j + 1) % len(order) {
		parts[order[j]]++
		sum++
	}
	if neg {
		for i := range parts {
			parts[i] = -parts[i]
		}
	}
	return parts
}
