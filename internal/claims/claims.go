// Package claims computes a settlement's performance summary from claims
// and enrollment files laid out like CMS's Claim and Claim Line Feed (CCLF):
// per-beneficiary expenditure, truncation at a percentile, member months.
//
// It streams: memory grows with the number of beneficiaries, not with the
// number of claim lines. Money is integer cents throughout.
package claims

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Month is a calendar month, counted as year×12 + month−1.
type Month int32

// MonthOf returns the month of t.
func MonthOf(t time.Time) Month { return Month(t.Year()*12 + int(t.Month()) - 1) }

// String returns "YYYY-MM".
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", int(m)/12, int(m)%12+1) }

// Options say which claims count.
type Options struct {
	// First and Last are the months of the performance period, inclusive.
	First, Last Month
	// RunoutMonths is how long after the period claims may be loaded and
	// still count (by CLM_IDR_LD_DT); -1 means no limit (other negative
	// numbers are refused).
	RunoutMonths int
	// TruncatePPM is the percentile, in parts per million, at which each
	// beneficiary's expenditure is capped (990000 = 99th); 0 disables.
	TruncatePPM int64
	// ExcludeTypes lists CLM_TYPE_CD values whose claims do not count.
	ExcludeTypes map[string]bool
	// Workers is how many goroutines parse a claims file; 0 means one per
	// CPU. The result does not depend on it.
	Workers int
}

// DefaultOptions returns the options for a calendar performance year: a
// three-month run-out and truncation at the 99th percentile.
func DefaultOptions(year int) Options {
	return Options{First: Month(year * 12), Last: Month(year*12 + 11), RunoutMonths: 3, TruncatePPM: 990_000}
}

func (o Options) validate() error {
	switch {
	case o.Last < o.First:
		return fmt.Errorf("claims: period ends (%s) before it starts (%s)", o.Last, o.First)
	case o.Last-o.First >= 64:
		return fmt.Errorf("claims: period %s..%s is longer than 64 months", o.First, o.Last)
	case o.RunoutMonths < -1:
		return fmt.Errorf("claims: run-out must be a number of months, or -1 for no limit; got %d", o.RunoutMonths)
	case o.TruncatePPM < 0 || o.TruncatePPM > 1_000_000:
		return fmt.Errorf("claims: truncation percentile must be between 0 and 100")
	}
	return nil
}

// Totals is what the files add up to.
type Totals struct {
	// Beneficiaries is the number with at least one member month.
	Beneficiaries int64 `json:"beneficiaries"`
	// MemberMonths is the sum of enrolled months in the period.
	MemberMonths int64 `json:"member_months"`
	// ExpenditureCents is the sum of per-beneficiary expenditure after
	// truncation; RawExpenditureCents before it.
	ExpenditureCents    int64 `json:"expenditure_cents"`
	RawExpenditureCents int64 `json:"raw_expenditure_cents"`
	// TruncationCents is the per-beneficiary cap (0 when not truncating),
	// and Truncated the number of beneficiaries capped.
	TruncationCents int64 `json:"truncation_cents"`
	Truncated       int64 `json:"truncated"`
	// Lines counts claim lines read; Counted those that count; the rest
	// are skipped for the reasons in Skipped.
	Lines   int64            `json:"lines"`
	Counted int64            `json:"counted"`
	Skipped map[string]int64 `json:"skipped"`
	// FilesRead are the files of a claims directory that were read, and
	// FilesNotRead the others in it (a misnamed or upper-case file is not
	// read, and says so here rather than being ignored in silence).
	FilesRead    []string `json:"files_read,omitempty"`
	FilesNotRead []string `json:"files_not_read,omitempty"`
}

// Reasons a claim line does not count.
const (
	SkipNotEnrolled = "beneficiary not enrolled"
	SkipOutside     = "service outside the period"
	SkipLate        = "loaded after the run-out"
	SkipType        = "excluded claim type"
)

// ParseError names the file, line and field of a bad value; in a Parquet
// file (Row), the row and the column.
type ParseError struct {
	File  string
	Line  int64
	Field string
	Msg   string
	// Row says Line is a Parquet file's row number (0: the file itself).
	Row bool
	// Err, when set, is the kind of problem (ErrNobodyEnrolled).
	Err error
}

// ErrNobodyEnrolled is the kind of a ParseError for a period in which no
// one is enrolled: settling it would pay the whole savings cap on $0.
var ErrNobodyEnrolled = errors.New("nobody is enrolled in the period")

// Unwrap returns the kind of problem, if one is set.
func (e *ParseError) Unwrap() error { return e.Err }

// Error returns "file:line: field: message", or for Parquet
// "file: row N: column C: message".
func (e *ParseError) Error() string {
	if e.Row {
		var b strings.Builder
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ": row %d", e.Line)
		}
		if e.Field != "" {
			b.WriteString(": column " + e.Field)
		}
		return b.String() + ": " + e.Msg
	}
	where := e.File
	if e.Line > 0 {
		where = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if e.Field == "" {
		return where + ": " + e.Msg
	}
	return where + ": " + e.Field + ": " + e.Msg
}
