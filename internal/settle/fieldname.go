package settle

import (
	"strconv"
	"strings"
)

// fieldWords are the plain names of the terms' and summary's keys whose
// spelling with underscores would not read as words; any other key is read
// with its underscores as spaces. List keys are in the singular, because a
// list's item is named with its position ("party 2").
var fieldWords = map[string]string{
	"target_pmpm":                 "target per member per month",
	"pmpm":                        "amount per member per month",
	"kpi":                         "KPI",
	"measures":                    "measure",
	"parties":                     "party",
	"payments":                    "payment",
	"bands":                       "band",
	"corridors":                   "corridor",
	"quality_measures":            "quality measure",
	"benchmark_by_agreement_year": "benchmark cap for agreement year",
	"up_to":                       "upper limit",
	"at_least":                    "lowest passing value",
	"at_most":                     "highest passing value",
}

// PlainField names a field of a terms or summary document in words, from
// its JSON path: "quality_gate.measures[0].kpi" is "Quality gate, measure
// 1, KPI". People read errors; the path stays in FieldError.Field for
// programs and forms.
func PlainField(path string) string {
	var parts []string
	for seg := range strings.SplitSeq(path, ".") {
		name, index, _ := strings.Cut(seg, "[")
		word, ok := fieldWords[name]
		if !ok {
			word = strings.ReplaceAll(name, "_", " ")
		}
		if i, err := strconv.Atoi(strings.TrimSuffix(index, "]")); err == nil {
			word += " " + strconv.Itoa(i+1)
		}
		parts = append(parts, word)
	}
	s := strings.Join(parts, ", ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
