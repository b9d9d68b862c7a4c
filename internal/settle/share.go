package settle

import (
	"fmt"
	"math/big"

	"github.com/accord-alliance/accord/internal/number"
)

func (e *engine) share() error {
	factor, err := e.qualityFactor()
	if err != nil {
		return err
	}
	sv := &e.t.Savings
	e.r.SharingRate = sv.Rate.Mul(factor)
	if len(sv.Corridors) == 0 {
		formula := "fixed by the terms"
		switch {
		case sv.Quality == QualityScaled && e.quality:
			formula = fmt.Sprintf("%s × quality score %s", sv.Rate.Percent(2), e.s.QualityScore.Percent(2))
		case sv.Quality != QualityIgnored && !e.quality:
			formula = "0: the quality standard was not met"
		}
		e.w.rate("sharing_rate", "Final sharing rate", e.r.SharingRate, "savings.rate", formula)
	}
	g := e.r.GrossSavings
	switch {
	case g > 0:
		return e.shareSavings(factor)
	case g < 0 && e.t.Losses != nil:
		return e.shareLosses()
	case g < 0:
		e.w.money("shared_before_adjustment", "Losses not shared", 0, "losses", "one-sided terms: losses are not shared")
	default:
		e.w.money("shared_before_adjustment", "Nothing to share", 0, "benchmark", "expenditure equals the benchmark")
	}
	return nil
}

func (e *engine) shareSavings(factor number.Rate) error {
	sv, r := &e.t.Savings, e.r
	passMSR := r.SavingsRate.Cmp(r.MinimumSavingsRate) >= 0
	passQuality := sv.Quality == QualityIgnored || e.quality
	r.Qualified = passMSR && passQuality
	formula := fmt.Sprintf("savings rate %s %s minimum savings rate %s", r.SavingsRate.Percent(4), cmpSign(passMSR), r.MinimumSavingsRate.Percent(4))
	if sv.Quality != QualityIgnored {
		formula += fmt.Sprintf("; quality standard met: %t", e.quality)
	}
	e.w.flag("qualified", "Qualifies for shared savings", r.Qualified, "savings.minimum", formula)
	if !r.Qualified {
		e.w.money("shared_before_adjustment", "Shared savings", 0, "savings.minimum", "not qualified")
		return nil
	}
	shared := e.shareAmount(r.GrossSavings, r.MinimumSavingsRate, sv.Minimum.Apply, sv.Corridors, sv.Rate.Mul(factor), factor, "savings")
	if !sv.Cap.IsZero() {
		limit := r.Benchmark.MulRate(sv.Cap, e.mode)
		r.Cap = &limit
		e.w.money("savings_cap", "Performance payment limit", limit, "savings.cap",
			fmt.Sprintf("%s × %s of benchmark", r.Benchmark.Display(), sv.Cap.Percent(2)))
		if shared > limit {
			shared, r.Capped = limit, true
		}
	}
	r.SharedBeforeAdjustment = shared
	e.working = shared
	e.w.money("shared_before_adjustment", "Shared savings", shared, "savings", capFormula(r))
	return nil
}

// shareAmount applies the sharing rate, or the corridors, to the part of a
// gross amount (absolute value) that is shared: all of it when the
// threshold is a gate, the part beyond it when it is a deductible.
func (e *engine) shareAmount(gross number.Money, threshold number.Rate, apply string, corridors []Corridor, rate, factor number.Rate, side string) number.Money {
	b := e.r.Benchmark
	if gross < 0 {
		gross = -gross
	}
	from := number.Rate{}
	shareable := gross
	if apply == ApplyDeductible {
		from = threshold
		ded := b.MulRate(threshold, e.mode)
		shareable = max(gross-ded, 0)
		e.w.money("threshold_deductible", "Threshold deducted", -ded, side+".minimum.apply",
			fmt.Sprintf("%s × %s: only %s beyond the threshold is shared", b.Display(), threshold.Percent(4), side))
		e.w.money("shareable", "Shareable "+side, shareable, side+".minimum.apply", "")
	}
	if len(corridors) == 0 {
		shared := shareable.MulRate(rate, e.mode)
		e.w.money("shared_before_cap", "Shared "+side+" before limit", shared, side+".rate",
			fmt.Sprintf("%s × %s", shareable.Display(), rate.Percent(4)))
		return shared
	}
	to := number.RateOf(gross, b)
	var total number.Money
	lo := number.Rate{}
	for i, c := range corridors {
		hi := to
		if c.UpTo != nil {
			hi = c.UpTo.Min(to)
		}
		part := hi.Sub(lo.Max(from))
		if part.Sign() > 0 {
			share := c.Share.Mul(factor)
			amt := number.Cents(new(big.Rat).Mul(new(big.Rat).Mul(b.Rat(), part.Rat()), share.Rat()), e.mode)
			total = addMoney(total, amt)
			e.w.money("corridor", fmt.Sprintf("Corridor %s–%s of benchmark at %s", lo.Max(from).Percent(2), hi.Percent(2), share.Percent(2)),
				amt, fmt.Sprintf("%s.corridors[%d]", side, i), fmt.Sprintf("%s × %s × %s", b.Display(), part.Percent(4), share.Percent(2)))
		}
		if c.UpTo == nil || c.UpTo.Cmp(to) >= 0 {
			break
		}
		lo = *c.UpTo
	}
	e.w.money("shared_before_cap", "Shared "+side+" before limit", total, side+".corridors", "sum of the corridors")
	if shareable > 0 {
		eff := number.RateOf(total, shareable)
		e.r.setEffectiveRate(eff, side)
		e.w.rate("effective_rate", "Effective sharing rate", eff, side+".corridors", "shared / shareable")
	}
	return total
}

func cmpSign(pass bool) string {
	if pass {
		return "≥"
	}
	return "<"
}

func capFormula(r *Result) string {
	switch {
	case r.Cap == nil:
		return "no limit applies"
	case r.Capped:
		return "limited to the cap"
	}
	return "within the limit"
}

// setEffectiveRate records, for corridors, the effective rate: the amount
// shared over the amount shareable.
func (r *Result) setEffectiveRate(rate number.Rate, side string) {
	if side == "savings" {
		r.SharingRate = rate
	} else {
		r.LossRate = &rate
	}
}
