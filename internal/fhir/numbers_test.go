package fhir

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func TestParseNumber(t *testing.T) {
	cases := []struct{ in, want, err string }{
		{in: "0.713533", want: "0.713533"},
		{in: "12", want: "12"},
		{in: "-3.5", want: "-3.5"},
		{in: "0.7500000", want: "0.75"},
		{in: "7.13533E1", want: "71.3533"},
		{in: "1.5e-3", want: "0.0015"},
		{in: "25e+2", want: "2500"},
		{in: "-1E-6", want: "-0.000001"},
		{in: "0.7135325", err: "0.7135325 has more than 6 decimal places; accord keeps figures exact to 0.000001"},
		{in: "1e-7", err: "1e-7 has more than 6 decimal places; accord keeps figures exact to 0.000001"},
		{in: "1e99", err: "1e99 is out of range"},
		{in: "99999999999999", err: "99999999999999 is too large"},
		{in: `"0.5"`, err: `must be a JSON number, not the string "0.5"`},
		{in: "true", err: "must be a number, not a JSON boolean"},
		{in: "null", err: "is missing"},
		{in: "", err: "is missing"},
	}
	for _, c := range cases {
		got, err := parseNumber(json.RawMessage(c.in))
		switch {
		case c.err != "" && (err == nil || err.Error() != c.err):
			t.Errorf("parseNumber(%s): got error %v, want %q", c.in, err, c.err)
		case c.err == "" && (err != nil || got.String() != c.want):
			t.Errorf("parseNumber(%s): got %s, %v, want %s", c.in, got, err, c.want)
		}
	}
}

func TestParseCount(t *testing.T) {
	cases := []struct{ in, want, err string }{
		{in: "0", want: "0"},
		{in: "1180", want: "1180"},
		{in: "-1", err: "-1 is negative; a count is 0 or more"},
		{in: "1.0", err: "1.0 is not a whole number; a count is an integer"},
		{in: "1e3", err: "1e3 is not a whole number; a count is an integer"},
		{in: `"4"`, err: `must be a JSON number, not the string "4"`},
		{in: "{}", err: "must be a number, not a JSON object"},
		{in: "10000000000000", err: "10000000000000 is too large"},
	}
	for _, c := range cases {
		got, err := parseCount(json.RawMessage(c.in))
		switch {
		case c.err != "" && (err == nil || err.Error() != c.err):
			t.Errorf("parseCount(%s): got error %v, want %q", c.in, err, c.err)
		case c.err == "" && (err != nil || got.String() != c.want):
			t.Errorf("parseCount(%s): got %s, %v, want %s", c.in, got, err, c.want)
		}
	}
}

func TestPeriodDate(t *testing.T) {
	cases := []struct{ in, want string }{
		{"2024-03-01", "2024-03-01"},
		{"2024-03", "2024-03-01"},
		{"2024", "2024-01-01"},
		{"2024-03-01T00:00:00Z", "2024-03-01"},
		{"2024-03-01T00:00:00+02:00", "2024-03-01"}, // not moved to UTC (2024-02-29)
		{"2024-03-31T23:59:59.999-05:00", "2024-03-31"},
		{"2024-3-1", ""},
		{"2024-02-30", ""},
		{"2024-03T00:00:00Z", ""},
		{"2024-03-01T24:00:00Z", ""},
		{"March 2024", ""},
	}
	for _, c := range cases {
		got, err := periodDate(c.in)
		if got != c.want || (err != nil) != (c.want == "") {
			t.Errorf("periodDate(%q): got %q, %v, want %q", c.in, got, err, c.want)
		}
	}
}

func TestScaleScore(t *testing.T) {
	cases := []struct {
		value, unit string
		scale       int64
		want, err   string
	}{
		{"0.713533", "", 100, "71.3533", ""},
		{"0.713533", "1", 1000, "713.533", ""},
		{"71.3533", "%", 100, "71.3533", ""},
		{"71.3533", "%", 1000, "713.533", ""},
		{"4.5", "d", 1, "4.5", ""},
		{"4.5", "d", 0, "4.5", ""},
		{"0.000001", "%", 10, "", "0.000001% scaled by 10 has more than 6 decimal places"},
		{"4.5", "d", 100, "", `unit "d" cannot be converted for a KPI scaled by 100 (want a unitless proportion or %)`},
	}
	for _, c := range cases {
		v, err := parseNumber(json.RawMessage(c.value))
		if err != nil {
			t.Fatal(err)
		}
		got, err := scaleScore(v, &quantity{Code: c.unit}, c.scale)
		switch {
		case c.err != "" && (err == nil || err.Error() != c.err):
			t.Errorf("scaleScore(%s %s, %d): got error %v, want %q", c.value, c.unit, c.scale, err, c.err)
		case c.err == "" && (err != nil || got.String() != c.want):
			t.Errorf("scaleScore(%s %s, %d): got %s, %v, want %s", c.value, c.unit, c.scale, got, err, c.want)
		}
	}
}

// FuzzRead feeds Read arbitrary bytes, starting from the fixtures: it must
// never panic, and every figure must be whole (a value, or both numerator
// and denominator).
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob("testdata/*")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(mr() + "\n" + mr(set("type", "individual"), set("subject", map[string]any{"reference": "Patient/1"})) + "\n"))
	opt := Options{File: "fuzz", Measures: map[string]Target{hba1cURL: {KPI: "k", Ratio: true, SegmentBy: "clinic"}, levelsURL + "#hba1c-above-9": {KPI: "v", Scale: 100, SegmentBy: "clinic"}}}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Read(bytes.NewReader(data), opt)
		if err != nil {
			t.Fatalf("got error %v from a bytes.Reader", err)
		}
		for _, o := range res.Observations {
			if (o.Value == nil) == (o.Numerator == nil || o.Denominator == nil) {
				t.Fatalf("got observation %s, want a value or a numerator and denominator", show(o))
			}
		}
		for _, e := range res.Errors {
			if e.File != "fuzz" || e.Message == "" {
				t.Fatalf("got error %#v, want file and message", e)
			}
		}
	})
}
