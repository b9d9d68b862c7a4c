package fhir

import (
	"fmt"
	"sort"
	"strings"
)

// Sentence says in one line what the reader saw in a file: reports read,
// left out whole, parts left out, individual reports summed, pending
// reports, groups mapped to no KPI and resources of other types ignored.
// The import page, the API's callers and the command line all read it.
func (s *Summary) Sentence() string {
	parts := []string{fmt.Sprintf("%d MeasureReport(s) read", s.MeasureReports)}
	add := func(n int, format string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf(format, n))
		}
	}
	add(s.Rejected, "%d left out whole")
	add(s.LeftOutParts, "%d stratum or group figure(s) left out")
	add(s.Individual, "%d individual report(s) summed")
	add(s.Pending, "%d pending, imported as provisional")
	add(s.SkippedGroups, "%d group(s) not mapped to a KPI")
	var ignored []string
	for t, n := range s.Ignored {
		ignored = append(ignored, fmt.Sprintf("%d %s", n, t))
	}
	sort.Strings(ignored)
	if len(ignored) > 0 {
		parts = append(parts, "ignored: "+strings.Join(ignored, ", "))
	}
	return strings.Join(parts, "; ")
}
