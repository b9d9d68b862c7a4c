package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/accord-alliance/accord/internal/claims"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/settle"
)

// cmdSettle computes a settlement from terms (a built-in name or a terms
// file) and a performance summary file, and prints the result with its
// worksheet as JSON or text.
func cmdSettle(_ context.Context, env *Env, args []string) error {
	flags := newFlagSet(env, "settle", "settle --terms NAME-OR-FILE (--summary FILE.json | --claims DIR --year YYYY [--summary FILE.json]) [--what-if NAME-OR-FILE] [--format json|text]")
	termsRef := flags.String("terms", "", "built-in terms name ("+strings.Join(settle.BuiltinNames(), ", ")+") or a terms file, JSON or YAML")
	summaryPath := flags.String("summary", "", "performance summary JSON file")
	format := flags.String("format", "json", "output format: json or text")
	claimsDir := flags.String("claims", "", "directory of CCLF-style claims and enrollment files, CSV or Parquet (NAME.csv or NAME.parquet); sets actual_expenditure, member_months and assigned_beneficiaries")
	year := flags.Int("year", 0, "performance year of the claims (with --claims)")
	runout := flags.Int("runout", 3, "months after the year in which claims may be loaded and still count (with --claims; -1: no limit)")
	truncate := flags.String("truncate", "99", "percentile at which each beneficiary's expenditure is capped (with --claims; 0: none)")
	exclude := flags.String("exclude-claim-types", "", "comma-separated CLM_TYPE_CD values that do not count (with --claims)")
	whatIf := flags.String("what-if", "", "also settle under these terms (a built-in name or a file, e.g. a proposed amendment) and show both side by side")
	if err := flags.Parse(args); err != nil {
		return err
	}
	switch {
	case flags.NArg() > 0:
		return usageErrorf("unexpected argument %q", flags.Arg(0))
	case *termsRef == "":
		return usageErrorf("--terms is required")
	case *summaryPath == "" && *claimsDir == "":
		return usageErrorf("--summary is required (or --claims)")
	case *claimsDir != "" && *year == 0:
		return usageErrorf("--year is required with --claims")
	case *format != "json" && *format != "text":
		return usageErrorf("--format must be json or text, got %q", *format)
	}
	var opts claims.Options
	if *claimsDir != "" {
		var err error
		if opts, err = claimsOptions(*year, *runout, *truncate, *exclude); err != nil {
			return err
		}
	}
	terms, err := loadTerms(*termsRef)
	if err != nil {
		return err
	}
	var summary settle.Summary
	if *summaryPath != "" {
		if summary, err = loadSummary(*summaryPath); err != nil {
			return err
		}
	}
	var totals *claims.Totals
	if *claimsDir != "" {
		if totals, err = summaryFromClaims(&summary, *summaryPath, *claimsDir, opts); err != nil {
			return err
		}
	}
	res, err := settle.Settle(&terms, &summary)
	if err != nil {
		return settleError(err, *summaryPath)
	}
	if totals != nil {
		noteOtherYear(res, &terms, *year)
	}
	if *whatIf != "" {
		other, err := loadTerms(*whatIf)
		if err != nil {
			return err
		}
		res2, err := settle.Settle(&other, &summary)
		if err != nil {
			return settleError(err, *summaryPath)
		}
		if totals != nil {
			noteOtherYear(res2, &other, *year)
		}
		return writeWhatIf(env.Stdout, *format, res, res2, totals)
	}
	if *format == "text" {
		return writeSettlementText(env.Stdout, &terms, res, totals)
	}
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		*settle.Result
		Claims *claims.Totals `json:"claims,omitempty"`
	}{res, totals})
}

// settleError names the summary file and field of a figure the terms need.
func settleError(err error, summaryPath string) error {
	var fe *settle.FieldError
	switch {
	case errors.As(err, &fe) && summaryPath != "":
		return fmt.Errorf("summary %s: %s: %s", summaryPath, fe.Field, fe.Msg)
	case errors.As(err, &fe):
		return fmt.Errorf("summary: %s: %s (give it in a --summary file)", fe.Field, fe.Msg)
	}
	return err
}

func claimsOptions(year, runout int, truncate, exclude string) (claims.Options, error) {
	if year < 1900 || year > 2999 {
		return claims.Options{}, usageErrorf("--year must be a year such as 2022, got %d", year)
	}
	if runout < -1 {
		return claims.Options{}, usageErrorf("--runout must be a number of months, or -1 for no limit, got %d", runout)
	}
	opts := claims.DefaultOptions(year)
	opts.RunoutMonths = runout
	p, err := number.ParseRate(truncate)
	if err != nil || p.Sign() < 0 || p.Cmp(number.NewRate(100, 1)) > 0 {
		return claims.Options{}, usageErrorf("--truncate must be a percentile between 0 and 100, got %q", truncate)
	}
	ppm := p.Mul(number.NewRate(10_000, 1))
	if ppm.Rat().IsInt() {
		opts.TruncatePPM = ppm.Rat().Num().Int64()
	} else {
		return claims.Options{}, usageErrorf("--truncate: at most four decimals, got %q", truncate)
	}
	if exclude != "" {
		opts.ExcludeTypes = map[string]bool{}
		for _, c := range strings.Split(exclude, ",") {
			opts.ExcludeTypes[strings.TrimSpace(c)] = true
		}
	}
	return opts, nil
}

// summaryFromClaims fills the summary's expenditure, member months and
// beneficiaries from a claims directory; the summary file must leave them
// out, so that no figure has two sources.
func summaryFromClaims(s *settle.Summary, path, dir string, opts claims.Options) (*claims.Totals, error) {
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"actual_expenditure", s.ActualExpenditure != nil},
		{"member_months", s.MemberMonths != 0},
		{"assigned_beneficiaries", s.AssignedBeneficiaries != 0},
	} {
		if f.set {
			return nil, fmt.Errorf("summary %s: %s: comes from --claims; leave it out", path, f.name)
		}
	}
	t, err := claims.FromDir(dir, opts)
	if errors.Is(err, claims.ErrNobodyEnrolled) {
		return nil, fmt.Errorf("--year %d: %w (is it the right year?)", opts.First/12, err)
	}
	if err != nil {
		return nil, err
	}
	exp := number.Money(t.ExpenditureCents)
	s.ActualExpenditure, s.MemberMonths, s.AssignedBeneficiaries = &exp, t.MemberMonths, t.Beneficiaries
	s.ExpenditureFrom = fmt.Sprintf("claims in %s (%s)", dir, strings.Join(t.FilesRead, ", "))
	return &t, nil
}

// noteOtherYear adds a note to the result when the terms are named for one
// programme year and the claims are of another: the rules of one year may
// not be those of the next, and nothing else would say so.
func noteOtherYear(res *settle.Result, t *settle.Terms, year int) {
	for _, f := range strings.FieldsFunc(t.Name, func(r rune) bool { return r < '0' || r > '9' }) {
		if len(f) != 4 || (f[:2] != "19" && f[:2] != "20") {
			continue
		}
		if f != strconv.Itoa(year) {
			res.Notes = append(res.Notes, fmt.Sprintf("the terms %s are for programme year %s, the claims for %d: check that these terms apply to %d", t.Name, f, year, year))
		}
		return
	}
}

// loadTerms resolves a built-in name first, then a file.
func loadTerms(ref string) (settle.Terms, error) {
	if t, ok := settle.Builtin(ref); ok {
		return t, nil
	}
	f, err := os.Open(ref)
	if errors.Is(err, fs.ErrNotExist) {
		return settle.Terms{}, fmt.Errorf("terms %q: neither a built-in (%s) nor a file", ref, strings.Join(settle.BuiltinNames(), ", "))
	}
	if err != nil {
		return settle.Terms{}, fmt.Errorf("read terms: %w", err)
	}
	defer f.Close()
	t, err := settle.DecodeTerms(f)
	if err != nil {
		return settle.Terms{}, fmt.Errorf("terms %s: %w", ref, err)
	}
	return t, nil
}

func loadSummary(path string) (settle.Summary, error) {
	f, err := os.Open(path)
	if err != nil {
		return settle.Summary{}, fmt.Errorf("read summary: %w", err)
	}
	defer f.Close()
	s, err := settle.DecodeSummary(f)
	if err != nil {
		return settle.Summary{}, fmt.Errorf("summary %s: %w", path, err)
	}
	return s, nil
}

// writeSettlementText prints the worksheet for people: each figure with its
// value, then how it was computed and the rule behind it.
func writeSettlementText(w io.Writer, t *settle.Terms, res *settle.Result, ct *claims.Totals) error {
	title := t.Name
	if t.Title != "" {
		title += " — " + t.Title
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Settlement under %s\n\n", title)
	if ct != nil {
		fmt.Fprintf(&b, "From claims: %s beneficiaries, %s member months, %s claim lines read, %s counted;\n",
			number.GroupInt(ct.Beneficiaries), number.GroupInt(ct.MemberMonths), number.GroupInt(ct.Lines), number.GroupInt(ct.Counted))
		fmt.Fprintf(&b, "expenditure %s before truncation, %s after (%s beneficiaries capped at %s).\n",
			number.Money(ct.RawExpenditureCents).Display(), number.Money(ct.ExpenditureCents).Display(),
			number.GroupInt(ct.Truncated), number.Money(ct.TruncationCents).Display())
		writeFiles(&b, ct)
	}
	width := 0
	for _, l := range res.Worksheet {
		width = max(width, utf8.RuneCountInString(l.Label))
	}
	for i, l := range res.Worksheet {
		pad := strings.Repeat(" ", width-utf8.RuneCountInString(l.Label))
		fmt.Fprintf(&b, "%3d  %s%s  %18s\n", i+1, l.Label, pad, lineValue(l))
		if l.Formula != "" {
			fmt.Fprintf(&b, "     = %s\n", l.Formula)
		}
		fmt.Fprintf(&b, "     rule: %s\n", l.Rule)
	}
	verdict := "paid to the ACO side"
	switch {
	case res.SharedSavings < 0:
		verdict = "owed by the ACO side"
	case res.SharedSavings == 0:
		verdict = "nothing shared"
	}
	fmt.Fprintf(&b, "\nShared savings: %s (%s)\n", res.SharedSavings.Display(), verdict)
	if len(res.Payments) > 0 {
		fmt.Fprintf(&b, "Net settlement with payments: %s\n", res.NetSettlement.Display())
	}
	for _, p := range res.PartyShares {
		fmt.Fprintf(&b, "  %-32s %18s\n", p.Party, p.Total.Display())
	}
	for _, n := range res.Notes {
		fmt.Fprintf(&b, "Note: %s\n", n)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeFiles says which files of the claims directory were read and which
// were not, so that a misnamed file is not ignored in silence.
func writeFiles(b *strings.Builder, ct *claims.Totals) {
	fmt.Fprintf(b, "Files read: %s.\n", strings.Join(ct.FilesRead, ", "))
	if len(ct.FilesNotRead) > 0 {
		fmt.Fprintf(b, "Not read (not a claims file name; names are lower case): %s.\n", strings.Join(ct.FilesNotRead, ", "))
	}
	b.WriteString("\n")
}

func lineValue(l settle.Line) string {
	switch {
	case l.Amount != nil:
		return l.Amount.Display()
	case l.Rate != nil:
		return l.Rate.Percent(4)
	case l.Count != nil:
		return number.GroupInt(*l.Count)
	case l.Flag != nil && *l.Flag:
		return "yes"
	case l.Flag != nil:
		return "no"
	}
	return ""
}

// writeWhatIf shows one period settled under two sets of terms.
func writeWhatIf(w io.Writer, format string, a, b *settle.Result, ct *claims.Totals) error {
	var names []string
	seen := map[string]bool{}
	for _, r := range []*settle.Result{a, b} {
		for _, p := range r.PartyShares {
			if !seen[p.Party] {
				seen[p.Party] = true
				names = append(names, p.Party)
			}
		}
	}
	total := func(r *settle.Result, name string) number.Money {
		for _, p := range r.PartyShares {
			if p.Party == name {
				return p.Total
			}
		}
		return 0
	}
	if format == "json" {
		change := map[string]number.Money{}
		for _, n := range names {
			change[n] = total(b, n) - total(a, n)
		}
		type delta struct {
			SharedSavings number.Money            `json:"shared_savings"`
			NetSettlement number.Money            `json:"net_settlement"`
			PartyTotals   map[string]number.Money `json:"party_totals"`
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Current *settle.Result `json:"current"`
			WhatIf  *settle.Result `json:"what_if"`
			Change  delta          `json:"change"`
			Claims  *claims.Totals `json:"claims,omitempty"`
		}{a, b, delta{b.SharedSavings - a.SharedSavings, b.NetSettlement - a.NetSettlement, change}, ct})
	}
	var sb strings.Builder
	row := func(label, x, y, change string) {
		sb.WriteString(strings.TrimRight(fmt.Sprintf("%-26s %20s %20s %18s", label, x, y, change), " ") + "\n")
	}
	money := func(label string, x, y number.Money) { row(label, x.Display(), y.Display(), (y - x).Display()) }
	rate := func(label string, x, y *number.Rate) { row(label, ratePercent(x), ratePercent(y), "") }
	row("", a.Terms, b.Terms, "change")
	money("Benchmark", a.Benchmark, b.Benchmark)
	money("Actual expenditure", a.ActualExpenditure, b.ActualExpenditure)
	money("Gross savings", a.GrossSavings, b.GrossSavings)
	rate("Savings rate", &a.SavingsRate, &b.SavingsRate)
	rate("Minimum savings rate", &a.MinimumSavingsRate, &b.MinimumSavingsRate)
	rate("Minimum loss rate", a.MinimumLossRate, b.MinimumLossRate)
	row("Qualified", yesNo(a.Qualified), yesNo(b.Qualified), "")
	rate("Sharing rate", &a.SharingRate, &b.SharingRate)
	rate("Loss rate", a.LossRate, b.LossRate)
	money("Shared before adjustment", a.SharedBeforeAdjustment, b.SharedBeforeAdjustment)
	money("Loss adjustment", a.LossAdjustment, b.LossAdjustment)
	money("Sequestration", a.Sequestration, b.Sequestration)
	money("Shared savings", a.SharedSavings, b.SharedSavings)
	money("Net settlement", a.NetSettlement, b.NetSettlement)
	for _, n := range names {
		money(n, total(a, n), total(b, n))
	}
	for _, r := range []*settle.Result{a, b} {
		for _, n := range r.Notes {
			fmt.Fprintf(&sb, "Note (%s): %s\n", r.Terms, n)
		}
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

func ratePercent(r *number.Rate) string {
	if r == nil {
		return "—"
	}
	return r.Percent(4)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
