package fhir

import "github.com/accord-alliance/accord/internal/accord"

type errFunc func(file string, line int, field, msg string) accord.RowError

// badFixtureCases are the fixtures with errors in them: each bad resource
// is named, and the good ones around it still read.
func badFixtureCases(e errFunc) []readCase {
	const p2 = "MeasureReport/ind-p0002-2024-01: "
	return []readCase{
		{name: "truncated JSON", file: "bad-truncated.json", opt: Options{Measures: ratioKPI},
			errs: []accord.RowError{e("bad-truncated.json", 277, "", "truncated: the file ends at line 277 before the JSON is complete")}},
		{name: "truncated NDJSON keeps the whole lines", file: "bad-truncated.ndjson", opt: Options{Measures: ratioKPI},
			want:    cat(atLine(janObs, "1"), atLine(febObs, "2")),
			errs:    []accord.RowError{e("bad-truncated.ndjson", 3, "", "truncated: the file ends in the middle of this resource")},
			summary: Summary{Form: FormNDJSON, MeasureReports: 2}},
		{name: "a Patient where a MeasureReport is required", file: "bad-wrong-type.json", opt: Options{Measures: ratioKPI},
			errs:    []accord.RowError{e("bad-wrong-type.json", 1, "resourceType", "Patient: resourceType is Patient; want a MeasureReport or a Bundle of MeasureReports")},
			summary: Summary{Form: FormResource}},
		{name: "an Observation line in a MeasureReport export", file: "bad-wrong-type.ndjson", opt: Options{Measures: ratioKPI},
			want:    atLine(janObs, "1"),
			errs:    []accord.RowError{e("bad-wrong-type.ndjson", 2, "resourceType", "Observation/a1c-p0001: resourceType is Observation; want MeasureReport (a bulk-export file holds one resource type: use the MeasureReport file)")},
			summary: Summary{Form: FormNDJSON, MeasureReports: 1}},
		{name: "unknown measure", file: "bad-unknown-measure.json", opt: Options{Measures: ratioKPI},
			errs:    []accord.RowError{e("bad-unknown-measure.json", 1, "measure", "MeasureReport/crc-2024-03: unknown measure https://measures.accord-alliance.example/Measure/colorectal-cancer-screening|1.0.0: no KPI has this Measure URL (with or without its |version)")},
			summary: Summary{Form: FormResource, MeasureReports: 1, Rejected: 1}},
		{name: "missing period", file: "bad-missing-period.json", opt: Options{Measures: ratioKPI},
			errs:    []accord.RowError{e("bad-missing-period.json", 1, "period.start", "MeasureReport/hba1c-2024-03: period.start is missing: accord files the figures under the period's start date")},
			summary: Summary{Form: FormResource, MeasureReports: 1, Rejected: 1}},
		{name: "a stratum component without its value", file: "bad-component-value.json", opt: Options{Measures: ratioKPI},
			errs: []accord.RowError{e("bad-component-value.json", 1, "group[0].stratifier[0].stratum[2].component[1].value",
				"MeasureReport/hba1c-clinic-age-2024-05: the component has no value (text or a coding code) to name its part of the segment")},
			summary: Summary{Form: FormResource, MeasureReports: 1, Rejected: 1}},
		{name: "measureScore with 7 decimal places", file: "bad-score-precision.json",
			opt:     Options{Measures: map[string]Target{hba1cURL: {KPI: "hba1c-rate", Scale: 100, SegmentBy: "clinic"}}},
			errs:    []accord.RowError{e("bad-score-precision.json", 1, "group[0].measureScore.value", "MeasureReport/hba1c-score-2024-03: measureScore 0.7135325 has more than 6 decimal places; accord keeps figures exact to 0.000001")},
			summary: Summary{Form: FormResource, MeasureReports: 1, Rejected: 1}},
		{name: "the same report read as numerator and denominator ignores measureScore", file: "bad-score-precision.json", opt: Options{Measures: ratioKPI},
			want:    []string{`hba1c-control 2024-03-01 "" 812/1138 line=1 fhir:MeasureReport/hba1c-score-2024-03`},
			summary: Summary{Form: FormResource, MeasureReports: 1}},
		{name: "bad counts, a failed report and a patient sent twice", file: "bad-count.ndjson", opt: Options{Measures: ratioKPI},
			want: []string{
				`hba1c-control 2024-01-01 "" 1/2 line=1 fhir:2 individual MeasureReports`,
				`hba1c-control 2024-01-01 "north" 1/1 line=1 fhir:1 individual MeasureReports`,
				`hba1c-control 2024-01-01 "harbor" 0/1 line=7 fhir:1 individual MeasureReports`,
			},
			errs: []accord.RowError{
				e("bad-count.ndjson", 3, "group[0].population[3].count", p2+"count -1 is negative; a count is 0 or more"),
				e("bad-count.ndjson", 3, "group[0].stratifier[0].stratum[0].population[3].count", p2+"count -1 is negative; a count is 0 or more"),
				e("bad-count.ndjson", 4, "group[0].population[1].count", `MeasureReport/ind-p0003-2024-01: count must be a JSON number, not the string "1"`),
				e("bad-count.ndjson", 4, "group[0].stratifier[0].stratum[0].population[1].count", `MeasureReport/ind-p0003-2024-01: count must be a JSON number, not the string "1"`),
				e("bad-count.ndjson", 5, "group[0].population[2].count", "MeasureReport/ind-p0004-2024-01: count 0.5 is not a whole number; a count is an integer"),
				e("bad-count.ndjson", 5, "group[0].stratifier[0].stratum[0].population[2].count", "MeasureReport/ind-p0004-2024-01: count 0.5 is not a whole number; a count is an integer"),
				e("bad-count.ndjson", 6, "status", "MeasureReport/ind-p0005-2024-01: status is error: the sending system marked this report as failed; fix it there and export again"),
				e("bad-count.ndjson", 8, "group[0].population", "MeasureReport/ind-p0007-2024-01: has no numerator population (code numerator of http://terminology.hl7.org/CodeSystem/measure-population)"),
				e("bad-count.ndjson", 8, "group[0].stratifier[0].stratum[0].value", "MeasureReport/ind-p0007-2024-01: the stratum has no value (text or a coding code) and no components to name its segment"),
				e("bad-count.ndjson", 9, "subject", "MeasureReport/ind-p0001-2024-01-resent: this patient was already reported for this measure and period (line 1, MeasureReport/ind-p0001-2024-01)"),
			},
			summary: Summary{Form: FormNDJSON, MeasureReports: 8, Rejected: 6, Individual: 2}},
		{name: "non-UTF-8 line in NDJSON", file: "bad-nonutf8.ndjson", opt: Options{Measures: ratioKPI},
			want: []string{
				`hba1c-control 2024-01-01 "" 1/1 line=1 fhir:2 individual MeasureReports`,
				`hba1c-control 2024-01-01 "north" 1/1 line=1 fhir:1 individual MeasureReports`,
				`hba1c-control 2024-01-01 "harbor" 0/0 line=3 fhir:1 individual MeasureReports`,
			},
			errs:    []accord.RowError{e("bad-nonutf8.ndjson", 2, "", "the line is not valid UTF-8 text (save the file as UTF-8)")},
			summary: Summary{Form: FormNDJSON, MeasureReports: 2, Individual: 2}},
		{name: "non-UTF-8 JSON", file: "bad-nonutf8.json", opt: Options{Measures: ratioKPI},
			errs: []accord.RowError{e("bad-nonutf8.json", 277, "", "the file is not valid UTF-8 text (first bad byte at line 277); save it as UTF-8")}},
		{name: "bundle with failed, pending and inconsistent reports", file: "bad-bundle.json", opt: Options{Measures: ratioKPI},
			want: atLine(janObs, "1"),
			errs: []accord.RowError{
				e("bad-bundle.json", 2, "status", "bundle entry 2, MeasureReport/hba1c-2024-02: status is error: the sending system marked this report as failed; fix it there and export again"),
				e("bad-bundle.json", 3, "status", "bundle entry 3, MeasureReport/hba1c-2024-03: status is pending: the figures are not final yet (import pending reports only when asked to)"),
				e("bad-bundle.json", 6, "group[0].stratifier[0].stratum[2].population", "bundle entry 6, MeasureReport/hba1c-2024-04: denominator-exclusion and denominator-exception (300) are larger than denominator (275)"),
			},
			summary: Summary{Form: FormBundle, MeasureReports: 4, Rejected: 3, Ignored: map[string]int{"Patient": 1, "(none)": 1}}},
		{name: "bundle with pending reports allowed", file: "bad-bundle.json", opt: Options{Measures: ratioKPI, AllowPending: true},
			want: cat(atLine(janObs, "1"), provisional(atLine(marObs, "3"))),
			errs: []accord.RowError{
				e("bad-bundle.json", 2, "status", "bundle entry 2, MeasureReport/hba1c-2024-02: status is error: the sending system marked this report as failed; fix it there and export again"),
				e("bad-bundle.json", 6, "group[0].stratifier[0].stratum[2].population", "bundle entry 6, MeasureReport/hba1c-2024-04: denominator-exclusion and denominator-exception (300) are larger than denominator (275)"),
			},
			summary: Summary{Form: FormBundle, MeasureReports: 4, Rejected: 2, Pending: 1, Ignored: map[string]int{"Patient": 1, "(none)": 1}}},
	}
}

// provisional marks observations, as show writes them, provisional.
func provisional(obs []string) []string {
	out := make([]string, len(obs))
	for i, o := range obs {
		out[i] = o + " provisional"
	}
	return out
}
