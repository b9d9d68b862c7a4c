package fhir

import (
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
)

// The Measure URLs of the fixtures shaped like published examples (see
// docs/fhir.md, "Fixtures and the examples they follow").
const (
	cms146URL = "http://hl7.org/fhir/Measure/CMS146"
	colURL    = "http://hl7.org/fhir/us/davinci-deqm/Measure/measure-exm130-FHIR"
	exm104URL = "http://ecqi.healthit.gov/ecqms/Measure/EXM104"
	cohortURL = "http://example.org/fhir/Measure/CohortEncounters"
)

// rateKPI is a percent KPI reported as numerator and denominator.
func rateKPI(key string, f accord.Frequency, segmentBy string) Target {
	return Target{KPI: key, Ratio: true, Scale: 100, Unit: accord.UnitPercent, Frequency: f, Direction: accord.HigherIsBetter, SegmentBy: segmentBy}
}

func measures(url string, t Target) map[string]Target { return map[string]Target{url: t} }

// TestReadPublishedShapes reads the project's fixtures shaped like the R4
// specification's CMS146 examples, the Da Vinci DEQM summary, stratified
// and individual examples and clinical-reasoning's aggregate reports.
func TestReadPublishedShapes(t *testing.T) {
	e := func(file string, line int, field, msg string) accord.RowError {
		return accord.RowError{File: file, Line: line, Field: field, Message: msg}
	}
	const cat3 = "fhir:MeasureReport/measurereport-cms146-cat3"
	const strat = "fhir:MeasureReport/measurereport-col-stratified"
	const ind = "fhir:3 individual MeasureReports"
	cases := []readCase{
		{name: "R4 CMS146 cat3: three stratifiers whose values collide, 0 of 0 strata kept", file: "r4-cms146-cat3.json",
			opt: Options{Measures: measures(cms146URL, rateKPI("cms146", accord.Quarterly, ""))},
			want: []string{
				`cms146 2014-01-01 "" 200/400 line=1 ` + cat3,
				`cms146 2014-01-01 "stratifier-ages-up-to-9: true" 100/200 line=1 ` + cat3,
				`cms146 2014-01-01 "stratifier-ages-up-to-9: false" 100/200 line=1 ` + cat3,
				`cms146 2014-01-01 "stratifier-ages-10-plus: true" 100/200 line=1 ` + cat3,
				`cms146 2014-01-01 "stratifier-ages-10-plus: false" 100/200 line=1 ` + cat3,
				`cms146 2014-01-01 "stratifier-gender: male" 100/200 line=1 ` + cat3,
				`cms146 2014-01-01 "stratifier-gender: female" 100/200 line=1 ` + cat3,
				`cms146 2014-01-01 "stratifier-gender: other" 0/0 line=1 ` + cat3,
				`cms146 2014-01-01 "stratifier-gender: unknown" 0/0 line=1 ` + cat3,
			},
			summary: Summary{Form: FormResource, MeasureReports: 1}},
		{name: "R4 CMS146 cat3 for a monthly KPI: the quarter is refused, naming both", file: "r4-cms146-cat3.json",
			opt:     Options{Measures: measures(cms146URL, rateKPI("cms146", accord.Monthly, ""))},
			errs:    []accord.RowError{e("r4-cms146-cat3.json", 1, "period", "MeasureReport/measurereport-cms146-cat3: the report's period 2014-01-01 to 2014-03-31 is the quarterly period 2014-Q1, but KPI cms146 is monthly: accord files a report only under one whole monthly period (it neither splits nor adds up periods); send monthly reports, or give this Measure to a KPI of the report's frequency")},
			summary: Summary{Form: FormResource, MeasureReports: 1, Rejected: 1}},
		{name: "R4 CMS146 cat3 for a KPI where lower is better: improvementNotation contradicts it", file: "r4-cms146-cat3.json",
			opt:     Options{Measures: measures(cms146URL, Target{KPI: "cms146", Ratio: true, Scale: 100, Frequency: accord.Quarterly, Direction: accord.LowerIsBetter})},
			errs:    []accord.RowError{e("r4-cms146-cat3.json", 1, "improvementNotation", "MeasureReport/measurereport-cms146-cat3: improvementNotation is increase (higher is better), but KPI cms146 is lower is better: the report scores its measure the other way round; check that the Measure URL names the right KPI")},
			summary: Summary{Form: FormResource, MeasureReports: 1, Rejected: 1}},
		{name: "R4 CMS146 cat1: one patient, every stratum but one 0 of 0", file: "r4-cms146-cat1.json",
			opt: Options{Measures: measures(cms146URL, rateKPI("cms146", accord.Quarterly, ""))},
			want: []string{
				`cms146 2014-01-01 "" 1/1 line=1 fhir:1 individual MeasureReports`,
				`cms146 2014-01-01 "stratifier-ages-up-to-9: true" 1/1 line=1 fhir:1 individual MeasureReports`,
				`cms146 2014-01-01 "stratifier-ages-up-to-9: false" 0/0 line=1 fhir:1 individual MeasureReports`,
				`cms146 2014-01-01 "stratifier-gender: male" 1/1 line=1 fhir:1 individual MeasureReports`,
				`cms146 2014-01-01 "stratifier-gender: female" 0/0 line=1 fhir:1 individual MeasureReports`,
				`cms146 2014-01-01 "stratifier-gender: other" 0/0 line=1 fhir:1 individual MeasureReports`,
				`cms146 2014-01-01 "stratifier-gender: unknown" 0/0 line=1 fhir:1 individual MeasureReports`,
			},
			summary: Summary{Form: FormResource, MeasureReports: 1, Individual: 1}},
		{name: "DEQM summary for a yearly KPI, a population without count ignored", file: "deqm-summary.json",
			opt:     Options{Measures: measures(colURL, rateKPI("col", accord.Yearly, ""))},
			want:    []string{`col 2019-01-01 "" 250/480 line=1 fhir:MeasureReport/measurereport-col-summary`},
			summary: Summary{Form: FormResource, MeasureReports: 1}},
		{name: "DEQM summary as a percent value", file: "deqm-summary.json",
			opt:     Options{Measures: measures(colURL+"|7.2.000", Target{KPI: "col", Scale: 100, Unit: accord.UnitPercent, Frequency: accord.Yearly})},
			want:    []string{`col 2019-01-01 "" value=52.0833 line=1 fhir:MeasureReport/measurereport-col-summary`},
			summary: Summary{Form: FormResource, MeasureReports: 1}},
		{name: "DEQM stratified, partial: the stratum without populations is left out", file: "deqm-stratified.json",
			opt: Options{Partial: true, Measures: measures(colURL, rateKPI("col", accord.Yearly, "gender"))},
			want: []string{
				`col 2019-01-01 "" 250/480 line=1 ` + strat,
				`col 2019-01-01 "female" 140/250 line=1 ` + strat,
				`col 2019-01-01 "male" 110/230 line=1 ` + strat,
				`col 2019-01-01 "unknown" 0/0 line=1 ` + strat,
				`col 2019-01-01 "age band: 50-64" 140/288 line=1 ` + strat,
				`col 2019-01-01 "age band: 65-75" 110/192 line=1 ` + strat,
			},
			leftOut: []accord.RowError{
				e("deqm-stratified.json", 1, "group[0].stratifier[1].stratum[2].population", "MeasureReport/measurereport-col-stratified: left out: has no numerator population (code numerator of http://terminology.hl7.org/CodeSystem/measure-population)"),
				e("deqm-stratified.json", 1, "group[0].stratifier[1].stratum[2].population", "MeasureReport/measurereport-col-stratified: left out: has no denominator or initial-population population"),
			},
			summary: Summary{Form: FormResource, MeasureReports: 1, LeftOutParts: 1}},
		{name: "DEQM stratified, all or nothing: the same stratum sinks the report", file: "deqm-stratified.json",
			opt: Options{Measures: measures(colURL, rateKPI("col", accord.Yearly, "gender"))},
			errs: []accord.RowError{
				e("deqm-stratified.json", 1, "group[0].stratifier[1].stratum[2].population", "MeasureReport/measurereport-col-stratified: has no numerator population (code numerator of http://terminology.hl7.org/CodeSystem/measure-population)"),
				e("deqm-stratified.json", 1, "group[0].stratifier[1].stratum[2].population", "MeasureReport/measurereport-col-stratified: has no denominator or initial-population population"),
			},
			summary: Summary{Form: FormResource, MeasureReports: 1, Rejected: 1}},
		{name: "DEQM individual reports with a pending one, pending allowed: provisional sums", file: "deqm-individual-bundle.json",
			opt: Options{Partial: true, AllowPending: true, Measures: measures(colURL, rateKPI("col", accord.Yearly, "gender"))},
			want: []string{
				`col 2019-01-01 "" 1/2 line=1 ` + ind + ` provisional`,
				`col 2019-01-01 "female" 1/1 line=1 ` + ind + ` provisional`,
				`col 2019-01-01 "male" 0/1 line=1 ` + ind + ` provisional`,
			},
			summary: Summary{Form: FormBundle, MeasureReports: 3, Individual: 3, Pending: 1, Ignored: map[string]int{"Patient": 1}}},
		{name: "DEQM individual reports, pending not allowed: that report is left out", file: "deqm-individual-bundle.json",
			opt: Options{Partial: true, Measures: measures(colURL, rateKPI("col", accord.Yearly, "gender"))},
			want: []string{
				`col 2019-01-01 "" 1/2 line=1 fhir:2 individual MeasureReports`,
				`col 2019-01-01 "female" 1/1 line=1 fhir:2 individual MeasureReports`,
				`col 2019-01-01 "male" 0/1 line=1 fhir:2 individual MeasureReports`,
			},
			leftOut: []accord.RowError{e("deqm-individual-bundle.json", 3, "status", "bundle entry 3, MeasureReport/measurereport-col-patient03: status is pending: the figures are not final yet (import pending reports only when asked to)")},
			summary: Summary{Form: FormBundle, MeasureReports: 3, Individual: 2, Rejected: 1, Ignored: map[string]int{"Patient": 1}}},
		{name: "clinical-reasoning aggregate: dateTime periods, a cohort for a count KPI, a quarter left out", file: "cqf-aggregate-bundle.json",
			opt: Options{Partial: true, Measures: map[string]Target{
				exm104URL: rateKPI("exm104", accord.Yearly, ""),
				cohortURL: {KPI: "encounters", Unit: accord.UnitCount, Frequency: accord.Yearly},
			}},
			want: []string{
				`exm104 2019-01-01 "" 9/11 line=1 fhir:MeasureReport/cqf-exm104-summary`,
				`encounters 2019-01-01 "" value=1379 line=2 fhir:MeasureReport/cqf-cohort-summary`,
			},
			leftOut: []accord.RowError{e("cqf-aggregate-bundle.json", 3, "period", "bundle entry 3, MeasureReport/cqf-quarter: the report's period 2020-01-01 to 2020-03-31 is the quarterly period 2020-Q1, but KPI exm104 is yearly: accord files a report only under one whole yearly period (it neither splits nor adds up periods); send yearly reports, or give this Measure to a KPI of the report's frequency")},
			summary: Summary{Form: FormBundle, MeasureReports: 3, Rejected: 1}},
		{name: "clinical-reasoning cohort for a rate KPI: the error says what a cohort feeds", file: "cqf-aggregate-bundle.json",
			opt: Options{Partial: true, Measures: map[string]Target{
				exm104URL: rateKPI("exm104", accord.Yearly, ""),
				cohortURL: rateKPI("encounters", accord.Yearly, ""),
			}},
			want: []string{`exm104 2019-01-01 "" 9/11 line=1 fhir:MeasureReport/cqf-exm104-summary`},
			leftOut: []accord.RowError{
				e("cqf-aggregate-bundle.json", 2, "group[0].population", "bundle entry 2, MeasureReport/cqf-cohort-summary: has only an initial-population count: a cohort report, which feeds a KPI of unit count; KPI encounters is a rate of numerator and denominator"),
				e("cqf-aggregate-bundle.json", 3, "period", "bundle entry 3, MeasureReport/cqf-quarter: the report's period 2020-01-01 to 2020-03-31 is the quarterly period 2020-Q1, but KPI exm104 is yearly: accord files a report only under one whole yearly period (it neither splits nor adds up periods); send yearly reports, or give this Measure to a KPI of the report's frequency"),
			},
			summary: Summary{Form: FormBundle, MeasureReports: 3, Rejected: 2}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { runCase(t, tc) })
	}
}
