package cli

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A small claims directory: two beneficiaries enrolled in 2022 and a
// physician file in CCLF column order (amount before the adjustment code
// and load date).
const (
	refuseEnrollment = "CURRENT_BENE_MBI_ID,ENROLLMENT_START_DATE,ENROLLMENT_END_DATE\nA,2022-01-01,2022-12-31\nB,2022-03-01,2022-12-31\n"
	refuseHeader     = "BENE_MBI_ID,CLM_TYPE_CD,CLM_LINE_THRU_DT,CLM_LINE_CVRD_PD_AMT,CLM_ADJSMT_TYPE_CD,CLM_IDR_LD_DT\n"
	refuseGoodLine   = "A,71,2022-05-01,1234.56,0,2022-06-01\n"
)

// claimsDirWith writes a claims directory with the given files, the
// enrollment file unless one is given.
func claimsDirWith(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["enrollment.csv"]; !ok {
		files["enrollment.csv"] = refuseEnrollment
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestSettleRefusesInputThatCannotBeMeant runs accord settle --claims on
// input it used to settle money from somehow (exit 0 with a result), and
// requires a refusal naming the file, line and field, with nothing printed.
func TestSettleRefusesInputThatCannotBeMeant(t *testing.T) {
	terms := writeFile(t, "terms.json", commercialTerms)
	physicians := func(lines string) string {
		return claimsDirWith(t, map[string]string{"partb_physicians.csv": refuseHeader + refuseGoodLine + lines})
	}
	good := physicians("")
	dup := writeFile(t, "dup.json", "{\n  \"quality_score\": \"0.9\",\n  \"quality_score\": \"0.5\"\n}")
	big := writeFile(t, "big.json", `{"assigned_beneficiaries": 20000000000}`)
	tests := []struct {
		name  string
		dir   string
		extra []string
		usage bool
		want  []string
	}{
		{"a year nobody is enrolled in", good, []string{"--year", "2023"}, false,
			[]string{"--year 2023", "enrollment.csv", "nobody is enrolled in 2023-01 to 2023-12", "runs from 2022-01 to 2022-12"}},
		{"a column named twice", claimsDirWith(t, map[string]string{"partb_physicians.csv": strings.Replace(refuseHeader, "CLM_TYPE_CD", "CLM_LINE_CVRD_PD_AMT", 1) + refuseGoodLine}),
			nil, false, []string{"partb_physicians.csv:1", "CLM_LINE_CVRD_PD_AMT", "twice"}},
		{"a key given twice in the summary", good, []string{"--summary", dup}, false,
			[]string{"dup.json", "quality_score", "is given twice (lines 2 and 3)"}},
		{"a file cut mid-amount", physicians("B,71,2022-05-01,123"), nil, false,
			[]string{"partb_physicians.csv:3", "CLM_ADJSMT_TYPE_CD", "4 fields but the header has 6"}},
		{"a field too many", physicians("B,71,2022-05-01,1,234.56,0,2022-06-01\n"), nil, false,
			[]string{"partb_physicians.csv:3", "7 fields but the header has 6"}},
		{"30 February", physicians("B,71,2024-02-30,1,0,2022-06-01\n"), nil, false,
			[]string{"partb_physicians.csv:3", "CLM_LINE_THRU_DT", `"2024-02-30"`}},
		{"32 December", physicians("B,71,2024-12-32,1,0,2022-06-01\n"), nil, false,
			[]string{"partb_physicians.csv:3", "CLM_LINE_THRU_DT", `"2024-12-32"`}},
		{"day 0", physicians("B,71,2022-05-01,1,0,2024-08-00\n"), nil, false,
			[]string{"partb_physicians.csv:3", "CLM_IDR_LD_DT", `"2024-08-00"`}},
		{"an empty load date", physicians("B,71,2022-05-01,1,0,\n"), nil, false,
			[]string{"partb_physicians.csv:3", "CLM_IDR_LD_DT", "empty"}},
		{"an empty adjustment code", physicians("B,71,2022-05-01,1,,2022-06-01\n"), nil, false,
			[]string{"partb_physicians.csv:3", "CLM_ADJSMT_TYPE_CD", "empty"}},
		{"adjustment code 9", physicians("B,71,2022-05-01,1,9,2022-06-01\n"), nil, false,
			[]string{"partb_physicians.csv:3", "CLM_ADJSMT_TYPE_CD", `"9"`}},
		{"adjustment code X", physicians("B,71,2022-05-01,1,X,2022-06-01\n"), nil, false,
			[]string{"partb_physicians.csv:3", "CLM_ADJSMT_TYPE_CD", `"X"`}},
		{"no beneficiary", physicians(",71,2022-05-01,1,0,2022-06-01\n"), nil, false,
			[]string{"partb_physicians.csv:3", "BENE_MBI_ID", "empty"}},
		{"a negative run-out", good, []string{"--runout", "-2"}, true, []string{"--runout", "-1 for no limit"}},
		{"an oversized beneficiary count", good, []string{"--summary", big}, false, []string{"big.json", "Assigned beneficiaries: must be at most"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, out := settleEnv()
			args := []string{"--terms", terms, "--claims", tt.dir}
			if !strings.Contains(strings.Join(tt.extra, " "), "--year") {
				args = append(args, "--year", "2022")
			}
			err := cmdSettle(context.Background(), env, append(args, tt.extra...))
			if err == nil {
				t.Fatalf("got no error; printed:\n%s", out)
			}
			if errors.Is(err, errUsage) != tt.usage {
				t.Errorf("usage error: got %t, want %t (%v)", !tt.usage, tt.usage, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got %q, want it to mention %q", err, w)
				}
			}
			if out.Len() != 0 {
				t.Errorf("printed a result despite the error: %s", out)
			}
		})
	}
}

// TestSettleSaysWhatItRead checks that the output lists the files read and
// the directory's others, that the worksheet says the expenditure came from
// claims, and that a zero-padded 01 is a cancellation.
func TestSettleSaysWhatItRead(t *testing.T) {
	terms := writeFile(t, "terms.json", commercialTerms)
	dir := claimsDirWith(t, map[string]string{
		"partb_physicians.csv": refuseHeader + refuseGoodLine + "A,71,2022-05-01,34.56,01,2022-06-01\n",
		"PARTB_DME.CSV":        refuseHeader,
		"parta_claims.csv":     "",
	})
	env, out := settleEnv()
	if err := cmdSettle(context.Background(), env, []string{"--terms", terms, "--claims", dir, "--year", "2022", "--truncate", "0"}); err != nil {
		t.Fatal(err)
	}
	var res struct {
		Worksheet []struct{ Key, Formula string } `json:"worksheet"`
		Claims    struct {
			ExpenditureCents int64    `json:"expenditure_cents"`
			FilesRead        []string `json:"files_read"`
			FilesNotRead     []string `json:"files_not_read"`
		} `json:"claims"`
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got := strings.Join(res.Claims.FilesRead, ","); got != "enrollment.csv,partb_physicians.csv" {
		t.Errorf("files read: got %s", got)
	}
	if got := strings.Join(res.Claims.FilesNotRead, ","); got != "PARTB_DME.CSV,parta_claims.csv" {
		t.Errorf("files not read: got %s", got)
	}
	if res.Claims.ExpenditureCents != 120000 {
		t.Errorf("expenditure: got %d cents, want 120000 (1,234.56 less the cancelled 34.56)", res.Claims.ExpenditureCents)
	}
	for _, l := range res.Worksheet {
		if l.Key == "actual_expenditure" && !strings.Contains(l.Formula, "from claims in "+dir) {
			t.Errorf("actual expenditure line: formula %q, want it to say it came from claims in %s", l.Formula, dir)
		}
	}
	out.Reset()
	if err := cmdSettle(context.Background(), env, []string{"--terms", terms, "--claims", dir, "--year", "2022", "--format", "text"}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Files read: enrollment.csv, partb_physicians.csv.", "Not read", "PARTB_DME.CSV, parta_claims.csv", "= from claims in "} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("text output lacks %q:\n%s", w, out)
		}
	}
}

// TestSettleNotesTermsOfAnotherYear checks that terms named for one
// programme year, applied to claims of another, say so.
func TestSettleNotesTermsOfAnotherYear(t *testing.T) {
	enrol := strings.ReplaceAll(refuseEnrollment, "2022", "2023")
	dir := claimsDirWith(t, map[string]string{"enrollment.csv": enrol, "partb_physicians.csv": refuseHeader + "A,71,2023-05-01,100,0,2023-06-01\n"})
	summary := writeFile(t, "s.json", `{"benchmark_expenditure": 10000, "quality_score": "0.9", "quality_standard_met": true, "minimum_savings_rate": "0.02"}`)
	env, out := settleEnv()
	args := []string{"--terms", "mssp-2022-enhanced", "--claims", dir, "--year", "2023", "--summary", summary, "--format", "text"}
	if err := cmdSettle(context.Background(), env, args); err != nil {
		t.Fatal(err)
	}
	if want := "the terms mssp-2022-enhanced are for programme year 2022, the claims for 2023"; !strings.Contains(out.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	out.Reset()
	if err := cmdSettle(context.Background(), env, append(args[:len(args)-2], "--what-if", "mssp-2018-track-1", "--format", "json")); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"programme year 2022", "programme year 2018"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("what-if output lacks %q:\n%s", want, out)
		}
	}
}
