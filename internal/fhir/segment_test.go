package fhir

import (
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
)

// cc is a CodeableConcept with the given text and first coding's code;
// either may be "" to leave it out.
func cc(text, code string) map[string]any {
	c := map[string]any{}
	if text != "" {
		c["text"] = text
	}
	if code != "" {
		c["coding"] = []any{map[string]any{"system": "https://accord-alliance.example/CodeSystem/x", "code": code, "display": "Display " + code}}
	}
	return c
}

// comp is a stratum component; a nil code or value is left out.
func comp(code, value map[string]any) map[string]any {
	c := map[string]any{}
	if code != nil {
		c["code"] = code
	}
	if value != nil {
		c["value"] = value
	}
	return c
}

// strat is a stratum of num of den with the given value and components;
// a nil value and no components leave both out.
func strat(num, den int, value map[string]any, comps ...any) map[string]any {
	s := map[string]any{"population": pops(popNumerator, num, popDenominator, den)}
	if value != nil {
		s["value"] = value
	}
	if comps != nil {
		s["component"] = comps
	}
	return s
}

// strata puts one stratifier of the given strata into the first group.
func strata(ss ...any) func(map[string]any) {
	return group0("stratifier", []any{map[string]any{"stratum": ss}})
}

func TestReadComponentStrata(t *testing.T) {
	e := func(field, msg string) accord.RowError {
		return accord.RowError{File: "in", Line: 1, Field: field, Message: "MeasureReport/r1: " + msg}
	}
	ratio := Options{File: "in", Measures: map[string]Target{hba1cURL: {KPI: "k", Ratio: true, SegmentBy: "clinic"}}}
	res1 := Summary{Form: FormResource, MeasureReports: 1}
	rej1 := Summary{Form: FormResource, MeasureReports: 1, Rejected: 1}
	whole := `k 2024-03-01 "" 8/10 line=1 fhir:MeasureReport/r1`
	clinic, age := cc("clinic", ""), cc("age band", "age-band")
	const st2 = "group[0].stratifier[0].stratum[2]"
	cases := []readCase{
		{name: "components joined in the order given", opt: ratio, summary: res1,
			data: []byte(mr(strata(
				strat(3, 4, nil, comp(clinic, cc("North", "north")), comp(age, cc("65+", "65-plus"))),
				strat(5, 6, nil, comp(age, cc("65+", "65-plus")), comp(clinic, cc("North", "north"))),
			))),
			want: []string{whole,
				`k 2024-03-01 "clinic: North · age band: 65+" 3/4 line=1 fhir:MeasureReport/r1`,
				`k 2024-03-01 "age band: 65+ · clinic: North" 5/6 line=1 fhir:MeasureReport/r1`,
			}},
		{name: "code and value named by text, else the first coding's code, never its display", opt: ratio, summary: res1,
			data: []byte(mr(strata(strat(3, 4, nil, comp(cc("", "clinic"), cc(" ", "north")), comp(cc(" age band ", "age-band"), cc("", "65-plus")))))),
			want: []string{whole, `k 2024-03-01 "clinic: north · age band: 65-plus" 3/4 line=1 fhir:MeasureReport/r1`}},
		{name: "one component", opt: ratio, summary: res1,
			data: []byte(mr(strata(strat(3, 4, nil, comp(clinic, cc("", "north")))))),
			want: []string{whole, `k 2024-03-01 "clinic: north" 3/4 line=1 fhir:MeasureReport/r1`}},
		{name: "a value stratifier and a component stratifier in one group", opt: ratio, summary: res1,
			data: []byte(mr(group0("stratifier", []any{
				map[string]any{"code": []any{clinic}, "stratum": []any{strat(3, 4, cc("", "north"))}},
				map[string]any{"code": []any{clinic, age}, "stratum": []any{strat(2, 3, nil, comp(clinic, cc("", "north")), comp(age, cc("65+", "")))}},
			}))),
			want: []string{whole,
				`k 2024-03-01 "north" 3/4 line=1 fhir:MeasureReport/r1`,
				`k 2024-03-01 "clinic: north · age band: 65+" 2/3 line=1 fhir:MeasureReport/r1`,
			}},
		{name: "a value and components", opt: ratio, summary: rej1,
			data: []byte(mr(strata(strat(1, 2, cc("", "a")), strat(1, 2, cc("", "b")), strat(3, 4, cc("North", ""), comp(clinic, cc("North", "")))))),
			errs: []accord.RowError{e(st2, "the stratum has both a value and components; it is named by one or the other")}},
		{name: "a component without its value", opt: ratio, summary: rej1,
			data: []byte(mr(strata(strat(1, 2, cc("", "a")), strat(1, 2, cc("", "b")), strat(3, 4, nil, comp(clinic, cc("", "north")), comp(age, nil))))),
			errs: []accord.RowError{e(st2+".component[1].value", "the component has no value (text or a coding code) to name its part of the segment")}},
		{name: "components whose code and value name nothing", opt: ratio, summary: rej1,
			data: []byte(mr(strata(strat(3, 4, nil, comp(cc(" ", ""), cc("", "north")), comp(nil, map[string]any{"coding": []any{}}))))),
			errs: []accord.RowError{
				e("group[0].stratifier[0].stratum[0].component[0].code", "the component has no code (text or a coding code) to name its dimension"),
				e("group[0].stratifier[0].stratum[0].component[1].code", "the component has no code (text or a coding code) to name its dimension"),
				e("group[0].stratifier[0].stratum[0].component[1].value", "the component has no value (text or a coding code) to name its part of the segment"),
			}},
		{name: "neither a value nor components", opt: ratio, summary: rej1,
			data: []byte(mr(strata(strat(3, 4, nil), strat(3, 4, cc("", "")), map[string]any{"component": []any{}, "population": pops(popNumerator, 3, popDenominator, 4)}))),
			errs: []accord.RowError{
				e("group[0].stratifier[0].stratum[0].value", "the stratum has no value (text or a coding code) and no components to name its segment"),
				e("group[0].stratifier[0].stratum[1].value", "the stratum has no value (text or a coding code) and no components to name its segment"),
				e("group[0].stratifier[0].stratum[2].value", "the stratum has no value (text or a coding code) and no components to name its segment"),
			}},
		{name: "components that name a segment longer than accord keeps", opt: ratio, summary: rej1,
			data: []byte(mr(strata(strat(3, 4, nil, comp(clinic, cc(strings.Repeat("Riverside ", 9), "")), comp(age, cc("65+", "")))))),
			errs: []accord.RowError{e("group[0].stratifier[0].stratum[0].component",
				`the components name a segment of 113 characters ("clinic: `+strings.Repeat("Riverside ", 8)+`Riverside · age band: 65+"); accord keeps segment names to 100, so shorten the codes' or values' text`)}},
		{name: "two strata with the same components", opt: ratio, summary: rej1,
			data: []byte(mr(strata(strat(3, 4, nil, comp(clinic, cc("", "north"))), strat(5, 6, nil, comp(cc("", "clinic"), cc("north", "n")))))),
			errs: []accord.RowError{e("group[0].stratifier[0].stratum[1]", `KPI k, period 2024-03-01, segment "clinic: north" is reported twice in this report (also group[0].stratifier[0].stratum[0])`)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { runCase(t, tc) })
	}
}
