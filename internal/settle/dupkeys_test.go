package settle

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/number"
)

// TestDuplicateKeysRefused checks that a key given twice in one object is
// refused, naming it and both lines, where the last value used to win.
func TestDuplicateKeysRefused(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"top level", "{\n  \"actual_expenditure\": 900,\n  \"benchmark_expenditure\": 1000,\n  \"actual_expenditure\": 800\n}",
			`"actual_expenditure" is given twice (lines 2 and 4)`},
		{"nested", "{\"quality_measures\": {\"a\": \"0.5\",\n\"a\": \"0.9\"}}", `Quality measure, a: "a" is given twice (lines 1 and 2)`},
		{"after a nested object", "{\"quality_override\": {\"met\": true, \"reason\": \"x\"}, \"quality_score\": \"0.9\", \"quality_score\": \"0.1\"}",
			`"quality_score" is given twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeSummary(strings.NewReader(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
	terms := `{"name": "x", "name": "y", "benchmark": {"source": "summary"}, "savings": {"rate": "0.5"}}`
	if _, err := DecodeTerms(strings.NewReader(terms)); err == nil || !strings.Contains(err.Error(), `"name" is given twice`) {
		t.Errorf("terms: got %v, want name given twice", err)
	}
}

// TestSameKeyInDifferentObjects checks that keys repeated across objects
// (each party's name) are not mistaken for duplicates.
func TestSameKeyInDifferentObjects(t *testing.T) {
	doc := `{"quality_measures": {"a": "0.5", "b": "0.6"}, "quality_override": {"met": true, "reason": "a"}, "member_months": 12}`
	if _, err := DecodeSummary(strings.NewReader(doc)); err != nil {
		t.Errorf("got %v", err)
	}
	for _, name := range BuiltinNames() {
		tm, _ := Builtin(name)
		data, err := json.Marshal(tm)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := DecodeTerms(strings.NewReader(string(data))); err != nil {
			t.Errorf("%s: got %v", name, err)
		}
	}
}

// TestOversizedCountNamesItsField checks that an oversized beneficiary count
// is reported as such, not as member_months.
func TestOversizedCountNamesItsField(t *testing.T) {
	for doc, want := range map[string]string{
		`{"assigned_beneficiaries": 20000000000}`: "Assigned beneficiaries: must be at most 10000000000",
		`{"member_months": 20000000000}`:          "Member months: must be at most 10000000000",
	} {
		if _, err := DecodeSummary(strings.NewReader(doc)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", doc, err, want)
		}
	}
}

// TestExpenditureFrom checks that the worksheet's actual-expenditure line
// says where the figure came from.
func TestExpenditureFrom(t *testing.T) {
	terms, _ := Builtin("mssp-2022-enhanced")
	b, x := number.Money(100_000_000), number.Money(90_000_000)
	q := number.NewRate(9, 10)
	met := true
	s := Summary{AssignedBeneficiaries: 10000, BenchmarkExpenditure: &b, ActualExpenditure: &x, QualityScore: &q, QualityStandardMet: &met}
	for from, want := range map[string]string{"": "from summary", "claims in ./cclf": "from claims in ./cclf"} {
		s.ExpenditureFrom = from
		res, err := Settle(&terms, &s)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, l := range res.Worksheet {
			if l.Key == "actual_expenditure" {
				found = true
				if l.Formula != want {
					t.Errorf("from %q: formula %q, want %q", from, l.Formula, want)
				}
			}
		}
		if !found {
			t.Errorf("no actual_expenditure line")
		}
	}
}
