package initiative

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
)

func decp(t *testing.T, s string) *number.Decimal {
	d := dec(t, s)
	return &d
}

// rateFig is a rate period: "2027-01=90/2000" (numerator/denominator).
func rateFig(t *testing.T, s string) Figure {
	m, nd, _ := strings.Cut(s, "=")
	n, d, _ := strings.Cut(nd, "/")
	return Figure{Period: date(t, m+"-01"), Numerator: dec(t, n), Denominator: dec(t, d)}
}

func valueFig(t *testing.T, s string) Figure {
	m, v, _ := strings.Cut(s, "=")
	return Figure{Period: date(t, m+"-01"), Value: dec(t, v)}
}

func plainPeriods(b Benefit) string {
	var parts []string
	for _, p := range b.Periods {
		var ps []string
		for _, x := range p.Parties {
			ps = append(ps, x.Party+" "+x.Amount.String())
		}
		parts = append(parts, fmt.Sprintf("%s paid %s: value %s change %s units %s = %s (%s)", p.Period.Format("2006-01"), p.PaidOn.Format(time.DateOnly),
			p.Value, p.Change, p.Units, p.Amount, strings.Join(ps, ", ")))
	}
	return strings.Join(parts, "; ")
}

func TestMeasureBenefit(t *testing.T) {
	plan80 := []Share{{Party: "plan", Percent: dec(t, "80")}, {Party: "group", Percent: dec(t, "20")}}
	edRate := BenefitTerms{Ratio: true, Scale: 1000, Frequency: accord.Monthly, Decrease: true, Baseline: decp(t, "50"),
		MeasureFrom: date(t, "2027-01-01"), UnitValue: number.Dollars(1250), Shares: plan80}
	cases := []struct {
		name     string
		terms    func() BenefitTerms
		figs     []Figure
		baseline string
		want     string
		err      string
	}{
		{name: "the docs' worked example: a rate KPI, events avoided × unit value",
			terms: func() BenefitTerms { return edRate }, figs: []Figure{rateFig(t, "2027-01=90/2000")}, baseline: "50",
			want: "2027-01 paid 2027-01-31: value 45 change 5 units 10 = 12500.00 (plan 10000.00, group 2500.00)"},
		{name: "a period before the first measured one counts nothing; a worse period is a negative benefit",
			terms: func() BenefitTerms { return edRate }, figs: []Figure{rateFig(t, "2026-12=10/2000"), rateFig(t, "2027-02=104/2000")}, baseline: "50",
			want: "2027-02 paid 2027-02-28: value 52 change -2 units -4 = -5000.00 (plan -4000.00, group -1000.00)"},
		{name: "a rate period with no denominator counts nothing",
			terms: func() BenefitTerms { return edRate }, figs: []Figure{rateFig(t, "2027-01=0/0")}, baseline: "50", want: ""},
		{name: "a baseline range is the mean of its periods' rates; an increase KPI",
			terms: func() BenefitTerms {
				x := edRate
				x.Decrease, x.Baseline, x.Scale = false, nil, 100
				x.BaselineFrom, x.BaselineTo = date(t, "2026-01-01"), date(t, "2026-03-01")
				x.UnitValue = number.Money(3333)
				x.Shares = []Share{{Party: "a", Percent: dec(t, "33.333333")}, {Party: "b", Percent: dec(t, "33.333333")}, {Party: "c", Percent: dec(t, "33.333334")}}
				return x
			},
			figs:     []Figure{rateFig(t, "2026-01=60/100"), rateFig(t, "2026-02=62/100"), rateFig(t, "2026-03=0/0"), rateFig(t, "2027-01=130/200")},
			baseline: "61", want: "2027-01 paid 2027-01-31: value 65 change 4 units 8 = 266.64 (a 88.88, b 88.88, c 88.88)"},
		{name: "a value KPI: the change itself is valued, rounded half up to the cent, the last party takes the rounding",
			terms: func() BenefitTerms {
				return BenefitTerms{Frequency: accord.Quarterly, Decrease: true, Baseline: decp(t, "12.5"), MeasureFrom: date(t, "2027-01-01"),
					UnitValue: number.Money(1001), Shares: []Share{{Party: "a", Percent: dec(t, "50")}, {Party: "b", Percent: dec(t, "50")}}}
			},
			figs: []Figure{valueFig(t, "2027-01=12.25")}, baseline: "12.5",
			want: "2027-01 paid 2027-03-31: value 12.25 change 0.25 units 0.25 = 2.50 (a 1.25, b 1.25)"},
		{name: "half a cent rounds away from zero, and the parts still add up",
			terms: func() BenefitTerms {
				return BenefitTerms{Frequency: accord.Monthly, Baseline: decp(t, "0"), MeasureFrom: date(t, "2027-01-01"),
					UnitValue: number.Money(1), Shares: []Share{{Party: "a", Percent: dec(t, "50")}, {Party: "b", Percent: dec(t, "50")}}}
			},
			figs: []Figure{valueFig(t, "2027-01=2.5"), valueFig(t, "2027-02=-2.5")}, baseline: "0",
			want: "2027-01 paid 2027-01-31: value 2.5 change 2.5 units 2.5 = 0.03 (a 0.02, b 0.01); 2027-02 paid 2027-02-28: value -2.5 change -2.5 units -2.5 = -0.03 (a -0.02, b -0.01)"},
		{name: "a baseline range with no data is refused, naming the periods",
			terms: func() BenefitTerms {
				x := edRate
				x.Baseline, x.BaselineFrom, x.BaselineTo = nil, date(t, "2025-01-01"), date(t, "2025-06-01")
				return x
			},
			figs: []Figure{rateFig(t, "2027-01=90/2000")}, err: "there is no data at the initiative's sites in the baseline periods, 2025-01 to 2025-06"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := MeasureBenefit(c.terms(), c.figs)
			if c.err != "" {
				if err == nil || err.Error() != c.err {
					t.Fatalf("err = %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Baseline.String() != c.baseline {
				t.Errorf("baseline = %s, want %s", got.Baseline, c.baseline)
			}
			if s := plainPeriods(got); s != c.want {
				t.Errorf("got  %s\nwant %s", s, c.want)
			}
		})
	}
}

func TestAtSites(t *testing.T) {
	d := func(s string) *number.Decimal { return decp(t, s) }
	jan, feb := date(t, "2027-01-01"), date(t, "2027-02-01")
	gone := jan
	obs := []accord.Observation{
		{Period: jan, Segment: "Eastgate", Numerator: d("40"), Denominator: d("1000")},
		{Period: jan, Segment: "Lakeview", Numerator: d("50"), Denominator: d("1000")},
		{Period: jan, Segment: "Hillcrest", Numerator: d("99"), Denominator: d("1000")},
		{Period: jan, Segment: "", Numerator: d("189"), Denominator: d("3000")},
		{Period: feb, Segment: "Eastgate", Numerator: d("7"), Denominator: d("100"), SupersededAt: &gone},
		{Period: feb, Segment: "Eastgate", Withdrawn: true},
	}
	got := AtSites(obs, []string{"Eastgate", "Lakeview"}, true)
	if len(got) != 1 || got[0].Period != jan || got[0].Numerator != dec(t, "90") || got[0].Denominator != dec(t, "2000") {
		t.Errorf("got %+v, want January at Eastgate and Lakeview: 90/2000", got)
	}
	if got := AtSites(obs, nil, true); len(got) != 0 {
		t.Errorf("with no segment, got %+v, want nothing (the whole alliance's figure is not the sites')", got)
	}
}

func TestSavingsShare(t *testing.T) {
	parts := []PartyAmount{{Party: "group", Amount: number.Money(70_000_01)}, {Party: "investor", Amount: number.Money(20_000_00)}, {Party: "none", Amount: 0}}
	got := SavingsShare(dec(t, "25"), number.Money(90_000_01), parts)
	want := "[{group 17500.00} {investor 5000.00}]"
	if s := fmt.Sprint(got); s != want {
		t.Errorf("got %s, want %s (17,500.0025 rounds to 17,500.00; a party paid nothing gets nothing)", s, want)
	}
	if got := SavingsShare(dec(t, "25"), number.Money(-100), []PartyAmount{{Party: "group", Amount: -70}}); got != nil {
		t.Errorf("losses: got %v, want no flow", got)
	}
}
