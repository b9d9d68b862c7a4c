package initiative

import (
	"fmt"
	"math/big"
	"slices"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
)

// Figure is a KPI's data at an initiative's sites for one period: the
// sites' values added, or, for a rate, their numerators and denominators
// added.
type Figure struct {
	Period      time.Time
	Value       number.Decimal
	Numerator   number.Decimal
	Denominator number.Decimal
}

// AtSites adds up, period by period, the current observations of the
// scorecard segments that are the initiative's sites. With no segment
// there is nothing to measure: the whole alliance's figure is not the
// sites'.
func AtSites(obs []accord.Observation, segments []string, ratio bool) []Figure {
	by := map[time.Time]*Figure{}
	for _, o := range obs {
		if o.Withdrawn || o.SupersededAt != nil || o.Segment == "" || !slices.Contains(segments, o.Segment) {
			continue
		}
		f := by[o.Period]
		if f == nil {
			f = &Figure{Period: o.Period}
			by[o.Period] = f
		}
		switch {
		case ratio && o.Numerator != nil && o.Denominator != nil:
			f.Numerator += *o.Numerator
			f.Denominator += *o.Denominator
		case !ratio && o.Value != nil:
			f.Value += *o.Value
		}
	}
	out := make([]Figure, 0, len(by))
	for _, f := range by {
		out = append(out, *f)
	}
	slices.SortFunc(out, func(a, b Figure) int { return a.Period.Compare(b.Period) })
	return out
}

// Share is the part of a benefit that accrues to a party, in percent.
type Share struct {
	Party   string
	Percent number.Decimal
}

// BenefitTerms are what the parties agreed of a KPI benefit
// (docs/initiatives.md, "Benefits measured from the scorecard").
type BenefitTerms struct {
	// Ratio marks a rate KPI, whose value is Numerator / Denominator ×
	// Scale (per 100, per 1,000).
	Ratio     bool
	Scale     int64
	Frequency accord.Frequency
	// Decrease is the initiative's expected direction for the KPI.
	Decrease bool
	// Baseline is a value in the KPI's unit; or, when nil, the mean of
	// the periods from BaselineFrom to BaselineTo that have data.
	Baseline                 *number.Decimal
	BaselineFrom, BaselineTo time.Time
	// MeasureFrom is the first period whose change is counted.
	MeasureFrom time.Time
	// UnitValue is the money one unit of change is worth: for a rate KPI
	// one event (an ED visit avoided), otherwise one unit of the KPI.
	UnitValue number.Money
	Shares    []Share
}

// PartyAmount is one party's money in a benefit's period.
type PartyAmount struct {
	Party  string
	Amount number.Money
}

// BenefitPeriod is one period's benefit: the sites' figure, its change
// against the baseline in the expected direction (negative when the KPI
// went the wrong way), the units of change valued (for a rate KPI, the
// events avoided or gained: the change × the period's denominator ÷ the
// scale), the money, and each party's part of it. PaidOn is the period's
// last day, the flow's date.
type BenefitPeriod struct {
	Period  time.Time
	PaidOn  time.Time
	Value   number.Decimal
	Change  number.Decimal
	Units   number.Decimal
	Amount  number.Money
	Parties []PartyAmount
}

// Benefit is a KPI benefit measured: the baseline used and each period
// counted.
type Benefit struct {
	Baseline number.Decimal
	Periods  []BenefitPeriod
}

// MeasureBenefit values a KPI benefit period by period from the figures
// at the initiative's sites: (the change of the KPI against the baseline,
// in the expected direction; for a rate, × the period's denominator ÷ the
// scale) × the unit value, rounded half up to the cent, split among the
// parties by their shares (each rounded half up to the cent, the last
// party taking what rounding leaves, so the parts add up to the amount).
// A period with no data, or a rate period with no denominator, counts
// nothing.
func MeasureBenefit(t BenefitTerms, figs []Figure) (Benefit, error) {
	var out Benefit
	if t.Ratio && t.Scale <= 0 {
		return out, fmt.Errorf("a rate KPI needs a scale")
	}
	base, err := t.baseline(figs)
	if err != nil {
		return out, err
	}
	out.Baseline = decimalOf(base)
	for _, f := range figs {
		v, ok := t.value(f)
		if !ok || f.Period.Before(t.MeasureFrom) {
			continue
		}
		change := new(big.Rat).Sub(v, base)
		if t.Decrease {
			change.Neg(change)
		}
		units := new(big.Rat).Set(change)
		if t.Ratio {
			units.Mul(units, rat(f.Denominator))
			units.Quo(units, new(big.Rat).SetInt64(t.Scale))
		}
		amount := number.Cents(new(big.Rat).Mul(units, t.UnitValue.Rat()), number.HalfUp)
		out.Periods = append(out.Periods, BenefitPeriod{Period: f.Period, PaidOn: t.Frequency.Next(f.Period).AddDate(0, 0, -1),
			Value: decimalOf(v), Change: decimalOf(change), Units: decimalOf(units), Amount: amount, Parties: Split(amount, t.Shares)})
	}
	return out, nil
}

// baseline is the agreed value, or the mean of the baseline periods'
// values.
func (t BenefitTerms) baseline(figs []Figure) (*big.Rat, error) {
	if t.Baseline != nil {
		return rat(*t.Baseline), nil
	}
	sum, n := new(big.Rat), int64(0)
	for _, f := range figs {
		if v, ok := t.value(f); ok && !f.Period.Before(t.BaselineFrom) && !f.Period.After(t.BaselineTo) {
			sum.Add(sum, v)
			n++
		}
	}
	if n == 0 {
		return nil, fmt.Errorf("there is no data at the initiative's sites in the baseline periods, %s to %s",
			t.Frequency.FormatPeriod(t.BaselineFrom), t.Frequency.FormatPeriod(t.BaselineTo))
	}
	return sum.Quo(sum, new(big.Rat).SetInt64(n)), nil
}

// value is a figure's value in the KPI's unit; a rate with no
// denominator has none.
func (t BenefitTerms) value(f Figure) (*big.Rat, bool) {
	if !t.Ratio {
		return rat(f.Value), true
	}
	if f.Denominator <= 0 {
		return nil, false
	}
	v := new(big.Rat).Quo(rat(f.Numerator), rat(f.Denominator))
	return v.Mul(v, new(big.Rat).SetInt64(t.Scale)), true
}

// Split divides an amount among parties by percent: each part rounded
// half up to the cent, the last party taking what rounding leaves.
func Split(amount number.Money, shares []Share) []PartyAmount {
	out := make([]PartyAmount, len(shares))
	var given number.Money
	for i, s := range shares {
		part := amount - given
		if i < len(shares)-1 {
			x := new(big.Rat).Mul(amount.Rat(), rat(s.Percent))
			part = number.Cents(x.Quo(x, big.NewRat(100, 1)), number.HalfUp)
		}
		given += part
		out[i] = PartyAmount{Party: s.Party, Amount: part}
	}
	return out
}

// SavingsShare is an initiative's share of one final settlement: percent
// of what the settlement pays each party of its shared savings. A
// settlement with no savings to share (none, or losses) credits nothing:
// the initiative is credited with savings, not charged with losses.
func SavingsShare(percent number.Decimal, total number.Money, parts []PartyAmount) []PartyAmount {
	if total <= 0 {
		return nil
	}
	var out []PartyAmount
	for _, p := range parts {
		if p.Amount <= 0 {
			continue
		}
		x := new(big.Rat).Mul(p.Amount.Rat(), rat(percent))
		out = append(out, PartyAmount{Party: p.Party, Amount: number.Cents(x.Quo(x, big.NewRat(100, 1)), number.HalfUp)})
	}
	return out
}

// decimalOf rounds an exact number half up to a decimal's six places.
func decimalOf(x *big.Rat) number.Decimal {
	return number.Decimal(number.Cents(new(big.Rat).Mul(x, big.NewRat(number.DecimalScale, 1)), number.HalfUp))
}

// rat is a decimal as an exact number.
func rat(d number.Decimal) *big.Rat { return big.NewRat(int64(d), number.DecimalScale) }
