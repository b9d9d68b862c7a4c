package roi

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/number"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// flows builds one party's flows from "YYYY-MM-DD amount" pairs.
func flows(pairs ...string) []Flow {
	var fl []Flow
	for _, p := range pairs {
		d, a, _ := strings.Cut(p, " ")
		fl = append(fl, Flow{Date: day(d), Party: "P", Amount: must(number.ParseMoney(a))})
	}
	return fl
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return "none"
	}
	return t.Format(time.DateOnly)
}

func TestAssess(t *testing.T) {
	tests := []struct {
		name  string
		flows []Flow
		rate  float64
		npv   string
		irr   float64 // NaN: none
		// reason holds words of the reason, when there is no IRR.
		reason               string
		payback, discPayback string
		invested, returned   string
		irrTolerance         float64
		wantRates            []float64
		wantStart            string
	}{
		{
			// Microsoft's example for XNPV and XIRR: 2,086.65 at 9% and
			// 0.373362535 (Gnumeric: 2086.6476020315366213, 0.3733625335188315103).
			name:  "spreadsheet example",
			flows: flows("2008-01-01 -10000", "2008-03-01 2750", "2008-10-30 4250", "2009-02-15 3250", "2009-04-01 2750"),
			rate:  0.09, npv: "2086.65", irr: 0.3733625335188315, irrTolerance: 1e-12,
			payback: "2009-02-15", discPayback: "2009-04-01", invested: "10000.00", returned: "13000.00",
		},
		{
			// Paid back in the second year, discounted at 10% only in the
			// third (Gnumeric: 109.69196093163035306, 0.16635747577311658571).
			name:  "discounted payback later",
			flows: flows("2021-01-01 -1000", "2022-01-01 500", "2023-01-01 520", "2024-01-01 300"),
			rate:  0.1, npv: "109.69", irr: 0.16635747577311659, irrTolerance: 1e-12,
			payback: "2023-01-01", discPayback: "2024-01-01", invested: "1000.00", returned: "1320.00",
		},
		{
			// Three changes of sign, one rate (Gnumeric: 0.39773923998207796532).
			name:  "below zero again, then back",
			flows: flows("2021-01-01 -100", "2021-06-01 150", "2022-01-01 -100", "2023-01-01 80"),
			rate:  0, npv: "30.00", irr: 0.39773923998207797, irrTolerance: 1e-12,
			payback: "2023-01-01", discPayback: "2023-01-01", invested: "200.00", returned: "230.00",
		},
		{
			name:  "never paid back",
			flows: flows("2021-01-01 -100", "2022-01-01 50"),
			rate:  0.05, npv: "-52.38", irr: -0.5, irrTolerance: 1e-10,
			payback: "none", discPayback: "none", invested: "100.00", returned: "50.00",
		},
		{
			name:  "only money in",
			flows: flows("2021-01-01 100", "2022-01-01 50"),
			rate:  0.25, npv: "140.00", irr: math.NaN(), reason: "no money goes out",
			payback: "2021-01-01", discPayback: "2021-01-01", invested: "0.00", returned: "150.00",
		},
		{
			name:  "only money out",
			flows: flows("2021-01-01 -100", "2022-01-01 -50"),
			rate:  0.25, npv: "-140.00", irr: math.NaN(), reason: "no money comes back",
			payback: "none", discPayback: "none", invested: "150.00", returned: "0.00",
		},
		{
			name:  "same-day flows net out",
			flows: flows("2021-01-01 -100", "2021-01-01 100"),
			rate:  0.08, npv: "0.00", irr: math.NaN(), reason: "every flow nets to zero",
			payback: "2021-01-01", discPayback: "2021-01-01", invested: "100.00", returned: "100.00",
		},
		{
			name:  "same-day flows counted together",
			flows: flows("2021-01-01 -100", "2022-01-01 150", "2022-01-01 -40"),
			rate:  0, npv: "10.00", irr: 0.1, irrTolerance: 1e-10,
			payback: "2022-01-01", discPayback: "2022-01-01", invested: "140.00", returned: "150.00",
		},
		{
			name:  "flows out of order",
			flows: flows("2022-01-01 110", "2021-01-01 -100"),
			rate:  0.1, npv: "0.00", irr: 0.1, irrTolerance: 1e-10,
			payback: "2022-01-01", discPayback: "2022-01-01", invested: "100.00", returned: "110.00", wantStart: "2021-01-01",
		},
		{
			// 366 days over a leap day are 366/365 years: at 10% the factor
			// is 1.1^(366/365), not 1.1 (Gnumeric: -26.108969043879397987,
			// 0.099713585934141241316).
			name:  "actual/365 over a leap year",
			flows: flows("2024-01-01 -100000", "2025-01-01 110000"),
			rate:  0.1, npv: "-26.11", irr: math.Pow(1.1, 365.0/366) - 1, irrTolerance: 1e-10,
			payback: "2025-01-01", discPayback: "none", invested: "100000.00", returned: "110000.00",
		},
		{
			// −1, +2.3, −1.32 a year apart: −(1.32v² − 2.3v + 1) is zero at
			// v = 1/1.1 and v = 1/1.2.
			name:  "two rates",
			flows: flows("2021-01-01 -1000", "2022-01-01 2300", "2023-01-01 -1320"),
			rate:  0.15, npv: "1.89", irr: math.NaN(), reason: "2 rates make the NPV zero (10%, 20% a year)",
			wantRates: []float64{0.1, 0.2}, payback: "none", discPayback: "2022-01-01", invested: "2320.00", returned: "2300.00",
		},
		{
			name:  "no rate solves it",
			flows: flows("2021-01-01 -100", "2022-01-01 250", "2023-01-01 -160"),
			rate:  0, npv: "-10.00", irr: math.NaN(), reason: "no rate between -99.9999% and 100,000% a year",
			payback: "none", discPayback: "none", invested: "260.00", returned: "250.00",
		},
		{
			name:  "rate above the range",
			flows: flows("2021-01-01 -1", "2021-01-31 10000"),
			rate:  0, npv: "9999.00", irr: math.NaN(), reason: "only a rate above 100,000% a year",
			payback: "2021-01-31", discPayback: "2021-01-31", invested: "1.00", returned: "10000.00",
		},
		{
			name:  "rate below the range",
			flows: flows("2021-01-01 -1000000", "2022-01-01 0.01"),
			rate:  0, npv: "-999999.99", irr: math.NaN(), reason: "only a rate below -99.9999% a year",
			payback: "none", discPayback: "none", invested: "1000000.00", returned: "0.01",
		},
		{
			// At 100% a year, 5 cents a year on are worth 2.5 cents today:
			// rounded half away from zero, 3 cents (half to even: 2).
			name:  "half a cent rounds away from zero",
			flows: flows("2021-01-01 0", "2022-01-01 0.05"),
			rate:  1, npv: "0.03", irr: math.NaN(), reason: "no money goes out",
			payback: "2021-01-01", discPayback: "2021-01-01", invested: "0.00", returned: "0.05",
		},
		{
			name:  "minus half a cent rounds away from zero",
			flows: flows("2021-01-01 0", "2022-01-01 -0.05"),
			rate:  1, npv: "-0.03", irr: math.NaN(), reason: "no money comes back",
			payback: "none", discPayback: "none", invested: "0.05", returned: "0.00",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Assess(tt.flows, tt.rate)
			if err != nil {
				t.Fatal(err)
			}
			checkMoney(t, "NPV", got.NPV, tt.npv)
			checkMoney(t, "invested", got.Invested, tt.invested)
			checkMoney(t, "returned", got.Returned, tt.returned)
			if g := dateText(got.Payback); g != tt.payback {
				t.Errorf("got payback %s, want %s", g, tt.payback)
			}
			if g := dateText(got.DiscountedPayback); g != tt.discPayback {
				t.Errorf("got discounted payback %s, want %s", g, tt.discPayback)
			}
			if want := tt.wantStart; want != "" && dateText(got.Start) != want {
				t.Errorf("got start %s, want %s", dateText(got.Start), want)
			}
			checkIRRWant(t, got.IRR, tt.irr, tt.irrTolerance, tt.reason, tt.wantRates)
		})
	}
}

func checkMoney(t *testing.T, what string, got number.Money, want string) {
	t.Helper()
	if got.String() != want {
		t.Errorf("got %s %s, want %s", what, got, want)
	}
}

func checkIRRWant(t *testing.T, got IRR, want, tol float64, reason string, rates []float64) {
	t.Helper()
	if math.IsNaN(want) {
		if got.OK {
			t.Errorf("got IRR %v, want none", got.Rate)
		}
		if !strings.Contains(got.Reason, reason) {
			t.Errorf("got reason %q, want it to say %q", got.Reason, reason)
		}
	} else if !got.OK || math.Abs(got.Rate-want) > tol {
		t.Errorf("got IRR %v (%t: %s), want %v ± %g", got.Rate, got.OK, got.Reason, want, tol)
	}
	if len(got.Rates) != len(rates) {
		t.Fatalf("got rates %v, want %v", got.Rates, rates)
	}
	for i := range rates {
		if math.Abs(got.Rates[i]-rates[i]) > 1e-10 {
			t.Errorf("got rate %d %v, want %v ± 1e-10", i, got.Rates[i], rates[i])
		}
	}
}

func TestEvaluate(t *testing.T) {
	fl := []Flow{
		{Date: day("2021-01-01"), Party: "Plan", Amount: -100000},
		{Date: day("2021-01-01"), Party: "Group", Amount: -50000},
		{Date: day("2022-01-01"), Party: "Plan", Amount: 110000},
		{Date: day("2023-01-01"), Party: "Group", Amount: 60500},
	}
	rep, err := Evaluate(fl, Rates{Total: 0.1, Party: map[string]float64{"Group": 0.21}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range rep.Parties {
		names = append(names, p.Party)
	}
	if got, want := strings.Join(names, ","), "Plan,Group"; got != want {
		t.Fatalf("got parties %s, want %s (in the order they first appear)", got, want)
	}
	tests := []struct {
		name string
		ret  Return
		rate float64
		npv  string
		irr  float64
	}{
		{"Plan at the total's rate", rep.Parties[0].Return, 0.1, "0.00", 0.1},
		{"Group at its own rate", rep.Parties[1].Return, 0.21, "-86.78", 0.1},
		// 1000 + 605/1.21 − 1500 = 0 at 10%.
		{"total", rep.Total, 0.1, "0.00", 0.1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.ret.Rate != tt.rate {
				t.Errorf("got rate %v, want %v", tt.ret.Rate, tt.rate)
			}
			checkMoney(t, "NPV", tt.ret.NPV, tt.npv)
			if !tt.ret.IRR.OK || math.Abs(tt.ret.IRR.Rate-tt.irr) > 1e-10 {
				t.Errorf("got IRR %+v, want %v", tt.ret.IRR, tt.irr)
			}
		})
	}
}

func TestAssessRefuses(t *testing.T) {
	tests := []struct {
		name  string
		flows []Flow
		rate  float64
		want  string
	}{
		{"no flows", nil, 0.08, "no cash flows"},
		{"rate of -100%", flows("2021-01-01 -1", "2022-01-01 2"), -1, "must be above -1"},
		{"rate not a number", flows("2021-01-01 -1", "2022-01-01 2"), math.NaN(), "must be above -1"},
		{"too much money", []Flow{{Date: day("2021-01-01"), Amount: MaxAbsTotal / 2}, {Date: day("2021-01-01"), Amount: -MaxAbsTotal/2 - 1}}, 0, "too large"},
		{"one amount too large", []Flow{{Date: day("2021-01-01"), Amount: math.MinInt64}}, 0, "too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Assess(tt.flows, tt.rate)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v, want one saying %q", err, tt.want)
			}
		})
	}
	if _, err := Evaluate(nil, Rates{}); !errors.Is(err, ErrNoFlows) {
		t.Errorf("Evaluate of no flows: got %v, want ErrNoFlows", err)
	}
	if _, err := Evaluate([]Flow{{Date: day("2021-01-01"), Amount: 1}}, Rates{}); err == nil || !strings.Contains(err.Error(), "no party") {
		t.Errorf("Evaluate of a flow without a party: got %v, want an error naming it", err)
	}
}
