package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/spc"
	"github.com/accord-alliance/accord/internal/watch"
)

const signalsSynopsis = "signals --rules nelson|western-electric|ihi|anhoj [--chart i|p|u] [--baseline N] [--direction higher|lower [--name NAME]] FILE.csv"

// cmdSignals reads one series from a CSV file (or - for stdin), applies a
// rule set and prints the chart's centre line, sigma and limits with the
// signals found, as JSON.
func cmdSignals(_ context.Context, env *Env, args []string) error {
	flags := newFlagSet(env, "signals", signalsSynopsis)
	rules := flags.String("rules", "", "rule set: nelson, western-electric (Shewhart charts), ihi or anhoj (run charts)")
	chart := flags.String("chart", "i", "chart: i (columns period,value), p or u (columns period,numerator,denominator)")
	baseline := flags.Int("baseline", 0, "compute the centre line and limits from the first `N` points (0: all points)")
	direction := flags.String("direction", "", "which way is better, `higher or lower`: each signal then says its effect and a plain sentence")
	label := flags.String("name", "The series", "what the series measures, for the sentences")
	files, err := parseInterspersed(flags, args)
	if err != nil {
		return err
	}
	rs, kind, err := checkSignalsFlags(*rules, *chart, *baseline, files)
	if err != nil {
		return err
	}
	dir, err := parseDirection(*direction)
	if err != nil {
		return err
	}
	name, in := files[0], env.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	} else {
		name = "stdin"
	}
	data, err := readSignalsCSV(in, name, kind)
	if err != nil {
		return err
	}
	if n := len(data.values); *baseline > n {
		return fmt.Errorf("%s: --baseline %d but the file has %d points", name, *baseline, n)
	}
	out, err := evaluateSignals(data, rs, kind, spc.Options{Baseline: *baseline})
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if dir != "" {
		describeSignals(out.Signals, dir, *label)
	}
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// parseInterspersed parses flags that may come before or after the
// positional arguments, and returns the positional ones.
func parseInterspersed(flags *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := flags.Parse(args); err != nil {
			return nil, err
		}
		rest := flags.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		// Parse stops at the first positional argument, or after "--",
		// behind which everything is positional.
		if i := len(args) - len(rest) - 1; i >= 0 && args[i] == "--" {
			return append(pos, rest...), nil
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

func checkSignalsFlags(rules, chart string, baseline int, files []string) (spc.RuleSet, spc.Kind, error) {
	if rules == "" {
		return "", "", usageErrorf("--rules is required (nelson, western-electric, ihi or anhoj)")
	}
	rs, err := spc.ParseRuleSet(rules)
	if err != nil {
		return "", "", usageErrorf("--rules: %v", err)
	}
	kind := spc.Kind(chart)
	switch {
	case kind != spc.Individuals && kind != spc.Proportion && kind != spc.Rate:
		return "", "", usageErrorf("--chart must be i, p or u, got %q", chart)
	case baseline < 0:
		return "", "", usageErrorf("--baseline must be 0 or more, got %d", baseline)
	case len(files) != 1:
		return "", "", usageErrorf("want exactly one CSV file (or - for stdin), got %d", len(files))
	}
	return rs, kind, nil
}

// signalsData is the series read from the CSV file.
type signalsData struct {
	periods  []string  // as written in the file, one per point
	values   []float64 // value, or numerator/denominator
	num, den []float64 // p- and u-charts only
}

// signalsColumns is the header each chart reads.
func signalsColumns(kind spc.Kind) []string {
	if kind == spc.Individuals {
		return []string{"period", "value"}
	}
	return []string{"period", "numerator", "denominator"}
}

// readSignalsCSV reads the series, naming the file, line and field of the
// first thing wrong with it.
func readSignalsCSV(r io.Reader, name string, kind spc.Kind) (signalsData, error) {
	cols := signalsColumns(kind)
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err == io.EOF {
		return signalsData{}, fmt.Errorf("%s: empty file, want the header %s", name, strings.Join(cols, ","))
	}
	if err != nil {
		return signalsData{}, csvError(name, err)
	}
	if !sameColumns(header, cols) {
		return signalsData{}, fmt.Errorf("%s:1: header %q, want %s for --chart %s", name, strings.Join(header, ","), strings.Join(cols, ","), kind)
	}
	var d signalsData
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return signalsData{}, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		if err := d.add(rec, cols, kind); err != nil {
			return signalsData{}, fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
	if len(d.values) == 0 {
		return signalsData{}, fmt.Errorf("%s: no data rows after the header", name)
	}
	return d, nil
}

func sameColumns(header, want []string) bool {
	if len(header) != len(want) {
		return false
	}
	for i, h := range header {
		h = strings.TrimPrefix(h, "\ufeff") // a byte-order mark from spreadsheet exports
		if !strings.EqualFold(strings.TrimSpace(h), want[i]) {
			return false
		}
	}
	return true
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %w", name, pe.Line, pe.Err)
	}
	return fmt.Errorf("read %s: %w", name, err)
}

// add appends one record, checking each field.
func (d *signalsData) add(rec, cols []string, kind spc.Kind) error {
	if len(rec) != len(cols) {
		return fmt.Errorf("%d fields, want %d (%s)", len(rec), len(cols), strings.Join(cols, ","))
	}
	period := strings.TrimSpace(rec[0])
	if period == "" {
		return errors.New(`field "period" is empty`)
	}
	nums := make([]float64, len(cols)-1)
	for i := range nums {
		s := strings.TrimSpace(rec[i+1])
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("field %q: %q is not a finite number", cols[i+1], s)
		}
		nums[i] = v
	}
	if kind == spc.Individuals {
		d.periods, d.values = append(d.periods, period), append(d.values, nums[0])
		return nil
	}
	num, den := nums[0], nums[1]
	switch {
	case num < 0:
		return fmt.Errorf("field \"numerator\": %v is negative", num)
	case den <= 0:
		return fmt.Errorf("field \"denominator\": %v is not positive", den)
	case kind == spc.Proportion && num > den:
		return fmt.Errorf("field \"numerator\": %v exceeds the denominator %v on a p-chart", num, den)
	}
	d.num, d.den = append(d.num, num), append(d.den, den)
	d.periods = append(d.periods, period)
	d.values = append(d.values, num/den)
	return nil
}

// signalsOutput is the JSON the command prints. Centre is the median for
// run-chart rules, whose sigma and limits are null; sigma and limits are one
// per point on p- and u-charts.
type signalsOutput struct {
	Centre  float64        `json:"centre"`
	Sigma   any            `json:"sigma"`
	UCL     any            `json:"ucl"`
	LCL     any            `json:"lcl"`
	Signals []signalPoints `json:"signals"`
}

// signalPoints is a signal with the periods of its points as the file
// wrote them, so that a reader need not count rows to find "point 7".
type signalPoints struct {
	spc.Signal
	Periods []string `json:"periods"`
	// Effect and Sentence are given when --direction says which way is
	// better.
	Effect   string `json:"effect,omitempty"`
	Sentence string `json:"sentence,omitempty"`
}

// withPeriods names the periods of each signal's points.
func withPeriods(sig []spc.Signal, periods []string) []signalPoints {
	out := make([]signalPoints, len(sig))
	for i, s := range sig {
		out[i] = signalPoints{Signal: s, Periods: make([]string, len(s.Points))}
		for j, p := range s.Points {
			out[i].Periods[j] = periods[p]
		}
	}
	return out
}

func evaluateSignals(d signalsData, rs spc.RuleSet, kind spc.Kind, opt spc.Options) (signalsOutput, error) {
	if rs.RunChartRules() {
		rc, err := spc.NewRunChart(d.values, opt)
		if err != nil {
			return signalsOutput{}, err
		}
		sig, err := rc.Signals(rs)
		return signalsOutput{Centre: rc.Median[0], Signals: withPeriods(sig, d.periods)}, err
	}
	var c *spc.Chart
	var err error
	switch kind {
	case spc.Proportion:
		c, err = spc.PChart(d.num, d.den, opt)
	case spc.Rate:
		c, err = spc.UChart(d.num, d.den, opt)
	default:
		c, err = spc.IChart(d.values, opt)
	}
	if err != nil {
		return signalsOutput{}, err
	}
	sig, err := c.Signals(rs)
	out := signalsOutput{Centre: c.Centre[0], Sigma: c.Sigma, UCL: c.UCL, LCL: c.LCL, Signals: withPeriods(sig, d.periods)}
	if kind == spc.Individuals {
		out.Sigma, out.UCL, out.LCL = c.Sigma[0], c.UCL[0], c.LCL[0]
	}
	return out, err
}

// parseDirection reads --direction: "" (no sentences), higher or lower.
func parseDirection(s string) (accord.Direction, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return "", nil
	case "higher", "higher-is-better", "higher_is_better":
		return accord.HigherIsBetter, nil
	case "lower", "lower-is-better", "lower_is_better":
		return accord.LowerIsBetter, nil
	}
	return "", usageErrorf("--direction must be higher or lower, got %q", s)
}

// describeSignals gives each signal its effect for the direction and the
// plain sentence the signals page would show, with the periods as the
// file wrote them.
func describeSignals(sigs []signalPoints, dir accord.Direction, name string) {
	sd := map[accord.Direction]spc.Direction{accord.HigherIsBetter: spc.HigherIsBetter, accord.LowerIsBetter: spc.LowerIsBetter}[dir]
	for i, s := range sigs {
		eff := string(spc.Classify(s.Signal, sd))
		sigs[i].Effect = eff
		if len(s.Periods) == 0 {
			continue
		}
		sigs[i].Sentence = watch.Sentence(watch.SentenceParts{KPIName: name, Direction: dir, Kind: accord.SignalSPC, Rule: string(s.Rule), Effect: eff,
			FirstWords: s.Periods[0], LastWords: s.Periods[len(s.Periods)-1], Count: s.Points[len(s.Points)-1] - s.Points[0] + 1})
	}
}
