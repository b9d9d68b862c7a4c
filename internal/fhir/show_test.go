package fhir

import (
	"fmt"

	"github.com/accord-alliance/accord/internal/accord"
)

// show writes an observation on one line, so that tests compare and print
// whole observations: KPI period segment value|num/den line source.
func show(o accord.ObservationInput) string {
	fig := "?"
	switch {
	case o.Value != nil && o.Numerator == nil && o.Denominator == nil:
		fig = "value=" + o.Value.String()
	case o.Value == nil && o.Numerator != nil && o.Denominator != nil:
		fig = o.Numerator.String() + "/" + o.Denominator.String()
	}
	s := fmt.Sprintf("%s %s %q %s line=%d %s", o.KPI, o.Period, o.Segment, fig, o.Line, o.Source)
	if o.Provisional {
		s += " provisional"
	}
	return s
}
