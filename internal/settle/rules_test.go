package settle

import (
	"errors"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/number"
)

func TestScaleRate(t *testing.T) {
	tests := []struct {
		n       int64
		want    string // exact
		percent string // to four decimals
		ok      bool
	}{
		{n: 4999},
		{n: 5000, want: "0.039", percent: "3.9000%", ok: true},
		{n: 5999, want: "0.036", percent: "3.6000%", ok: true},
		{n: 6000, want: "0.036", percent: "3.6000%", ok: true},
		{n: 9139, want: "3083/99900", percent: "3.0861%", ok: true},
		// CMS published 3.35% for A5047 (7,225 beneficiaries): the band
		// runs from 7,000 to 7,999, so the rate is just under 3.355%.
		{n: 7225, want: "931/27750", percent: "3.3550%", ok: true},
		{n: 10000, want: "0.03", percent: "3.0000%", ok: true},
		{n: 49999, want: "0.022", percent: "2.2000%", ok: true},
		{n: 59999, want: "0.02", percent: "2.0000%", ok: true},
		{n: 60000, want: "0.02", percent: "2.0000%", ok: true},
		{n: 1000000, want: "0.02", percent: "2.0000%", ok: true},
	}
	for _, tt := range tests {
		got, ok := ScaleRate(msspScale(), tt.n)
		if ok != tt.ok {
			t.Errorf("ScaleRate(%d): got ok %t, want %t", tt.n, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		if got.String() != tt.want || got.Percent(4) != tt.percent {
			t.Errorf("ScaleRate(%d): got %s (%s), want %s (%s)", tt.n, got, got.Percent(4), tt.want, tt.percent)
		}
	}
	if r, _ := ScaleRate(msspScale(), 7225); r.Percent(2) != "3.35%" {
		t.Errorf("ScaleRate(7225) to two decimals: got %s, want 3.35%% as CMS published", r.Percent(2))
	}
}

// settleWith runs built-in terms on a summary built by the given changes
// to a base summary.
func settleWith(t *testing.T, name string, change func(*Summary)) (*Result, error) {
	t.Helper()
	terms, ok := Builtin(name)
	if !ok {
		t.Fatalf("no built-in %s", name)
	}
	met := true
	s := Summary{
		AssignedBeneficiaries: 20000, BenchmarkExpenditure: new(number.Dollars(100_000_000)),
		ActualExpenditure: new(number.Dollars(95_000_000)), QualityScore: new(number.MustRate("0.9")), QualityStandardMet: &met,
	}
	if change != nil {
		change(&s)
	}
	return Settle(&terms, &s)
}

func TestSettleRules(t *testing.T) {
	spend := func(d int64) func(*Summary) { return func(s *Summary) { s.ActualExpenditure = new(number.Dollars(d)) } }
	tests := []struct {
		name   string
		terms  string
		change func(*Summary)
		want   number.Money // shared_savings
		check  func(*Result) string
	}{
		{"savings exactly at the MSR qualify", "mssp-2022-basic-a", spend(97_500_000), number.Dollars(980_000), nil},
		{"one dollar short of the MSR", "mssp-2022-basic-a", spend(97_500_001), 0, nil},
		{"one-sided terms share no losses", "mssp-2022-basic-b", spend(110_000_000), 0, func(r *Result) string {
			if r.MinimumLossRate != nil || r.LossRate != nil {
				return "one-sided terms report a minimum loss rate or loss rate"
			}
			return ""
		}},
		{"quality standard not met: no savings", "mssp-2022-basic-e", func(s *Summary) { s.QualityStandardMet = new(false) }, 0, nil},
		{"losses below the MLR are not shared", "mssp-2022-basic-e", spend(102_000_000), 0, nil},
		{"ENHANCED loss rate floor of 40%", "mssp-2022-enhanced", func(s *Summary) {
			s.ActualExpenditure, s.QualityScore = new(number.Dollars(110_000_000)), new(number.MustRate("0.95"))
		}, number.Dollars(-4_000_000), nil},
		{"loss adjustment amount reduces owed losses, not below zero", "mssp-2022-enhanced", func(s *Summary) {
			s.ActualExpenditure, s.LossAdjustment = new(number.Dollars(110_000_000)), number.Dollars(9_000_000)
		}, 0, func(r *Result) string {
			if r.LossAdjustment != number.Dollars(4_000_000) {
				return "loss adjustment " + r.LossAdjustment.String() + ", want 4000000.00"
			}
			return ""
		}},
		{"loss adjustment share then amount", "mssp-2022-basic-e", func(s *Summary) {
			s.ActualExpenditure, s.LossAdjustmentShare, s.LossAdjustment = new(number.Dollars(110_000_000)), new(number.MustRate("0.5")), number.Dollars(100_000)
		}, number.Dollars(-1_400_000), nil},
		{"Track 2 loss limit grows with the agreement year", "mssp-2018-track-2", func(s *Summary) {
			s.ActualExpenditure, s.AgreementYear = new(number.Dollars(130_000_000)), 2
		}, number.Dollars(-7_500_000), nil},
		{"Track 2 years after the third keep the last limit", "mssp-2018-track-2", func(s *Summary) {
			s.ActualExpenditure, s.AgreementYear = new(number.Dollars(130_000_000)), 5
		}, number.Dollars(-10_000_000), nil},
		{"Track 3 quality standard not met: loss rate 75%", "mssp-2018-track-3", func(s *Summary) {
			s.ActualExpenditure, s.QualityStandardMet = new(number.Dollars(110_000_000)), new(false)
		}, number.Dollars(-7_500_000), nil},
		{"Track 1+ without revenue: benchmark-based limit", "mssp-2018-track-1-plus", spend(120_000_000), number.Dollars(-4_000_000), nil},
		{"elected MLR overrides the symmetric default", "mssp-2022-basic-e", func(s *Summary) {
			s.ActualExpenditure, s.MinimumSavingsRate, s.MinimumLossRate = new(number.Dollars(101_000_000)), new(number.MustRate("0.02")), new(number.MustRate("0"))
		}, number.Dollars(-300_000), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := settleWith(t, tt.terms, tt.change)
			if err != nil {
				t.Fatal(err)
			}
			if res.SharedSavings != tt.want {
				t.Errorf("shared_savings: got %s, want %s", res.SharedSavings, tt.want)
			}
			if tt.check != nil {
				if msg := tt.check(res); msg != "" {
					t.Error(msg)
				}
			}
		})
	}
}

func TestSettleMissingInputs(t *testing.T) {
	tests := []struct {
		name, terms string
		change      func(*Summary)
		field       string
	}{
		{"below the scale", "mssp-2022-basic-a", func(s *Summary) { s.AssignedBeneficiaries = 4200 }, "minimum_savings_rate"},
		{"no beneficiaries for the scale", "mssp-2022-basic-a", func(s *Summary) { s.AssignedBeneficiaries = 0 }, "minimum_savings_rate"},
		{"no benchmark", "mssp-2022-basic-a", func(s *Summary) { s.BenchmarkExpenditure = nil }, "benchmark_expenditure"},
		{"no expenditure", "mssp-2022-basic-a", func(s *Summary) { s.ActualExpenditure = nil }, "actual_expenditure"},
		{"no quality standard", "mssp-2022-basic-a", func(s *Summary) { s.QualityStandardMet = nil }, "quality_standard_met"},
		{"no quality score for Track 1", "mssp-2018-track-1", func(s *Summary) { s.QualityScore = nil }, "quality_score"},
		{"no agreement year for Track 2 losses", "mssp-2018-track-2", func(s *Summary) { s.ActualExpenditure = new(number.Dollars(110_000_000)) }, "agreement_year"},
		{"quality score above 1", "mssp-2022-basic-a", func(s *Summary) { s.QualityScore = new(number.MustRate("89.41")) }, "quality_score"},
		{"negative expenditure", "mssp-2022-basic-a", func(s *Summary) { s.ActualExpenditure = new(number.Money(-1)) }, "actual_expenditure"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := settleWith(t, tt.terms, tt.change)
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want a field error", err)
			}
			if fe.Field != tt.field {
				t.Errorf("field: got %s, want %s (%v)", fe.Field, tt.field, err)
			}
		})
	}
}

func TestQualityGate(t *testing.T) {
	terms := Terms{
		Name:    "gate",
		Savings: SavingsTerms{Minimum: Threshold{Method: ThresholdNone}, Rate: number.MustRate("0.5"), Quality: QualityGateOnly},
		QualityGate: &QualityGate{Measures: []GateMeasure{
			{KPI: "a1c", AtLeast: new(number.MustRate("0.6"))},
			{KPI: "readmit", AtMost: new(number.MustRate("0.15"))},
			{KPI: "bp", AtLeast: new(number.MustRate("0.5")), AtMost: new(number.MustRate("0.9"))},
		}},
	}
	tests := []struct {
		name     string
		values   map[string]string
		minimum  int
		override *bool
		want     bool
	}{
		{"all pass, bounds inclusive", map[string]string{"a1c": "0.6", "readmit": "0.15", "bp": "0.9"}, 0, nil, true},
		{"one fails", map[string]string{"a1c": "0.59", "readmit": "0.1", "bp": "0.7"}, 0, nil, false},
		{"two of three required", map[string]string{"a1c": "0.59", "readmit": "0.1", "bp": "0.7"}, 2, nil, true},
		{"summary says not met", map[string]string{"a1c": "0.7", "readmit": "0.1", "bp": "0.7"}, 0, new(false), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tm := terms
			tm.QualityGate = &QualityGate{Measures: terms.QualityGate.Measures, MinimumPassing: tt.minimum}
			s := Summary{BenchmarkExpenditure: new(number.Dollars(1000)), ActualExpenditure: new(number.Dollars(900)), QualityStandardMet: tt.override, QualityMeasures: map[string]number.Rate{}}
			for k, v := range tt.values {
				s.QualityMeasures[k] = number.MustRate(v)
			}
			res, err := Settle(&tm, &s)
			if err != nil {
				t.Fatal(err)
			}
			if res.QualityStandardMet != tt.want {
				t.Errorf("quality standard: got %t, want %t", res.QualityStandardMet, tt.want)
			}
		})
	}
	s := Summary{BenchmarkExpenditure: new(number.Dollars(1000)), ActualExpenditure: new(number.Dollars(900)), QualityMeasures: map[string]number.Rate{"a1c": one}}
	if _, err := Settle(&terms, &s); err == nil || !strings.Contains(err.Error(), "Quality measure, readmit") {
		t.Errorf("missing measure: got %v, want an error naming the quality measure readmit", err)
	}
}

func TestSettleOverflow(t *testing.T) {
	terms := Terms{
		Name:      "huge",
		Benchmark: BenchmarkTerms{Source: BenchmarkFromTargetPMPM, TargetPMPM: maxPMPM},
		Savings:   SavingsTerms{Minimum: Threshold{Method: ThresholdNone}, Rate: one, Quality: QualityIgnored},
	}
	for range 10 {
		terms.Payments = append(terms.Payments, Payment{Kind: PaymentCapitation, PMPM: maxPMPM, CountsAsExpenditure: true})
	}
	s := Summary{MemberMonths: maxCount, ActualExpenditure: new(number.Money(0))}
	_, err := Settle(&terms, &s)
	if err == nil || !strings.Contains(err.Error(), "out of range") {
		t.Errorf("got %v, want an out-of-range error", err)
	}
}
