package importcsv

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestRead(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		rows    int
		errLine int
		errFld  string
		errText string
	}{
		{"values", "kpi,period,segment,value\nnew-patients,2024-01,Eastgate,12\nnew-patients,2024-02,,14.5\n", 2, 0, "", ""},
		{"ratios, BOM, CRLF, odd case and order", "\ufeffPeriod,KPI,Numerator,Denominator\r\n2024-01,hba1c,80,100\r\n", 1, 0, "", ""},
		{"blank lines are skipped", "kpi,period,value\n\nx,2024-01,1\n\n", 1, 0, "", ""},
		{"bad number names line and field", "kpi,period,value\nx,2024-01,1\nx,2024-02,1,5\n", 1, 3, "", "fields"},
		{"thousands separator", "kpi,period,value\nx,2024-01,\"1,234\"\n", 0, 2, "value", "thousands"},
		{"empty kpi", "kpi,period,value\n,2024-01,3\n", 0, 2, "kpi", "empty"},
		{"no figure", "kpi,period,value\nx,2024-01,\n", 0, 2, "value", "empty"},
		{"unknown column", "kpi,period,amount\n", 0, 1, "amount", "unknown column"},
		{"no value column", "kpi,period,segment\n", 0, 1, "value", "value column"},
		{"missing period column", "kpi,value\n", 0, 1, "period", "period column"},
		{"empty file", "", 0, 1, "", "empty"},
		{"header only", "kpi,period,value\n", 0, 2, "", "no data rows"},
		{"header and blank lines only", "kpi,period,value\r\n\r\n\n", 0, 2, "", "no data rows"},
		{"header without a line end", "kpi,period,value", 0, 2, "", "no data rows"},
		{"binary", "PK\x03\x04\x00\x00zip", 0, 1, "", "binary"},
		{"latin-1", "kpi,period,segment,value\nx,2024-01,Caf\xe9,1\n", 0, 2, "", "UTF-8"},
		{"column twice", "kpi,period,value,KPI\n", 0, 1, "kpi", "names this column twice (columns 1 and 4)"},
		{"a short row, then good ones", "kpi,period,value\nx,2024-01\nx,2024-02,1\n", 1, 2, "value", "missing: the line has 2 fields but the header has 3 columns"},
		{"a line of spaces is blank", "kpi,period,value\n  \nx,2024-01,1\n", 1, 0, "", ""},
		{"text after a closing quote", "kpi,period,segment,value\nx,2024-01,\"East\"gate,1\n", 0, 2, "", "closing quote"},
		{"truncated in a quote", "kpi,period,segment,value\nx,2024-01,\"Riverside Ma", 0, 2, "", "truncated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Read(strings.NewReader(tt.in), "up.csv")
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Rows) != tt.rows {
				t.Errorf("got %d rows, want %d (errors %v)", len(res.Rows), tt.rows, res.Errors)
			}
			if tt.errText == "" {
				if len(res.Errors) > 0 {
					t.Errorf("got errors %v, want none", res.Errors)
				}
				return
			}
			if len(res.Errors) == 0 {
				t.Fatalf("got no error, want one at line %d", tt.errLine)
			}
			e := res.Errors[0]
			if e.File != "up.csv" || e.Line != tt.errLine || e.Field != tt.errFld || !strings.Contains(e.Message, tt.errText) {
				t.Errorf("got %+v, want line %d field %q mentioning %q", e, tt.errLine, tt.errFld, tt.errText)
			}
		})
	}
}

// TestReadUnneutralises: a segment that accord's export wrote with an
// apostrophe, so that a spreadsheet would not run it, reads as it was; an
// apostrophe before anything else is part of the segment.
func TestReadUnneutralises(t *testing.T) {
	res, _ := Read(strings.NewReader("kpi,period,segment,value\nx,2024-01,'=1+2,1\nx,2024-02,'-North,1\nx,2024-03,'Quoted,1\n"), "f.csv")
	var got []string
	for _, r := range res.Rows {
		got = append(got, r.Segment)
	}
	if want := []string{"=1+2", "-North", "'Quoted"}; fmt.Sprint(got) != fmt.Sprint(want) || len(res.Errors) > 0 {
		t.Errorf("segments %q (errors %v), want %q", got, res.Errors, want)
	}
}

func TestReadValues(t *testing.T) {
	res, _ := Read(strings.NewReader("kpi,period,segment,numerator,denominator\nHbA1c,2024-Q1, Eastgate ,80,100\n"), "f.csv")
	if len(res.Rows) != 1 {
		t.Fatalf("rows: %v %v", res.Rows, res.Errors)
	}
	r := res.Rows[0]
	if r.KPI != "hba1c" || r.Period != "2024-Q1" || r.Segment != "Eastgate" || r.Numerator.String() != "80" || r.Denominator.String() != "100" || r.Line != 2 || r.Value != nil {
		t.Errorf("got %+v", r)
	}
}

// TestReadNotUTF8 checks that the rows before a line that is not UTF-8 are
// still checked and named, then that line, and that no rows are returned.
func TestReadNotUTF8(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		lines []int
	}{
		{"after a bad row", "kpi,period,value\n,2024-01,3\nx,2024-02,1\nCaf\xe9,2024-03,1\nx,2024-04,1\n", []int{2, 4}},
		{"a quoted field runs into it", "kpi,period,segment,value\nx,2024-01,\"Caf\n\xe9\",1\n", []int{3}},
		{"in the header", "kpi,period,v\xe9lue\nx,2024-01,1\n", []int{1}},
		{"a BOM, then latin-1 on the last line without a newline", "\ufeffkpi,period,value\nx,2024-01,1\nx,2024-02,\xb51", []int{3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Read(strings.NewReader(tt.in), "up.csv")
			if err != nil {
				t.Fatal(err)
			}
			var lines []int
			for _, e := range res.Errors {
				lines = append(lines, e.Line)
			}
			if len(res.Rows) != 0 || len(lines) != len(tt.lines) || lines[len(lines)-1] != tt.lines[len(tt.lines)-1] || lines[0] != tt.lines[0] ||
				!strings.Contains(res.Errors[len(lines)-1].Message, "UTF-8") {
				t.Errorf("got %d rows and errors %+v, want none and errors at lines %v, the last about UTF-8", len(res.Rows), res.Errors, tt.lines)
			}
		})
	}
}

// TestReadLarge reads a file of many rows, with quoted fields and CRLF
// here and there, and checks every row's line and figures.
func TestReadLarge(t *testing.T) {
	var b strings.Builder
	b.WriteString("kpi,period,segment,numerator,denominator\r\n")
	const n = 50_000
	for i := 0; i < n; i++ {
		seg := fmt.Sprintf("Clinic %d", i%17)
		if i%1000 == 0 {
			seg = fmt.Sprintf("\"Clinic \"\"%d\"\"\"", i%17)
		}
		fmt.Fprintf(&b, "KPI-%d,2024-%02d,%s,%d,%d\n", i%7, 1+i%12, seg, i, i+1)
	}
	res, err := Read(strings.NewReader(b.String()), "big.csv")
	if err != nil || len(res.Errors) != 0 || len(res.Rows) != n {
		t.Fatalf("got %d rows, errors %v, %v; want %d rows", len(res.Rows), res.Errors, err, n)
	}
	for i, r := range res.Rows {
		want := fmt.Sprintf("Clinic %d", i%17)
		if i%1000 == 0 {
			want = fmt.Sprintf("Clinic \"%d\"", i%17)
		}
		if r.Line != i+2 || r.KPI != fmt.Sprintf("kpi-%d", i%7) || r.Segment != want || r.Numerator.String() != fmt.Sprint(i) || r.Denominator.String() != fmt.Sprint(i+1) || r.Source != "csv:big.csv" {
			t.Fatalf("row %d = %+v (segment %q)", i, r, r.Segment)
		}
	}
}

// TestReadStopsAtMaxErrors checks that every bad row is named, whatever is
// wrong with it, up to MaxErrors, and that a file that cannot be read is an
// error rather than a row error.
func TestReadStopsAtMaxErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("kpi,period,value\n")
	for i := range MaxErrors + 50 {
		if i%2 == 0 {
			b.WriteString("x,2024-01\n") // a field short
		} else {
			b.WriteString("x,2024-01,one\n") // not a number
		}
	}
	res, err := Read(strings.NewReader(b.String()), "bad.csv")
	if err != nil || len(res.Errors) != MaxErrors || res.Errors[0].Line != 2 || res.Errors[1].Field != "value" || res.Errors[MaxErrors-1].Line != MaxErrors+1 {
		t.Errorf("got %d errors (first %+v), %v; want %d from line 2", len(res.Errors), res.Errors[:min(2, len(res.Errors))], err, MaxErrors)
	}
	if _, err := Read(io.MultiReader(strings.NewReader("kpi,period,value\n"), iotest.ErrReader(errors.New("disk gone"))), "gone.csv"); err == nil || !strings.Contains(err.Error(), "disk gone") {
		t.Errorf("got %v, want the read error", err)
	}
}
