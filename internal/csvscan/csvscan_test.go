package csvscan

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

func utf8Valid(s string) bool { return utf8.ValidString(s) }

// scanFile reads a header and every record of in, collecting the records
// as "a|b|c@line" and every error; it stops at an error other than ErrWidth.
func scanFile(in string, limit int, needLineEnd bool) (got []string, errs []*Error, err error) {
	s := New(strings.NewReader(in), "f.csv")
	s.Limit, s.NeedLineEnd = limit, needLineEnd
	if _, err := s.Header(strings.ToLower); err != nil {
		var e *Error
		if errors.As(err, &e) {
			return nil, []*Error{e}, nil
		}
		return nil, nil, err
	}
	for {
		rec, err := s.Next()
		if err == io.EOF {
			return got, errs, nil
		}
		var e *Error
		if !errors.As(err, &e) && err != nil {
			return got, errs, err
		}
		if e != nil {
			errs = append(errs, e)
			if !errors.Is(e, ErrWidth) {
				return got, errs, nil
			}
			continue
		}
		var fs []string
		for _, f := range rec {
			fs = append(fs, string(f))
		}
		got = append(got, strings.Join(fs, "|")+"@"+string(rune('0'+s.Line())))
	}
}

func TestScanner(t *testing.T) {
	tests := []struct {
		name, in    string
		limit       int
		needLineEnd bool
		want        string // records joined by " "
		errs        string // errors joined by " | "
	}{
		{"BOM, CRLF, blank and space-only lines", "\ufeffA,B\r\n1,2\r\n\r\n  \r\n3,4", 0, false, "1|2@2 3|4@5", ""},
		{"quoted fields over lines", "a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",3\n", 0, false, "1|x, y|say \"hi\"@2 2|two\nlines|3@3", ""},
		{"duplicate column, any case", "kpi,Period,KPI\n", 0, false, "", "f.csv:1: kpi: the header names this column twice (columns 1 and 3): which one holds the values?"},
		{"too few and too many fields, and the scanner goes on", "a,b,c\n1,2\n1,2,3,4\n\"1\",2,3,4\n5,6,7\n", 0, false, "5|6|7@5",
			"f.csv:2: c: missing: the line has 2 fields but the header has 3 columns (a line cut short?) | " +
				"f.csv:3: the line has 4 fields but the header has 3 columns: the value after c has no column (a comma in an unquoted value?) | " +
				"f.csv:4: the line has 4 fields"},
		{"limit leaves the rest in the last field, still counted", "a,b,c\n1,2,3\n1,2,3,4\n", 2, false, "1|2,3@2",
			"f.csv:3: the line has 4 fields but the header has 3"},
		{"empty file", "", 0, false, "", "f.csv:1: the file is empty"},
		{"binary", "PK\x03\x04\x00\x00zip", 0, false, "", "f.csv:1: this is not a CSV text file (it holds binary data)"},
		{"latin-1 on line 3", "a,b\n1,2\nCaf\xe9,3\n4,5\n", 0, false, "1|2@2", "f.csv:3: the file is not UTF-8 text"},
		{"latin-1 inside a quoted field", "a,b\n1,\"x\n\xe9\"\n", 0, false, "", "f.csv:3: the file is not UTF-8 text"},
		{"quote left open at the end", "a,b\n1,2\n3,\"Riverside Ma", 0, false, "1|2@2", "f.csv:3: a quoted value is not closed before the end of the file: the file may be truncated"},
		{"bare quote", "a,b\n1,x\"y\n", 0, false, "", "f.csv:2: a quote (\") inside a value that does not start with one"},
		{"text after a closing quote", "a,b\n1,\"x\"y\n", 0, false, "", "f.csv:2: text after the closing quote of a value"},
		{"no line end allowed", "a,b\n1,2\n3,4", 0, false, "1|2@2 3|4@3", ""},
		{"last line cut inside its last column", "a,b\n1,2\n3,4", 0, true, "1|2@2", "f.csv:3: b: the last line has no line break: the file may be cut short inside this value"},
		{"last line cut, quoted", "a,b\n1,\"2\"", 0, true, "", "f.csv:2: b: the last line has no line break"},
		{"a whole file", "a,b\n1,2\n3,4\n", 0, true, "1|2@2 3|4@3", ""},
		{"a cut line is short of fields first", "a,b,c\n1,2", 0, true, "", "f.csv:2: c: missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs, err := scanFile(tt.in, tt.limit, tt.needLineEnd)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("got records %q, want %q", strings.Join(got, " "), tt.want)
			}
			want := strings.Split(tt.errs, " | ")
			if tt.errs == "" {
				want = nil
			}
			if len(errs) != len(want) {
				t.Fatalf("got errors %v, want %q", errs, want)
			}
			for i, e := range errs {
				if !strings.HasPrefix(e.Error(), want[i]) || e.File != "f.csv" {
					t.Errorf("error %d: got %q, want it to start %q", i, e.Error(), want[i])
				}
			}
		})
	}
}

// TestErrorKinds checks that callers can tell errors apart with errors.Is.
func TestErrorKinds(t *testing.T) {
	for in, kind := range map[string]error{
		"": ErrEmpty, "\x00": ErrBinary, "\xff": ErrEncoding, "a,a\n": ErrDuplicate,
		"a,b\n1\n": ErrWidth, "a\n\"x": csv.ErrQuote, "a\nx\"": csv.ErrBareQuote,
	} {
		_, errs, _ := scanFile(in, 0, false)
		if len(errs) != 1 || !errors.Is(errs[0], kind) {
			t.Errorf("%q: got %v, want one error of kind %v", in, errs, kind)
		}
	}
}

// TestLongLines reads lines longer than the reader's buffer, quoted or not.
func TestLongLines(t *testing.T) {
	long := strings.Repeat("x", 3<<20)
	in := "a,b\n" + long + ",1\n\"" + long + "\n" + long + "\",2\n"
	got, errs, err := scanFile(in, 0, true)
	if err != nil || len(errs) > 0 || len(got) != 2 || got[0] != long+"|1@2" || got[1] != long+"\n"+long+"|2@3" {
		t.Errorf("got %d records, errors %v, %v", len(got), errs, err)
	}
}

// TestForkReset reads a block of a file with a forked scanner: the same
// header and settings, the line numbers of the block.
func TestForkReset(t *testing.T) {
	s := New(strings.NewReader("a,b\n1,2\n"), "f.csv")
	s.NeedLineEnd = true
	if _, err := s.Header(strings.ToUpper); err != nil {
		t.Fatal(err)
	}
	w := s.Fork(64)
	w.Reset(strings.NewReader("3,4\n5\n"), 7)
	if rec, err := w.Next(); err != nil || string(rec[1]) != "4" || w.Line() != 7 {
		t.Errorf("got %q at line %d, %v", rec, w.Line(), err)
	}
	if _, err := w.Next(); err == nil || !strings.HasPrefix(err.Error(), "f.csv:8: B: missing") {
		t.Errorf("got %v, want line 8 short of B", err)
	}
}
