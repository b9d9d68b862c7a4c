package fhir

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

// bulkOut writes the generated bulk export to a file, to try it by hand
// (accord import, the browser upload); tests read it from memory.
var bulkOut = flag.String("bulk-out", "", "write the generated bulk-export NDJSON to this file")

const (
	hba1cURL     = "https://measures.accord-alliance.example/Measure/diabetes-hba1c-control"
	bulkPatients = 150
)

var bulkClinics = []string{"north", "riverside", "eastgate", "harbor"}

// bulkTally is what the generator wrote for one KPI period and segment:
// the figures Read must find.
type bulkTally struct{ num, den int64 }

// genBulk writes the MeasureReport file of a Bulk Data export: one
// individual report per patient per month (January and February 2024),
// with a blank line now and then, as exports may have. The outcomes come
// from a fixed linear congruential sequence so that the file never
// changes; the tallies are keyed by period and segment ("" for all).
func genBulk() ([]byte, map[[2]string]bulkTally) {
	var buf bytes.Buffer
	tally := map[[2]string]bulkTally{}
	x := uint64(20240101)
	next := func(n uint64) uint64 { // uniform in [0, n)
		x = x*6364136223846793005 + 1442695040888963407
		return (x >> 33) % n
	}
	line := 0
	for _, month := range []string{"01", "02"} {
		for p := 1; p <= bulkPatients; p++ {
			clinic := bulkClinics[(p*7)%len(bulkClinics)]
			den := int64(0)
			if next(100) < 94 {
				den = 1
			}
			excl, num := int64(0), int64(0)
			if den == 1 && next(100) < 4 {
				excl = 1
			}
			if den == 1 && excl == 0 && next(100) < 70 {
				num = 1
			}
			period := "2024-" + month + "-01"
			for _, seg := range []string{"", clinic} {
				t := tally[[2]string{period, seg}]
				t.num += num
				t.den += den - excl
				tally[[2]string{period, seg}] = t
			}
			buf.Write(individualReport(fmt.Sprintf("p%04d", p), month, clinic, den, excl, num))
			buf.WriteByte('\n')
			if line++; line%60 == 0 {
				buf.WriteByte('\n')
			}
		}
	}
	return buf.Bytes(), tally
}

// individualReport is one patient's MeasureReport on a single line, its
// fields in the order FHIR servers write them.
func individualReport(patient, month, clinic string, den, excl, num int64) []byte {
	pop := func(code string, n int64) string {
		return fmt.Sprintf(`{"code":{"coding":[{"system":%q,"code":%q}]},"count":%d}`, populationSystem, code, n)
	}
	pops := "[" + strings.Join([]string{pop(popInitial, 1), pop(popDenominator, den), pop(popDenExcl, excl), pop(popNumerator, num)}, ",") + "]"
	return fmt.Appendf(nil, `{"resourceType":"MeasureReport","id":"ind-%[1]s-2024-%[2]s","status":"complete","type":"individual",`+
		`"measure":"%[3]s|2.1.0","subject":{"reference":"Patient/%[1]s"},"period":{"start":"2024-%[2]s-01","end":"2024-%[2]s-%[6]s"},`+
		`"group":[{"population":%[4]s,"stratifier":[{"code":[{"text":"clinic"}],"stratum":[{"value":{"text":%[5]q},"population":%[4]s}]}]}]}`,
		patient, month, hba1cURL, pops, clinic, map[string]string{"01": "31", "02": "29"}[month])
}

// TestBulkTally checks Read's sums over the generated bulk export against
// the generator's own tallies (the exact figures are in the table test).
func TestBulkTally(t *testing.T) {
	data, tally := genBulk()
	if *bulkOut != "" {
		if err := os.WriteFile(*bulkOut, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Read(bytes.NewReader(data), Options{File: "bulk.ndjson", Measures: map[string]Target{hba1cURL: {KPI: "hba1c-control", Ratio: true, SegmentBy: "clinic"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 0 {
		t.Fatalf("got errors %v, want none", res.Errors)
	}
	if got, want := len(res.Observations), len(tally); got != want {
		t.Fatalf("got %d observations, want %d", got, want)
	}
	for _, o := range res.Observations {
		want := tally[[2]string{o.Period, o.Segment}]
		if got := (bulkTally{int64(*o.Numerator) / 1e6, int64(*o.Denominator) / 1e6}); got != want {
			t.Errorf("%s %q: got %d/%d, want %d/%d", o.Period, o.Segment, got.num, got.den, want.num, want.den)
		}
	}
	if got, want := res.Summary.Individual, 2*bulkPatients; got != want {
		t.Errorf("got %d individual reports, want %d", got, want)
	}
}
