package accord

import (
	"fmt"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/number"
)

// KPI status in the co-creation flow: a party proposes, the others approve.
const (
	KPIProposed = "proposed"
	KPIApproved = "approved"
	KPIRetired  = "retired"
)

// KPI is one measure on the shared scorecard.
type KPI struct {
	ID           string    `json:"id"`
	AllianceID   string    `json:"alliance_id"`
	Key          string    `json:"key"`
	Name         string    `json:"name"`
	Category     Category  `json:"category"`
	Unit         Unit      `json:"unit"`
	Direction    Direction `json:"direction"`
	Frequency    Frequency `json:"frequency"`
	OwnerPartyID string    `json:"owner_party_id"`
	OwnerName    string    `json:"owner_name,omitempty"`
	// Definition: what is counted and where it comes from.
	Numerator    string `json:"numerator,omitempty"`
	Denominator  string `json:"denominator,omitempty"`
	Exclusions   string `json:"exclusions,omitempty"`
	SourceSystem string `json:"source_system,omitempty"`
	Description  string `json:"description,omitempty"`
	// IsRatio says observations carry numerator and denominator, from which
	// the value is computed (so that rates aggregate correctly).
	IsRatio bool `json:"is_ratio"`
	// Scale multiplies numerator/denominator: 100 for percent, 1000 for a
	// rate per 1,000; 1 otherwise.
	Scale int64 `json:"scale"`
	// Formula makes a derived KPI: "a / b" or "a * b" etc. over other KPI keys.
	Formula string `json:"formula,omitempty"`
	// MeasureURL is the canonical URL of the FHIR Measure that reports it.
	MeasureURL string `json:"measure_url,omitempty"`
	// Segments names the dimension its segments belong to ("clinic"), or "".
	SegmentBy string `json:"segment_by,omitempty"`
	// GraceDays is how long after a period ends its data may still arrive
	// before it counts as late.
	GraceDays int `json:"grace_days"`

	Status     string     `json:"status"`
	ProposedBy string     `json:"proposed_by,omitempty"`
	ProposedAt time.Time  `json:"proposed_at"`
	ApprovedBy string     `json:"approved_by,omitempty"`
	ApprovedAt *time.Time `json:"approved_at,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
}

// Validate checks a KPI definition before it is stored.
func (k *KPI) Validate() error {
	k.Key = strings.TrimSpace(strings.ToLower(k.Key))
	k.Name = strings.TrimSpace(k.Name)
	if !ValidKPIKey(k.Key) {
		return FieldError("key", "must be a short code of lowercase letters, digits, -, _ or . (e.g. hba1c-control)")
	}
	if err := CheckDisplayText("name", k.Name, true, maxName); err != nil {
		return err
	}
	checks := []struct {
		field string
		ok    bool
		msg   string
	}{
		{"category", oneOf(k.Category, AllCategories()), "must be one of quality, clinical_outcome, patient_access, patient_engagement, financial, operations"},
		{"unit", oneOf(k.Unit, AllUnits()), "must be one of count, percent, rate_per_1000, currency, days, minutes, score"},
		{"direction", oneOf(k.Direction, []Direction{HigherIsBetter, LowerIsBetter, InRange}), "must be higher_is_better, lower_is_better or in_range"},
		{"frequency", oneOf(k.Frequency, AllFrequencies()), "must be weekly, monthly, quarterly or yearly"},
		{"owner_party_id", k.OwnerPartyID != "", "is required: the party that reports this KPI"},
		{"grace_days", k.GraceDays >= 0 && k.GraceDays <= 366, "must be between 0 and 366"},
	}
	for _, c := range checks {
		if !c.ok {
			return FieldError(c.field, "%s", c.msg)
		}
	}
	if k.Scale == 0 {
		k.Scale = defaultScale(k.Unit)
	}
	if k.Scale < 1 || k.Scale > 1_000_000 {
		return FieldError("scale", "must be between 1 and 1000000")
	}
	if k.Formula != "" && k.IsRatio {
		return FieldError("formula", "a derived KPI cannot also be reported as numerator and denominator")
	}
	if k.Formula != "" {
		if _, err := ParseFormula(k.Formula); err != nil {
			return err
		}
	}
	for _, f := range []struct{ n, v string }{{"numerator", k.Numerator}, {"denominator", k.Denominator}, {"exclusions", k.Exclusions}, {"source_system", k.SourceSystem}, {"description", k.Description}, {"measure_url", k.MeasureURL}} {
		if err := checkText(f.n, f.v, false, maxText); err != nil {
			return err
		}
	}
	k.SegmentBy = strings.TrimSpace(k.SegmentBy)
	return CheckDisplayText("segment_by", k.SegmentBy, false, maxName)
}

func defaultScale(u Unit) int64 {
	switch u {
	case UnitPercent:
		return 100
	case UnitRate:
		return 1000
	}
	return 1
}

// Target is what a KPI should reach from a period on, with the thresholds
// that colour it: green at or better than Green, amber at or better than
// Amber, red beyond. For in-range KPIs, Low and High bound green.
type Target struct {
	ID          string          `json:"id"`
	KPIID       string          `json:"kpi_id"`
	EffectiveAt time.Time       `json:"effective_from"`
	Value       number.Decimal  `json:"value"`
	Green       number.Decimal  `json:"green"`
	Amber       number.Decimal  `json:"amber"`
	Low         *number.Decimal `json:"low,omitempty"`
	High        *number.Decimal `json:"high,omitempty"`
	Status      string          `json:"status"`
	ProposedBy  string          `json:"proposed_by,omitempty"`
	ApprovedBy  string          `json:"approved_by,omitempty"`
	CreatedAt   time.Time       `json:"created_at"`
}

// Validate checks a target against its KPI's direction.
func (t *Target) Validate(k KPI) error {
	if k.Direction == InRange {
		if t.Low == nil || t.High == nil || *t.Low > *t.High {
			return FieldError("low", "an in-range KPI needs low and high with low at most high")
		}
		if t.Amber < 0 {
			return FieldError("amber", "is the tolerance outside the range and cannot be negative")
		}
		return nil
	}
	if k.Direction == HigherIsBetter && t.Amber > t.Green {
		return FieldError("amber", "must be at most green when higher is better")
	}
	if k.Direction == LowerIsBetter && t.Amber < t.Green {
		return FieldError("amber", "must be at least green when lower is better")
	}
	return nil
}

// Observation is one reported figure for a KPI, period and segment, in one
// revision. A correction is a new revision; the old one is kept.
//
// A KPI, period, segment and revision name an observation; ImportID is the
// import (a file, an API batch, a form entry) that wrote it.
type Observation struct {
	KPIID       string          `json:"kpi_id"`
	Period      time.Time       `json:"period"`
	Segment     string          `json:"segment"`
	Value       *number.Decimal `json:"value,omitempty"`
	Numerator   *number.Decimal `json:"numerator,omitempty"`
	Denominator *number.Decimal `json:"denominator,omitempty"`
	Revision    int             `json:"revision"`
	Source      string          `json:"source"`
	SubmittedBy string          `json:"submitted_by"`
	RecordedAt  time.Time       `json:"recorded_at"`
	// SupersededAt is when a later revision replaced this one.
	SupersededAt *time.Time `json:"superseded_at,omitempty"`
	ImportID     string     `json:"import_id"`
	// Provisional marks a figure its sender has not finalised yet (see
	// ObservationInput.Provisional).
	Provisional bool `json:"provisional,omitempty"`
	// Withdrawn marks a revision that withdraws the figure before it: it
	// has no figures, and the period has no data in that segment while it
	// is current (see Withdrawal).
	Withdrawn bool `json:"withdrawn,omitempty"`
}

// ObservationInput is one row of an import, from any format.
type ObservationInput struct {
	KPI         string          // KPI key
	Period      string          // as written in the file; parsed by the KPI's frequency
	Segment     string          // "" for the whole alliance
	Value       *number.Decimal // or Numerator and Denominator
	Numerator   *number.Decimal
	Denominator *number.Decimal
	Line        int    // where it came from, for error messages
	Source      string // e.g. "csv:upload.csv", "fhir:MeasureReport/123"
	// Provisional marks figures the sender has not finalised (a FHIR
	// MeasureReport with status pending): they are kept, marked so, until
	// a final figure for the same series point replaces them.
	Provisional bool
}

// RowError names one bad row of an import: file, line, field and reason.
type RowError struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

func (e RowError) Error() string {
	loc := fmt.Sprintf("%s:%d", e.File, e.Line)
	if e.Field != "" {
		loc += ": " + e.Field
	}
	return loc + ": " + e.Message
}

// Approval is one party's approval of a proposed KPI or target.
type Approval struct {
	PartyID   string    `json:"party_id"`
	PartyName string    `json:"party_name"`
	UserName  string    `json:"approved_by"`
	At        time.Time `json:"approved_at"`
}

// PeriodTotal is the sum of one KPI's current observations in one period,
// over the whole-alliance rows (Whole) or over the segment rows.
type PeriodTotal struct {
	KPIID        string
	Period       time.Time
	Whole        bool
	Value        *number.Decimal
	Numerator    *number.Decimal
	Denominator  *number.Decimal
	Count        int
	LastRecorded time.Time
}

// Freshness is when a KPI last had data.
type Freshness struct {
	LatestPeriod time.Time
	LastRecorded time.Time
}

// Annotation marks a period of a KPI's charts ("Telehealth pilot started").
type Annotation struct {
	ID     string    `json:"id"`
	KPIID  string    `json:"kpi_id"`
	Period time.Time `json:"period"`
	Label  string    `json:"label"`
	// NewPhase marks a recorded change to the process: the control chart's
	// limits are computed afresh from this period on.
	NewPhase  bool      `json:"new_phase"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// Validate checks an annotation.
func (a *Annotation) Validate() error {
	a.Label = strings.TrimSpace(a.Label)
	if a.KPIID == "" {
		return FieldError("kpi", "is required")
	}
	return CheckDisplayText("label", a.Label, true, 80)
}
