package csvscan

import (
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// records reads s with encoding/csv: the records, the line each starts
// on, and the first error.
func records(s string) (recs [][]string, lines []int64, err error) {
	cr := csv.NewReader(strings.NewReader(s))
	cr.FieldsPerRecord = -1
	for {
		rec, rerr := cr.Read()
		if rerr == io.EOF {
			return recs, lines, nil
		}
		if rerr != nil {
			return recs, lines, rerr
		}
		line, _ := cr.FieldPos(0)
		recs, lines = append(recs, rec), append(lines, int64(line))
	}
}

func scanAll(s string) (recs [][]string, lines []int64, err error) {
	sc := New(strings.NewReader(s), "f.csv")
	for {
		rec, rerr := sc.Next()
		if rerr == io.EOF {
			return recs, lines, nil
		}
		if rerr != nil {
			return recs, lines, rerr
		}
		var strs []string
		for _, f := range rec {
			strs = append(strs, string(f))
		}
		recs, lines = append(recs, strs), append(lines, sc.Line())
	}
}

// sameAsEncodingCSV fails unless the scanner reads s exactly as
// encoding/csv does: the same fields, lines, and error kind and line.
func sameAsEncodingCSV(t *testing.T, s string) {
	t.Helper()
	wantRecs, wantLines, wantErr := records(s)
	gotRecs, gotLines, gotErr := scanAll(s)
	if !reflect.DeepEqual(gotRecs, wantRecs) || !reflect.DeepEqual(gotLines, wantLines) {
		t.Fatalf("%q: got records %q at lines %v, want %q at lines %v", s, gotRecs, gotLines, wantRecs, wantLines)
	}
	var ge *Error
	var wpe *csv.ParseError
	if (gotErr == nil) != (wantErr == nil) || wantErr != nil && (!errors.As(gotErr, &ge) || !errors.As(wantErr, &wpe) || ge.Kind != wpe.Err || ge.Line != int64(wpe.Line)) {
		t.Fatalf("%q: got error %v, want %v", s, gotErr, wantErr)
	}
}

var scanSeeds = []string{
	"", "\n", "\n\n", "\r\n", "\r", "a", "a\n", "a\r\n", "a\r", "a,b\nc,d", "a,,b,\n,\n",
	"\"a\"", "\"a\",b\n", "\"a,b\",\"c\"\"d\"\n", "\"multi\nline\",x\ny,z\n", "\"multi\r\nline\"\r\n",
	"\"\"", "\"\",\"\"\n", "a\"b,c\n", "x,\"Riverside Ma", "\"a\"b,c\n", "\"a\" ,c\n", " \"a\",b\n",
	"k,p\n\n\nx,1\n", "k,p\n \nx,1\n", "\"a\n\nb\"\n", "\"a\r\n\r\nb\"\r\n", "a\rb,c\n", "\"a\rb\",c\r\n",
	"\"unterminated\n\n", "a,\"b\"\"\"\n", "a,\"\"\"\"\n", "\"a\"\r", "\"a\"\r\nb\r", "é,ü\n\"ß\",x", "\"\n\r",
	"a,\"b\nc\",d,\"e\"\"f\"\ng,h\n",
}

// TestScannerMatchesEncodingCSV: without a header, the scanner splits
// records exactly as encoding/csv does.
func TestScannerMatchesEncodingCSV(t *testing.T) {
	for _, s := range scanSeeds {
		sameAsEncodingCSV(t, s)
	}
}

func FuzzScanner(f *testing.F) {
	for _, s := range scanSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.IndexByte(s, 0) >= 0 || !utf8Valid(s) {
			t.Skip("binary or not UTF-8: refused, unlike encoding/csv")
		}
		sameAsEncodingCSV(t, s)
	})
}
