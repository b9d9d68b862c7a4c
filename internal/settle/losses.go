package settle

import (
	"fmt"

	"github.com/accord-alliance/accord/internal/number"
)

func (e *engine) shareLosses() error {
	l, r := e.t.Losses, e.r
	lossRate := r.SavingsRate.Neg()
	mlr := *r.MinimumLossRate
	r.Qualified = lossRate.Cmp(mlr) >= 0
	e.w.flag("qualified", "Losses are shared", r.Qualified, "losses.minimum",
		fmt.Sprintf("loss rate %s %s minimum loss rate %s", lossRate.Percent(4), cmpSign(r.Qualified), mlr.Percent(4)))
	rate, err := e.lossSharingRate()
	if err != nil {
		return err
	}
	if !r.Qualified {
		e.w.money("shared_before_adjustment", "Shared losses", 0, "losses.minimum", "below the minimum loss rate")
		return nil
	}
	shared := e.shareAmount(r.GrossSavings, mlr, l.Minimum.Apply, l.Corridors, rate, one, "losses")
	limit, ok, err := e.lossCap()
	if err != nil {
		return err
	}
	if ok {
		r.Cap = &limit
		if shared > limit {
			shared, r.Capped = limit, true
		}
	}
	r.SharedBeforeAdjustment = -shared
	e.working = -shared
	e.w.money("shared_before_adjustment", "Shared losses", -shared, "losses", capFormula(r))
	return nil
}

// lossSharingRate is the share of losses the ACO side bears.
func (e *engine) lossSharingRate() (number.Rate, error) {
	l := e.t.Losses
	maxRate := l.MaxRate
	if maxRate.IsZero() {
		maxRate = one
	}
	var rate number.Rate
	var formula string
	switch l.RateMethod {
	case LossRateFlat:
		rate, formula = l.Rate, "fixed by the terms"
	case LossRateQuality:
		if !e.quality {
			rate, formula = maxRate, "the quality standard was not met: the maximum rate"
			break
		}
		qs, err := e.qualityScore("losses.rate_method is quality")
		if err != nil {
			return number.Rate{}, err
		}
		rate = one.Sub(l.QualityFactor.Mul(qs))
		formula = fmt.Sprintf("1 − %s × quality score %s = %s", l.QualityFactor.Decimal(2), qs.Percent(2), rate.Percent(4))
	case LossRateOneMinusSharing:
		rate = one.Sub(e.r.SharingRate)
		formula = fmt.Sprintf("1 − final sharing rate %s = %s", e.r.SharingRate.Percent(4), rate.Percent(4))
	}
	if l.RateMethod != LossRateFlat {
		clamped := rate.Clamp(l.MinRate, maxRate)
		if clamped.Cmp(rate) != 0 {
			formula += fmt.Sprintf(", kept within %s–%s", l.MinRate.Percent(0), maxRate.Percent(0))
		}
		rate = clamped
	}
	e.r.LossRate = &rate
	e.w.rate("loss_rate", "Shared loss rate", rate, "losses.rate_method", formula)
	return rate, nil
}

// lossCap is the loss sharing limit; ok is false when the terms set none.
func (e *engine) lossCap() (limit number.Money, ok bool, err error) {
	c, b, s := e.t.Losses.Cap, e.r.Benchmark, e.s
	benchRate, field := c.Benchmark, "losses.cap.benchmark"
	if n := len(c.BenchmarkByAgreementYear); n > 0 {
		if s.AgreementYear == 0 {
			return 0, false, need("agreement_year", "losses.cap.benchmark_by_agreement_year")
		}
		i := min(s.AgreementYear, n) - 1
		benchRate, field = c.BenchmarkByAgreementYear[i], fmt.Sprintf("losses.cap.benchmark_by_agreement_year[%d]", i)
	}
	var bench, rev *number.Money
	if !benchRate.IsZero() {
		m := b.MulRate(benchRate, e.mode)
		bench = &m
		e.w.money("loss_cap_benchmark", "Benchmark-based loss limit", m, field,
			fmt.Sprintf("%s × %s of benchmark", b.Display(), benchRate.Percent(2)))
	}
	if !c.Revenue.IsZero() {
		if s.ParticipantRevenue != nil {
			m := s.ParticipantRevenue.MulRate(c.Revenue, e.mode)
			rev = &m
			e.w.money("loss_cap_revenue", "Revenue-based loss limit", m, "losses.cap.revenue",
				fmt.Sprintf("participant revenue %s × %s", s.ParticipantRevenue.Display(), c.Revenue.Percent(2)))
		} else {
			e.r.Notes = append(e.r.Notes, fmt.Sprintf(
				"participant_revenue not given: the revenue-based loss limit (%s of ACO participant revenue) was not applied", c.Revenue.Percent(2)))
		}
	}
	switch {
	case c.Combine == CapRevenueElseBenchmark && rev != nil:
		limit, ok = *rev, true
	case c.Combine == CapRevenueElseBenchmark && bench != nil:
		limit, ok = *bench, true
	case rev != nil && bench != nil:
		limit, ok = min(*rev, *bench), true
	case rev != nil:
		limit, ok = *rev, true
	case bench != nil:
		limit, ok = *bench, true
	}
	if ok {
		e.w.money("loss_cap", "Loss sharing limit", limit, "losses.cap", capCombineFormula(c.Combine, rev, bench))
	}
	return limit, ok, nil
}

func capCombineFormula(combine string, rev, bench *number.Money) string {
	switch {
	case rev != nil && bench != nil && combine == CapRevenueElseBenchmark:
		return "revenue-based, as participant revenue is given"
	case rev != nil && bench != nil:
		return "the lesser of the revenue- and benchmark-based limits"
	case rev != nil:
		return "revenue-based"
	}
	return "benchmark-based"
}
