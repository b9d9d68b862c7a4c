package views

import (
	"github.com/accord-alliance/accord/internal/fhir"
)

// FHIRSummary says in one sentence what the FHIR reader saw in a file:
// reports read, left out whole, parts left out, individual reports
// summed, pending reports, groups mapped to no KPI and resources of other
// types ignored. It is "" for a file that is not FHIR (nil).
func FHIRSummary(s *fhir.Summary) string {
	if s == nil {
		return ""
	}
	return s.Sentence()
}
