package settle

import (
	"errors"
	"fmt"
	"slices"

	"github.com/accord-alliance/accord/internal/number"
)

// FieldError names the field of a terms or summary document that is wrong:
// Field is its JSON path (for programs and forms), and the error's text
// names it in words.
type FieldError struct {
	Field string
	Msg   string
}

// Error returns the field in words and the message, e.g. "Savings, rate:
// must be between 0 and 1, got 1.5". An unknown key is quoted as written,
// since its spelling is what is wrong.
func (e *FieldError) Error() string {
	if e.Msg == msgUnknownField {
		return fmt.Sprintf("%q is not a known field", e.Field)
	}
	return PlainField(e.Field) + ": " + e.Msg
}

// msgUnknownField is the decoder's message for a key the format lacks.
const msgUnknownField = "unknown field"

// checker collects the first problem found while validating.
type checker struct{ err error }

func (c *checker) failf(field, format string, a ...any) {
	if c.err == nil {
		c.err = &FieldError{Field: field, Msg: fmt.Sprintf(format, a...)}
	}
}

var one = number.NewRate(1, 1)

func (c *checker) fraction(field string, r number.Rate) {
	if r.Sign() < 0 || r.Cmp(one) > 0 {
		c.failf(field, "must be between 0 and 1, got %s", r)
	}
}

func (c *checker) oneOf(field, v string, allowed ...string) {
	if !slices.Contains(allowed, v) {
		c.failf(field, "must be one of %q, got %q", allowed, v)
	}
}

// Validate reports the first problem in t as a *FieldError, or nil.
func (t *Terms) Validate() error {
	var c checker
	if t.Name == "" {
		c.failf("name", "required")
	}
	c.benchmark(&t.Benchmark)
	c.threshold("savings.minimum", &t.Savings.Minimum, false)
	c.fraction("savings.rate", t.Savings.Rate)
	c.oneOf("savings.quality", t.Savings.Quality, QualityGateOnly, QualityScaled, QualityIgnored)
	c.fraction("savings.cap", t.Savings.Cap)
	c.corridors("savings.corridors", t.Savings.Corridors)
	if t.Losses != nil {
		c.losses(t.Losses)
	}
	c.fraction("sequestration", t.Sequestration)
	if t.QualityGate != nil {
		c.gate(t.QualityGate)
	}
	c.payments(t.Payments, t.Parties)
	c.parties(t.Parties)
	if t.Rounding.Mode != "" && !t.Rounding.Mode.Valid() {
		c.failf("rounding.mode", "must be one of %q, got %q", []number.RoundingMode{number.HalfUp, number.HalfEven, number.Down}, t.Rounding.Mode)
	}
	if t.Rounding.Final != "" {
		c.oneOf("rounding.final", t.Rounding.Final, UnitCent, UnitDollar)
	}
	if c.err != nil {
		return fmt.Errorf("terms %q: %w", t.Name, c.err)
	}
	return nil
}

func (c *checker) benchmark(b *BenchmarkTerms) {
	c.oneOf("benchmark.source", b.Source, "", BenchmarkFromSummary, BenchmarkFromTargetPMPM)
	if b.Source == BenchmarkFromTargetPMPM && b.TargetPMPM <= 0 {
		c.failf("benchmark.target_pmpm", "must be positive when the benchmark comes from it")
	}
	if b.TargetPMPM < 0 || b.TargetPMPM > maxPMPM {
		c.failf("benchmark.target_pmpm", "must be between 0 and %s", maxPMPM)
	}
	c.fraction("benchmark.discount", b.Discount)
	c.fraction("benchmark.quality_withhold", b.QualityWithhold)
	if b.Discount.Add(b.QualityWithhold).Cmp(one) >= 0 {
		c.failf("benchmark", "the discount plus the quality withhold must be less than 1")
	}
}

func (c *checker) threshold(field string, th *Threshold, loss bool) {
	methods := []string{ThresholdScale, ThresholdFixed, ThresholdNone}
	if loss {
		methods = append(methods, ThresholdSymmetric)
	}
	c.oneOf(field+".method", th.Method, methods...)
	c.fraction(field+".rate", th.Rate)
	c.oneOf(field+".apply", th.Apply, "", ApplyGate, ApplyDeductible)
	if th.Method == ThresholdScale {
		c.bands(field+".bands", th.Bands)
	}
}

func (c *checker) bands(field string, bands []ScaleBand) {
	if len(bands) == 0 {
		c.failf(field, "required for method %q", ThresholdScale)
	}
	for i, b := range bands {
		f := fmt.Sprintf("%s[%d]", field, i)
		c.fraction(f+".from_rate", b.FromRate)
		c.fraction(f+".to_rate", b.ToRate)
		switch {
		case b.From < 0:
			c.failf(f+".from", "must not be negative")
		case i > 0 && (bands[i-1].To == 0 || b.From <= bands[i-1].To):
			c.failf(f+".from", "must be above the previous band's upper end")
		case b.To == 0 && i != len(bands)-1:
			c.failf(f+".to", "only the last band may be open-ended")
		case b.To == 0 && b.FromRate.Cmp(b.ToRate) != 0:
			c.failf(f+".to_rate", "an open-ended band must have the same from rate and to rate")
		case b.To != 0 && b.To <= b.From:
			c.failf(f+".to", "must be above from")
		}
	}
}

func (c *checker) corridors(field string, cs []Corridor) {
	var prev number.Rate
	for i, k := range cs {
		f := fmt.Sprintf("%s[%d]", field, i)
		c.fraction(f+".share", k.Share)
		switch {
		case k.UpTo == nil && i != len(cs)-1:
			c.failf(f+".up_to", "only the last corridor may be open-ended")
		case k.UpTo != nil && k.UpTo.Cmp(prev) <= 0:
			c.failf(f+".up_to", "must be above the previous corridor's, got %s", k.UpTo)
		case k.UpTo != nil:
			prev = *k.UpTo
		}
	}
}

func (c *checker) losses(l *LossTerms) {
	c.threshold("losses.minimum", &l.Minimum, true)
	c.oneOf("losses.rate_method", l.RateMethod, LossRateFlat, LossRateQuality, LossRateOneMinusSharing)
	c.fraction("losses.rate", l.Rate)
	c.fraction("losses.quality_factor", l.QualityFactor)
	c.fraction("losses.min_rate", l.MinRate)
	c.fraction("losses.max_rate", l.MaxRate)
	if !l.MaxRate.IsZero() && l.MinRate.Cmp(l.MaxRate) > 0 {
		c.failf("losses.min_rate", "must not exceed the maximum loss rate")
	}
	c.corridors("losses.corridors", l.Corridors)
	c.fraction("losses.cap.benchmark", l.Cap.Benchmark)
	c.fraction("losses.cap.revenue", l.Cap.Revenue)
	for i, r := range l.Cap.BenchmarkByAgreementYear {
		c.fraction(fmt.Sprintf("losses.cap.benchmark_by_agreement_year[%d]", i), r)
	}
	c.oneOf("losses.cap.combine", l.Cap.Combine, "", CapLesser, CapRevenueElseBenchmark)
}

func (c *checker) gate(g *QualityGate) {
	if len(g.Measures) == 0 {
		c.failf("quality_gate.measures", "required")
	}
	seen := map[string]bool{}
	for i, m := range g.Measures {
		f := fmt.Sprintf("quality_gate.measures[%d]", i)
		switch {
		case m.KPI == "":
			c.failf(f+".kpi", "required")
		case seen[m.KPI]:
			c.failf(f+".kpi", "duplicate %q", m.KPI)
		case m.AtLeast == nil && m.AtMost == nil:
			c.failf(f, "needs a lowest or a highest passing value")
		}
		seen[m.KPI] = true
	}
	if g.MinimumPassing < 0 || g.MinimumPassing > len(g.Measures) {
		c.failf("quality_gate.minimum_passing", "must be between 0 and the number of measures")
	}
}

func (c *checker) payments(ps []Payment, parties []Party) {
	for i, p := range ps {
		f := fmt.Sprintf("payments[%d]", i)
		c.oneOf(f+".kind", p.Kind, PaymentCareManagement, PaymentCapitation, PaymentQualityBonus)
		c.oneOf(f+".earned", p.Earned, "", EarnedAlways, EarnedQualityScore, EarnedQualityGate)
		if p.PMPM < 0 || p.Amount < 0 || p.PMPM > maxPMPM || p.Amount > maxAmount {
			c.failf(f, "pmpm must be between 0 and %s and amount between 0 and %s", maxPMPM, maxAmount)
		}
		if p.PMPM == 0 && p.Amount == 0 {
			c.failf(f, "needs pmpm or amount")
		}
		if p.Payee != "" && !slices.ContainsFunc(parties, func(q Party) bool { return q.Name == p.Payee }) {
			c.failf(f+".payee", "no party named %q", p.Payee)
		}
	}
}

func (c *checker) parties(ps []Party) {
	var sum number.Rate
	seen := map[string]bool{}
	for i, p := range ps {
		f := fmt.Sprintf("parties[%d]", i)
		switch {
		case p.Name == "":
			c.failf(f+".name", "required")
		case seen[p.Name]:
			c.failf(f+".name", "duplicate %q", p.Name)
		case p.LossOrder < 0:
			c.failf(f+".loss_order", "must not be negative")
		case p.LossLimit != nil && *p.LossLimit < 0:
			c.failf(f+".loss_limit", "must not be negative")
		}
		seen[p.Name] = true
		c.fraction(f+".share", p.Share)
		sum = sum.Add(p.Share)
	}
	if len(ps) > 0 && sum.Cmp(one) != 0 {
		c.failf("parties", "shares must add up to 1, got %s", sum)
	}
}

// errRequired marks a summary figure that the terms need but that is missing.
var errRequired = errors.New("required by these terms")
