package ingest

import (
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// TestReadReportsEveryKindOfBadRow reads a file with a number that cannot
// be read, a KPI the alliance does not have and a percentage over 100: all
// three are reported at once, in line order, so one upload shows them all.
func TestReadReportsEveryKindOfBadRow(t *testing.T) {
	kpis := []accord.KPI{{Key: "a1c", Unit: accord.UnitPercent, Frequency: accord.Monthly, IsRatio: true, Status: accord.KPIApproved}}
	const file = "kpi,period,segment,numerator,denominator\n" +
		"a1c,2024-01,,50,100\n" +
		"nope,2024-01,,1,2\n" +
		"a1c,2024-02,,fifty,100\n" +
		"a1c,2024-03,,150,100\n"
	res, err := Read(strings.NewReader(file), "mixed.csv", CSV, kpis, time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range res.Errors {
		got = append(got, e.Field)
	}
	if len(res.Errors) != 3 || res.Errors[0].Line != 3 || res.Errors[1].Line != 4 || res.Errors[2].Line != 5 {
		t.Fatalf("errors = %v; want lines 3 (KPI), 4 (number) and 5 (over 100%%)", res.Errors)
	}
	if got[0] != "kpi" || got[2] != "numerator" {
		t.Errorf("fields = %q, want kpi first and numerator last", got)
	}
}

// TestReadNamesSegmentsOfKPIWithoutSegments reads a file with a number that
// cannot be read and rows giving a segment for a KPI without segments: each
// of those rows is named by line and field along with the number.
func TestReadNamesSegmentsOfKPIWithoutSegments(t *testing.T) {
	kpis := []accord.KPI{{Key: "a1c", Name: "HbA1c control", Unit: accord.UnitPercent, Frequency: accord.Monthly, IsRatio: true, Status: accord.KPIApproved}}
	const file = "kpi,period,segment,numerator,denominator\n" +
		"a1c,2024-01,,50,100\n" +
		"a1c,2024-02,North,50,100\n" +
		"a1c,2024-03,,fifty,100\n" +
		"a1c,2024-04,South,50,100\n"
	res, err := Read(strings.NewReader(file), "seg.csv", CSV, kpis, time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	want := []accord.RowError{
		{File: "seg.csv", Line: 3, Field: "segment", Message: "KPI 'HbA1c control' has no segments; leave segment empty"},
		{File: "seg.csv", Line: 4, Field: "numerator"},
		{File: "seg.csv", Line: 5, Field: "segment", Message: "KPI 'HbA1c control' has no segments; leave segment empty"},
	}
	if len(res.Errors) != len(want) {
		t.Fatalf("errors = %v; want lines 3, 4 and 5", res.Errors)
	}
	for i, w := range want {
		e := res.Errors[i]
		if e.File != w.File || e.Line != w.Line || e.Field != w.Field || w.Message != "" && e.Message != w.Message {
			t.Errorf("error %d = %+v; want %+v", i, e, w)
		}
	}
}
