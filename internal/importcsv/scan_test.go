package importcsv

import (
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// records reads s with encoding/csv as the reader did before it had its
// own scanner: the records, the line each starts on, and the first error.
func records(s string) (recs [][]string, lines []int, err error) {
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
		recs, lines = append(recs, rec), append(lines, line)
	}
}

func scanAll(s string) (recs [][]string, lines []int, err error) {
	sc := &scanner{s: s}
	for {
		line, rec, rerr := sc.record()
		if rerr == io.EOF {
			return recs, lines, nil
		}
		if rerr != nil {
			return recs, lines, rerr
		}
		recs, lines = append(recs, append([]string(nil), rec...)), append(lines, line)
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
	var gpe, wpe *csv.ParseError
	if (gotErr == nil) != (wantErr == nil) || wantErr != nil && (!errors.As(gotErr, &gpe) || !errors.As(wantErr, &wpe) || gpe.Err != wpe.Err || gpe.Line != wpe.Line) {
		t.Fatalf("%q: got error %v, want %v", s, gotErr, wantErr)
	}
}

var scanSeeds = []string{
	"", "\n", "\n\n", "\r\n", "\r", "a", "a\n", "a\r\n", "a\r", "a,b\nc,d", "a,,b,\n,\n",
	"\"a\"", "\"a\",b\n", "\"a,b\",\"c\"\"d\"\n", "\"multi\nline\",x\ny,z\n", "\"multi\r\nline\"\r\n",
	"\"\"", "\"\",\"\"\n", "a\"b,c\n", "x,\"Riverside Ma", "\"a\"b,c\n", "\"a\" ,c\n", " \"a\",b\n",
	"k,p\n\n\nx,1\n", "k,p\n \nx,1\n", "\"a\n\nb\"\n", "\"a\r\n\r\nb\"\r\n", "a\rb,c\n", "\"a\rb\",c\r\n",
	"\"unterminated\n\n", "a,\"b\"\"\"\n", "a,\"\"\"\"\n", "\"a\"\r", "\"a\"\r\nb\r", "é,ü\n\"ß\",x", "\"\n\r",
}

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
		sameAsEncodingCSV(t, s)
	})
}
