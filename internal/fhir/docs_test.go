package fhir

import (
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// TestDocsExample reads the example of docs/fhir.md and checks it gives
// the observations the page's table shows, so that the page cannot drift
// from the code.
func TestDocsExample(t *testing.T) {
	doc, err := os.ReadFile("../../docs/fhir.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```json\n(.*?)```").FindSubmatch(doc)
	if m == nil {
		t.Fatal("docs/fhir.md has no json example")
	}
	res, err := Read(strings.NewReader(string(m[1])), Options{File: "example.json", Measures: ratioKPI})
	if err != nil || len(res.Errors) > 0 {
		t.Fatalf("got %v %v, want no errors", err, res.Errors)
	}
	var got []string
	for _, o := range res.Observations {
		got = append(got, show(o))
	}
	want := []string{
		`hba1c-control 2024-03-01 "" 812/1138 line=1 fhir:MeasureReport/hba1c-2024-03`,
		`hba1c-control 2024-03-01 "north" 205/290 line=1 fhir:MeasureReport/hba1c-2024-03`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	for _, row := range []string{
		"| hba1c-control | 2024-03-01 | *(whole alliance)* | 812 | 1138 | fhir:MeasureReport/hba1c-2024-03 |",
		"| hba1c-control | 2024-03-01 | north | 205 | 290 | fhir:MeasureReport/hba1c-2024-03 |",
	} {
		if !strings.Contains(string(doc), row) {
			t.Errorf("docs/fhir.md lacks the table row %s", row)
		}
	}
}

// TestDocsComponentTable checks that the table of docs/fhir.md for
// testdata/summary-clinic-age.json shows what the reader gives.
func TestDocsComponentTable(t *testing.T) {
	doc, err := os.ReadFile("../../docs/fhir.md")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("testdata/summary-clinic-age.json")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Read(strings.NewReader(string(data)), Options{File: "summary-clinic-age.json", Measures: ratioKPI})
	if err != nil || len(res.Errors) > 0 || len(res.Observations) != 5 {
		t.Fatalf("got %v %v and %d observations, want 5 and no errors", err, res.Errors, len(res.Observations))
	}
	for _, o := range res.Observations {
		seg := o.Segment
		if seg == "" {
			seg = "*(whole alliance)*"
		}
		row := fmt.Sprintf("| %s | %s | %s | %s | %s |", o.KPI, o.Period, seg, o.Numerator, o.Denominator)
		if !strings.Contains(string(doc), row) {
			t.Errorf("docs/fhir.md lacks the table row %s", row)
		}
	}
}

// TestDocsCMS146Table checks that the table of docs/fhir.md for
// testdata/r4-cms146-cat3.json shows what the reader gives.
func TestDocsCMS146Table(t *testing.T) {
	doc, err := os.ReadFile("../../docs/fhir.md")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("testdata/r4-cms146-cat3.json")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Read(strings.NewReader(string(data)), Options{File: "r4-cms146-cat3.json", Measures: measures(cms146URL, rateKPI("cms146", "quarterly", ""))})
	if err != nil || len(res.Errors) > 0 || len(res.Observations) != 9 {
		t.Fatalf("got %v %v and %d observations, want 9 and no errors", err, res.Errors, len(res.Observations))
	}
	for _, o := range res.Observations {
		seg := o.Segment
		if seg == "" {
			seg = "*(whole alliance)*"
		}
		row := fmt.Sprintf("| %s | %s | %s | %s | %s |", o.KPI, o.Period, seg, o.Numerator, o.Denominator)
		if !strings.Contains(string(doc), row) {
			t.Errorf("docs/fhir.md lacks the table row %s", row)
		}
	}
}
