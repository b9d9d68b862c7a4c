package csvscan

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// scanned is what a scanner read from a file after its header: each
// record's line, fields joined by commas and error, in order.
type scanned struct {
	header []string
	lines  []int64
	joined []string
	errs   []string
}

// scanWithHeader reads data with a header, Limit limit and NeedLineEnd needEnd,
// checking on the way that every error is an *Error naming the file and a
// line, that errors other than ErrWidth end the file (the next call gives
// the same error), and that records come in line order.
func scanWithHeader(t *testing.T, data []byte, limit int, needEnd bool) scanned {
	t.Helper()
	s := New(bytes.NewReader(data), "f.csv")
	s.Limit, s.NeedLineEnd = limit, needEnd
	var out scanned
	check := func(err error) {
		t.Helper()
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("got error %v (%T), want an *Error", err, err)
		}
		if e.File != "f.csv" || e.Line < 1 || e.Msg == "" || e.Kind == nil {
			t.Fatalf("got error %#v, want file, line, message and kind", e)
		}
		out.errs = append(out.errs, e.Error())
	}
	names, err := s.Header(strings.ToLower)
	if err != nil {
		check(err)
		return out
	}
	out.header = names
	for {
		fields, err := s.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			check(err)
			if !errors.Is(err, ErrWidth) {
				if _, again := s.Next(); again == nil || again.Error() != err.Error() {
					t.Fatalf("after %v the next call got %v, want the same error", err, again)
				}
				return out
			}
		}
		if n := len(out.lines); n > 0 && s.Line() <= out.lines[n-1] {
			t.Fatalf("got a record of line %d after line %d", s.Line(), out.lines[n-1])
		}
		out.lines = append(out.lines, s.Line())
		out.joined = append(out.joined, string(bytes.Join(fields, []byte(","))))
	}
}

// FuzzHeader reads files with a header, as both importers do: errors name
// the file and line, and a Limit on splitting changes no record, only how
// much of it is split (the fields it leaves joined are the same text).
func FuzzHeader(f *testing.F) {
	for _, s := range scanSeeds {
		f.Add("k,p,v\n"+s, uint8(2), false)
	}
	f.Add("\ufeffKPI, Period ,value\r\nx,2024-01,1\r\n  \r\nx,2024-02\n", uint8(0), true)
	f.Add("a,b,A\n", uint8(0), false)
	f.Add("a,b,c\n1,2,3,4\n1,\"2,3\",4\n1,2,3", uint8(2), true)
	f.Add("a,b\nx\x00y,1\n", uint8(1), false)
	f.Fuzz(func(t *testing.T, s string, limit uint8, needEnd bool) {
		data := []byte(s)
		whole := scanWithHeader(t, data, 0, needEnd)
		split := scanWithHeader(t, data, int(limit%8), needEnd)
		if strings.Join(whole.header, "|") != strings.Join(split.header, "|") ||
			strings.Join(whole.errs, "|") != strings.Join(split.errs, "|") ||
			len(whole.lines) != len(split.lines) {
			t.Fatalf("Limit %d changed what was read:\n%+v\nwithout it:\n%+v", limit%8, split, whole)
		}
		for i := range whole.lines {
			if whole.lines[i] != split.lines[i] || whole.joined[i] != split.joined[i] {
				t.Fatalf("Limit %d: record %d is line %d %q, without it line %d %q", limit%8, i, split.lines[i], split.joined[i], whole.lines[i], whole.joined[i])
			}
		}
	})
}
