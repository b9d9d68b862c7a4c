package views

import (
	"context"
	"strconv"

	"github.com/accord-alliance/accord/internal/accord"
)

// KPIChangeView is a proposed or past change to a KPI's definition with
// who approved it and the motion that decides it.
type KPIChangeView struct {
	accord.KPIChange
	Approvals []accord.Approval
	Motions   []accord.Motion
}

// ApprovedBy reports whether party has approved the change.
func (v KPIChangeView) ApprovedBy(party string) bool { return ApprovedBy(v.Approvals, party) }

// KPIChanges lists a KPI's proposed and past definition changes with their approvals.
func (s *Loader) KPIChanges(ctx context.Context, k accord.KPI) ([]KPIChangeView, error) {
	cs, err := s.Svc.KPIChanges(ctx, k.ID)
	if err != nil {
		return nil, err
	}
	out := make([]KPIChangeView, len(cs))
	for i, c := range cs {
		out[i].KPIChange = c
		if c.Status != accord.KPIProposed {
			continue
		}
		if out[i].Approvals, err = s.Svc.Approvals(ctx, accord.SubjectKPIChange, c.ID); err != nil {
			return nil, err
		}
		if out[i].Motions, err = s.Svc.ListMotions(ctx, accord.DecisionFilter{AllianceID: k.AllianceID, Subject: accord.SubjectKPIChange + ":" + c.ID}, accord.MotionOpen); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DefinitionChange reads the proposed definition from a form or request:
// every field is sent; only those that differ are kept.
func DefinitionChange(get func(string) string) (accord.DefinitionChange, error) {
	c := accord.DefinitionChange{}
	for _, f := range []struct {
		name string
		to   **string
	}{{"name", &c.Name}, {"description", &c.Description}, {"numerator", &c.Numerator}, {"denominator", &c.Denominator},
		{"exclusions", &c.Exclusions}, {"source_system", &c.SourceSystem}, {"measure_url", &c.MeasureURL}} {
		v := get(f.name)
		*f.to = &v
	}
	if g := get("grace_days"); g != "" {
		n, err := strconv.Atoi(g)
		if err != nil {
			return c, accord.FieldError("grace_days", "must be a whole number of days")
		}
		c.GraceDays = &n
	}
	return c, nil
}

// KPIChangeRequest proposes a change to a KPI's definition: changes names
// only the fields to change.
type KPIChangeRequest struct {
	Changes accord.DefinitionChange `json:"changes"`
	Reason  string                  `json:"reason"`
}
