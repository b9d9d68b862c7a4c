package fhir

import (
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
)

// TestReadPlausibility refuses what cannot be right — a period that ends
// before it starts, a numerator above the denominator of a proportion, an
// individual report counting more than one patient, a needed population
// without a count — and accepts an end written as the next period's
// midnight.
func TestReadPlausibility(t *testing.T) {
	e := func(field, msg string) accord.RowError {
		return accord.RowError{File: "in", Line: 1, Field: field, Message: "MeasureReport/r1: " + msg}
	}
	pct := Options{File: "in", Measures: measures(hba1cURL, rateKPI("k", accord.Monthly, ""))}
	rej1 := Summary{Form: FormResource, MeasureReports: 1, Rejected: 1}
	noCount := func(r map[string]any) {
		r["group"].([]any)[0].(map[string]any)["population"] = []any{
			map[string]any{"code": map[string]any{"coding": []any{map[string]any{"code": popNumerator}}}},
			map[string]any{"code": map[string]any{"coding": []any{map[string]any{"code": popDenominator}}}, "count": 10},
		}
	}
	cases := []readCase{
		{name: "start after end", opt: pct, summary: rej1,
			data: []byte(mr(set("period", map[string]any{"start": "2024-03-31", "end": "2024-03-01"}))),
			errs: []accord.RowError{e("period.end", "the period ends (2024-03-01) before it starts (2024-03-31)")}},
		{name: "an end at the next period's midnight", opt: pct, summary: Summary{Form: FormResource, MeasureReports: 1},
			data: []byte(mr(set("period", map[string]any{"start": "2024-03-01T00:00:00Z", "end": "2024-04-01T00:00:00.000Z"}))),
			want: []string{`k 2024-03-01 "" 8/10 line=1 fhir:MeasureReport/r1`}},
		{name: "a partial end date names its last day", opt: pct, summary: Summary{Form: FormResource, MeasureReports: 1},
			data: []byte(mr(set("period", map[string]any{"start": "2024-02", "end": "2024-02"}))),
			want: []string{`k 2024-02-01 "" 8/10 line=1 fhir:MeasureReport/r1`}},
		{name: "numerator above the denominator of a percent KPI", opt: pct, summary: rej1,
			data: []byte(mr(group0("population", pops(popNumerator, 812, popDenominator, 118)))),
			errs: []accord.RowError{e("group[0].population", "numerator 812 is above its denominator 118 (688.14 %): a proportion counts part of its denominator, so the populations disagree")}},
		{name: "a numerator over 0", opt: pct, summary: rej1,
			data: []byte(mr(group0("population", pops(popNumerator, 3, popDenominator, 0)))),
			errs: []accord.RowError{e("group[0].population", "numerator 3 over a denominator of 0: with nobody in the denominator the numerator is 0 too")}},
		{name: "an individual report counting two patients", opt: pct, summary: rej1,
			data: []byte(mr(set("type", "individual"), group0("population", pops(popNumerator, 1, popDenominator, 2)))),
			errs: []accord.RowError{e("group[0].population[1].count", "count 2 is above 1: an individual report is one patient, who is in a population (1) or not (0)")}},
		{name: "a needed population without count", opt: pct, summary: rej1,
			data: []byte(mr(noCount)),
			errs: []accord.RowError{e("group[0].population[0].count", "the numerator population has no count, and accord needs it to compute the figures")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { runCase(t, tc) })
	}
}
