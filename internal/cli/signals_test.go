package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// signalsJSON mirrors what cmdSignals prints.
type signalsJSON struct {
	Centre  float64         `json:"centre"`
	Sigma   json.RawMessage `json:"sigma"`
	UCL     json.RawMessage `json:"ucl"`
	LCL     json.RawMessage `json:"lcl"`
	Signals []struct {
		Rule    string   `json:"rule"`
		Points  []int    `json:"points"`
		Periods []string `json:"periods"`
		Side    string   `json:"side"`
	} `json:"signals"`
}

// writeSignalsCSV writes content to a file in a fresh directory and returns its path.
func writeSignalsCSV(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kpi.csv")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// series renders values as a period,value CSV.
func signalsSeries(values ...float64) string {
	var b strings.Builder
	b.WriteString("period,value\n")
	for i, v := range values {
		fmt.Fprintf(&b, "2024-%02d,%v\n", i+1, v)
	}
	return b.String()
}

// runSignals runs the command and decodes its output.
func runSignalsCmd(t *testing.T, stdin string, args ...string) (signalsJSON, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errOut, Stdin: strings.NewReader(stdin)}
	if err := cmdSignals(context.Background(), env, args); err != nil {
		t.Fatalf("cmdSignals(%q): got error %v, want none", args, err)
	}
	var got signalsJSON
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	return got, out.String()
}

// rules lists "rule:side:points" for each signal, for compact comparison.
func (s signalsJSON) rules() []string {
	var out []string
	for _, sig := range s.Signals {
		out = append(out, fmt.Sprintf("%s:%s:%v", sig.Rule, sig.Side, sig.Points))
	}
	return out
}

func TestSignalsOutputShape(t *testing.T) {
	_, out := runSignalsCmd(t, "", "--rules", "ihi", writeSignalsCSV(t, signalsSeries(1, 2, 3)))
	want := "{\n  \"centre\": 2,\n  \"sigma\": null,\n  \"ucl\": null,\n  \"lcl\": null,\n  \"signals\": []\n}\n"
	if out != want {
		t.Errorf("got output\n%s\nwant\n%s", out, want)
	}
}

func TestSignalsIndividuals(t *testing.T) {
	// Nine points below the mean, then nine above: the mean is 11, the mean
	// moving range 2/17.
	file := writeSignalsCSV(t, signalsSeries(sigCat(sigRep(10, 9), sigRep(12, 9))...))
	got, _ := runSignalsCmd(t, "", "--rules", "nelson", file)
	if !sigNear(got.Centre, 11) {
		t.Errorf("centre: got %v, want 11", got.Centre)
	}
	var sigma, ucl float64
	if err := json.Unmarshal(got.Sigma, &sigma); err != nil || !sigNear(sigma, 2.0/17/1.128) {
		t.Errorf("sigma: got %s, want the scalar %v", got.Sigma, 2.0/17/1.128)
	}
	if err := json.Unmarshal(got.UCL, &ucl); err != nil || !sigNear(ucl, 11+3*2.0/17/1.128) {
		t.Errorf("ucl: got %s, want the scalar %v", got.UCL, 11+3*2.0/17/1.128)
	}
	rules := got.rules()
	for _, w := range []string{"nelson-2:below:[0 1 2 3 4 5 6 7 8]", "nelson-2:above:[9 10 11 12 13 14 15 16 17]"} {
		if !slices.Contains(rules, w) {
			t.Errorf("signals: got %v, want among them %s", rules, w)
		}
	}
}

func TestSignalsBaseline(t *testing.T) {
	file := writeSignalsCSV(t, signalsSeries(10, 12, 11, 30, 31))
	got, _ := runSignalsCmd(t, "", "--rules", "western-electric", "--baseline", "3", file)
	want := []string{"we-1:above:[3]", "we-1:above:[4]", "we-2:above:[3 4]"}
	if !slices.Equal(got.rules(), want) {
		t.Errorf("signals: got %v, want %v", got.rules(), want)
	}
	if !sigNear(got.Centre, 11) {
		t.Errorf("centre: got %v, want 11 (mean of the baseline)", got.Centre)
	}
}

func TestSignalsPChart(t *testing.T) {
	csv := "period,numerator,denominator\nq1,10,100\nq2,10,100\nq3,5,50\nq4,40,100\n"
	got, _ := runSignalsCmd(t, "", "--rules", "nelson", "--chart", "p", "--baseline", "3", writeSignalsCSV(t, csv))
	if !sigNear(got.Centre, 0.1) {
		t.Errorf("centre: got %v, want 0.1", got.Centre)
	}
	var sigma, ucl, lcl []float64
	for _, f := range []struct {
		raw json.RawMessage
		dst *[]float64
	}{{got.Sigma, &sigma}, {got.UCL, &ucl}, {got.LCL, &lcl}} {
		if err := json.Unmarshal(f.raw, f.dst); err != nil || len(*f.dst) != 4 {
			t.Fatalf("limits: got %s, want an array of 4", f.raw)
		}
	}
	if s := math.Sqrt(0.1 * 0.9 / 50); !sigNear(sigma[2], s) || !sigNear(ucl[2], 0.1+3*s) || lcl[2] != 0 {
		t.Errorf("point 2: got sigma %v ucl %v lcl %v, want %v, %v, 0", sigma[2], ucl[2], lcl[2], s, 0.1+3*s)
	}
	if !slices.Contains(got.rules(), "nelson-1:above:[3]") {
		t.Errorf("signals: got %v, want nelson-1 at point 3", got.rules())
	}
}

func TestSignalsNamePeriods(t *testing.T) {
	csv := "period,numerator,denominator\n2024-Q1,10,100\n2024-Q2,10,100\n2024-Q3,5,50\n 2024-Q4 ,40,100\n"
	got, _ := runSignalsCmd(t, "", "--rules", "nelson", "--chart", "p", "--baseline", "3", writeSignalsCSV(t, csv))
	if len(got.Signals) == 0 {
		t.Fatal("got no signals, want nelson-1 at 2024-Q4")
	}
	for _, sig := range got.Signals {
		if len(sig.Periods) != len(sig.Points) {
			t.Fatalf("%s: got periods %v for points %v, want one per point", sig.Rule, sig.Periods, sig.Points)
		}
		for i, p := range sig.Points {
			if want := fmt.Sprintf("2024-Q%d", p+1); sig.Periods[i] != want {
				t.Errorf("%s: point %d: got period %q, want %q", sig.Rule, p, sig.Periods[i], want)
			}
		}
	}
}

func TestSignalsUChart(t *testing.T) {
	csv := "period,numerator,denominator\nw1,4,2\nw2,6,4\n"
	got, _ := runSignalsCmd(t, "", "--rules", "nelson", "--chart", "u", writeSignalsCSV(t, csv))
	var sigma []float64
	if err := json.Unmarshal(got.Sigma, &sigma); err != nil || len(sigma) != 2 || !sigNear(sigma[1], math.Sqrt(10.0/6/4)) {
		t.Errorf("sigma: got %s, want [%v %v]", got.Sigma, math.Sqrt(10.0/6/2), math.Sqrt(10.0/6/4))
	}
}

func TestSignalsRunChartRules(t *testing.T) {
	file := writeSignalsCSV(t, signalsSeries(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12))
	got, _ := runSignalsCmd(t, "", "--rules", "ihi", file)
	want := []string{
		"ihi-shift:below:[0 1 2 3 4 5]", "ihi-shift:above:[6 7 8 9 10 11]",
		"ihi-trend:up:[0 1 2 3 4 5 6 7 8 9 10 11]",
		"ihi-runs:both:[0 1 2 3 4 5 6 7 8 9 10 11]",
	}
	if !slices.Equal(got.rules(), want) || got.Centre != 6.5 || string(got.Sigma) != "null" {
		t.Errorf("got centre %v sigma %s signals %v, want median 6.5, null sigma, %v", got.Centre, got.Sigma, got.rules(), want)
	}
	got, _ = runSignalsCmd(t, "", "--rules", "anhoj", file)
	want = []string{"anhoj-crossings:both:[0 1 2 3 4 5 6 7 8 9 10 11]"}
	if !slices.Equal(got.rules(), want) {
		t.Errorf("anhoj: got %v, want %v", got.rules(), want)
	}
}

func TestSignalsArguments(t *testing.T) {
	file := writeSignalsCSV(t, signalsSeries(1, 2, 3))
	for _, args := range [][]string{
		{file, "--rules", "ihi"},                 // flags after the file
		{"--rules=ihi", "--", file},              // file after --
		{"--chart", "i", file, "--rules", "ihi"}, // both sides
	} {
		if got, _ := runSignalsCmd(t, "", args...); got.Centre != 2 {
			t.Errorf("args %q: got centre %v, want 2", args, got.Centre)
		}
	}
	if got, _ := runSignalsCmd(t, signalsSeries(4, 5, 6), "--rules", "anhoj", "-"); got.Centre != 5 {
		t.Errorf("stdin: got centre %v, want 5", got.Centre)
	}
}

func TestSignalsErrors(t *testing.T) {
	good := writeSignalsCSV(t, signalsSeries(1, 2, 3))
	tests := []struct {
		name  string
		args  []string
		csv   string // written to a file appended to args when not empty
		usage bool
		want  string // substring of the error
	}{
		{name: "no rules", args: []string{good}, usage: true, want: "--rules is required"},
		{name: "unknown rules", args: []string{"--rules", "westgard", good}, usage: true, want: "westgard"},
		{name: "unknown chart", args: []string{"--rules", "nelson", "--chart", "c", good}, usage: true, want: "--chart"},
		{name: "negative baseline", args: []string{"--rules", "nelson", "--baseline", "-1", good}, usage: true, want: "--baseline"},
		{name: "no file", args: []string{"--rules", "nelson"}, usage: true, want: "exactly one CSV file"},
		{name: "two files", args: []string{"--rules", "nelson", good, good}, usage: true, want: "exactly one CSV file"},
		{name: "missing file", args: []string{"--rules", "nelson", filepath.Join(t.TempDir(), "nope.csv")}, want: "nope.csv"},
		{name: "empty file", args: []string{"--rules", "nelson"}, csv: " ", want: "kpi.csv:1: header"},
		{name: "really empty file", args: []string{"--rules", "nelson"}, csv: "\n", want: "kpi.csv: empty file"},
		{name: "wrong header", args: []string{"--rules", "nelson"}, csv: "month,value\n1,2\n", want: "kpi.csv:1: header"},
		{name: "p header on an i chart", args: []string{"--rules", "nelson"}, csv: "period,numerator,denominator\n", want: "want period,value"},
		{name: "no rows", args: []string{"--rules", "nelson"}, csv: "period,value\n", want: "no data rows"},
		{name: "not a number", args: []string{"--rules", "nelson"}, csv: "period,value\nm1,1\nm2,abc\n", want: `kpi.csv:3: field "value": "abc" is not a finite number`},
		{name: "NaN", args: []string{"--rules", "nelson"}, csv: "period,value\nm1,NaN\n", want: `kpi.csv:2: field "value"`},
		{name: "empty value", args: []string{"--rules", "nelson"}, csv: "period,value\nm1,\n", want: `kpi.csv:2: field "value": "" is not`},
		{name: "empty period", args: []string{"--rules", "nelson"}, csv: "period,value\n,3\n", want: `kpi.csv:2: field "period" is empty`},
		{name: "too many fields", args: []string{"--rules", "nelson"}, csv: "period,value\nm1,1\nm2,2,3\n", want: "kpi.csv:3: 3 fields, want 2"},
		{name: "bad quoting", args: []string{"--rules", "nelson"}, csv: "period,value\nm1,\"1\n", want: "kpi.csv:2"},
		{name: "p numerator above denominator", args: []string{"--rules", "nelson", "--chart", "p"}, csv: "period,numerator,denominator\nq1,5,4\n", want: `kpi.csv:2: field "numerator"`},
		{name: "u zero denominator", args: []string{"--rules", "nelson", "--chart", "u"}, csv: "period,numerator,denominator\nq1,1,2\nq2,5,0\n", want: `kpi.csv:3: field "denominator"`},
		{name: "u negative numerator", args: []string{"--rules", "nelson", "--chart", "u"}, csv: "period,numerator,denominator\nq1,-1,2\n", want: `kpi.csv:2: field "numerator"`},
		{name: "baseline beyond the data", args: []string{"--rules", "nelson", "--baseline", "9"}, csv: signalsSeries(1, 2, 3), want: "--baseline 9 but the file has 3 points"},
		{name: "one point on an XmR chart", args: []string{"--rules", "nelson"}, csv: signalsSeries(1), want: "moving range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			if tt.csv != "" {
				args = append(slices.Clone(args), writeSignalsCSV(t, tt.csv))
			}
			var out bytes.Buffer
			err := cmdSignals(context.Background(), &Env{Stdout: &out, Stderr: &out, Stdin: strings.NewReader("")}, args)
			if err == nil {
				t.Fatalf("got no error, want one containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %q, want it to contain %q", err, tt.want)
			}
			if got := errors.Is(err, errUsage); got != tt.usage {
				t.Errorf("usage error: got %v, want %v (%v)", got, tt.usage, err)
			}
		})
	}
}

func TestSignalsHeaderTolerance(t *testing.T) {
	csv := "\ufeffPeriod, Value\nm1,1\nm2, 2\nm3,3\n"
	if got, _ := runSignalsCmd(t, "", "--rules", "ihi", writeSignalsCSV(t, csv)); got.Centre != 2 {
		t.Errorf("got centre %v, want 2", got.Centre)
	}
}

func sigNear(got, want float64) bool { return math.Abs(got-want) <= 1e-9 }

func sigRep(v float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func sigCat(parts ...[]float64) []float64 { return slices.Concat(parts...) }

// TestSignalsSentences: with --direction, each signal says its effect and
// what it means in words, with the file's periods.
func TestSignalsSentences(t *testing.T) {
	file := writeSignalsCSV(t, signalsSeries(sigCat(sigRep(10, 9), sigRep(12, 9))...))
	var out, errOut bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errOut, Stdin: strings.NewReader("")}
	if err := cmdSignals(context.Background(), env, []string{"--rules", "nelson", "--direction", "lower", "--name", "Wait days", file}); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Signals []struct {
			Rule     string   `json:"rule"`
			Side     string   `json:"side"`
			Periods  []string `json:"periods"`
			Effect   string   `json:"effect"`
			Sentence string   `json:"sentence"`
		}
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, s := range got.Signals {
		if s.Rule == "nelson-2" && s.Side == "above" {
			found = true
			want := "Wait days has been above its usual level for 9 periods (" + s.Periods[0] + " to " + s.Periods[8] + ") — worse than before"
			if s.Effect != "deterioration" || s.Sentence != want {
				t.Errorf("got %q, %q; want deterioration, %q", s.Effect, s.Sentence, want)
			}
		}
	}
	if !found {
		t.Errorf("no nelson-2 signal above: %s", out.String())
	}
	if err := cmdSignals(context.Background(), env, []string{"--rules", "nelson", "--direction", "sideways", file}); err == nil || !strings.Contains(err.Error(), "--direction") {
		t.Errorf("--direction sideways: got %v, want a usage error", err)
	}
}
