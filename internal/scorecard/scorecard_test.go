package scorecard

import (
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
)

func d(v string) *number.Decimal {
	x, err := number.ParseDecimal(v)
	if err != nil {
		panic(err)
	}
	return &x
}

func month(y, m int) time.Time { return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC) }

func TestAllianceSeries(t *testing.T) {
	ratio := accord.KPI{ID: "r", IsRatio: true, Scale: 100, Unit: accord.UnitPercent}
	count := accord.KPI{ID: "c", Unit: accord.UnitCount, Scale: 1}
	score := accord.KPI{ID: "s", Unit: accord.UnitScore, Scale: 1}
	tests := []struct {
		name   string
		k      accord.KPI
		totals []accord.PeriodTotal
		want   []Point
	}{
		{"ratio adds numerators and denominators, not rates", ratio, []accord.PeriodTotal{
			{KPIID: "r", Period: month(2024, 1), Numerator: d("90"), Denominator: d("100")},
		}, []Point{{Period: month(2024, 1), Value: 90, OK: true}}},
		{"a whole-alliance row wins over segments", ratio, []accord.PeriodTotal{
			{KPIID: "r", Period: month(2024, 1), Whole: true, Numerator: d("1"), Denominator: d("4")},
			{KPIID: "r", Period: month(2024, 1), Numerator: d("90"), Denominator: d("100")},
		}, []Point{{Period: month(2024, 1), Value: 25, OK: true}}},
		{"0 of 0 is no figure, marked as such", ratio, []accord.PeriodTotal{
			{KPIID: "r", Period: month(2024, 1), Whole: true, Numerator: d("0"), Denominator: d("0")},
			{KPIID: "r", Period: month(2024, 2), Numerator: d("0"), Denominator: d("0")},
		}, []Point{{Period: month(2024, 1), ZeroOfZero: true}, {Period: month(2024, 2), ZeroOfZero: true}}},
		{"counts add up", count, []accord.PeriodTotal{
			{KPIID: "c", Period: month(2024, 2), Value: d("12")},
			{KPIID: "c", Period: month(2024, 1), Value: d("10")},
		}, []Point{{Period: month(2024, 1), Value: 10, OK: true}, {Period: month(2024, 2), Value: 12, OK: true}}},
		{"scores do not add up", score, []accord.PeriodTotal{
			{KPIID: "s", Period: month(2024, 1), Value: d("170")},
		}, []Point{{Period: month(2024, 1), Value: 0, OK: false}}},
		{"other KPIs' totals are ignored", count, []accord.PeriodTotal{
			{KPIID: "x", Period: month(2024, 1), Value: d("5")},
		}, []Point{}},
	}
	for _, tt := range tests {
		got := AllianceSeries(tt.k, tt.totals)
		if len(got) != len(tt.want) {
			t.Fatalf("%s: got %v, want %v", tt.name, got, tt.want)
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s: point %d = %v, want %v", tt.name, i, got[i], tt.want[i])
			}
		}
	}
}

func TestDerivedSeries(t *testing.T) {
	f, _ := accord.ParseFormula("total-cost / member-months")
	got := DerivedSeries(f, map[string][]Point{
		"total-cost":    {{Period: month(2024, 1), Value: 1200, OK: true}, {Period: month(2024, 2), Value: 900, OK: true}},
		"member-months": {{Period: month(2024, 1), Value: 300, OK: true}},
	})
	want := []Point{{Period: month(2024, 1), Value: 4, OK: true}, {Period: month(2024, 2), Value: 0, OK: false}}
	if len(got) != 2 || got[0] != want[0] || got[1].OK {
		t.Errorf("DerivedSeries = %v, want %v", got, want)
	}
}

func TestStatusOf(t *testing.T) {
	tgt := &accord.Target{Green: *d("80"), Amber: *d("70")}
	low := &accord.Target{Green: *d("10"), Amber: *d("12")}
	rng := &accord.Target{Low: d("4"), High: d("6"), Amber: *d("1")}
	tests := []struct {
		dir  accord.Direction
		t    *accord.Target
		v    float64
		want Status
	}{
		{accord.HigherIsBetter, tgt, 80, Green},
		{accord.HigherIsBetter, tgt, 79.9, Amber},
		{accord.HigherIsBetter, tgt, 70, Amber},
		{accord.HigherIsBetter, tgt, 69.9, Red},
		{accord.LowerIsBetter, low, 10, Green},
		{accord.LowerIsBetter, low, 12, Amber},
		{accord.LowerIsBetter, low, 12.1, Red},
		{accord.InRange, rng, 5, Green},
		{accord.InRange, rng, 3, Amber},
		{accord.InRange, rng, 7.5, Red},
		{accord.HigherIsBetter, nil, 5, None},
	}
	for _, tt := range tests {
		if got := StatusOf(tt.dir, tt.t, tt.v); got != tt.want {
			t.Errorf("StatusOf(%s, %v) = %q, want %q", tt.dir, tt.v, got, tt.want)
		}
	}
}

func TestTargetAt(t *testing.T) {
	ts := []accord.Target{
		{ID: "a", KPIID: "k", EffectiveAt: month(2023, 1), Status: accord.KPIApproved},
		{ID: "b", KPIID: "k", EffectiveAt: month(2024, 1), Status: accord.KPIApproved},
		{ID: "c", KPIID: "k", EffectiveAt: month(2024, 6), Status: accord.KPIProposed},
	}
	for _, tt := range []struct {
		p    time.Time
		want string
	}{{month(2022, 12), ""}, {month(2023, 5), "a"}, {month(2024, 1), "b"}, {month(2024, 7), "b"}} {
		got := TargetAt(ts, "k", tt.p)
		id := ""
		if got != nil {
			id = got.ID
		}
		if id != tt.want {
			t.Errorf("TargetAt(%s) = %q, want %q", tt.p.Format("2006-01"), id, tt.want)
		}
	}
}

func TestDue(t *testing.T) {
	k := accord.KPI{Frequency: accord.Monthly, GraceDays: 20}
	now := time.Date(2024, 5, 15, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		latest  time.Time
		late    bool
		missing int
		exp     time.Time
	}{
		// March's data was due 20 April; April's is due 21 May.
		{month(2024, 3), false, 0, month(2024, 3)},
		{month(2024, 4), false, 0, month(2024, 3)},
		{month(2024, 1), true, 2, month(2024, 3)},
		{time.Time{}, true, 0, month(2024, 3)},
	}
	for _, tt := range tests {
		got := Due(k, tt.latest, now)
		if got.Late != tt.late || got.Missing != tt.missing || !got.Expected.Equal(tt.exp) {
			t.Errorf("Due(latest %s) = %+v; want late %v, missing %d, expected %s", tt.latest.Format("2006-01"), got, tt.late, tt.missing, tt.exp.Format("2006-01"))
		}
	}
	q := accord.KPI{Frequency: accord.Quarterly, GraceDays: 45}
	// Q1 2024's data is due 16 May (1 April + 45 days), so Q4 2023 is still the latest expected.
	if got := Due(q, month(2023, 10), now); got.Late || !got.Expected.Equal(month(2023, 10)) {
		t.Errorf("quarterly: got %+v; want Q4 2023 expected and not late", got)
	}
}

// TestDueNewKPI: a KPI with no data waits for the period it was approved
// in, which is due GraceDays after that period ends; once that passes with
// no data it is late.
func TestDueNewKPI(t *testing.T) {
	now := time.Date(2024, 5, 15, 12, 0, 0, 0, time.UTC)
	at := func(y int, m time.Month, d int) *time.Time { t := time.Date(y, m, d, 10, 0, 0, 0, time.UTC); return &t }
	tests := []struct {
		name    string
		k       accord.KPI
		waiting bool
		late    bool
		nextDue time.Time
	}{
		{"approved this month", accord.KPI{Frequency: accord.Monthly, GraceDays: 20, ApprovedAt: at(2024, 5, 10)}, true, false, time.Date(2024, 6, 21, 0, 0, 0, 0, time.UTC)},
		{"approved last month, not due yet", accord.KPI{Frequency: accord.Monthly, GraceDays: 20, ApprovedAt: at(2024, 4, 28)}, true, false, time.Date(2024, 5, 21, 0, 0, 0, 0, time.UTC)},
		{"approved in March, April 20 passed", accord.KPI{Frequency: accord.Monthly, GraceDays: 20, ApprovedAt: at(2024, 3, 2)}, false, true, time.Date(2024, 4, 21, 0, 0, 0, 0, time.UTC)},
		{"quarterly, approved in Q1", accord.KPI{Frequency: accord.Quarterly, GraceDays: 45, ApprovedAt: at(2024, 2, 1)}, true, false, time.Date(2024, 5, 16, 0, 0, 0, 0, time.UTC)},
		{"approval unknown", accord.KPI{Frequency: accord.Monthly, GraceDays: 20}, false, true, time.Date(2024, 4, 21, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Due(tt.k, time.Time{}, now)
			if got.Waiting != tt.waiting || got.Late != tt.late || !got.NextDue.Equal(tt.nextDue) {
				t.Errorf("got waiting %v, late %v, next due %s; want %v, %v, %s", got.Waiting, got.Late, got.NextDue.Format(time.DateOnly),
					tt.waiting, tt.late, tt.nextDue.Format(time.DateOnly))
			}
		})
	}
}
