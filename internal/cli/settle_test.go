package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func settleEnv() (*Env, *bytes.Buffer) {
	var out bytes.Buffer
	return &Env{
		Stdout: &out, Stderr: &bytes.Buffer{}, Stdin: strings.NewReader(""),
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC) },
	}, &out
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// a1001 is ACO A1001's published PY2022 figures (ENHANCED, EarnSaveLoss
// $45,867,446).
const a1001 = `{
  "assigned_beneficiaries": 74992,
  "benchmark_expenditure": 966116777,
  "actual_expenditure": 903712089,
  "quality_score": "89.41%",
  "quality_standard_met": true,
  "minimum_savings_rate": "2%"
}`

func TestSettleJSON(t *testing.T) {
	env, out := settleEnv()
	summary := writeFile(t, "a1001.json", a1001)
	if err := cmdSettle(context.Background(), env, []string{"--terms", "mssp-2022-enhanced", "--summary", summary}); err != nil {
		t.Fatal(err)
	}
	var res map[string]any
	dec := json.NewDecoder(out)
	dec.UseNumber()
	if err := dec.Decode(&res); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	tests := []struct{ field, want string }{
		{"gross_savings", "62404688.00"},
		{"savings_rate", "62404688/966116777"},
		{"minimum_savings_rate", "0.02"},
		{"minimum_loss_rate", "0.02"},
		{"qualified", "true"},
		{"sharing_rate", "0.75"},
		{"cap", "193223355.40"},
		{"shared_savings", "45867446.00"},
	}
	for _, tt := range tests {
		if got := jsonText(res[tt.field]); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.field, got, tt.want)
		}
	}
	for _, field := range []string{"party_shares", "worksheet"} {
		if _, ok := res[field]; !ok {
			t.Errorf("%s: missing from the result", field)
		}
	}
}

func jsonText(v any) string {
	switch x := v.(type) {
	case json.Number:
		return x.String()
	case string:
		return x
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func TestSettleText(t *testing.T) {
	env, out := settleEnv()
	summary := writeFile(t, "a1001.json", a1001)
	args := []string{"--terms", "mssp-2022-enhanced", "--summary", summary, "--format", "text"}
	if err := cmdSettle(context.Background(), env, args); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Settlement under mssp-2022-enhanced",
		"Gross savings", "62,404,688.00",
		"Sequestration", "-936,070.32",
		"rule: PY2022 ENHANCED — 42 CFR 425.610",
		"Shared savings: 45,867,446.00 (paid to the ACO side)",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
}

func TestSettleTermsFile(t *testing.T) {
	env, out := settleEnv()
	terms := writeFile(t, "terms.json", `{
	  "name": "upside-50",
	  "benchmark": {"source": "target_pmpm", "target_pmpm": "500.00"},
	  "savings": {"minimum": {"method": "fixed", "rate": "0.02"}, "rate": "0.5", "quality": "none"},
	  "parties": [{"name": "Clinic", "share": "0.7"}, {"name": "Fund", "share": "0.3"}],
	  "rounding": {"mode": "half_up", "final": "cent"}
	}`)
	summary := writeFile(t, "s.json", `{"member_months": 1200, "actual_expenditure": 570000}`)
	if err := cmdSettle(context.Background(), env, []string{"--terms", terms, "--summary", summary}); err != nil {
		t.Fatal(err)
	}
	var res struct {
		SharedSavings json.Number `json:"shared_savings"`
		PartyShares   []struct {
			Party string      `json:"party"`
			Total json.Number `json:"total"`
		} `json:"party_shares"`
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if got, want := res.SharedSavings.String(), "15000.00"; got != want {
		t.Errorf("shared_savings: got %s, want %s", got, want)
	}
	if len(res.PartyShares) != 2 || res.PartyShares[0].Total.String() != "10500.00" || res.PartyShares[1].Total.String() != "4500.00" {
		t.Errorf("party_shares: got %+v, want Clinic 10500.00 and Fund 4500.00", res.PartyShares)
	}
}

func TestSettleErrors(t *testing.T) {
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := file("good.json", a1001)
	tests := []struct {
		name  string
		args  []string
		usage bool
		want  []string
	}{
		{"no terms", []string{"--summary", good}, true, []string{"--terms is required"}},
		{"no summary", []string{"--terms", "mssp-2022-enhanced"}, true, []string{"--summary is required"}},
		{"bad format", []string{"--terms", "mssp-2022-enhanced", "--summary", good, "--format", "xml"}, true, []string{"json or text"}},
		{"extra argument", []string{"--terms", "mssp-2022-enhanced", "--summary", good, "more"}, true, []string{`"more"`}},
		{"unknown terms", []string{"--terms", "mssp-2030", "--summary", good}, false, []string{`"mssp-2030"`, "mssp-2022-basic-a"}},
		{"missing summary file", []string{"--terms", "mssp-2022-enhanced", "--summary", filepath.Join(dir, "none.json")}, false, []string{"none.json"}},
		{"bad amount", []string{"--terms", "mssp-2022-enhanced", "--summary",
			file("cents.json", `{"benchmark_expenditure": 100.005, "actual_expenditure": 1}`)},
			false, []string{"cents.json", "Benchmark expenditure", "more than two decimals"}},
		{"bad rate", []string{"--terms", "mssp-2022-enhanced", "--summary",
			file("rate.json", `{"benchmark_expenditure": 100, "actual_expenditure": 1, "quality_score": "high"}`)},
			false, []string{"rate.json", "Quality score", `"high"`}},
		{"out of range", []string{"--terms", "mssp-2022-enhanced", "--summary",
			file("range.json", `{"benchmark_expenditure": 100, "actual_expenditure": 1, "quality_score": 89}`)},
			false, []string{"range.json", "Quality score", "between 0 and 1"}},
		{"unknown field", []string{"--terms", "mssp-2022-enhanced", "--summary",
			file("typo.json", `{"benchmark": 100}`)}, false, []string{"typo.json", `"benchmark" is not a known field`}},
		{"syntax", []string{"--terms", "mssp-2022-enhanced", "--summary",
			file("syntax.json", "{\n  \"actual_expenditure\": 1,\n}")}, false, []string{"syntax.json", "line 3"}},
		{"missing field", []string{"--terms", "mssp-2022-enhanced", "--summary",
			file("partial.json", `{"benchmark_expenditure": 100, "actual_expenditure": 110, "quality_standard_met": true, "minimum_savings_rate": "0.02"}`)},
			false, []string{"partial.json", "quality_score", "required"}},
		{"bad terms file", []string{"--terms", file("terms.json", `{"name": "x", "savings": {"minimum": {"method": "scale"}, "rate": "2", "quality": "none"}}`), "--summary", good},
			false, []string{"terms.json", "Savings, minimum, band"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, _ := settleEnv()
			err := cmdSettle(context.Background(), env, tt.args)
			if err == nil {
				t.Fatal("got no error")
			}
			if got := errors.Is(err, errUsage); got != tt.usage {
				t.Errorf("usage error: got %t, want %t (%v)", got, tt.usage, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got %q, want it to mention %q", err, w)
				}
			}
		})
	}
}

const commercialTerms = `{
  "name": "commercial",
  "benchmark": {"source": "target_pmpm", "target_pmpm": "1000.00"},
  "savings": {"minimum": {"method": "fixed", "rate": "0.02"}, "rate": "0.5", "quality": "none"},
  "rounding": {"mode": "half_up", "final": "cent"}
}`

func TestSettleFromClaims(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "claims")
	env, out := settleEnv()
	if err := cmdGenClaims(context.Background(), env, []string{"claims", "--dir", dir, "--beneficiaries", "300", "--lines", "6000"}); err != nil {
		t.Fatal(err)
	}
	terms := writeFile(t, "terms.json", commercialTerms)
	out.Reset()
	args := []string{"--terms", terms, "--claims", dir, "--year", "2022"}
	if err := cmdSettle(context.Background(), env, args); err != nil {
		t.Fatal(err)
	}
	var res struct {
		Benchmark         json.Number `json:"benchmark"`
		ActualExpenditure json.Number `json:"actual_expenditure"`
		Claims            struct {
			Beneficiaries    int64 `json:"beneficiaries"`
			MemberMonths     int64 `json:"member_months"`
			ExpenditureCents int64 `json:"expenditure_cents"`
		} `json:"claims"`
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	c := res.Claims
	if c.Beneficiaries == 0 || c.MemberMonths == 0 {
		t.Fatalf("claims totals: got %+v", c)
	}
	if got, want := res.Benchmark.String(), fmt.Sprintf("%d.00", c.MemberMonths*1000); got != want {
		t.Errorf("benchmark: got %s, want %s (1,000.00 × member months)", got, want)
	}
	if got, want := res.ActualExpenditure.String(), fmt.Sprintf("%d.%02d", c.ExpenditureCents/100, c.ExpenditureCents%100); got != want {
		t.Errorf("actual_expenditure: got %s, want %s", got, want)
	}
	out.Reset()
	if err := cmdSettle(context.Background(), env, append(args, "--format", "text")); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "From claims: 300 beneficiaries") {
		t.Errorf("text output lacks the claims totals:\n%s", out)
	}
}

func TestSettleFromClaimsErrors(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "claims")
	env, out := settleEnv()
	if err := cmdGenClaims(context.Background(), env, []string{"claims", "--dir", dir, "--beneficiaries", "20", "--lines", "100"}); err != nil {
		t.Fatal(err)
	}
	terms := writeFile(t, "terms.json", commercialTerms)
	both := writeFile(t, "both.json", `{"actual_expenditure": 5}`)
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "enrollment.csv"), []byte("CURRENT_BENE_MBI_ID,ENROLLMENT_START_DATE,ENROLLMENT_END_DATE\nA,2022-01-01,2022-12-31\n"), 0o600)
	os.WriteFile(filepath.Join(bad, "partb_dme.csv"), []byte("BENE_MBI_ID,CLM_TYPE_CD,CLM_LINE_THRU_DT,CLM_LINE_CVRD_PD_AMT\nA,81,2022-02-01,1.5\nA,81,2022-02-01,one\n"), 0o600)
	tests := []struct {
		name  string
		args  []string
		usage bool
		want  []string
	}{
		{"no year", []string{"--terms", terms, "--claims", dir}, true, []string{"--year is required"}},
		{"bad truncation", []string{"--terms", terms, "--claims", dir, "--year", "2022", "--truncate", "101"}, true, []string{"--truncate"}},
		{"figure from both", []string{"--terms", terms, "--claims", dir, "--year", "2022", "--summary", both}, false,
			[]string{"both.json", "actual_expenditure", "comes from --claims"}},
		{"bad claims line", []string{"--terms", terms, "--claims", bad, "--year", "2022"}, false,
			[]string{"partb_dme.csv:3", "CLM_LINE_CVRD_PD_AMT", `"one"`}},
		{"missing enrollment", []string{"--terms", terms, "--claims", t.TempDir(), "--year", "2022"}, false, []string{"enrollment.csv"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out.Reset()
			err := cmdSettle(context.Background(), env, tt.args)
			if err == nil {
				t.Fatal("got no error")
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

func TestSettleWhatIf(t *testing.T) {
	summary := writeFile(t, "a1001.json", a1001)
	env, out := settleEnv()
	args := []string{"--terms", "mssp-2022-enhanced", "--what-if", "mssp-2022-basic-e", "--summary", summary}
	if err := cmdSettle(context.Background(), env, args); err != nil {
		t.Fatal(err)
	}
	var res struct {
		Current struct {
			SharedSavings json.Number `json:"shared_savings"`
		} `json:"current"`
		WhatIf struct {
			Terms         string      `json:"terms"`
			SharedSavings json.Number `json:"shared_savings"`
		} `json:"what_if"`
		Change struct {
			SharedSavings json.Number `json:"shared_savings"`
		} `json:"change"`
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	// BASIC E shares 50% instead of 75%: 62,404,688 × 50% × 98% = 30,578,297.12.
	tests := []struct{ field, got, want string }{
		{"current shared_savings", res.Current.SharedSavings.String(), "45867446.00"},
		{"what_if terms", res.WhatIf.Terms, "mssp-2022-basic-e"},
		{"what_if shared_savings", res.WhatIf.SharedSavings.String(), "30578297.00"},
		{"change", res.Change.SharedSavings.String(), "-15289149.00"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.field, tt.got, tt.want)
		}
	}
	out.Reset()
	if err := cmdSettle(context.Background(), env, append(args, "--format", "text")); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"mssp-2022-enhanced", "mssp-2022-basic-e", "Shared savings", "45,867,446.00", "30,578,297.00", "-15,289,149.00"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
}
