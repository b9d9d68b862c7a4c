package fhir

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
)

const levelsURL = "https://measures.accord-alliance.example/Measure/diabetes-hba1c-levels"

var (
	// ratioKPI is the usual mapping: HbA1c control kept as numerator and
	// denominator, matched by the URL without version.
	ratioKPI = map[string]Target{hba1cURL: {KPI: "hba1c-control", Ratio: true, SegmentBy: "clinic"}}
	// The monthly summaries of testdata/bundle-monthly.json, in order.
	janObs = []string{
		`hba1c-control 2024-01-01 "" 758/1119 line=2 fhir:MeasureReport/hba1c-2024-01`,
		`hba1c-control 2024-01-01 "north" 190/288 line=2 fhir:MeasureReport/hba1c-2024-01`,
		`hba1c-control 2024-01-01 "riverside" 251/365 line=2 fhir:MeasureReport/hba1c-2024-01`,
		`hba1c-control 2024-01-01 "eastgate" 176/258 line=2 fhir:MeasureReport/hba1c-2024-01`,
		`hba1c-control 2024-01-01 "harbor" 141/208 line=2 fhir:MeasureReport/hba1c-2024-01`,
	}
	febObs = []string{
		`hba1c-control 2024-02-01 "" 785/1132 line=3 fhir:MeasureReport/hba1c-2024-02`,
		`hba1c-control 2024-02-01 "north" 198/289 line=3 fhir:MeasureReport/hba1c-2024-02`,
		`hba1c-control 2024-02-01 "riverside" 259/369 line=3 fhir:MeasureReport/hba1c-2024-02`,
		`hba1c-control 2024-02-01 "eastgate" 181/263 line=3 fhir:MeasureReport/hba1c-2024-02`,
		`hba1c-control 2024-02-01 "harbor" 147/211 line=3 fhir:MeasureReport/hba1c-2024-02`,
	}
	marObs = []string{
		`hba1c-control 2024-03-01 "" 812/1138 line=1 fhir:MeasureReport/hba1c-2024-03`,
		`hba1c-control 2024-03-01 "north" 205/290 line=1 fhir:MeasureReport/hba1c-2024-03`,
		`hba1c-control 2024-03-01 "riverside" 268/371 line=1 fhir:MeasureReport/hba1c-2024-03`,
		`hba1c-control 2024-03-01 "eastgate" 187/264 line=1 fhir:MeasureReport/hba1c-2024-03`,
		`hba1c-control 2024-03-01 "harbor" 152/213 line=1 fhir:MeasureReport/hba1c-2024-03`,
	}
	// testdata/summary-clinic-age.json: strata named by two components,
	// the clinic by its coding's code, the age band by its text.
	clinicAgeObs = []string{
		`hba1c-control 2024-04-01 "" 474/665 line=1 fhir:MeasureReport/hba1c-clinic-age-2024-04`,
		`hba1c-control 2024-04-01 "clinic: north · age band: 18-64" 121/172 line=1 fhir:MeasureReport/hba1c-clinic-age-2024-04`,
		`hba1c-control 2024-04-01 "clinic: north · age band: 65+" 86/121 line=1 fhir:MeasureReport/hba1c-clinic-age-2024-04`,
		`hba1c-control 2024-04-01 "clinic: riverside · age band: 18-64" 159/218 line=1 fhir:MeasureReport/hba1c-clinic-age-2024-04`,
		`hba1c-control 2024-04-01 "clinic: riverside · age band: 65+" 108/154 line=1 fhir:MeasureReport/hba1c-clinic-age-2024-04`,
	}
)

var lineRE = regexp.MustCompile(` line=[0-9]+ `)

// atLine moves observations copied from another case to another line.
func atLine(obs []string, line string) []string {
	out := make([]string, len(obs))
	for i, o := range obs {
		out[i] = lineRE.ReplaceAllString(o, " line="+line+" ")
	}
	return out
}

func cat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

type readCase struct {
	name    string
	file    string // in testdata, or
	data    []byte // the input itself
	opt     Options
	want    []string // observations, as show writes them
	errs    []accord.RowError
	leftOut []accord.RowError
	summary Summary
}

func TestReadFixtures(t *testing.T) {
	bulk, _ := genBulk()
	e := func(file string, line int, field, msg string) accord.RowError {
		return accord.RowError{File: file, Line: line, Field: field, Message: msg}
	}
	cases := []readCase{
		{name: "summary with clinic stratifier", file: "summary-hba1c.json", opt: Options{Measures: ratioKPI},
			want: marObs, summary: Summary{Form: FormResource, MeasureReports: 1}},
		{name: "summary matched with its version", file: "summary-hba1c.json",
			opt:  Options{Measures: map[string]Target{hba1cURL + "|2.1.0": {KPI: "hba1c-control", Ratio: true, SegmentBy: "clinic"}}},
			want: marObs, summary: Summary{Form: FormResource, MeasureReports: 1}},
		{name: "summary as a percent value from measureScore", file: "summary-hba1c.json",
			opt: Options{Measures: map[string]Target{hba1cURL: {KPI: "hba1c-rate", Scale: 100, SegmentBy: "clinic"}}},
			want: []string{
				`hba1c-rate 2024-03-01 "" value=71.3533 line=1 fhir:MeasureReport/hba1c-2024-03`,
				`hba1c-rate 2024-03-01 "north" value=70.6897 line=1 fhir:MeasureReport/hba1c-2024-03`,
				`hba1c-rate 2024-03-01 "riverside" value=72.2372 line=1 fhir:MeasureReport/hba1c-2024-03`,
				`hba1c-rate 2024-03-01 "eastgate" value=70.8333 line=1 fhir:MeasureReport/hba1c-2024-03`,
				`hba1c-rate 2024-03-01 "harbor" value=71.3615 line=1 fhir:MeasureReport/hba1c-2024-03`,
			},
			summary: Summary{Form: FormResource, MeasureReports: 1}},
		{name: "another version of the measure is unknown", file: "summary-hba1c.json",
			opt:     Options{Measures: map[string]Target{hba1cURL + "|2.0.0": {KPI: "hba1c-control", Ratio: true, SegmentBy: "clinic"}}},
			errs:    []accord.RowError{e("summary-hba1c.json", 1, "measure", "MeasureReport/hba1c-2024-03: unknown measure "+hba1cURL+"|2.1.0: no KPI has this Measure URL (with or without its |version)")},
			summary: Summary{Form: FormResource, MeasureReports: 1, Rejected: 1}},
		{name: "summary with a clinic × age band stratifier", file: "summary-clinic-age.json", opt: Options{Measures: ratioKPI},
			want: clinicAgeObs, summary: Summary{Form: FormResource, MeasureReports: 1}},
		{name: "clinic × age band as a percent value from measureScore", file: "summary-clinic-age.json",
			opt: Options{Measures: map[string]Target{hba1cURL: {KPI: "hba1c-rate", Scale: 100, SegmentBy: "clinic"}}},
			want: []string{
				`hba1c-rate 2024-04-01 "" value=71.2782 line=1 fhir:MeasureReport/hba1c-clinic-age-2024-04`,
				`hba1c-rate 2024-04-01 "clinic: north · age band: 18-64" value=70.3488 line=1 fhir:MeasureReport/hba1c-clinic-age-2024-04`,
				`hba1c-rate 2024-04-01 "clinic: north · age band: 65+" value=71.0744 line=1 fhir:MeasureReport/hba1c-clinic-age-2024-04`,
				`hba1c-rate 2024-04-01 "clinic: riverside · age band: 18-64" value=72.9358 line=1 fhir:MeasureReport/hba1c-clinic-age-2024-04`,
				`hba1c-rate 2024-04-01 "clinic: riverside · age band: 65+" value=70.1299 line=1 fhir:MeasureReport/hba1c-clinic-age-2024-04`,
			},
			summary: Summary{Form: FormResource, MeasureReports: 1}},
		{name: "bundle of three monthly summaries", file: "bundle-monthly.json", opt: Options{Measures: ratioKPI},
			want:    cat(janObs, febObs, atLine(marObs, "5")),
			summary: Summary{Form: FormBundle, MeasureReports: 3, Ignored: map[string]int{"Organization": 1, "Library": 1}}},
		{name: "two groups mapped by group code", file: "summary-two-groups.json",
			opt: Options{Measures: map[string]Target{
				levelsURL + "#hba1c-below-8":       {KPI: "hba1c-control", Ratio: true, SegmentBy: "clinic"},
				levelsURL + "|1.4.0#hba1c-above-9": {KPI: "hba1c-poor", Ratio: true, SegmentBy: "clinic"},
			}},
			want: []string{
				`hba1c-control 2024-03-01 "" 812/1138 line=1 fhir:MeasureReport/hba1c-levels-2024-03`,
				`hba1c-poor 2024-03-01 "" 173/1138 line=1 fhir:MeasureReport/hba1c-levels-2024-03`,
			},
			summary: Summary{Form: FormResource, MeasureReports: 1}},
		{name: "one of two groups mapped, the other left out", file: "summary-two-groups.json",
			opt:     Options{Measures: map[string]Target{levelsURL + "#hba1c-above-9": {KPI: "hba1c-poor", Scale: 100, SegmentBy: "clinic"}}},
			want:    []string{`hba1c-poor 2024-03-01 "" value=15.2021 line=1 fhir:MeasureReport/hba1c-levels-2024-03`},
			summary: Summary{Form: FormResource, MeasureReports: 1, SkippedGroups: 1}},
		{name: "two groups under a plain URL", file: "summary-two-groups.json",
			opt:     Options{Measures: map[string]Target{levelsURL: {KPI: "hba1c-control", Ratio: true, SegmentBy: "clinic"}}},
			errs:    []accord.RowError{e("summary-two-groups.json", 1, "group", `MeasureReport/hba1c-levels-2024-03: the report has 2 groups (codes "hba1c-above-9", "hba1c-below-8") for measure `+levelsURL+`|1.4.0; map each group you want as `+levelsURL+`#<group code>`)},
			summary: Summary{Form: FormResource, MeasureReports: 1, Rejected: 1}},
		{name: "bulk export of 300 individual reports", data: bulk, opt: Options{File: "MeasureReport.ndjson", Measures: ratioKPI},
			want: []string{
				`hba1c-control 2024-01-01 "" 95/134 line=1 fhir:150 individual MeasureReports`,
				`hba1c-control 2024-01-01 "harbor" 26/34 line=1 fhir:38 individual MeasureReports`,
				`hba1c-control 2024-01-01 "eastgate" 24/36 line=2 fhir:38 individual MeasureReports`,
				`hba1c-control 2024-01-01 "riverside" 23/32 line=3 fhir:37 individual MeasureReports`,
				`hba1c-control 2024-01-01 "north" 22/32 line=4 fhir:37 individual MeasureReports`,
				`hba1c-control 2024-02-01 "" 97/134 line=153 fhir:150 individual MeasureReports`,
				`hba1c-control 2024-02-01 "harbor" 24/36 line=153 fhir:38 individual MeasureReports`,
				`hba1c-control 2024-02-01 "eastgate" 26/36 line=154 fhir:38 individual MeasureReports`,
				`hba1c-control 2024-02-01 "riverside" 26/32 line=155 fhir:37 individual MeasureReports`,
				`hba1c-control 2024-02-01 "north" 21/30 line=156 fhir:37 individual MeasureReports`,
			},
			summary: Summary{Form: FormNDJSON, MeasureReports: 300, Individual: 300}},
	}
	cases = append(cases, badFixtureCases(e)...)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { runCase(t, tc) })
	}
}

func runCase(t *testing.T, tc readCase) {
	t.Helper()
	data := tc.data
	if tc.file != "" {
		var err error
		if data, err = os.ReadFile(filepath.Join("testdata", tc.file)); err != nil {
			t.Fatal(err)
		}
		if tc.opt.File == "" {
			tc.opt.File = tc.file
		}
	}
	res, err := Read(bytes.NewReader(data), tc.opt)
	if err != nil {
		t.Fatalf("got error %v, want none", err)
	}
	var got []string
	for _, o := range res.Observations {
		got = append(got, show(o))
	}
	if !reflect.DeepEqual(got, tc.want) {
		t.Errorf("observations:\ngot  %s\nwant %s", strings.Join(got, "\n     "), strings.Join(tc.want, "\n     "))
	}
	if !reflect.DeepEqual(res.Errors, tc.errs) {
		t.Errorf("errors:\ngot  %#v\nwant %#v", res.Errors, tc.errs)
	}
	if !reflect.DeepEqual(res.LeftOut, tc.leftOut) {
		t.Errorf("left out:\ngot  %#v\nwant %#v", res.LeftOut, tc.leftOut)
	}
	if tc.summary.Ignored == nil {
		tc.summary.Ignored = map[string]int{}
	}
	if !reflect.DeepEqual(res.Summary, tc.summary) {
		t.Errorf("summary: got %+v, want %+v", res.Summary, tc.summary)
	}
}
