package fhir

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
)

// mr returns a small summary MeasureReport (8 of 10, score 0.8) on one
// line, changed by the given edits.
func mr(edits ...func(map[string]any)) string {
	pop := func(code string, n int) map[string]any {
		return map[string]any{"code": map[string]any{"coding": []any{map[string]any{"system": populationSystem, "code": code}}}, "count": n}
	}
	r := map[string]any{
		"resourceType": "MeasureReport", "id": "r1", "status": "complete", "type": "summary",
		"measure": hba1cURL, "period": map[string]any{"start": "2024-03-01", "end": "2024-03-31"},
		"group": []any{map[string]any{
			"population":   []any{pop(popNumerator, 8), pop(popDenominator, 10)},
			"measureScore": map[string]any{"value": json.Number("0.8")},
		}},
	}
	for _, e := range edits {
		e(r)
	}
	b, err := json.Marshal(r)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func set(key string, v any) func(map[string]any) { return func(r map[string]any) { r[key] = v } }

func group0(key string, v any) func(map[string]any) {
	return func(r map[string]any) { r["group"].([]any)[0].(map[string]any)[key] = v }
}

func pops(counts ...any) []any {
	var out []any
	for i := 0; i < len(counts); i += 2 {
		out = append(out, map[string]any{"code": map[string]any{"coding": []any{map[string]any{"code": counts[i]}}}, "count": counts[i+1]})
	}
	return out
}

func TestReadEdges(t *testing.T) {
	e := func(line int, field, msg string) accord.RowError {
		return accord.RowError{File: "in", Line: line, Field: field, Message: msg}
	}
	value := Options{File: "in", Measures: map[string]Target{hba1cURL: {KPI: "k", Scale: 100, SegmentBy: "clinic"}}}
	ratio := Options{File: "in", Measures: map[string]Target{hba1cURL: {KPI: "k", Ratio: true, SegmentBy: "clinic"}}}
	res1 := Summary{Form: FormResource, MeasureReports: 1}
	rej1 := Summary{Form: FormResource, MeasureReports: 1, Rejected: 1}
	cases := []readCase{
		{name: "empty", data: []byte(""), opt: ratio, errs: []accord.RowError{e(0, "", "the file is empty")}},
		{name: "blank lines only", data: []byte("\n \r\n\n"), opt: ratio, errs: []accord.RowError{e(0, "", "the file is empty")}},
		{name: "UTF-16", data: []byte("\xff\xfe{\x00"), opt: ratio, errs: []accord.RowError{e(0, "", "the file is UTF-16 text; FHIR JSON must be UTF-8 (save or export it as UTF-8)")}},
		{name: "UTF-8 byte order mark", data: []byte("\xef\xbb\xbf" + mr()), opt: value,
			want: []string{`k 2024-03-01 "" value=80 line=1 fhir:MeasureReport/r1`}, summary: res1},
		{name: "JSON array", data: []byte("[\n" + mr() + "\n]"), opt: ratio,
			errs: []accord.RowError{e(1, "", "not a FHIR resource: the file holds a JSON array, not an object")}},
		{name: "content after the resource", data: []byte("{\n\"resourceType\": \"MeasureReport\"\n}\n}\n"), opt: ratio,
			errs: []accord.RowError{e(4, "", "unexpected content after the end of the resource, at line 4")}},
		{name: "syntax error in a document", data: []byte("{\n  \"resourceType\": \"MeasureReport\",\n  \"status\": complete\n}\n"), opt: ratio,
			errs: []accord.RowError{e(3, "", "invalid JSON at line 3, column 13: invalid character 'c' looking for beginning of value")}},
		{name: "syntax error on one line", data: []byte(`{"resourceType":"MeasureReport",}`), opt: ratio,
			errs: []accord.RowError{e(1, "", "invalid JSON at column 33: invalid character '}' looking for beginning of object key string")}, summary: Summary{Form: FormNDJSON}},
		{name: "NDJSON with CRLF, blank lines, exponent and percent score", opt: value,
			data: []byte(mr(set("id", "a")) + "\r\n\r\n" + mr(set("id", "b"), set("period", map[string]any{"start": "2024-04-01T00:00:00+02:00"}),
				group0("measureScore", map[string]any{"value": json.Number("8.25E1"), "unit": "%", "system": "http://unitsofmeasure.org", "code": "%"})) + "\r\n"),
			want:    []string{`k 2024-03-01 "" value=80 line=1 fhir:MeasureReport/a`, `k 2024-04-01 "" value=82.5 line=3 fhir:MeasureReport/b`},
			summary: Summary{Form: FormNDJSON, MeasureReports: 2}},
		{name: "a Bundle inside NDJSON", data: []byte(mr() + "\n" + `{"resourceType":"Bundle","id":"b1"}` + "\n"), opt: ratio,
			want:    []string{`k 2024-03-01 "" 8/10 line=1 fhir:MeasureReport/r1`},
			errs:    []accord.RowError{e(2, "resourceType", "Bundle/b1: resourceType is Bundle; want MeasureReport (a bulk-export file holds one resource type: use the MeasureReport file)")},
			summary: Summary{Form: FormNDJSON, MeasureReports: 1}},
		{name: "impossible date", data: []byte(mr(set("period", map[string]any{"start": "2024-02-30"}))), opt: ratio, summary: rej1,
			errs: []accord.RowError{e(1, "period.start", `MeasureReport/r1: period.start "2024-02-30" is not a FHIR date or dateTime (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss+hh:mm)`)}},
		{name: "dateTime without a time zone", data: []byte(mr(set("period", map[string]any{"start": "2024-03-01T00:00:00"}))), opt: ratio, summary: rej1,
			errs: []accord.RowError{e(1, "period.start", `MeasureReport/r1: period.start "2024-03-01T00:00:00" is not a FHIR dateTime: a time needs seconds and a time zone (Z or +hh:mm)`)}},
		{name: "several header problems at once", data: []byte(mr(set("type", "ranking"), set("measure", ""), set("period", nil))), opt: ratio, summary: rej1,
			errs: []accord.RowError{
				e(1, "type", `MeasureReport/r1: type "ranking" is not a MeasureReport type (want summary, data-collection or individual)`),
				e(1, "measure", "MeasureReport/r1: measure is missing: accord matches reports to KPIs by the Measure's canonical URL"),
				e(1, "period.start", "MeasureReport/r1: period.start is missing: accord files the figures under the period's start date"),
			}},
		{name: "missing status", data: []byte(mr(set("status", nil))), opt: ratio, summary: rej1,
			errs: []accord.RowError{e(1, "status", "MeasureReport/r1: status is missing (want complete)")}},
		{name: "group of the wrong JSON type", data: []byte(mr(set("group", map[string]any{}))), opt: ratio, summary: rej1,
			errs: []accord.RowError{e(1, "group", "MeasureReport/r1: group is a JSON object but must be an array")}},
		{name: "the same report twice", data: []byte(mr() + "\n" + mr(set("id", "r2")) + "\n"), opt: ratio,
			want:    []string{`k 2024-03-01 "" 8/10 line=1 fhir:MeasureReport/r1`},
			errs:    []accord.RowError{e(2, "group[0]", `MeasureReport/r2: KPI k, period 2024-03-01, segment "" was already reported by line 1, MeasureReport/r1`)},
			summary: Summary{Form: FormNDJSON, MeasureReports: 2, Rejected: 1}},
		{name: "an individual report after a summary of the same period", opt: ratio,
			data:    []byte(mr() + "\n" + mr(set("id", "i1"), set("type", "individual"), group0("population", pops(popNumerator, 1, popDenominator, 1))) + "\n"),
			want:    []string{`k 2024-03-01 "" 8/10 line=1 fhir:MeasureReport/r1`},
			errs:    []accord.RowError{e(2, "group[0]", `MeasureReport/i1: KPI k, period 2024-03-01, segment "" was already reported by line 1, MeasureReport/r1`)},
			summary: Summary{Form: FormNDJSON, MeasureReports: 2, Rejected: 1}},
		{name: "an individual report for a value KPI", data: []byte(mr(set("type", "individual"))), opt: value, summary: rej1,
			errs: []accord.RowError{e(1, "group[0]", "MeasureReport/r1: an individual report can only feed a KPI reported as numerator and denominator; KPI k takes a value")}},
		{name: "exclusions and exceptions, codes without a system", opt: ratio, summary: res1,
			data: []byte(mr(group0("population", pops(popInitial, 120, popDenominator, 100, popDenExcl, 5, popDenExcep, 3, popNumerator, 70, popNumExcl, 2, "measure-observation", 9)))),
			want: []string{`k 2024-03-01 "" 68/92 line=1 fhir:MeasureReport/r1`}},
		{name: "initial population stands in for the denominator", opt: ratio, summary: res1,
			data: []byte(mr(group0("population", pops(popInitial, 40, popNumerator, 30)))),
			want: []string{`k 2024-03-01 "" 30/40 line=1 fhir:MeasureReport/r1`}},
		{name: "a population code twice", opt: ratio, summary: rej1,
			data: []byte(mr(group0("population", pops(popNumerator, 3, popDenominator, 4, popNumerator, 3)))),
			errs: []accord.RowError{e(1, "group[0].population[2].code", "MeasureReport/r1: a second numerator population; each may appear once")}},
		{name: "report without id", data: []byte(mr(set("id", nil))), opt: ratio, summary: res1,
			want: []string{`k 2024-03-01 "" 8/10 line=1 fhir:MeasureReport (line 1)`}},
		{name: "score in days for a percent KPI", opt: value, summary: rej1,
			data: []byte(mr(group0("measureScore", map[string]any{"value": 3, "unit": "d"}))),
			errs: []accord.RowError{e(1, "group[0].measureScore.value", `MeasureReport/r1: measureScore unit "d" cannot be converted for a KPI scaled by 100 (want a unitless proportion or %)`)}},
		{name: "bundle without MeasureReports", data: []byte(`{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Patient"}}]}`), opt: ratio,
			errs:    []accord.RowError{e(0, "", "the file holds no MeasureReport (only 1 Patient)")},
			summary: Summary{Form: FormBundle, Ignored: map[string]int{"Patient": 1}}},
		{name: "error limit", data: []byte("{}\n{}\n{}\n"), opt: Options{File: "in", MaxErrors: 2},
			errs:    []accord.RowError{e(1, "resourceType", "resourceType is missing: not a FHIR resource"), e(2, "resourceType", "resourceType is missing: not a FHIR resource")},
			summary: Summary{Form: FormNDJSON, MoreErrors: 1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { runCase(t, tc) })
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk gone") }

func TestReadReaderError(t *testing.T) {
	_, err := Read(failingReader{}, Options{File: "x.ndjson"})
	if err == nil || !strings.Contains(err.Error(), "disk gone") || !strings.HasPrefix(err.Error(), "read fhir x.ndjson: ") {
		t.Errorf("got %v, want the reader's error, wrapped", err)
	}
}

func TestMeasuresFromKPIs(t *testing.T) {
	kpis := []accord.KPI{
		{Key: "hba1c-control", MeasureURL: hba1cURL, IsRatio: true, Scale: 100},
		{Key: "visits", Scale: 1},
		{Key: "hba1c-poor", MeasureURL: " " + levelsURL + "#hba1c-above-9 ", IsRatio: true, Scale: 100},
	}
	got, err := MeasuresFromKPIs(kpis)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Target{
		hba1cURL:                     {KPI: "hba1c-control", Ratio: true, Scale: 100},
		levelsURL + "#hba1c-above-9": {KPI: "hba1c-poor", Ratio: true, Scale: 100},
	}
	if len(got) != len(want) || got[hba1cURL] != want[hba1cURL] || got[levelsURL+"#hba1c-above-9"] != want[levelsURL+"#hba1c-above-9"] {
		t.Errorf("got %v, want %v", got, want)
	}
	_, err = MeasuresFromKPIs(append(kpis, accord.KPI{Key: "again", MeasureURL: hba1cURL}))
	if err == nil || err.Error() != "measure "+hba1cURL+" is claimed by KPIs hba1c-control and again" {
		t.Errorf("got %v, want a duplicate-URL error", err)
	}
}
