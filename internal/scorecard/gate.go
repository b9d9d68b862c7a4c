package scorecard

import (
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
)

// GateReading is a KPI's figure over a settlement period, read from the
// scorecard for a contract's quality gate, with how it was computed.
type GateReading struct {
	// OK says the figure could be read; Why says why not.
	OK  bool
	Why string
	// Value is exact, on the gate's scale: a percentage or a rate per
	// 1,000 as a fraction (the figure ÷ the KPI's scale), anything else
	// as the figure itself.
	Value number.Rate
	// Periods are the reporting periods that lie wholly within the
	// settlement period; Missing those without data; Withheld those the
	// viewer may not see under sharing by protocol.
	Periods, Missing, Withheld []time.Time
	// Method says how the periods were combined, for people.
	Method string
}

// ReadGate computes k's figure over the settlement period from..to (days,
// inclusive) from its period totals, alliance-wide: a period's
// whole-alliance row, else the sum of its segments where that is sound (as
// AllianceSeries does). Rates pool numerators and denominators over the
// periods; counts and money add up; other figures are averaged. Only
// reporting periods wholly within the settlement period count, and every
// one of them must have data the viewer may see (visible; nil sees all),
// so that a gate is never decided on part of a year. Derived KPIs are not
// read: their formula may not pool.
func ReadGate(k accord.KPI, totals []accord.PeriodTotal, from, to time.Time, visible func(time.Time) bool) GateReading {
	var r GateReading
	if k.Formula != "" {
		r.Why = fmt.Sprintf("%s is derived from other KPIs (%s); give its value for the period", k.Name, k.Formula)
		return r
	}
	r.Periods = wholePeriods(k.Frequency, from, to)
	if len(r.Periods) == 0 {
		r.Why = fmt.Sprintf("no whole %s period of %s lies within the settlement period", k.Frequency, k.Name)
		return r
	}
	figures := periodFigures(k, totals)
	var used []*accord.PeriodTotal
	for _, p := range r.Periods {
		switch t, ok := figures[p]; {
		case visible != nil && !visible(p):
			r.Withheld = append(r.Withheld, p)
		case !ok:
			r.Missing = append(r.Missing, p)
		default:
			used = append(used, t)
		}
	}
	switch {
	case len(r.Withheld) > 0:
		r.Why = fmt.Sprintf("%d of %d %s periods of %s are not shared with your party (%s)", len(r.Withheld), len(r.Periods), k.Frequency, k.Name,
			periodList(k.Frequency, r.Withheld))
		return r
	case len(r.Missing) > 0:
		r.Why = fmt.Sprintf("%s has no data for %s: the figure for the settlement period would be incomplete", k.Name, periodList(k.Frequency, r.Missing))
		return r
	}
	r.Value, r.Method, r.OK = combine(k, used)
	if !r.OK {
		r.Why = fmt.Sprintf("%s has no figure for the period (its denominators add up to zero)", k.Name)
		return r
	}
	r.Method += fmt.Sprintf(" over %d %s periods, %s", len(r.Periods), k.Frequency, spanLabel(k.Frequency, r.Periods))
	return r
}

// wholePeriods lists the reporting periods that lie wholly within from..to.
func wholePeriods(f accord.Frequency, from, to time.Time) []time.Time {
	var out []time.Time
	p := f.PeriodStart(from)
	if p.Before(accord.Day(from)) {
		p = f.Next(p)
	}
	for n := 0; n < 1000 && !f.Next(p).AddDate(0, 0, -1).After(accord.Day(to)); n++ {
		out = append(out, p)
		p = f.Next(p)
	}
	return out
}

// periodFigures picks each period's alliance-wide total: the whole row,
// else the segments' sum where adding segments up is sound.
func periodFigures(k accord.KPI, totals []accord.PeriodTotal) map[time.Time]*accord.PeriodTotal {
	out := map[time.Time]*accord.PeriodTotal{}
	for i := range totals {
		t := &totals[i]
		if t.KPIID != k.ID {
			continue
		}
		if t.Whole {
			out[t.Period] = t
		} else if _, ok := out[t.Period]; !ok && (k.IsRatio || additive(k.Unit)) {
			out[t.Period] = t
		}
	}
	return out
}

func decimalRat(d *number.Decimal) *big.Rat {
	if d == nil {
		return new(big.Rat)
	}
	return big.NewRat(int64(*d), number.DecimalScale)
}

// combine pools the periods' figures exactly.
func combine(k accord.KPI, ts []*accord.PeriodTotal) (number.Rate, string, bool) {
	sum, num, den := new(big.Rat), new(big.Rat), new(big.Rat)
	for _, t := range ts {
		if k.IsRatio {
			num.Add(num, decimalRat(t.Numerator))
			den.Add(den, decimalRat(t.Denominator))
		} else {
			sum.Add(sum, decimalRat(t.Value))
		}
	}
	switch {
	case k.IsRatio && den.Sign() == 0:
		return number.Rate{}, "", false
	case k.IsRatio:
		return number.RateFromRat(num.Quo(num, den)), "Σ numerators ÷ Σ denominators", true
	case additive(k.Unit):
		return number.RateFromRat(sum), "sum of the values", true
	}
	mean := sum.Quo(sum, big.NewRat(int64(len(ts)), 1))
	method := "mean of the values"
	if k.Scale > 1 {
		mean.Quo(mean, big.NewRat(k.Scale, 1))
		method += fmt.Sprintf(" ÷ %d", k.Scale)
	}
	return number.RateFromRat(mean), method, true
}

func spanLabel(f accord.Frequency, ps []time.Time) string {
	if len(ps) == 1 {
		return f.FormatPeriod(ps[0])
	}
	return f.FormatPeriod(ps[0]) + " to " + f.FormatPeriod(ps[len(ps)-1])
}

// periodList names periods, at most six of them.
func periodList(f accord.Frequency, ps []time.Time) string {
	var names []string
	for i, p := range ps {
		if i == 6 {
			names = append(names, fmt.Sprintf("and %d more", len(ps)-6))
			break
		}
		names = append(names, f.FormatPeriod(p))
	}
	return strings.Join(names, ", ")
}
