package settle

import (
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/number"
)

func TestPlainField(t *testing.T) {
	tests := []struct{ path, want string }{
		{"name", "Name"},
		{"savings.rate", "Savings, rate"},
		{"benchmark.target_pmpm", "Benchmark, target per member per month"},
		{"quality_gate.measures[0].kpi", "Quality gate, measure 1, KPI"},
		{"parties[1].loss_limit", "Party 2, loss limit"},
		{"savings.minimum.bands[2].to_rate", "Savings, minimum, band 3, to rate"},
		{"quality_measures.hba1c-control", "Quality measure, hba1c-control"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := PlainField(tt.path); got != tt.want {
			t.Errorf("PlainField(%q): got %q, want %q", tt.path, got, tt.want)
		}
	}
}

// TestValidationErrorsInWords checks that what a person reads names the
// field in words, without a dotted path, brackets or underscores.
func TestValidationErrorsInWords(t *testing.T) {
	base := func() Terms { b, _ := Builtin("mssp-2022-basic-c"); return b }
	changes := map[string]func(*Terms){
		"gate measure": func(t *Terms) { t.QualityGate = &QualityGate{Measures: []GateMeasure{{}}} },
		"party":        func(t *Terms) { t.Parties = []Party{{Name: "a", Share: one}, {Name: "a"}} },
		"withhold": func(t *Terms) {
			t.Benchmark.Discount, t.Benchmark.QualityWithhold = number.MustRate("0.5"), number.MustRate("0.5")
		},
		"target per member": func(t *Terms) { t.Benchmark.Source = BenchmarkFromTargetPMPM },
		"open band": func(t *Terms) {
			t.Savings.Minimum.Bands[2].To = 0
			t.Savings.Minimum.Bands[2].ToRate = number.MustRate("0.9")
		},
		"loss rates":         func(t *Terms) { t.Losses.MinRate, t.Losses.MaxRate = number.MustRate("0.6"), number.MustRate("0.4") },
		"gate without limit": func(t *Terms) { t.QualityGate = &QualityGate{Measures: []GateMeasure{{KPI: "a1c"}}} },
	}
	for name, change := range changes {
		terms := base()
		change(&terms)
		err := terms.Validate()
		if err == nil {
			t.Errorf("%s: got no error", name)
			continue
		}
		msg := strings.TrimPrefix(err.Error(), `terms "`+terms.Name+`": `)
		if strings.ContainsAny(msg, "_[]") || strings.Contains(msg, ".m") || strings.Contains(msg, ".k") {
			t.Errorf("%s: got %q, want the field in words", name, msg)
		}
	}
}
