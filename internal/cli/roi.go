package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/accord-alliance/accord/internal/csvscan"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/roi"
)

// defaultDiscountRate is the annual discount rate of `accord roi` when
// --rate is not given.
const defaultDiscountRate = "0.08"

// maxFlowErrors bounds the bad lines reported from one flows file.
const maxFlowErrors = 10

// cmdROI values a co-investment's cash flows: each party's NPV at its rate,
// IRR, payback and discounted payback dates, invested and returned, and
// the same for all the flows together (docs/initiatives.md).
func cmdROI(_ context.Context, env *Env, args []string) error {
	flags := newFlagSet(env, "roi", "roi --flows FILE.csv [--rate 0.08] [--rates PARTY=RATE,...] [--format json|text]")
	flowsPath := flags.String("flows", "", "cash flows CSV with columns date (YYYY-MM-DD), party and amount (dollars, negative = money out), in any order; - reads standard input")
	rateText := flags.String("rate", defaultDiscountRate, "annual discount rate (0.08 or 8%) of the total, and of every party when --rates is not given")
	ratesText := flags.String("rates", "", "each party's own annual discount rate, PARTY=RATE,... naming every party of the file; the total keeps --rate")
	format := flags.String("format", "json", "output format: json or text")
	if err := flags.Parse(args); err != nil {
		return err
	}
	switch {
	case flags.NArg() > 0:
		return usageErrorf("unexpected argument %q", flags.Arg(0))
	case *flowsPath == "":
		return usageErrorf("--flows is required")
	case *format != "json" && *format != "text":
		return usageErrorf("--format must be json or text, got %q", *format)
	}
	total, err := parseDiscountRate("--rate", *rateText)
	if err != nil {
		return err
	}
	own, err := parsePartyRates(*ratesText)
	if err != nil {
		return err
	}
	name, flows, err := loadFlows(env, *flowsPath)
	if err != nil {
		return err
	}
	if err := checkPartyRates(name, flows, own); err != nil {
		return err
	}
	rep, err := roi.Evaluate(flows, roi.Rates{Total: total, Party: own})
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if *format == "text" {
		return writeROIText(env.Stdout, name, rep)
	}
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(roiReport(rep))
}

// parseDiscountRate reads an annual rate as a decimal or a percentage; it
// must be above −100%.
func parseDiscountRate(flag, s string) (float64, error) {
	r, err := number.ParseRate(s)
	if err != nil {
		return 0, usageErrorf("%s: %q is not a rate (write 0.08 or 8%%)", flag, s)
	}
	f, _ := r.Rat().Float64()
	if f <= -1 {
		return 0, usageErrorf("%s: %s is not above -100%%", flag, s)
	}
	return f, nil
}

// parsePartyRates reads --rates: PARTY=RATE items separated by commas.
func parsePartyRates(s string) (map[string]float64, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	rates := map[string]float64{}
	for _, item := range strings.Split(s, ",") {
		i := strings.LastIndex(item, "=")
		if i < 0 {
			return nil, usageErrorf("--rates: %q is not PARTY=RATE", strings.TrimSpace(item))
		}
		party := strings.TrimSpace(item[:i])
		if party == "" {
			return nil, usageErrorf("--rates: %q names no party", strings.TrimSpace(item))
		}
		if _, dup := rates[party]; dup {
			return nil, usageErrorf("--rates: %s is given two rates", party)
		}
		r, err := parseDiscountRate("--rates: "+party, strings.TrimSpace(item[i+1:]))
		if err != nil {
			return nil, err
		}
		rates[party] = r
	}
	return rates, nil
}

// checkPartyRates makes --rates name exactly the file's parties: a party
// left out, or a name mistyped, would otherwise be valued at another rate
// in silence.
func checkPartyRates(file string, flows []roi.Flow, rates map[string]float64) error {
	if rates == nil {
		return nil
	}
	seen := map[string]bool{}
	for _, f := range flows {
		if _, ok := rates[f.Party]; !ok {
			return usageErrorf("--rates gives no rate for %s, a party of %s", f.Party, file)
		}
		seen[f.Party] = true
	}
	for p := range rates {
		if !seen[p] {
			return usageErrorf("--rates names %s, who has no flows in %s", p, file)
		}
	}
	return nil
}

// loadFlows reads the flows file (standard input for "-") and returns the
// name errors give it.
func loadFlows(env *Env, path string) (string, []roi.Flow, error) {
	if path == "-" {
		fl, err := readFlows(env.Stdin, "standard input")
		return "standard input", fl, err
	}
	f, err := os.Open(path)
	if err != nil {
		return path, nil, fmt.Errorf("flows: %w", err)
	}
	defer f.Close()
	fl, err := readFlows(f, path)
	return path, fl, err
}

// flowColumns are the columns a flows file needs; others are ignored.
var flowColumns = []string{"date", "party", "amount"}

// readFlows reads a flows CSV through csvscan. It reports up to
// maxFlowErrors bad lines, each as "FILE line N, FIELD: what is wrong".
func readFlows(r io.Reader, file string) ([]roi.Flow, error) {
	sc := csvscan.New(r, file)
	header, err := sc.Header(strings.ToLower)
	if err != nil {
		return nil, flowError(file, err)
	}
	at := map[string]int{}
	for i, h := range header {
		at[h] = i
	}
	for _, c := range flowColumns {
		if _, ok := at[c]; !ok {
			return nil, fmt.Errorf("%s line 1: the header has no %s column (the columns are date, party and amount, in any order)", file, c)
		}
	}
	var flows []roi.Flow
	var errs []error
	for len(errs) < maxFlowErrors {
		rec, err := sc.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if errs = append(errs, flowError(file, err)); !errors.Is(err, csvscan.ErrWidth) {
				break
			}
			continue
		}
		f, err := parseFlow(rec, at, fmt.Sprintf("%s line %d", file, sc.Line()))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		flows = append(flows, f)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(flows) == 0 {
		return nil, fmt.Errorf("%s: the file has a header but no flows", file)
	}
	return flows, nil
}

// parseFlow reads one record; where names the line in errors.
func parseFlow(rec [][]byte, at map[string]int, where string) (roi.Flow, error) {
	dateText := strings.TrimSpace(string(rec[at["date"]]))
	d, err := time.Parse(time.DateOnly, dateText)
	if err != nil {
		return roi.Flow{}, fmt.Errorf("%s, date: %q is not a date (YYYY-MM-DD)", where, dateText)
	}
	party := strings.TrimSpace(string(rec[at["party"]]))
	if party == "" {
		return roi.Flow{}, fmt.Errorf("%s, party: empty (every flow needs the party it is paid by or to)", where)
	}
	amountText := strings.TrimSpace(string(rec[at["amount"]]))
	a, err := number.ParseMoney(amountText)
	if err != nil {
		return roi.Flow{}, fmt.Errorf("%s, amount: %q is not an amount (dollars such as -1234.56, no more than two decimals)", where, amountText)
	}
	return roi.Flow{Date: d, Party: party, Amount: a}, nil
}

// flowError writes a scanner's error as "FILE line N[, FIELD]: message".
func flowError(file string, err error) error {
	var se *csvscan.Error
	if !errors.As(err, &se) {
		return fmt.Errorf("read %s: %w", file, err)
	}
	where := fmt.Sprintf("%s line %d", se.File, se.Line)
	if se.Field != "" {
		where += ", " + se.Field
	}
	return errors.New(where + ": " + se.Msg)
}

// roiReturn is a return in the JSON output: irr is null, with irr_reason,
// where no single rate solves it; dates are null where there is none.
type roiReturn struct {
	NPV                   number.Money `json:"npv"`
	IRR                   *json.Number `json:"irr"`
	IRRReason             string       `json:"irr_reason,omitempty"`
	PaybackDate           *string      `json:"payback_date"`
	DiscountedPaybackDate *string      `json:"discounted_payback_date"`
	Invested              number.Money `json:"invested"`
	Returned              number.Money `json:"returned"`
}

type roiParty struct {
	Party string `json:"party"`
	roiReturn
}

type roiOutput struct {
	Parties []roiParty `json:"parties"`
	Total   roiReturn  `json:"total"`
}

func roiReport(rep *roi.Report) roiOutput {
	out := roiOutput{Parties: []roiParty{}, Total: roiJSON(rep.Total)}
	for _, p := range rep.Parties {
		out.Parties = append(out.Parties, roiParty{p.Party, roiJSON(p.Return)})
	}
	return out
}

func roiJSON(r roi.Return) roiReturn {
	out := roiReturn{NPV: r.NPV, Invested: r.Invested, Returned: r.Returned,
		PaybackDate: dateOrNull(r.Payback), DiscountedPaybackDate: dateOrNull(r.DiscountedPayback)}
	if r.IRR.OK {
		n := json.Number(irrDecimal(r.IRR.Rate))
		out.IRR = &n
	} else {
		out.IRRReason = r.IRR.Reason
	}
	return out
}

// irrDecimal writes a rate to ten decimals (the solver's tolerance), with
// no trailing zeros.
func irrDecimal(r float64) string {
	v := math.Round(r*1e10) / 1e10
	if v == 0 {
		v = 0 // no "-0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func dateOrNull(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(time.DateOnly)
	return &s
}

// writeROIText writes the report as an aligned table, then the reasons
// where there is no IRR.
func writeROIText(w io.Writer, file string, rep *roi.Report) error {
	rows := [][]string{{"Party", "Rate", "NPV", "IRR", "Payback", "Disc. payback", "Invested", "Returned"}}
	var notes []string
	add := func(name string, r roi.Return) {
		irr := "—"
		if r.IRR.OK {
			irr = percentText(r.IRR.Rate)
		} else {
			notes = append(notes, fmt.Sprintf("%s: no IRR: %s.", name, r.IRR.Reason))
		}
		rows = append(rows, []string{name, percentText(r.Rate), r.NPV.Display(), irr,
			dateText(r.Payback), dateText(r.DiscountedPayback), r.Invested.Display(), r.Returned.Display()})
	}
	for _, p := range rep.Parties {
		add(p.Party, p.Return)
	}
	add("Total", rep.Total)
	var b strings.Builder
	fmt.Fprintf(&b, "Return on co-investment, from %s\n\n", file)
	writeAligned(&b, rows, len(rows)-1)
	b.WriteString("\nNPV as of each row's first flow (the total's: the first flow of all), Actual/365; payback: the first date\nfrom which the running sum of flows (discounted, for the discounted payback) stays at or above zero.\n")
	for _, n := range notes {
		b.WriteString("Note: " + n + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeAligned writes rows in columns, the first left-aligned and the
// others right-aligned, with a rule above row rule.
func writeAligned(b *strings.Builder, rows [][]string, rule int) {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	for n, r := range rows {
		if n == rule {
			total := 0
			for _, w := range widths {
				total += w + 2
			}
			b.WriteString(strings.Repeat("-", total-2) + "\n")
		}
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			switch {
			case i == 0:
				b.WriteString(c + pad)
			default:
				b.WriteString("  " + pad + c)
			}
		}
		b.WriteString("\n")
	}
}

func percentText(r float64) string {
	s := strconv.FormatFloat(r*100, 'f', 2, 64)
	if s == "-0.00" {
		s = "0.00"
	}
	return number.Group(s) + "%"
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.Format(time.DateOnly)
}
