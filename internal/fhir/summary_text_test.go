package fhir

import "testing"

func TestSummarySentence(t *testing.T) {
	for _, tc := range []struct {
		s    Summary
		want string
	}{
		{Summary{MeasureReports: 2}, "2 MeasureReport(s) read"},
		{Summary{MeasureReports: 3, Rejected: 1, LeftOutParts: 2, Individual: 2, Pending: 1, SkippedGroups: 1, Ignored: map[string]int{"Patient": 1, "Bundle": 2}},
			"3 MeasureReport(s) read; 1 left out whole; 2 stratum or group figure(s) left out; 2 individual report(s) summed; " +
				"1 pending, imported as provisional; 1 group(s) not mapped to a KPI; ignored: 1 Patient, 2 Bundle"},
	} {
		if got := tc.s.Sentence(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}
