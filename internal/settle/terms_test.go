package settle

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/number"
)

func TestBuiltinNames(t *testing.T) {
	want := []string{
		"mssp-2018-track-1", "mssp-2018-track-1-plus", "mssp-2018-track-2", "mssp-2018-track-3",
		"mssp-2022-basic-a", "mssp-2022-basic-b", "mssp-2022-basic-c", "mssp-2022-basic-d", "mssp-2022-basic-e",
		"mssp-2022-enhanced",
	}
	if got := BuiltinNames(); !reflect.DeepEqual(got, want) {
		t.Errorf("BuiltinNames: got %v, want %v", got, want)
	}
	if _, ok := Builtin("mssp-2022-basic-f"); ok {
		t.Error("Builtin(mssp-2022-basic-f): got terms, want none")
	}
}

// TestTermsRoundTrip checks that every built-in and every documented terms
// file is valid and survives JSON unchanged.
func TestTermsRoundTrip(t *testing.T) {
	all := map[string]Terms{}
	for _, n := range BuiltinNames() {
		all[n], _ = Builtin(n)
	}
	files, _ := filepath.Glob("testdata/terms/*.json")
	for _, f := range files {
		all[f] = loadTerms(t, strings.TrimPrefix(f, "testdata/"))
	}
	for name, terms := range all {
		if err := terms.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		b, err := json.Marshal(terms)
		if err != nil {
			t.Fatal(err)
		}
		back, err := DecodeTerms(bytes.NewReader(b))
		if err != nil {
			t.Errorf("%s: decode its own JSON: %v", name, err)
			continue
		}
		b2, _ := json.Marshal(back)
		if !bytes.Equal(b, b2) {
			t.Errorf("%s: round trip changed the terms:\n%s\n%s", name, b, b2)
		}
	}
}

func TestTermsValidate(t *testing.T) {
	base := func() Terms { b, _ := Builtin("mssp-2022-basic-c"); return b }
	tests := []struct {
		name   string
		change func(*Terms)
		field  string
	}{
		{"no name", func(t *Terms) { t.Name = "" }, "name"},
		{"sharing rate above 1", func(t *Terms) { t.Savings.Rate = number.MustRate("1.5") }, "savings.rate"},
		{"unknown quality method", func(t *Terms) { t.Savings.Quality = "sometimes" }, "savings.quality"},
		{"scale without bands", func(t *Terms) { t.Savings.Minimum.Bands = nil }, "savings.minimum.bands"},
		{"overlapping bands", func(t *Terms) { t.Savings.Minimum.Bands[1].From = 5500 }, "savings.minimum.bands[1].from"},
		{"open band not last", func(t *Terms) { t.Savings.Minimum.Bands[2].To = 0 }, "savings.minimum.bands[2].to"},
		{"symmetric savings threshold", func(t *Terms) { t.Savings.Minimum.Method = ThresholdSymmetric }, "savings.minimum.method"},
		{"unknown apply", func(t *Terms) { t.Losses.Minimum.Apply = "sometimes" }, "losses.minimum.apply"},
		{"unknown loss rate method", func(t *Terms) { t.Losses.RateMethod = "varies" }, "losses.rate_method"},
		{"min above max loss rate", func(t *Terms) { t.Losses.MinRate, t.Losses.MaxRate = number.MustRate("0.6"), number.MustRate("0.4") }, "losses.min_rate"},
		{"unknown cap combination", func(t *Terms) { t.Losses.Cap.Combine = "both" }, "losses.cap.combine"},
		{"corridors out of order", func(t *Terms) {
			t.Savings.Corridors = []Corridor{{UpTo: new(number.MustRate("0.2")), Share: one}, {UpTo: new(number.MustRate("0.1")), Share: one}}
		}, "savings.corridors[1].up_to"},
		{"open corridor not last", func(t *Terms) {
			t.Savings.Corridors = []Corridor{{Share: one}, {UpTo: new(number.MustRate("0.1")), Share: one}}
		}, "savings.corridors[0].up_to"},
		{"target PMPM missing", func(t *Terms) { t.Benchmark.Source = BenchmarkFromTargetPMPM }, "benchmark.target_pmpm"},
		{"discount and withhold take everything", func(t *Terms) {
			t.Benchmark.Discount, t.Benchmark.QualityWithhold = number.MustRate("0.5"), number.MustRate("0.5")
		}, "benchmark"},
		{"shares do not add up", func(t *Terms) {
			t.Parties = []Party{{Name: "a", Share: number.MustRate("0.7")}, {Name: "b", Share: number.MustRate("0.2")}}
		}, "parties"},
		{"duplicate party", func(t *Terms) {
			t.Parties = []Party{{Name: "a", Share: number.MustRate("0.5")}, {Name: "a", Share: number.MustRate("0.5")}}
		}, "parties[1].name"},
		{"payee unknown", func(t *Terms) {
			t.Payments = []Payment{{Kind: PaymentCapitation, PMPM: 100, Payee: "nobody"}}
		}, "payments[0].payee"},
		{"payment without amount", func(t *Terms) { t.Payments = []Payment{{Kind: PaymentCapitation}} }, "payments[0]"},
		{"gate without measures", func(t *Terms) { t.QualityGate = &QualityGate{} }, "quality_gate.measures"},
		{"rounding mode", func(t *Terms) { t.Rounding.Mode = "bankers" }, "rounding.mode"},
		{"rounding unit", func(t *Terms) { t.Rounding.Final = "euro" }, "rounding.final"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			terms := base()
			tt.change(&terms)
			err := terms.Validate()
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want a field error", err)
			}
			if fe.Field != tt.field {
				t.Errorf("field: got %s, want %s (%v)", fe.Field, tt.field, err)
			}
		})
	}
}

func TestDecodeSummaryErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"unknown field", `{"benchmark_expenditures": 1}`, []string{`"benchmark_expenditures" is not a known field`}},
		{"sub-cent amount", `{"actual_expenditure": 1.001}`, []string{"Actual expenditure", "more than two decimals"}},
		{"exponent amount", `{"actual_expenditure": 1e6}`, []string{"Actual expenditure", `"1e6"`}},
		{"rate as a word", `{"quality_score": "good"}`, []string{"Quality score", `"good"`}},
		{"wrong type", `{"assigned_beneficiaries": "many"}`, []string{"Assigned beneficiaries", "whole number"}},
		{"fractional count", `{"member_months": 1.5}`, []string{"Member months"}},
		{"flag as string", `{"quality_standard_met": "yes"}`, []string{"Quality standard met", "true or false"}},
		{"measure value", `{"quality_measures": {"a1c": "x"}}`, []string{"Quality measure", `"x"`}},
		{"syntax", "{\n\"actual_expenditure\": 1 2}", []string{"line 2"}},
		{"empty", "", []string{"empty"}},
		{"two documents", `{} {}`, []string{"after the JSON document"}},
		{"out of range", `{"minimum_savings_rate": "-1%"}`, []string{"Minimum savings rate", "between 0 and 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeSummary(strings.NewReader(tt.in))
			if err == nil {
				t.Fatal("got no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got %q, want it to mention %q", err, w)
				}
			}
		})
	}
}

func TestDecodeTermsErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"nested unknown field", `{"name": "x", "savings": {"rates": "0.5"}}`, []string{`"rates" is not a known field`}},
		{"nested bad rate", `{"name": "x", "savings": {"rate": "half"}}`, []string{"Savings, rate", `"half"`}},
		{"invalid after decoding", `{"name": "x", "savings": {"minimum": {"method": "none"}, "rate": "0.5", "quality": "none"}, "sequestration": "3"}`,
			[]string{`terms "x"`, "Sequestration", "between 0 and 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeTerms(strings.NewReader(tt.in))
			if err == nil {
				t.Fatal("got no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got %q, want it to mention %q", err, w)
				}
			}
		})
	}
}

// TestSchemaCoversTerms checks that docs/terms.schema.json names every JSON
// field of Terms and its parts, so the schema cannot silently fall behind.
func TestSchemaCoversTerms(t *testing.T) {
	data, err := os.ReadFile("../../docs/terms.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema any
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	for _, typ := range []any{Terms{}, BenchmarkTerms{}, SavingsTerms{}, Threshold{}, ScaleBand{}, Corridor{},
		LossTerms{}, LossCap{}, QualityGate{}, GateMeasure{}, Payment{}, Party{}, Rounding{}} {
		rt := reflect.TypeOf(typ)
		for i := range rt.NumField() {
			name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
			if !bytes.Contains(data, []byte(`"`+name+`"`)) {
				t.Errorf("schema lacks %s.%s (%q)", rt.Name(), rt.Field(i).Name, name)
			}
		}
	}
}
