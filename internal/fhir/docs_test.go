package fhir

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
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
	docTableShows(t, "summary-clinic-age.json", Options{Measures: ratioKPI}, 5)
}

// TestDocsCMS146Table checks that the table of docs/fhir.md for
// testdata/r4-cms146-cat3.json shows what the reader gives.
func TestDocsCMS146Table(t *testing.T) {
	docTableShows(t, "r4-cms146-cat3.json", Options{Measures: measures(cms146URL, rateKPI("cms146", accord.Quarterly, ""))}, 9)
}

// docTableShows reads a fixture and checks that docs/fhir.md has a table
// row "| KPI | period | segment | numerator | denominator |" for each of
// the n observations it gives.
func docTableShows(t *testing.T, fixture string, opt Options, n int) {
	t.Helper()
	doc, err := os.ReadFile("../../docs/fhir.md")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join("testdata", fixture))
	if err != nil {
		t.Fatal(err)
	}
	opt.File = fixture
	res, err := Read(strings.NewReader(string(data)), opt)
	if err != nil || len(res.Errors) > 0 || len(res.Observations) != n {
		t.Fatalf("got %v %v and %d observations, want %d and no errors", err, res.Errors, len(res.Observations), n)
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
