package settle

import "github.com/accord-alliance/accord/internal/number"

// Terms are the financial terms of one contract version: how the benchmark
// is set, when savings and losses are shared and at what rate, caps,
// payments outside the savings calculation, and how the result is split
// among the parties. Terms round-trip through JSON unchanged; the format is
// described in docs/settlement.md and docs/terms.schema.json.
type Terms struct {
	// Name identifies the terms, e.g. "mssp-2022-enhanced".
	Name string `json:"name"`
	// Title is a readable name for pages and worksheets.
	Title string `json:"title,omitempty"`
	// Description says where the terms come from.
	Description string `json:"description,omitempty"`
	// Benchmark says how the benchmark expenditure is set.
	Benchmark BenchmarkTerms `json:"benchmark"`
	// Savings says when and how savings are shared.
	Savings SavingsTerms `json:"savings"`
	// Losses says when and how losses are shared; nil for one-sided terms.
	Losses *LossTerms `json:"losses,omitempty"`
	// Sequestration is the fraction withheld from shared savings paid out
	// (0.02 for Medicare since 2013).
	Sequestration number.Rate `json:"sequestration,omitzero"`
	// QualityGate derives the quality standard from scorecard measures.
	QualityGate *QualityGate `json:"quality_gate,omitempty"`
	// Payments are amounts paid besides shared savings: care-management
	// fees, capitation, quality bonus pools.
	Payments []Payment `json:"payments,omitempty"`
	// Parties split the result; empty means no split is computed.
	Parties []Party `json:"parties,omitempty"`
	// Rounding says how amounts are rounded.
	Rounding Rounding `json:"rounding"`
	// Citations maps a rule (a worksheet line key) to the regulation or
	// contract clause it comes from. Rules without one cite the terms field.
	Citations map[string]string `json:"citations,omitempty"`
}

// Benchmark sources.
const (
	// BenchmarkFromSummary takes benchmark_expenditure from the summary.
	BenchmarkFromSummary = "summary"
	// BenchmarkFromTargetPMPM multiplies a target per member per month by
	// the summary's member months (commercial arrangements).
	BenchmarkFromTargetPMPM = "target_pmpm"
)

// BenchmarkTerms set the benchmark expenditure.
type BenchmarkTerms struct {
	// Source is BenchmarkFromSummary (the default) or BenchmarkFromTargetPMPM.
	Source string `json:"source,omitempty"`
	// TargetPMPM is the target cost per member per month.
	TargetPMPM number.Money `json:"target_pmpm,omitzero"`
	// Discount is taken off the benchmark before anything else (ACO REACH).
	Discount number.Rate `json:"discount,omitzero"`
	// QualityWithhold is withheld from the benchmark and earned back in
	// proportion to the quality score (ACO REACH).
	QualityWithhold number.Rate `json:"quality_withhold,omitzero"`
}

// Threshold methods and how a threshold applies.
const (
	// ThresholdScale reads the rate from Bands by assigned beneficiaries.
	ThresholdScale = "scale"
	// ThresholdFixed uses Rate.
	ThresholdFixed = "fixed"
	// ThresholdSymmetric makes the minimum loss rate equal to the minimum
	// savings rate.
	ThresholdSymmetric = "symmetric"
	// ThresholdNone means no threshold (zero).
	ThresholdNone = "none"
	// ApplyGate: once the threshold is met, sharing starts from the first
	// dollar (Medicare).
	ApplyGate = "gate"
	// ApplyDeductible: only the part beyond the threshold is shared.
	ApplyDeductible = "deductible"
)

// Threshold is a minimum savings or loss rate.
type Threshold struct {
	// Method is ThresholdScale, ThresholdFixed, ThresholdSymmetric (losses
	// only) or ThresholdNone. A summary's minimum_savings_rate or
	// minimum_loss_rate (as elected or assigned) overrides it.
	Method string `json:"method"`
	// Rate is the fixed rate.
	Rate number.Rate `json:"rate,omitzero"`
	// Bands is the scale by number of assigned beneficiaries.
	Bands []ScaleBand `json:"bands,omitempty"`
	// Apply is ApplyGate (the default) or ApplyDeductible.
	Apply string `json:"apply,omitempty"`
}

// ScaleBand is one band of a threshold scale: from From to To assigned
// beneficiaries the rate falls linearly from FromRate to ToRate. The last
// band may leave To zero, meaning "and more", with FromRate = ToRate.
type ScaleBand struct {
	From     int64       `json:"from"`
	To       int64       `json:"to,omitzero"`
	FromRate number.Rate `json:"from_rate"`
	ToRate   number.Rate `json:"to_rate"`
}

// Quality methods for the sharing rate.
const (
	// QualityGateOnly: the full rate if the quality standard is met, else 0.
	QualityGateOnly = "gate"
	// QualityScaled: the rate × the quality score if the standard is met.
	QualityScaled = "scaled"
	// QualityIgnored: quality does not affect the rate.
	QualityIgnored = "none"
)

// SavingsTerms say how savings are shared.
type SavingsTerms struct {
	// Minimum is the minimum savings rate.
	Minimum Threshold `json:"minimum"`
	// Rate is the (maximum) sharing rate.
	Rate number.Rate `json:"rate"`
	// Quality is QualityGateOnly, QualityScaled or QualityIgnored.
	Quality string `json:"quality"`
	// Cap limits shared savings to this fraction of the benchmark; zero
	// means no cap.
	Cap number.Rate `json:"cap,omitzero"`
	// Corridors, when set, replace Rate: each band of the savings rate is
	// shared at its own rate (risk corridors).
	Corridors []Corridor `json:"corridors,omitempty"`
}

// Corridor is one band of a risk corridor: the part of the savings (or loss)
// rate up to UpTo (a fraction of the benchmark) above the previous band is
// shared at Share. The last band may leave UpTo out, meaning no limit.
type Corridor struct {
	UpTo  *number.Rate `json:"up_to,omitempty"`
	Share number.Rate  `json:"share"`
}

// Loss rate methods.
const (
	// LossRateFlat uses Rate.
	LossRateFlat = "flat"
	// LossRateQuality is 1 − QualityFactor × quality score, or MaxRate when
	// the quality standard is not met (MSSP ENHANCED, Track 3 since 2019).
	LossRateQuality = "quality"
	// LossRateOneMinusSharing is 1 − the final sharing rate (Tracks 2 and 3
	// before 2019).
	LossRateOneMinusSharing = "one_minus_sharing"
)

// LossTerms say how losses are shared (two-sided risk).
type LossTerms struct {
	// Minimum is the minimum loss rate.
	Minimum Threshold `json:"minimum"`
	// RateMethod is LossRateFlat, LossRateQuality or LossRateOneMinusSharing.
	RateMethod string `json:"rate_method"`
	// Rate is the flat loss sharing rate.
	Rate number.Rate `json:"rate,omitzero"`
	// QualityFactor is the factor of LossRateQuality (0.75 for ENHANCED).
	QualityFactor number.Rate `json:"quality_factor,omitzero"`
	// MinRate and MaxRate bound the computed loss rate (zero: no bound).
	MinRate number.Rate `json:"min_rate,omitzero"`
	MaxRate number.Rate `json:"max_rate,omitzero"`
	// Corridors, when set, replace the loss rate band by band.
	Corridors []Corridor `json:"corridors,omitempty"`
	// Cap limits shared losses.
	Cap LossCap `json:"cap,omitzero"`
}

// Ways to combine the revenue- and benchmark-based loss limits.
const (
	// CapLesser takes the lesser of the two (the revenue-based limit only
	// when participant revenue is given): MSSP BASIC levels C–E.
	CapLesser = "lesser"
	// CapRevenueElseBenchmark takes the revenue-based limit when participant
	// revenue is given, otherwise the benchmark-based one: Track 1+, where
	// the ACO's composition decides which applies.
	CapRevenueElseBenchmark = "revenue_else_benchmark"
)

// LossCap is the loss sharing limit.
type LossCap struct {
	// Benchmark is the limit as a fraction of the benchmark.
	Benchmark number.Rate `json:"benchmark,omitzero"`
	// BenchmarkByAgreementYear overrides Benchmark by performance year of
	// the agreement period (1, 2, 3…; the last entry holds for later years).
	BenchmarkByAgreementYear []number.Rate `json:"benchmark_by_agreement_year,omitempty"`
	// Revenue is the limit as a fraction of ACO participant revenue.
	Revenue number.Rate `json:"revenue,omitzero"`
	// Combine is CapLesser (the default) or CapRevenueElseBenchmark.
	Combine string `json:"combine,omitempty"`
}

// QualityGate is a quality standard read from scorecard KPIs: it is met when
// at least MinimumPassing measures (all when zero) are within bounds.
type QualityGate struct {
	Measures       []GateMeasure `json:"measures"`
	MinimumPassing int           `json:"minimum_passing,omitzero"`
}

// GateMeasure is one KPI of a quality gate with its bound(s).
type GateMeasure struct {
	KPI     string       `json:"kpi"`
	Label   string       `json:"label,omitempty"`
	AtLeast *number.Rate `json:"at_least,omitempty"`
	AtMost  *number.Rate `json:"at_most,omitempty"`
}

// Payment kinds and how a payment is earned.
const (
	PaymentCareManagement = "care_management_fee"
	PaymentCapitation     = "capitation"
	PaymentQualityBonus   = "quality_bonus"
	// EarnedAlways: the payment is owed regardless of quality.
	EarnedAlways = "always"
	// EarnedQualityScore: the payment × the quality score.
	EarnedQualityScore = "quality_score"
	// EarnedQualityGate: the whole payment if the quality standard is met.
	EarnedQualityGate = "quality_gate"
)

// Payment is an amount paid besides shared savings: PMPM × member months
// plus a fixed Amount, earned as Earned says.
type Payment struct {
	Kind   string       `json:"kind"`
	Label  string       `json:"label,omitempty"`
	PMPM   number.Money `json:"pmpm,omitzero"`
	Amount number.Money `json:"amount,omitzero"`
	Earned string       `json:"earned,omitempty"`
	// CountsAsExpenditure adds the payment to actual expenditure before
	// savings are computed (fees that are part of the total cost of care).
	CountsAsExpenditure bool `json:"counts_as_expenditure,omitempty"`
	// Payee names the party paid; empty splits it like shared savings.
	Payee string `json:"payee,omitempty"`
}

// Party is one party's place in the split: its Share of savings (and of
// losses when no loss order is set). Losses are borne in ascending
// LossOrder, each party up to its LossLimit; see docs/settlement.md.
type Party struct {
	Name      string        `json:"name"`
	Role      string        `json:"role,omitempty"`
	Share     number.Rate   `json:"share"`
	LossOrder int           `json:"loss_order,omitzero"`
	LossLimit *number.Money `json:"loss_limit,omitempty"`
}

// Final rounding units.
const (
	UnitCent   = "cent"
	UnitDollar = "dollar"
)

// Rounding says how amounts are rounded: every worksheet amount to the cent
// with Mode, and the settled shared savings or losses to Final.
type Rounding struct {
	Mode  number.RoundingMode `json:"mode"`
	Final string              `json:"final"`
}

func (r Rounding) unit() int64 {
	if r.Final == UnitDollar {
		return 100
	}
	return 1
}
