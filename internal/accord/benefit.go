package accord

import (
	"context"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/number"
)

// The kinds of benefit an initiative's parties agree.
const (
	// BenefitKPI is a KPI's change against a baseline at the initiative's
	// sites, valued at a unit value.
	BenefitKPI = "kpi"
	// BenefitSavingsShare is a share of a contract's settled shared
	// savings.
	BenefitSavingsShare = "savings_share"
)

// The states of a benefit: proposed by one party, approved by another.
const (
	BenefitProposed = "proposed"
	BenefitApproved = "approved"
)

// BenefitShare is the part of a KPI benefit that accrues to a party, in
// percent; a benefit's shares add up to 100.
type BenefitShare struct {
	PartyID   string         `json:"party_id"`
	PartyName string         `json:"party_name"`
	Percent   number.Decimal `json:"percent"`
}

// Benefit is a flow in to an initiative's parties that they agree on
// (docs/initiatives.md, "Benefits"): either the change of one of its KPIs
// against a baseline, at its sites, × a unit value, accruing to parties
// by share; or a percentage of the shared savings of a contract's final
// settlements, paid to each party as the settlement pays it. A member of
// one party proposes it; a member of another approves it, and only then
// does it count in the returns.
type Benefit struct {
	ID           string `json:"id"`
	AllianceID   string `json:"alliance_id"`
	InitiativeID string `json:"initiative_id"`
	Kind         string `json:"kind"`

	// A KPI benefit: the KPI (one of the initiative's), its baseline as a
	// value in the KPI's unit or as the mean of the periods from
	// BaselineFrom to BaselineTo, the first period measured, the money per
	// unit of change and the parties it accrues to.
	KPIID        string          `json:"kpi_id,omitempty"`
	Baseline     *number.Decimal `json:"baseline,omitempty"`
	BaselineFrom *time.Time      `json:"baseline_from,omitempty"`
	BaselineTo   *time.Time      `json:"baseline_to,omitempty"`
	MeasureFrom  *time.Time      `json:"measure_from,omitempty"`
	UnitValue    number.Money    `json:"unit_value,omitempty"`
	Shares       []BenefitShare  `json:"shares,omitempty"`

	// A savings share: the contract and the percentage of its settled
	// shared savings that the initiative is credited with.
	ContractID     string         `json:"contract_id,omitempty"`
	SavingsPercent number.Decimal `json:"savings_percent,omitempty"`

	Status          string     `json:"status"`
	ProposedByID    string     `json:"proposed_by_member_id"`
	ProposedByName  string     `json:"proposed_by"`
	ProposedPartyID string     `json:"proposed_by_party_id"`
	ApprovedByName  string     `json:"approved_by,omitempty"`
	ApprovedPartyID string     `json:"approved_by_party_id,omitempty"`
	ApprovedAt      *time.Time `json:"approved_at,omitempty"`
	CreatedAt       time.Time  `json:"created_at"`
}

// maxUnitValue bounds a unit value: a million dollars per unit of change.
const maxUnitValue = number.Money(100_000_000)

// Validate checks a benefit as it is proposed (the store checks that its
// KPI, contract and parties belong to the initiative's alliance).
func (b *Benefit) Validate() error {
	if b.InitiativeID == "" {
		return FieldError("initiative_id", "is required")
	}
	switch b.Kind {
	case BenefitKPI:
		return b.validateKPI()
	case BenefitSavingsShare:
		if b.ContractID == "" {
			return FieldError("contract_id", "is required: say which contract's shared savings")
		}
		if b.SavingsPercent <= 0 || b.SavingsPercent > number.DecimalFromInt(100) {
			return FieldError("savings_percent", "must be more than 0 and at most 100 (percent of the settled shared savings)")
		}
		if b.KPIID != "" || b.Baseline != nil || b.BaselineFrom != nil || b.MeasureFrom != nil || b.UnitValue != 0 || len(b.Shares) > 0 {
			return FieldError("kind", "a savings share names a contract and a percentage only; its parties are those the settlement pays")
		}
		return nil
	}
	return FieldError("kind", "must be kpi or savings_share")
}

func (b *Benefit) validateKPI() error {
	switch {
	case b.KPIID == "":
		return FieldError("kpi_id", "is required: say which of the initiative's KPIs is measured")
	case b.ContractID != "" || b.SavingsPercent != 0:
		return FieldError("contract_id", "only a savings share names a contract")
	case (b.Baseline == nil) == (b.BaselineFrom == nil):
		return FieldError("baseline", "give either a baseline value or a period range whose mean is the baseline, not both")
	case (b.BaselineFrom == nil) != (b.BaselineTo == nil):
		return FieldError("baseline_to", "a baseline range has a first and a last period")
	case b.MeasureFrom == nil:
		return FieldError("measure_from", "is required: the first period whose change is counted")
	case b.UnitValue <= 0 || b.UnitValue > maxUnitValue:
		return FieldError("unit_value", "must be more than zero and at most %s per unit of change", maxUnitValue)
	}
	if b.BaselineFrom != nil {
		if b.BaselineTo.Before(*b.BaselineFrom) {
			return FieldError("baseline_to", "is before the baseline's first period")
		}
		if !b.MeasureFrom.After(*b.BaselineTo) {
			return FieldError("measure_from", "must come after the baseline's periods")
		}
	}
	if len(b.Shares) == 0 {
		return FieldError("shares", "say which party or parties the benefit accrues to")
	}
	var sum number.Decimal
	seen := map[string]bool{}
	for _, s := range b.Shares {
		if s.PartyID == "" || seen[s.PartyID] {
			return FieldError("shares", "name each party once")
		}
		seen[s.PartyID] = true
		if s.Percent <= 0 {
			return FieldError("shares", "each party's share must be more than 0%%")
		}
		sum += s.Percent
	}
	if sum != number.DecimalFromInt(100) {
		return FieldError("shares", "must add up to 100%%, not %s%%", sum)
	}
	return nil
}

// The clinical lead's reviews of an ROI assessment.
const (
	ReviewAgree    = "agree"
	ReviewConcerns = "concerns"
)

// ROIFigure is one party's (or the total's) return as an assessment
// recorded it.
type ROIFigure struct {
	PartyID           string       `json:"party_id,omitempty"`
	Party             string       `json:"party,omitempty"`
	Rate              float64      `json:"rate"`
	NPV               number.Money `json:"npv"`
	IRR               *float64     `json:"irr"`
	IRRReason         string       `json:"irr_reason,omitempty"`
	Payback           *string      `json:"payback_date"`
	DiscountedPayback *string      `json:"discounted_payback_date"`
	Invested          number.Money `json:"invested"`
	Returned          number.Money `json:"returned"`
}

// ROIAssessment is an initiative's returns as computed when finance or an
// executive of a sponsor party submitted them (the rates used, each
// party's figures and the total), and its clinical lead's review: agree,
// or concerns, with a note. A gate that commits more money cannot be put
// to a vote while the latest assessment awaits its review.
type ROIAssessment struct {
	ID              string      `json:"id"`
	AllianceID      string      `json:"alliance_id"`
	InitiativeID    string      `json:"initiative_id"`
	SubmittedByID   string      `json:"submitted_by_member_id"`
	SubmittedByName string      `json:"submitted_by"`
	PartyID         string      `json:"party_id"`
	SubmittedAt     time.Time   `json:"submitted_at"`
	Rates           ROIRates    `json:"rates"`
	Parties         []ROIFigure `json:"parties"`
	Total           *ROIFigure  `json:"total"`
	Review          string      `json:"review,omitempty"`
	ReviewNote      string      `json:"review_note,omitempty"`
	ReviewedByName  string      `json:"reviewed_by,omitempty"`
	ReviewedAt      *time.Time  `json:"reviewed_at,omitempty"`
}

// ROIRates are the discount rates an assessment used: the common rate and
// each party's own, by party ID.
type ROIRates struct {
	Common  float64            `json:"common"`
	Parties map[string]float64 `json:"parties"`
}

// Reviewed reports whether the clinical lead has reviewed the assessment.
func (a ROIAssessment) Reviewed() bool { return a.Review != "" }

// CheckReview checks a clinical lead's review: agree, or concerns with a
// note saying what they are.
func CheckReview(review, note string) (string, error) {
	note = strings.TrimSpace(note)
	switch review {
	case ReviewAgree:
		return note, checkText("note", note, false, maxText)
	case ReviewConcerns:
		return note, checkText("note", note, true, maxText)
	}
	return note, FieldError("review", "must be agree or concerns")
}

// BenefitService keeps the benefits an initiative's parties agree and the
// ROI assessments its clinical lead reviews.
type BenefitService interface {
	// ProposeBenefit records a benefit proposed by the actor's party.
	ProposeBenefit(ctx context.Context, actor Actor, b *Benefit) error
	// ApproveBenefit approves a proposed benefit for the actor's party,
	// which must not be the proposing party.
	ApproveBenefit(ctx context.Context, actor Actor, allianceID, id string) (Benefit, error)
	ListBenefits(ctx context.Context, allianceID string) ([]Benefit, error)
	// SubmitROIAssessment records an assessment by finance or an
	// executive of one of the initiative's sponsor parties.
	SubmitROIAssessment(ctx context.Context, actor Actor, a *ROIAssessment) error
	// ReviewROIAssessment records the initiative's clinical lead's review.
	ReviewROIAssessment(ctx context.Context, actor Actor, allianceID, id, review, note string) (ROIAssessment, error)
	// ROIAssessments lists an initiative's assessments, the latest first.
	ROIAssessments(ctx context.Context, allianceID, initiativeID string) ([]ROIAssessment, error)
}
