package settle

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/accord-alliance/accord/internal/number"
)

// Summary is the performance of one period: what the population cost
// against its benchmark, and how it did on quality. Fields that a set of
// terms does not use may be left out; Settle says which missing ones it
// needs.
type Summary struct {
	// AssignedBeneficiaries sets a minimum savings rate read from a scale.
	AssignedBeneficiaries int64 `json:"assigned_beneficiaries,omitzero"`
	// MemberMonths multiplies per-member-per-month targets and payments.
	MemberMonths int64 `json:"member_months,omitzero"`
	// BenchmarkExpenditure is the (updated) benchmark for the period.
	BenchmarkExpenditure *number.Money `json:"benchmark_expenditure,omitempty"`
	// ActualExpenditure is the performance-period expenditure.
	ActualExpenditure *number.Money `json:"actual_expenditure,omitempty"`
	// ExpenditureFrom says where ActualExpenditure came from when it was not
	// written in the summary (claims files, say), for the worksheet; it is
	// never read from a document.
	ExpenditureFrom string `json:"-"`
	// QualityScore is the quality performance score, 0–1.
	QualityScore *number.Rate `json:"quality_score,omitempty"`
	// QualityStandardMet says whether the quality performance standard was
	// met; with a quality gate in the terms it is derived from
	// QualityMeasures instead (and, if given too, must also be true).
	QualityStandardMet *bool `json:"quality_standard_met,omitempty"`
	// QualityMeasures are scorecard KPI values for a quality gate.
	QualityMeasures map[string]number.Rate `json:"quality_measures,omitempty"`
	// QualityOverride sets whether the quality standard was met, with the
	// reason, over what the quality gate (or quality_standard_met) gives:
	// say, when the parties agreed to correct a measure. The worksheet
	// records both.
	QualityOverride *QualityOverride `json:"quality_override,omitempty"`
	// MinimumSavingsRate is the MSR as elected or assigned; it overrides
	// the terms.
	MinimumSavingsRate *number.Rate `json:"minimum_savings_rate,omitempty"`
	// MinimumLossRate is the MLR as elected or assigned; it overrides the
	// terms.
	MinimumLossRate *number.Rate `json:"minimum_loss_rate,omitempty"`
	// ParticipantRevenue is ACO participants' Medicare FFS revenue, for a
	// revenue-based loss sharing limit.
	ParticipantRevenue *number.Money `json:"participant_revenue,omitempty"`
	// LossAdjustment is an amount by which owed losses are reduced for
	// extreme and uncontrollable circumstances.
	LossAdjustment number.Money `json:"loss_adjustment,omitzero"`
	// LossAdjustmentShare is the fraction of owed losses forgiven for
	// extreme and uncontrollable circumstances (share of months affected ×
	// share of beneficiaries in affected areas; 1 for the 2022 public
	// health emergency). It applies before LossAdjustment.
	LossAdjustmentShare *number.Rate `json:"loss_adjustment_share,omitempty"`
	// AgreementYear is the performance year within the agreement period
	// (1, 2, 3…) for loss limits that grow over an agreement.
	AgreementYear int `json:"agreement_year,omitzero"`
}

// Validate reports the first out-of-range figure as a *FieldError, or nil.
// Whether a figure is required depends on the terms and is checked by
// Settle.
func (s *Summary) Validate() error {
	var c checker
	if s.AssignedBeneficiaries < 0 {
		c.failf("assigned_beneficiaries", "must not be negative")
	}
	if s.MemberMonths < 0 {
		c.failf("member_months", "must not be negative")
	}
	c.amount("benchmark_expenditure", s.BenchmarkExpenditure, true)
	c.amount("actual_expenditure", s.ActualExpenditure, false)
	c.amount("participant_revenue", s.ParticipantRevenue, false)
	if s.LossAdjustment < 0 || s.LossAdjustment > maxAmount {
		c.failf("loss_adjustment", "must be between 0 and %s", maxAmount)
	}
	for _, f := range []struct {
		name string
		r    *number.Rate
	}{
		{"quality_score", s.QualityScore},
		{"minimum_savings_rate", s.MinimumSavingsRate},
		{"minimum_loss_rate", s.MinimumLossRate},
		{"loss_adjustment_share", s.LossAdjustmentShare},
	} {
		if f.r != nil {
			c.fraction(f.name, *f.r)
		}
	}
	if o := s.QualityOverride; o != nil {
		o.Reason = strings.TrimSpace(o.Reason)
		if o.Reason == "" || utf8.RuneCountInString(o.Reason) > maxOverrideReason {
			c.failf("quality_override.reason", "is required: say why the quality standard is overridden (at most %d characters)", maxOverrideReason)
		}
	}
	if s.AgreementYear < 0 {
		c.failf("agreement_year", "must not be negative")
	}
	if s.AssignedBeneficiaries > maxCount {
		c.failf("assigned_beneficiaries", "must be at most %d, got %d", maxCount, s.AssignedBeneficiaries)
	}
	if s.MemberMonths > maxCount {
		c.failf("member_months", "must be at most %d, got %d", maxCount, s.MemberMonths)
	}
	if c.err != nil {
		return fmt.Errorf("summary: %w", c.err)
	}
	return nil
}

// QualityOverride is the settling party's decision on the quality standard
// against what the scorecard gives, and why.
type QualityOverride struct {
	Met    bool   `json:"met"`
	Reason string `json:"reason"`
}

// maxOverrideReason bounds the reason for a quality override.
const maxOverrideReason = 2000

// Limits that keep every product of validated inputs inside int64 cents.
const (
	maxAmount = number.Money(1e15)      // ten trillion dollars
	maxCount  = int64(1e10)             // member months or beneficiaries
	maxPMPM   = number.Money(1e6 * 100) // a million dollars per member per month
)

func (c *checker) amount(field string, m *number.Money, positive bool) {
	switch {
	case m == nil:
	case positive && *m <= 0:
		c.failf(field, "must be positive, got %s", m)
	case *m < 0:
		c.failf(field, "must not be negative, got %s", m)
	case *m > maxAmount:
		c.failf(field, "must not exceed %s", maxAmount)
	}
}
