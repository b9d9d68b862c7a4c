package accord

import (
	"strconv"
	"strings"
	"time"
)

// KPIChange is a proposed change to an approved KPI's definition: what
// the KPI counts and how it is described, never what its past data means.
// Like a KPI it takes effect when every party approves it (or the
// committee that approves the scorecard passes its motion); the KPI keeps
// the history of its definition.
type KPIChange struct {
	ID         string `json:"id"`
	KPIID      string `json:"kpi_id"`
	KPIKey     string `json:"kpi"`
	AllianceID string `json:"alliance_id"`
	// Changes holds only the fields that change, with their new values.
	Changes DefinitionChange `json:"changes"`
	// Before holds the same fields as they were when the change was
	// proposed, to show the difference.
	Before     DefinitionChange `json:"before"`
	Reason     string           `json:"reason"`
	Status     string           `json:"status"` // proposed, approved, superseded
	ProposedBy string           `json:"proposed_by"`
	CreatedAt  time.Time        `json:"created_at"`
	ApprovedAt *time.Time       `json:"approved_at,omitempty"`
}

// KPIChangeSuperseded is the status of a proposed change overtaken by
// another change of the same KPI taking effect first.
const KPIChangeSuperseded = "superseded"

// DefinitionChange is the part of a KPI's definition that may change
// after approval; nil fields are kept. The key, unit, direction,
// frequency, ratio, scale, formula and segments give meaning to the data
// already reported and cannot change: a different measure is a new KPI.
type DefinitionChange struct {
	Name         *string `json:"name,omitempty"`
	Description  *string `json:"description,omitempty"`
	Numerator    *string `json:"numerator,omitempty"`
	Denominator  *string `json:"denominator,omitempty"`
	Exclusions   *string `json:"exclusions,omitempty"`
	SourceSystem *string `json:"source_system,omitempty"`
	MeasureURL   *string `json:"measure_url,omitempty"`
	GraceDays    *int    `json:"grace_days,omitempty"`
}

// Empty reports whether the change changes nothing.
func (c DefinitionChange) Empty() bool { return c == DefinitionChange{} }

// Diff keeps only the fields of c that differ from k, and returns them
// with k's current values of the same fields.
func (c DefinitionChange) Diff(k KPI) (after, before DefinitionChange) {
	str := func(next *string, cur string, a, b **string) {
		if next != nil && strings.TrimSpace(*next) != cur {
			v, old := strings.TrimSpace(*next), cur
			*a, *b = &v, &old
		}
	}
	str(c.Name, k.Name, &after.Name, &before.Name)
	str(c.Description, k.Description, &after.Description, &before.Description)
	str(c.Numerator, k.Numerator, &after.Numerator, &before.Numerator)
	str(c.Denominator, k.Denominator, &after.Denominator, &before.Denominator)
	str(c.Exclusions, k.Exclusions, &after.Exclusions, &before.Exclusions)
	str(c.SourceSystem, k.SourceSystem, &after.SourceSystem, &before.SourceSystem)
	str(c.MeasureURL, k.MeasureURL, &after.MeasureURL, &before.MeasureURL)
	if c.GraceDays != nil && *c.GraceDays != k.GraceDays {
		v, old := *c.GraceDays, k.GraceDays
		after.GraceDays, before.GraceDays = &v, &old
	}
	return after, before
}

// Apply returns k with the change applied and checked.
func (c DefinitionChange) Apply(k KPI) (KPI, error) {
	set := func(v *string, to *string) {
		if v != nil {
			*to = *v
		}
	}
	set(c.Name, &k.Name)
	set(c.Description, &k.Description)
	set(c.Numerator, &k.Numerator)
	set(c.Denominator, &k.Denominator)
	set(c.Exclusions, &k.Exclusions)
	set(c.SourceSystem, &k.SourceSystem)
	set(c.MeasureURL, &k.MeasureURL)
	if c.GraceDays != nil {
		k.GraceDays = *c.GraceDays
	}
	return k, k.Validate()
}

// Fields lists the changed fields for people: label, before, after.
func (c KPIChange) Fields() [][3]string {
	var out [][3]string
	str := func(label string, b, a *string) {
		if a != nil {
			old := ""
			if b != nil {
				old = *b
			}
			out = append(out, [3]string{label, old, *a})
		}
	}
	str("Name", c.Before.Name, c.Changes.Name)
	str("What it measures", c.Before.Description, c.Changes.Description)
	str("Numerator", c.Before.Numerator, c.Changes.Numerator)
	str("Denominator", c.Before.Denominator, c.Changes.Denominator)
	str("Exclusions", c.Before.Exclusions, c.Changes.Exclusions)
	str("Source system", c.Before.SourceSystem, c.Changes.SourceSystem)
	str("FHIR Measure URL", c.Before.MeasureURL, c.Changes.MeasureURL)
	if c.Changes.GraceDays != nil {
		old := ""
		if c.Before.GraceDays != nil {
			old = strconv.Itoa(*c.Before.GraceDays) + " days"
		}
		out = append(out, [3]string{"Grace for late data", old, strconv.Itoa(*c.Changes.GraceDays) + " days"})
	}
	return out
}
