package settle

import (
	"strings"

	"github.com/accord-alliance/accord/internal/number"
)

// Result is a settlement: the headline figures and the worksheet that
// produced them, line by line.
type Result struct {
	// Terms is the name of the terms applied.
	Terms string `json:"terms"`
	// Benchmark is the benchmark after any discount and quality withhold.
	Benchmark number.Money `json:"benchmark"`
	// ActualExpenditure includes payments that count as expenditure.
	ActualExpenditure number.Money `json:"actual_expenditure"`
	// GrossSavings is benchmark − expenditure (negative for losses).
	GrossSavings number.Money `json:"gross_savings"`
	// SavingsRate is GrossSavings / Benchmark, exact.
	SavingsRate number.Rate `json:"savings_rate"`
	// MinimumSavingsRate is the MSR that applied.
	MinimumSavingsRate number.Rate `json:"minimum_savings_rate"`
	// MinimumLossRate is the MLR that applied; nil for one-sided terms.
	MinimumLossRate *number.Rate `json:"minimum_loss_rate"`
	// QualityStandardMet is the quality standard as used.
	QualityStandardMet bool `json:"quality_standard_met"`
	// Qualified says whether savings (or losses) passed the threshold and,
	// for savings, the quality standard: whether anything is shared.
	Qualified bool `json:"qualified"`
	// SharingRate is the final sharing rate for savings (0 when quality
	// fails).
	SharingRate number.Rate `json:"sharing_rate"`
	// LossRate is the shared loss rate; nil for one-sided terms.
	LossRate *number.Rate `json:"loss_rate"`
	// Cap is the savings or loss limit for the side the result fell on
	// (nil when none applies), and Capped whether it bound.
	Cap    *number.Money `json:"cap"`
	Capped bool          `json:"capped"`
	// SharedBeforeAdjustment is the shared savings or losses after the cap
	// and before loss adjustments and sequestration (signed).
	SharedBeforeAdjustment number.Money `json:"shared_before_adjustment"`
	// LossAdjustment is the amount of owed losses forgiven (positive).
	LossAdjustment number.Money `json:"loss_adjustment"`
	// Sequestration is the amount withheld from savings paid (positive).
	Sequestration number.Money `json:"sequestration"`
	// SharedSavings is the settled amount: positive is paid to the ACO
	// side, negative is owed by it; rounded as the terms say.
	SharedSavings number.Money `json:"shared_savings"`
	// Payments are amounts due besides shared savings.
	Payments []PaymentResult `json:"payments"`
	// NetSettlement is SharedSavings plus Payments.
	NetSettlement number.Money `json:"net_settlement"`
	// PartyShares split NetSettlement among the parties.
	PartyShares []PartyShare `json:"party_shares"`
	// Notes record inputs that were missing but not needed for the
	// result to stand, such as a revenue-based limit not applied.
	Notes []string `json:"notes,omitempty"`
	// Worksheet lists every figure with the rule that produced it.
	Worksheet []Line `json:"worksheet"`
}

// PaymentResult is one payment's amount.
type PaymentResult struct {
	Kind   string       `json:"kind"`
	Label  string       `json:"label"`
	Amount number.Money `json:"amount"`
	Payee  string       `json:"payee,omitempty"`
}

// PartyShare is one party's part of the settlement.
type PartyShare struct {
	Party string `json:"party"`
	Role  string `json:"role,omitempty"`
	// SharedSavings is its part of the shared savings or losses.
	SharedSavings number.Money `json:"shared_savings"`
	// Payments is what it receives of the payments.
	Payments number.Money `json:"payments"`
	// Total is SharedSavings + Payments.
	Total number.Money `json:"total"`
}

// Line is one worksheet line: a figure, how it was computed from the lines
// above, and the rule that says so.
type Line struct {
	// Key identifies the rule; terms' citations are keyed by it.
	Key   string `json:"key"`
	Label string `json:"label"`
	// Exactly one of Amount, Rate, Count or Flag is set.
	Amount *number.Money `json:"amount,omitempty"`
	Rate   *number.Rate  `json:"rate,omitempty"`
	Count  *int64        `json:"count,omitempty"`
	Flag   *bool         `json:"flag,omitempty"`
	// Formula shows the computation with the figures used.
	Formula string `json:"formula,omitempty"`
	// Rule cites the regulation, contract clause or terms field.
	Rule string `json:"rule"`
}

// worksheet builds the lines of a Result.
type worksheet struct {
	terms *Terms
	lines []Line
}

func (w *worksheet) cite(key, field string) string {
	if c, ok := w.terms.Citations[key]; ok {
		return c
	}
	if strings.HasPrefix(field, "summary.") {
		return field
	}
	return "terms." + field
}

func (w *worksheet) add(l Line, field string) {
	l.Rule = w.cite(l.Key, field)
	w.lines = append(w.lines, l)
}

func (w *worksheet) money(key, label string, m number.Money, field, formula string) {
	w.add(Line{Key: key, Label: label, Amount: &m, Formula: formula}, field)
}

func (w *worksheet) rate(key, label string, r number.Rate, field, formula string) {
	w.add(Line{Key: key, Label: label, Rate: &r, Formula: formula}, field)
}

func (w *worksheet) count(key, label string, n int64, field, formula string) {
	w.add(Line{Key: key, Label: label, Count: &n, Formula: formula}, field)
}

func (w *worksheet) flag(key, label string, b bool, field, formula string) {
	w.add(Line{Key: key, Label: label, Flag: &b, Formula: formula}, field)
}

func (w *worksheet) has(key string) bool {
	for _, l := range w.lines {
		if l.Key == key {
			return true
		}
	}
	return false
}
