package ingest

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/importcsv"
)

// fuzzKPIs are an alliance's KPIs of every kind a row is checked against:
// a percentage ratio reported by FHIR, a monthly count by segment, a
// quarterly value and a weekly one.
func fuzzKPIs() []accord.KPI {
	created := time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)
	return []accord.KPI{
		{Key: "hba1c-control", Name: "HbA1c control", Unit: accord.UnitPercent, Frequency: accord.Monthly, IsRatio: true,
			Status: accord.KPIApproved, CreatedAt: created, SegmentBy: "clinic",
			MeasureURL: "https://measures.accord-alliance.example/Measure/diabetes-hba1c-control"},
		{Key: "visits", Name: "Visits", Unit: accord.UnitCount, Frequency: accord.Monthly, Status: accord.KPIApproved,
			CreatedAt: created, SegmentBy: "clinic"},
		{Key: "pmpm", Name: "Cost", Unit: accord.UnitMoney, Frequency: accord.Quarterly, Status: accord.KPIApproved, CreatedAt: created},
		{Key: "wait", Name: "Wait", Unit: accord.UnitDays, Frequency: accord.Weekly, Status: accord.KPIApproved, CreatedAt: created},
		{Key: "new", Name: "Proposed", Unit: accord.UnitCount, Frequency: accord.Monthly, Status: accord.KPIProposed, CreatedAt: created},
	}
}

// FuzzRead feeds Read what an upload may hold, CSV or FHIR (the format
// found from its name or first bytes), starting from the FHIR fixtures
// (testdata/fuzz/FuzzRead) and CSV rows of every KPI kind. Read never fails
// on a file in memory; its format is Detect's; every error names the file
// and says what is wrong; the errors come in line order when Read has
// checked the rows against the KPIs; and a row refused by its KPI is
// always reported, unless the file already has too many errors.
func FuzzRead(f *testing.F) {
	f.Add("up.csv", []byte("kpi,period,segment,value,numerator,denominator\n"+
		"visits,2024-01,North,12,,\nvisits,2024-01-15,,1,,\npmpm,2024-Q2,,310.5,,\nwait,2024-W05,,3,,\n"+
		"hba1c-control,2024-03,East,,80,100\nhba1c-control,2024-04,,,101,100\nnew,2024-01,,1,,\nnope,2024-01,,1,,\n"+
		"visits,2024-02,,fifty,,\npmpm,2024-q5,,1,,\nwait,2024-W54,,1,,\nvisits,9999-12,,1,,\n"))
	f.Add("", []byte("\ufeff  {\"resourceType\":\"MeasureReport\"}"))
	f.Add("x.ndjson", []byte("{}\n{\"resourceType\":\"Bundle\"}\n"))
	kpis := fuzzKPIs()
	now := time.Date(2024, 6, 12, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		res, err := Read(bytes.NewReader(data), name, "", kpis, now)
		if err != nil {
			t.Fatalf("got error %v reading from memory", err)
		}
		if want := Detect(name, data[:min(len(data), 512)]); res.Format != want {
			t.Fatalf("got format %s, want %s", res.Format, want)
		}
		for _, e := range res.Errors {
			if e.File != name || e.Message == "" {
				t.Fatalf("got error %#v, want file %q and a message", e, name)
			}
		}
		if len(res.Errors) == 0 || len(res.Errors) >= importcsv.MaxErrors {
			return
		}
		if !slices.IsSortedFunc(res.Errors, func(a, b accord.RowError) int { return a.Line - b.Line }) {
			t.Fatalf("got errors out of line order: %v", res.Errors)
		}
		byKey := map[string]*accord.KPI{}
		for i := range kpis {
			byKey[kpis[i].Key] = &kpis[i]
		}
		for _, in := range res.Rows {
			k, ok := byKey[in.KPI]
			if ok {
				_, rerr := k.Resolve(in, name, now)
				ok = rerr == nil
			}
			if !ok && !slices.ContainsFunc(res.Errors, func(e accord.RowError) bool { return e.Line == in.Line }) {
				t.Fatalf("row of line %d (%+v) is refused by its KPI, but no error names its line", in.Line, in)
			}
		}
	})
}
