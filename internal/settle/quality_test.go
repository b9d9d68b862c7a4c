package settle

import (
	"errors"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/number"
)

func TestEvaluateGate(t *testing.T) {
	r := func(s string) *number.Rate { v := number.MustRate(s); return &v }
	gate := &QualityGate{Measures: []GateMeasure{
		{KPI: "hba1c", Label: "HbA1c control", AtLeast: r("0.60")},
		{KPI: "readmissions", AtMost: r("0.15")},
		{KPI: "screening", AtLeast: r("0.70"), AtMost: r("0.95")},
	}}
	two := *gate
	two.MinimumPassing = 2
	tests := []struct {
		name     string
		gate     *QualityGate
		values   map[string]string
		passing  int
		known    bool
		met      bool
		formulas []string
	}{
		{"all pass", gate, map[string]string{"hba1c": "0.63", "readmissions": "0.12", "screening": "0.72"}, 3, true, true,
			[]string{"0.6300 ≥ 0.6000: pass", "0.1200 ≤ 0.1500: pass", "0.7200 ≥ 0.7000 ≤ 0.9500: pass"}},
		{"bounds are inclusive", gate, map[string]string{"hba1c": "0.6", "readmissions": "0.15", "screening": "0.95"}, 3, true, true, nil},
		{"one fails, all required", gate, map[string]string{"hba1c": "0.59", "readmissions": "0.12", "screening": "0.72"}, 2, true, false,
			[]string{"0.5900 ≥ 0.6000: fail"}},
		{"one fails, two required", &two, map[string]string{"hba1c": "0.59", "readmissions": "0.12", "screening": "0.72"}, 2, true, true, nil},
		{"above the upper bound", gate, map[string]string{"hba1c": "0.7", "readmissions": "0.1", "screening": "0.96"}, 2, true, false, nil},
		{"a value missing", &two, map[string]string{"hba1c": "0.7", "screening": "0.8"}, 2, false, true,
			[]string{"", "no value: ≤ 0.1500"}},
		{"none given", gate, nil, 0, false, false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			vals := map[string]number.Rate{}
			for k, v := range tc.values {
				vals[k] = number.MustRate(v)
			}
			g := EvaluateGate(tc.gate, vals)
			if g.Passing != tc.passing || g.Known != tc.known || g.Met != tc.met {
				t.Errorf("got %d passing, known %v, met %v; want %d, %v, %v", g.Passing, g.Known, g.Met, tc.passing, tc.known, tc.met)
			}
			for i, f := range tc.formulas {
				if f != "" && g.Measures[i].Formula != f {
					t.Errorf("measure %d: got formula %q, want %q", i, g.Measures[i].Formula, f)
				}
			}
			if g.Measures[0].Label != "HbA1c control" || g.Measures[1].Label != "readmissions" {
				t.Errorf("labels %q, %q: want the label, else the KPI key", g.Measures[0].Label, g.Measures[1].Label)
			}
		})
	}
}

// TestQualityOverride: an override with its reason decides the quality
// standard over the gate, and the worksheet says what it overrode.
func TestQualityOverride(t *testing.T) {
	terms := loadTermsFile(t, "commercial-gate.json")
	base := func() Summary {
		exp := number.Money(45_000_000_00)
		return Summary{MemberMonths: 100_000, ActualExpenditure: &exp, QualityMeasures: map[string]number.Rate{
			"hba1c_control": number.MustRate("0.55"), "readmission_rate": number.MustRate("0.18"), "annual_wellness_visits": number.MustRate("0.52")}}
	}
	tests := []struct {
		name     string
		override *QualityOverride
		drop     string
		met      bool
		formula  string
		errField string
	}{
		{"the gate fails", nil, "", false, "1 of 3 measures pass, 2 required", ""},
		{"overridden to met", &QualityOverride{Met: true, Reason: "Readmissions data for Q3 was mis-coded; committee decision 2025-02-10"}, "", true,
			"overridden (1 of 3 measures pass, 2 required gave not met): Readmissions data for Q3 was mis-coded", ""},
		{"a measure missing, overridden", &QualityOverride{Met: true, Reason: "Screening not reported this year; agreed to waive"}, "annual_wellness_visits", true,
			"overridden (0 of 3 measures pass", ""},
		{"a measure missing, no override", nil, "annual_wellness_visits", false, "", "quality_measures.annual_wellness_visits"},
		{"no reason", &QualityOverride{Met: true, Reason: "  "}, "", false, "", "quality_override.reason"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := base()
			s.QualityOverride = tc.override
			if tc.drop != "" {
				delete(s.QualityMeasures, tc.drop)
			}
			res, err := settleChecked(&terms, &s)
			if tc.errField != "" {
				if fe := fieldOf(err); fe != tc.errField {
					t.Fatalf("got error %v, want one naming %s", err, tc.errField)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.QualityStandardMet != tc.met {
				t.Errorf("quality standard met %v, want %v", res.QualityStandardMet, tc.met)
			}
			l := lineByKey(res, "quality_standard")
			if l == nil || !strings.Contains(l.Formula, tc.formula) {
				t.Errorf("worksheet quality line %+v, want formula containing %q", l, tc.formula)
			}
			if tc.override != nil && (l == nil || l.Rule != "summary.quality_override" && !strings.Contains(l.Rule, "Agreement §5.1")) {
				t.Errorf("quality line cites %q, want the override or the contract clause", l.Rule)
			}
			if tc.met != (res.SharedSavings > 0) {
				t.Errorf("shared savings %s with the standard met %v", res.SharedSavings, tc.met)
			}
		})
	}
}

func loadTermsFile(t *testing.T, name string) Terms {
	t.Helper()
	return loadTerms(t, "terms/"+name)
}

func settleChecked(t *Terms, s *Summary) (*Result, error) { return Settle(t, s) }

func fieldOf(err error) string {
	var fe *FieldError
	if errors.As(err, &fe) {
		return fe.Field
	}
	return ""
}

func lineByKey(res *Result, key string) *Line {
	for i := range res.Worksheet {
		if res.Worksheet[i].Key == key {
			return &res.Worksheet[i]
		}
	}
	return nil
}
