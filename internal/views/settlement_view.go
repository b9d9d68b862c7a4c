package views

import (
	"html/template"
	"strings"

	"github.com/accord-alliance/accord/internal/chart"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/settle"
)

// WorksheetRow is one worksheet line as people read it: the figure written
// exactly from the engine's cents or rate, how it was computed, and the
// rule or clause that says so.
type WorksheetRow struct {
	Key, Label, Value, Formula, Rule string
}

// WorksheetRows are a settlement's worksheet lines as people read them.
func WorksheetRows(res settle.Result) []WorksheetRow {
	out := make([]WorksheetRow, len(res.Worksheet))
	for i, l := range res.Worksheet {
		out[i] = WorksheetRow{Key: l.Key, Label: l.Label, Value: lineValue(l), Formula: l.Formula, Rule: ruleWords(l.Rule)}
	}
	return out
}

// ruleWords names a worksheet line's source in words when it is a field of
// the terms or the summary ("terms.savings.rate" → "Terms: savings, rate");
// a cited clause ("Agreement §4.2") is shown as written.
func ruleWords(rule string) string {
	for _, doc := range []string{"terms", "summary"} {
		if f, ok := strings.CutPrefix(rule, doc+"."); ok {
			return Humanize(doc) + ": " + strings.ToLower(settle.PlainField(f)[:1]) + settle.PlainField(f)[1:]
		}
	}
	return rule
}

func lineValue(l settle.Line) string {
	switch {
	case l.Amount != nil:
		return Money(*l.Amount)
	case l.Rate != nil:
		return RatePct(*l.Rate)
	case l.Count != nil:
		return GroupInt(*l.Count)
	case l.Flag != nil:
		return YesNo(*l.Flag)
	}
	return ""
}

// Money writes cents as dollars with separators and a typographic minus:
// "$1,234.50", "−$1,234.50".
func Money(m number.Money) string { return number.Minus(m.Currency()) }

// RatePct writes a rate as a percentage with up to four decimals, trailing
// zeros dropped ("3.0861%", "50%").
func RatePct(r number.Rate) string { return number.Minus(r.PercentUpTo(4)) }

// GroupInt writes a count with separators and a typographic minus.
func GroupInt(n int64) string { return number.Minus(number.GroupInt(n)) }

// YesNo writes b as "yes" or "no".
func YesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func dollars(m number.Money) float64 { return float64(m) / 100 }

// settlementSteps walks a result from the benchmark to each party's share:
// expenditure, gross savings, the minimum savings (or loss) rate gate, the
// sharing rate with quality and cap, sequestration and adjustments, the
// shared amount, payments, and the split.
func settlementSteps(res settle.Result) []chart.WaterfallStep {
	total := func(label string, m number.Money) chart.WaterfallStep {
		return chart.WaterfallStep{Label: label, Value: dollars(m), Total: true, Text: Money(m)}
	}
	delta := func(label string, m number.Money) chart.WaterfallStep {
		return chart.WaterfallStep{Label: label, Value: dollars(m), Text: Money(m)}
	}
	eligible := number.Money(0)
	gate := "Below the minimum rate: nothing shared"
	if res.Qualified {
		eligible, gate = res.GrossSavings, "Minimum rate and quality gate passed"
	}
	steps := []chart.WaterfallStep{
		total("Benchmark", res.Benchmark),
		delta("Expenditure", -res.ActualExpenditure),
		total("Gross savings", res.GrossSavings),
		delta(gate, eligible-res.GrossSavings),
		total("After the gate", eligible),
		delta("Sharing rate, quality and cap", res.SharedBeforeAdjustment-eligible),
	}
	if d := res.SharedSavings - res.SharedBeforeAdjustment; d != 0 {
		steps = append(steps, delta("Sequestration and adjustments", d))
	}
	steps = append(steps, total("Shared savings", res.SharedSavings))
	if d := res.NetSettlement - res.SharedSavings; d != 0 {
		steps = append(steps, delta("Payments", d), total("Net settlement", res.NetSettlement))
	}
	for _, p := range res.PartyShares {
		steps = append(steps, total(p.Party, p.Total))
	}
	return steps
}

// SettlementChart draws a result's waterfall with its table alternative.
type SettlementChart struct {
	// SVG is drawn for a wide screen, Narrow (labels above the bars) for
	// a phone; the style sheet shows one.
	SVG, Narrow template.HTML
	Table       chart.DataTable
}

// NewSettlementChart draws a settlement's waterfall.
func NewSettlementChart(id, title string, res settle.Result) SettlementChart {
	steps := settlementSteps(res)
	fm := chart.Format{Unit: chart.Currency, Decimals: 2}
	return SettlementChart{
		SVG:    chart.Waterfall(chart.WaterfallOptions{ID: id, Title: title, Steps: steps, Format: fm, Class: "waterfall"}),
		Narrow: chart.Waterfall(chart.WaterfallOptions{ID: id + "-narrow", Title: title, Steps: steps, Format: fm, Class: "waterfall", Narrow: true}),
		Table:  chart.WaterfallTable(steps, fm),
	}
}

// CompareRow is one headline figure under the settled terms and under the
// alternative, marked when they differ.
type CompareRow struct {
	Label, Settled, WhatIf string
	Differs                bool
}

// CompareResults lines up the headline figures and each party's total.
func CompareResults(a, b settle.Result) []CompareRow {
	optMoney := func(m *number.Money) string {
		if m == nil {
			return "none"
		}
		return Money(*m)
	}
	optRate := func(r *number.Rate) string {
		if r == nil {
			return "none"
		}
		return RatePct(*r)
	}
	rows := []CompareRow{
		{"Terms", a.Terms, b.Terms, false},
		{"Benchmark", Money(a.Benchmark), Money(b.Benchmark), false},
		{"Expenditure", Money(a.ActualExpenditure), Money(b.ActualExpenditure), false},
		{"Gross savings", Money(a.GrossSavings), Money(b.GrossSavings), false},
		{"Savings rate", RatePct(a.SavingsRate), RatePct(b.SavingsRate), false},
		{"Minimum savings rate", RatePct(a.MinimumSavingsRate), RatePct(b.MinimumSavingsRate), false},
		{"Minimum loss rate", optRate(a.MinimumLossRate), optRate(b.MinimumLossRate), false},
		{"Quality standard met", YesNo(a.QualityStandardMet), YesNo(b.QualityStandardMet), false},
		{"Qualified for sharing", YesNo(a.Qualified), YesNo(b.Qualified), false},
		{"Sharing rate", RatePct(a.SharingRate), RatePct(b.SharingRate), false},
		{"Cap", optMoney(a.Cap), optMoney(b.Cap), false},
		{"Shared savings", Money(a.SharedSavings), Money(b.SharedSavings), false},
		{"Net settlement", Money(a.NetSettlement), Money(b.NetSettlement), false},
	}
	shares := func(res settle.Result) map[string]string {
		m := map[string]string{}
		for _, p := range res.PartyShares {
			m[p.Party] = Money(p.Total)
		}
		return m
	}
	sa, sb := shares(a), shares(b)
	seen := map[string]bool{}
	for _, ps := range append(append([]settle.PartyShare{}, a.PartyShares...), b.PartyShares...) {
		if !seen[ps.Party] {
			seen[ps.Party] = true
			rows = append(rows, CompareRow{ps.Party, FirstOf(sa[ps.Party], "—"), FirstOf(sb[ps.Party], "—"), false})
		}
	}
	for i := range rows {
		rows[i].Differs = rows[i].Settled != rows[i].WhatIf
	}
	return rows
}
