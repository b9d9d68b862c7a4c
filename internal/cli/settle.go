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

	"github.com/accord-alliance/accord/internal/settle"
)

// cmdSettle computes a settlement from terms (a built-in name or a terms
// file) and a performance summary file, and prints the result with its
// worksheet as JSON or text.
func cmdSettle(_ context.Context, env *Env, args []string) error {
	flags := newFlagSet(env, "settle", "settle --terms NAME-OR-FILE --summary FILE.json [--format json|text]")
	termsRef := flags.String("terms", "", "built-in terms name ("+strings.Join(settle.BuiltinNames(), ", ")+") or a terms JSON file")
	summaryPath := flags.String("summary", "", "performance summary JSON file")
	format := flags.String("format", "json", "output format: json or text")
	if err := flags.Parse(args); err != nil {
		return err
	}
	switch {
	case flags.NArg() > 0:
		return usageErrorf("unexpected argument %q", flags.Arg(0))
	case *termsRef == "":
		return usageErrorf("--terms is required")
	case *summaryPath == "":
		return usageErrorf("--summary is required")
	case *format != "json" && *format != "text":
		return usageErrorf("--format must be json or text, got %q", *format)
	}
	terms, err := loadTerms(*termsRef)
	if err != nil {
		return err
	}
	summary, err := loadSummary(*summaryPath)
	if err != nil {
		return err
	}
	res, err := settle.Settle(&terms, &summary)
	if err != nil {
		var fe *settle.FieldError
		if errors.As(err, &fe) {
			return fmt.Errorf("summary %s: %s: %s", *summaryPath, fe.Field, fe.Msg)
		}
		return err
	}
	if *format == "text" {
		return writeSettlementText(env.Stdout, &terms, res)
	}
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
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
func writeSettlementText(w io.Writer, t *settle.Terms, res *settle.Result) error {
	title := t.Name
	if t.Title != "" {
		title += " — " + t.Title
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Settlement under %s\n\n", title)
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
	if res.SharedSavings < 0 {
		verdict = "owed by the ACO side"
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

func lineValue(l settle.Line) string {
	switch {
	case l.Amount != nil:
		return l.Amount.Display()
	case l.Rate != nil:
		return l.Rate.Percent(4)
	case l.Count != nil:
		return groupDigits(*l.Count)
	case l.Flag != nil && *l.Flag:
		return "yes"
	case l.Flag != nil:
		return "no"
	}
	return ""
}

func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
