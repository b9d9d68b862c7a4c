package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestSettleTermsYAML settles with a YAML terms file, as with JSON, and
// names the line and field of a mistake in one.
func TestSettleTermsYAML(t *testing.T) {
	env, out := settleEnv()
	const doc = `# Upside only, half the savings above 2%.
name: upside-50
benchmark: {source: target_pmpm, target_pmpm: 500.00}
savings:
  minimum: {method: fixed, rate: 0.02}
  rate: 50%
  quality: none
parties:
  - {name: Clinic, share: 0.7}
  - {name: Fund, share: 0.3}
rounding: {mode: half_up, final: cent}
`
	terms := writeFile(t, "terms.yaml", strings.Replace(doc, "rate: 50%", `rate: "50%"`, 1))
	summary := writeFile(t, "s.json", `{"member_months": 1200, "actual_expenditure": 570000}`)
	if err := cmdSettle(context.Background(), env, []string{"--terms", terms, "--summary", summary}); err != nil {
		t.Fatal(err)
	}
	var res struct {
		SharedSavings json.Number `json:"shared_savings"`
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if got, want := res.SharedSavings.String(), "15000.00"; got != want {
		t.Errorf("shared_savings from YAML terms: got %s, want %s", got, want)
	}
	bad := writeFile(t, "bad.yaml", strings.Replace(doc, "rate: 50%", "rate: 1.5", 1))
	err := cmdSettle(context.Background(), env, []string{"--terms", bad, "--summary", summary})
	if err == nil || !strings.Contains(err.Error(), "line 6") || !strings.Contains(err.Error(), "Savings, rate") {
		t.Errorf("bad YAML terms: %v, want the line and the field", err)
	}
}
