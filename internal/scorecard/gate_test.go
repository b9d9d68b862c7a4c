package scorecard

import (
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
)

func TestReadGate(t *testing.T) {
	hba1c := accord.KPI{ID: "h", Name: "HbA1c control", IsRatio: true, Scale: 100, Unit: accord.UnitPercent, Frequency: accord.Quarterly}
	pct := accord.KPI{ID: "p", Name: "Portal use", Unit: accord.UnitPercent, Scale: 100, Frequency: accord.Quarterly}
	visits := accord.KPI{ID: "v", Name: "Visits", Unit: accord.UnitCount, Scale: 1, Frequency: accord.Quarterly}
	derived := accord.KPI{ID: "d", Name: "Cost per visit", Formula: "cost / visits", Frequency: accord.Quarterly}
	year := func(k accord.KPI, vals ...[3]string) []accord.PeriodTotal {
		var out []accord.PeriodTotal
		for i, v := range vals {
			p := accord.PeriodTotal{KPIID: k.ID, Period: month(2024, 3*i+1), Whole: v[2] == "whole"}
			if k.IsRatio {
				p.Numerator, p.Denominator = d(v[0]), d(v[1])
			} else {
				p.Value = d(v[0])
			}
			out = append(out, p)
		}
		return out
	}
	jan, dec := month(2024, 1), time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		k       accord.KPI
		totals  []accord.PeriodTotal
		from    time.Time
		to      time.Time
		visible func(time.Time) bool
		want    string // the exact value, or "" when it cannot be read
		method  string
		why     string
	}{
		{"a rate pools numerators and denominators, not rates", hba1c,
			year(hba1c, [3]string{"60", "100"}, [3]string{"30", "40"}, [3]string{"62", "100"}, [3]string{"70", "100"}),
			jan, dec, nil, "222/340", "Σ numerators ÷ Σ denominators over 4 quarterly periods, 2024-Q1 to 2024-Q4", ""},
		{"a whole-alliance row wins over its segments", hba1c, append(
			year(hba1c, [3]string{"1", "2", "whole"}, [3]string{"1", "2"}, [3]string{"1", "2"}, [3]string{"1", "2"}),
			accord.PeriodTotal{KPIID: "h", Period: month(2024, 1), Numerator: d("99"), Denominator: d("100")}),
			jan, dec, nil, "1/2", "", ""},
		{"a percentage reported as a value is averaged and read as a fraction", pct,
			year(pct, [3]string{"60", "", "whole"}, [3]string{"62", "", "whole"}, [3]string{"64", "", "whole"}, [3]string{"66", "", "whole"}), jan, dec, nil, "63/100", "mean of the values ÷ 100", ""},
		{"counts add up", visits, year(visits, [3]string{"10"}, [3]string{"12"}, [3]string{"14"}, [3]string{"16"}), jan, dec, nil, "52", "sum of the values", ""},
		{"only whole reporting periods count", hba1c,
			year(hba1c, [3]string{"60", "100"}, [3]string{"30", "40"}, [3]string{"62", "100"}, [3]string{"70", "100"}),
			time.Date(2024, 2, 15, 0, 0, 0, 0, time.UTC), dec, nil, "162/240", "3 quarterly periods, 2024-Q2 to 2024-Q4", ""},
		{"a period without data", hba1c, year(hba1c, [3]string{"60", "100"}, [3]string{"30", "40"}, [3]string{"62", "100"}),
			jan, dec, nil, "", "", "no data for 2024-Q4"},
		{"a period withheld under sharing by protocol", hba1c,
			year(hba1c, [3]string{"60", "100"}, [3]string{"30", "40"}, [3]string{"62", "100"}, [3]string{"70", "100"}),
			jan, dec, func(p time.Time) bool { return p.Month() < 7 }, "", "", "2 of 4 quarterly periods of HbA1c control are not shared with your party (2024-Q3, 2024-Q4)"},
		{"a derived KPI is not read", derived, nil, jan, dec, nil, "", "", "derived from other KPIs (cost / visits)"},
		{"a settlement shorter than a reporting period", hba1c, nil, jan, month(2024, 2), nil, "", "", "no whole quarterly period"},
		{"denominators of zero", hba1c,
			year(hba1c, [3]string{"0", "0"}, [3]string{"0", "0"}, [3]string{"0", "0"}, [3]string{"0", "0"}), jan, dec, nil, "", "", "add up to zero"},
		{"other KPIs' totals are ignored", visits, append(year(visits, [3]string{"1"}, [3]string{"1"}, [3]string{"1"}, [3]string{"1"}),
			accord.PeriodTotal{KPIID: "x", Period: month(2024, 1), Value: d("100")}), jan, dec, nil, "4", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ReadGate(tc.k, tc.totals, tc.from, tc.to, tc.visible)
			if tc.want == "" {
				if r.OK || !strings.Contains(r.Why, tc.why) {
					t.Errorf("got OK %v, %q; want it unread because %q", r.OK, r.Why, tc.why)
				}
				return
			}
			if !r.OK {
				t.Fatalf("got %q, want %s", r.Why, tc.want)
			}
			if want := number.MustRate(tc.want); r.Value.Cmp(want) != 0 {
				t.Errorf("got %s, want %s", r.Value, want)
			}
			if !strings.Contains(r.Method, tc.method) {
				t.Errorf("got method %q, want it to say %q", r.Method, tc.method)
			}
		})
	}
}
