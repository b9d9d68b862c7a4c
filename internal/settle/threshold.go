package settle

import (
	"fmt"
	"math/big"

	"github.com/accord-alliance/accord/internal/number"
)

// ScaleRate reads the rate for n assigned beneficiaries from bands: within a
// band it falls linearly from FromRate at From to ToRate at To, so that both
// ends of the band take the rates the regulation's table gives them. ok is
// false when n is below the first band or in a gap.
func ScaleRate(bands []ScaleBand, n int64) (r number.Rate, ok bool) {
	for _, b := range bands {
		if n < b.From {
			return number.Rate{}, false
		}
		if b.To == 0 {
			return b.FromRate, true
		}
		if n <= b.To {
			pos := big.NewRat(n-b.From, b.To-b.From)
			drop := new(big.Rat).Sub(b.FromRate.Rat(), b.ToRate.Rat())
			return b.FromRate.Sub(number.RateFromRat(new(big.Rat).Mul(drop, pos))), true
		}
	}
	return number.Rate{}, false
}

// bandFor returns the band containing n, for the worksheet formula.
func bandFor(bands []ScaleBand, n int64) ScaleBand {
	for _, b := range bands {
		if n >= b.From && (b.To == 0 || n <= b.To) {
			return b
		}
	}
	return ScaleBand{}
}

func (e *engine) thresholds() error {
	msr, err := e.threshold(&e.t.Savings.Minimum, e.s.MinimumSavingsRate, "minimum_savings_rate", "Minimum savings rate", "savings.minimum", nil)
	if err != nil {
		return err
	}
	e.r.MinimumSavingsRate = msr
	if e.t.Losses == nil {
		return nil
	}
	mlr, err := e.threshold(&e.t.Losses.Minimum, e.s.MinimumLossRate, "minimum_loss_rate", "Minimum loss rate", "losses.minimum", &msr)
	if err != nil {
		return err
	}
	e.r.MinimumLossRate = &mlr
	return nil
}

// threshold settles one minimum rate: the summary's (as elected or
// assigned) if given, otherwise the terms' method.
func (e *engine) threshold(th *Threshold, given *number.Rate, key, label, field string, msr *number.Rate) (number.Rate, error) {
	if given != nil {
		e.w.rate(key, label, *given, "summary."+key, "as elected or assigned")
		return *given, nil
	}
	switch th.Method {
	case ThresholdFixed:
		e.w.rate(key, label, th.Rate, field+".rate", "fixed by the terms")
		return th.Rate, nil
	case ThresholdSymmetric:
		e.w.rate(key, label, *msr, field+".method", "symmetric: equal to the minimum savings rate")
		return *msr, nil
	case ThresholdNone:
		e.w.rate(key, label, number.Rate{}, field+".method", "no threshold")
		return number.Rate{}, nil
	}
	n := e.s.AssignedBeneficiaries
	r, ok := ScaleRate(th.Bands, n)
	if !ok {
		why := fmt.Sprintf("%d assigned beneficiaries is below the scale, which starts at %d; give the rate set for the ACO", n, th.Bands[0].From)
		if n == 0 {
			why = "give assigned_beneficiaries for the scale, or the rate itself"
		}
		return number.Rate{}, need(key, why)
	}
	b := bandFor(th.Bands, n)
	formula := fmt.Sprintf("%s assigned beneficiaries: %s (scale from %s and more)", number.GroupInt(n), r.Percent(4), number.GroupInt(b.From))
	if b.To != 0 {
		formula = fmt.Sprintf("%s − (%s − %s) × (%s − %s) / (%s − %s) = %s",
			b.FromRate.Percent(2), b.FromRate.Percent(2), b.ToRate.Percent(2),
			number.GroupInt(n), number.GroupInt(b.From), number.GroupInt(b.To), number.GroupInt(b.From), r.Percent(4))
	}
	if !e.w.has("assigned_beneficiaries") {
		e.w.count("assigned_beneficiaries", "Assigned beneficiaries", n, "summary.assigned_beneficiaries", "from summary")
	}
	e.w.rate(key, label, r, field+".bands", formula)
	return r, nil
}
