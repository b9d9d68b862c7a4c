package ingest

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

const colURL = "http://hl7.org/fhir/us/davinci-deqm/Measure/measure-exm130-FHIR"

func colKPI(segmentBy string) accord.KPI {
	return accord.KPI{Key: "col", Name: "Colorectal screening", Unit: accord.UnitPercent, Frequency: accord.Yearly, Direction: accord.HigherIsBetter,
		IsRatio: true, Scale: 100, MeasureURL: colURL, SegmentBy: segmentBy, Status: accord.KPIApproved}
}

// TestReadWithLeavesOutWhatTheKPIRefuses reads the DEQM stratified fixture
// in parts for a KPI without segments: the whole alliance's figure is
// kept, every stratum is left out with the KPI's reason, and the stratum
// the reader could not use with its own; all or nothing refuses the file.
func TestReadWithLeavesOutWhatTheKPIRefuses(t *testing.T) {
	data, err := os.ReadFile("../fhir/testdata/deqm-stratified.json")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC)
	kpis := []accord.KPI{colKPI("")}
	res, err := ReadWith(strings.NewReader(string(data)), "s.json", "", kpis, now, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 0 || len(res.Rows) != 1 || res.Rows[0].Segment != "" || res.Rows[0].Numerator.String() != "250" {
		t.Fatalf("rows %+v, errors %v; want the whole alliance's 250/480 alone", res.Rows, res.Errors)
	}
	if got, want := len(res.LeftOut), 2+5; got != want {
		t.Fatalf("left out %d: %v; want %d (two reasons for one stratum, five strata of a KPI without segments)", got, res.LeftOut, want)
	}
	for _, e := range res.LeftOut {
		if !strings.Contains(e.Message, "left out: ") {
			t.Errorf("left out %q does not say it is left out", e.Message)
		}
	}
	if !strings.Contains(res.LeftOut[6].Message, `segment "age band: 65-75": KPI 'Colorectal screening' has no segments`) {
		t.Errorf("last left out = %q; want the 65-75 stratum refused for a KPI without segments", res.LeftOut[6].Message)
	}
	if res.FHIR == nil || res.FHIR.MeasureReports != 1 || res.FHIR.LeftOutParts != 1 {
		t.Errorf("FHIR summary = %+v; want 1 report, 1 part left out by the reader", res.FHIR)
	}
	all, err := ReadWith(strings.NewReader(string(data)), "s.json", "", kpis, now, Options{AllOrNothing: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Errors) == 0 || len(all.LeftOut) != 0 {
		t.Errorf("all or nothing: errors %v, left out %v; want errors only", all.Errors, all.LeftOut)
	}
}

// TestReadWithNothingLeft refuses a file read in parts of which every
// part was left out.
func TestReadWithNothingLeft(t *testing.T) {
	data, err := os.ReadFile("../fhir/testdata/deqm-summary.json")
	if err != nil {
		t.Fatal(err)
	}
	k := colKPI("")
	k.Frequency = accord.Monthly
	res, err := ReadWith(strings.NewReader(string(data)), "s.json", "", []accord.KPI{k}, time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 0 || len(res.LeftOut) != 1 || len(res.Errors) != 1 || res.Errors[0].Line != 0 {
		t.Fatalf("rows %v, left out %v, errors %v; want one report left out (a year for a monthly KPI) and the file refused", res.Rows, res.LeftOut, res.Errors)
	}
}
