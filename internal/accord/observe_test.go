package accord

import (
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/number"
)

// TestYearlyFrequency reads, writes and steps yearly periods: a year is
// one period, named by its number.
func TestYearlyFrequency(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	if got, want := Yearly.PeriodStart(day(2024, 7, 15)), day(2024, 1, 1); !got.Equal(want) {
		t.Errorf("PeriodStart = %v, want %v", got, want)
	}
	if got, want := Yearly.Next(day(2024, 1, 1)), day(2025, 1, 1); !got.Equal(want) {
		t.Errorf("Next = %v, want %v", got, want)
	}
	if got, want := Yearly.Prev(day(2024, 1, 1)), day(2023, 1, 1); !got.Equal(want) {
		t.Errorf("Prev = %v, want %v", got, want)
	}
	if got := Yearly.FormatPeriod(day(2024, 1, 1)); got != "2024" {
		t.Errorf("FormatPeriod = %q, want 2024", got)
	}
	for _, tc := range []struct {
		in   string
		want time.Time
		ok   bool
	}{{"2024", day(2024, 1, 1), true}, {"2024-06-30", day(2024, 1, 1), true}, {"2024-06", time.Time{}, false}, {"24", time.Time{}, false}} {
		got, err := Yearly.ParsePeriod(tc.in)
		if (err == nil) != tc.ok || tc.ok && !got.Equal(tc.want) {
			t.Errorf("ParsePeriod(%q) = %v, %v; want %v (ok %v)", tc.in, got, err, tc.want, tc.ok)
		}
	}
	k := KPI{Key: "a", Name: "A", Category: CatQuality, Unit: UnitPercent, Direction: HigherIsBetter, Frequency: Yearly, OwnerPartyID: "p"}
	if err := k.Validate(); err != nil {
		t.Errorf("Validate of a yearly KPI = %v, want nil", err)
	}
}

// TestResolveZeroDenominator keeps 0 of 0 (nobody eligible this period)
// and refuses a numerator over a denominator of 0 or a negative one.
func TestResolveZeroDenominator(t *testing.T) {
	k := KPI{Key: "a1c", Name: "A1c", Unit: UnitPercent, Frequency: Monthly, IsRatio: true, Scale: 100, Status: KPIApproved}
	now := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	dec := func(n int64) *number.Decimal { d := number.Decimal(n * number.DecimalScale); return &d }
	for _, tc := range []struct {
		name      string
		num, den  int64
		wantField string
	}{
		{"0 of 0 kept", 0, 0, ""},
		{"3 of 0 refused", 3, 0, "denominator"},
		{"negative denominator refused", 0, -1, "denominator"},
		{"3 of 4 kept", 3, 4, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, rerr := k.Resolve(ObservationInput{KPI: "a1c", Period: "2024-01", Numerator: dec(tc.num), Denominator: dec(tc.den), Provisional: true}, "f", now)
			switch {
			case tc.wantField == "" && rerr != nil:
				t.Fatalf("Resolve = %v, want it kept", rerr)
			case tc.wantField != "" && (rerr == nil || rerr.Field != tc.wantField):
				t.Fatalf("Resolve error = %v, want one on %s", rerr, tc.wantField)
			case tc.wantField == "" && !o.Provisional:
				t.Errorf("got Provisional false, want it carried from the input")
			}
		})
	}
	if _, ok := (Observation{Numerator: dec(0), Denominator: dec(0)}).Figure(100); ok {
		t.Errorf("Figure of 0 of 0 is ok; want no figure (it stays out of rates and charts)")
	}
}
