package accord

import (
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/number"
)

// TestDisplayTextRefusedEverywhere: every name, title, label and segment
// refuses invalid UTF-8, control characters, bidirectional controls and
// zero-width characters, naming its field, and takes text in any script.
func TestDisplayTextRefusedEverywhere(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	kpi := func(name, segmentBy string) *KPI {
		return &KPI{Key: "hba1c", Name: name, Category: CatQuality, Unit: UnitPercent, Direction: HigherIsBetter,
			Frequency: Monthly, IsRatio: true, OwnerPartyID: "p1", SegmentBy: segmentBy, Status: KPIApproved}
	}
	protocol := func(title string, segments ...string) *Protocol {
		return &Protocol{Title: title, Purpose: "Quality review", FromPartyID: "p1", StartsOn: now, Segments: segments}
	}
	cases := []struct {
		what, field string
		check       func(v string) error
	}{
		{"alliance", "name", func(v string) error { return (&Alliance{Name: v, Slug: "north-valley"}).Validate() }},
		{"organisation", "name", func(v string) error { return (&Organization{Name: v}).Validate() }},
		{"person", "name", func(v string) error { return (&User{Email: "ada@plan.example", Name: v}).Validate() }},
		{"KPI", "name", func(v string) error { return kpi(v, "").Validate() }},
		{"KPI's segment dimension", "segment_by", func(v string) error { return kpi("HbA1c control", v).Validate() }},
		{"committee", "name", func(v string) error {
			return (&Committee{Key: "steering", Name: v, Cadence: CadenceMonthly}).Validate()
		}},
		{"API token", "name", func(v string) error { return (&APIToken{Name: v, Scope: ScopeRead}).Validate() }},
		{"annotation", "label", func(v string) error { return (&Annotation{KPIID: "k1", Label: v}).Validate() }},
		{"meeting", "title", func(v string) error { return (&Meeting{CommitteeID: "c1", StartsAt: now, Title: v}).Validate() }},
		{"motion", "title", func(v string) error { return (&Motion{Title: v, Rule: "majority"}).Validate() }},
		{"protocol", "title", func(v string) error { return protocol(v).Validate() }},
		{"protocol's segments", "segments", func(v string) error { return protocol("Share quality", v).Validate() }},
		{"contract", "title", func(v string) error { return (&Contract{Key: "msa", Title: v}).Validate() }},
		{"imported segment", "segment", func(v string) error {
			one, _ := number.ParseDecimal("1")
			_, rerr := kpi("HbA1c control", "clinic").Resolve(ObservationInput{KPI: "hba1c", Period: "2024-01", Segment: v, Numerator: &one, Denominator: &one}, "f.csv", time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC))
			if rerr != nil {
				return FieldError(rerr.Field, "%s", rerr.Message)
			}
			return nil
		}},
	}
	bad := map[string]string{
		"right-to-left override": "Riverside\u202egnp.exe", "isolates": "\u2066North\u2069 Valley", "right-to-left mark": "North\u200fValley",
		"zero-width space": "North\u200bValley", "zero-width joiner": "North\u200dValley", "byte-order mark": "North\ufeffValley",
		"word joiner": "North\u2060Valley", "tag character": "North\U000E0041Valley",
		"line break": "North\nValley", "escape sequence": "North\x1b[31mValley", "C1 control": "North\u0085Valley",
		"invalid UTF-8": "North\xffValley", "NUL": "North\x00Valley",
	}
	good := []string{"North Valley", "Clínica São José", "مستشفى الشمال", "מרפאת הצפון", "北谷診所", "O'Brien-Smith & Co. (Eastgate)"}
	for _, c := range cases {
		for name, v := range bad {
			err := c.check(v)
			if ErrorCode(err) != EINVALID || ErrorField(err) != c.field {
				t.Errorf("%s with a %s: %v (field %q), want invalid %s", c.what, name, err, ErrorField(err), c.field)
			}
		}
		for _, v := range good {
			if err := c.check(v); err != nil {
				t.Errorf("%s %q: %v, want accepted", c.what, v, err)
			}
		}
	}
}
