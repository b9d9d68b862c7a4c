package importcsv

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
)

// fuzzSeeds are small observation files, good and bad, from TestRead's cases.
var fuzzSeeds = []string{
	"kpi,period,segment,value\nnew-patients,2024-01,Eastgate,12\nnew-patients,2024-02,,14.5\n",
	"\ufeffPeriod,KPI,Numerator,Denominator\r\n2024-01,hba1c,80,100\r\n",
	"kpi,period,value\nx,2024-01,1\nx,2024-02,1,5\n",
	"kpi,period,value\nx,2024-01,\"1,234\"\n",
	"kpi,period,segment,value\nx,2024-01,'=SUM(A1),1\nx,2024-01,\" padded \",2\n",
	"kpi,period,value,KPI\n",
	"kpi,period,segment,value\nx,2024-01,Caf\xe9,1\n",
	"kpi,period,segment,value\nx,2024-01,\"Riverside Ma",
	"kpi,period,segment,value,numerator,denominator\nA,2024-Q1,\"multi\nline\",-0.000001,,\n",
}

// FuzzRead feeds Read arbitrary files. It never fails on a file it reads
// from memory; every error names the file, a line and says what is wrong;
// every row it returns is whole (a KPI, a period and a figure, on a line
// after the header, in order); and the rows written back as CSV, the way
// accord exports them, read back the same.
func FuzzRead(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Read(bytes.NewReader(data), "fuzz.csv")
		if err != nil {
			t.Fatalf("got error %v reading from memory", err)
		}
		if len(res.Errors) > MaxErrors {
			t.Fatalf("got %d errors, want at most %d", len(res.Errors), MaxErrors)
		}
		for _, e := range res.Errors {
			if e.File != "fuzz.csv" || e.Line < 1 || e.Message == "" {
				t.Fatalf("got error %#v, want the file, a line and a message", e)
			}
		}
		checkRows(t, res.Rows)
		if len(res.Rows) == 0 {
			return
		}
		again, err := Read(bytes.NewReader(writeRows(t, res.Rows)), "fuzz.csv")
		if err != nil || len(again.Errors) > 0 {
			t.Fatalf("rows written back: got %v, %v", again.Errors, err)
		}
		if got, want := figures(again.Rows), figures(res.Rows); !reflect.DeepEqual(got, want) {
			t.Fatalf("rows written back read as\n %v\nwant\n %v", got, want)
		}
	})
}

func checkRows(t *testing.T, rows []accord.ObservationInput) {
	t.Helper()
	last := 1
	for _, r := range rows {
		switch {
		case r.KPI == "" || r.KPI != strings.ToLower(r.KPI) || strings.TrimSpace(r.KPI) != r.KPI:
			t.Fatalf("line %d: got KPI %q, want it trimmed, lower case and not empty", r.Line, r.KPI)
		case r.Period == "" || strings.TrimSpace(r.Period) != r.Period:
			t.Fatalf("line %d: got period %q, want it trimmed and not empty", r.Line, r.Period)
		case r.Value == nil && r.Numerator == nil && r.Denominator == nil:
			t.Fatalf("line %d: got a row without a figure", r.Line)
		case r.Line <= last:
			t.Fatalf("got a row of line %d after line %d", r.Line, last)
		case r.Source != "csv:fuzz.csv":
			t.Fatalf("line %d: got source %q", r.Line, r.Source)
		}
		last = r.Line
	}
}

// writeRows writes rows as CSV with every column, segments neutralised
// against spreadsheet formulas as accord's exports write them.
func writeRows(t *testing.T, rows []accord.ObservationInput) []byte {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	text := func(d *number.Decimal) string {
		if d == nil {
			return ""
		}
		return d.String()
	}
	w.Write([]string{"kpi", "period", "segment", "value", "numerator", "denominator"})
	for _, r := range rows {
		seg := r.Segment
		if seg != "" && strings.IndexByte("=+-@\t\r", seg[0]) >= 0 {
			seg = "'" + seg
		}
		w.Write([]string{r.KPI, r.Period, seg, text(r.Value), text(r.Numerator), text(r.Denominator)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// figures is what a row says, without where it was read.
func figures(rows []accord.ObservationInput) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		s := func(d *number.Decimal) string {
			if d == nil {
				return "-"
			}
			return d.String()
		}
		out[i] = strings.Join([]string{r.KPI, r.Period, r.Segment, s(r.Value), s(r.Numerator), s(r.Denominator)}, "|")
	}
	return out
}
