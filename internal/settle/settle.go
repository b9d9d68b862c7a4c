package settle

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/accord-alliance/accord/internal/number"
)

// engine carries one settlement through its steps.
type engine struct {
	t    *Terms
	s    *Summary
	w    *worksheet
	r    *Result
	mode number.RoundingMode
	// quality is the quality standard as used; qualityKnown is false when
	// neither the summary nor a gate says and the terms do not need it.
	quality      bool
	qualityKnown bool
	// working is the signed shared amount as it moves through the steps.
	working number.Money
}

// Settle applies terms to a performance summary. It is pure: the same
// inputs always give the same result, with every figure on the worksheet.
// Errors name the missing or invalid summary field (as a *FieldError).
func Settle(t *Terms, s *Summary) (res *Result, err error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	defer func() {
		if p := recover(); p != nil {
			o, ok := p.(number.Overflow)
			if !ok {
				panic(p)
			}
			res, err = nil, fmt.Errorf("settle %s: amount out of range: %s", t.Name, o.What)
		}
	}()
	e := &engine{t: t, s: s, w: &worksheet{terms: t}, r: &Result{Terms: t.Name}, mode: t.Rounding.Mode}
	if e.mode == "" {
		e.mode = number.HalfUp
	}
	steps := []func() error{
		e.qualityStandard, e.payments, e.benchmark, e.expenditure, e.gross,
		e.thresholds, e.share, e.adjust, e.final, e.split,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("settle %s: %w", t.Name, err)
		}
	}
	e.r.Worksheet = e.w.lines
	if e.r.Payments == nil {
		e.r.Payments = []PaymentResult{}
	}
	if e.r.PartyShares == nil {
		e.r.PartyShares = []PartyShare{}
	}
	return e.r, nil
}

// need reports a summary field the terms require but the summary lacks.
func need(field, why string) error {
	return &FieldError{Field: field, Msg: fmt.Sprintf("%s (%s)", errRequired, why)}
}

func (e *engine) qualityScore(why string) (number.Rate, error) {
	if e.s.QualityScore == nil {
		return number.Rate{}, need("quality_score", why)
	}
	return *e.s.QualityScore, nil
}

func (e *engine) benchmark() error {
	t, s, w := e.t, e.s, e.w
	var b number.Money
	switch t.Benchmark.Source {
	case BenchmarkFromTargetPMPM:
		if s.BenchmarkExpenditure != nil {
			return &FieldError{Field: "benchmark_expenditure", Msg: "not used: these terms set the benchmark from the target per member per month; leave it out"}
		}
		if s.MemberMonths <= 0 {
			return need("member_months", "benchmark.source is target_pmpm")
		}
		b = mulCount(t.Benchmark.TargetPMPM, s.MemberMonths)
		w.count("member_months", "Member months", s.MemberMonths, "summary.member_months", "from summary")
		w.money("target_pmpm", "Target per member per month", t.Benchmark.TargetPMPM, "benchmark.target_pmpm", "")
		w.money("benchmark", "Benchmark expenditure", b, "benchmark.target_pmpm",
			fmt.Sprintf("%s × %s member months", t.Benchmark.TargetPMPM.Display(), number.GroupInt(s.MemberMonths)))
	default:
		if s.BenchmarkExpenditure == nil {
			return need("benchmark_expenditure", "benchmark.source is summary")
		}
		b = *s.BenchmarkExpenditure
		w.money("benchmark", "Benchmark expenditure", b, "summary.benchmark_expenditure", "from summary")
	}
	base := b
	if d := t.Benchmark.Discount; !d.IsZero() {
		cut := base.MulRate(d, e.mode)
		b -= cut
		w.money("benchmark_discount", "Benchmark discount", -cut, "benchmark.discount",
			fmt.Sprintf("%s × %s", base.Display(), d.Percent(4)))
	}
	if wh := t.Benchmark.QualityWithhold; !wh.IsZero() {
		qs, err := e.qualityScore("benchmark.quality_withhold is set")
		if err != nil {
			return err
		}
		held := base.MulRate(wh, e.mode)
		back := held.MulRate(qs, e.mode)
		b = b - held + back
		w.money("quality_withhold", "Quality withhold", -held, "benchmark.quality_withhold",
			fmt.Sprintf("%s × %s", base.Display(), wh.Percent(4)))
		w.money("quality_earn_back", "Quality withhold earned back", back, "benchmark.quality_withhold",
			fmt.Sprintf("%s × quality score %s", held.Display(), qs.Percent(2)))
	}
	if b != base {
		w.money("final_benchmark", "Benchmark after adjustments", b, "benchmark", "sum of the lines above")
	}
	if b <= 0 {
		return &FieldError{Field: "benchmark_expenditure", Msg: "the benchmark must be positive"}
	}
	e.r.Benchmark = b
	return nil
}

func (e *engine) expenditure() error {
	if e.s.ActualExpenditure == nil {
		return need("actual_expenditure", "every settlement")
	}
	x := *e.s.ActualExpenditure
	from := "from summary"
	if e.s.ExpenditureFrom != "" {
		from = "from " + e.s.ExpenditureFrom
	}
	e.w.money("actual_expenditure", "Actual expenditure", x, "summary.actual_expenditure", from)
	for i, p := range e.t.Payments {
		if !p.CountsAsExpenditure {
			continue
		}
		amt := e.r.Payments[i].Amount
		x = addMoney(x, amt)
		e.w.money("payment_in_expenditure", e.r.Payments[i].Label+" counted as expenditure", amt,
			fmt.Sprintf("payments[%d].counts_as_expenditure", i), "")
	}
	if x != *e.s.ActualExpenditure {
		e.w.money("total_expenditure", "Total expenditure", x, "payments", "sum of the lines above")
	}
	e.r.ActualExpenditure = x
	return nil
}

func (e *engine) gross() error {
	b, x := e.r.Benchmark, e.r.ActualExpenditure
	g := addMoney(b, -x)
	e.r.GrossSavings = g
	e.r.SavingsRate = number.RateOf(g, b)
	label := "Gross savings"
	if g < 0 {
		label = "Gross losses"
	}
	e.w.money("gross_savings", label, g, "benchmark",
		fmt.Sprintf("benchmark − expenditure = %s − %s", b.Display(), x.Display()))
	e.w.rate("savings_rate", "Savings rate", e.r.SavingsRate, "benchmark",
		fmt.Sprintf("%s / %s", g.Display(), b.Display()))
	return nil
}

func (e *engine) final() error {
	unit := e.t.Rounding.unit()
	e.r.SharedSavings = e.working.RoundTo(unit, e.mode)
	formula := fmt.Sprintf("%s rounded to the %s (%s)", e.working.Display(), unitName(unit), strings.ReplaceAll(string(e.mode), "_", " "))
	e.w.money("shared_savings", settledLabel(e.r.SharedSavings), e.r.SharedSavings, "rounding", formula)
	net := e.r.SharedSavings
	for _, p := range e.r.Payments {
		net = addMoney(net, p.Amount)
	}
	e.r.NetSettlement = net
	if len(e.r.Payments) > 0 {
		e.w.money("net_settlement", "Net settlement", net, "payments", "shared savings + payments")
	}
	return nil
}

func unitName(unit int64) string {
	if unit == 100 {
		return "dollar"
	}
	return "cent"
}

func settledLabel(m number.Money) string {
	if m < 0 {
		return "Shared losses owed"
	}
	return "Shared savings earned"
}

// addMoney adds amounts and panics with number.Overflow if the sum leaves
// int64.
func addMoney(a, b number.Money) number.Money {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		panic(number.Overflow{What: "sum of " + a.String() + " and " + b.String()})
	}
	return s
}

// mulCount returns m×n (for PMPM × member months) with overflow checking.
func mulCount(m number.Money, n int64) number.Money {
	p := new(big.Int).Mul(big.NewInt(int64(m)), big.NewInt(n))
	if !p.IsInt64() {
		panic(number.Overflow{What: m.String() + " × " + strconv.FormatInt(n, 10)})
	}
	return number.Money(p.Int64())
}
