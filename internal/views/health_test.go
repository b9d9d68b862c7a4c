package views

import (
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/health"
	"github.com/accord-alliance/accord/internal/pulse"
)

// TestStoredInstrumentRoundTrip stores the default instrument's shape and
// reads it back as the engine's: the same keys, wording and kinds.
func TestStoredInstrumentRoundTrip(t *testing.T) {
	def := health.DefaultInstrument()
	stored := pulse.Stored("a", def)
	if err := stored.Validate(); err != nil {
		t.Fatalf("the default instrument is refused by the store's rules: %v", err)
	}
	back := pulse.Engine(stored)
	if err := back.Validate(); err != nil {
		t.Fatalf("read back, the engine refuses it: %v", err)
	}
	if back.Ref() != "accord-pulse-1" || len(back.Factors) != len(def.Factors) {
		t.Fatalf("got %s with %d factors, want accord-pulse-1 with %d", back.Ref(), len(back.Factors), len(def.Factors))
	}
	for i, f := range def.Factors {
		for j, it := range f.Items {
			if got := back.Factors[i].Items[j]; got != it {
				t.Errorf("item %s: got %+v, want %+v", it.Key, got, it)
			}
		}
	}
	pace := stored.Factors[6]
	if pace.Key != "pace" || pace.Items[0].Kind != accord.HealthBipolar {
		t.Errorf("stored pace: %s %s, want pace bipolar", pace.Key, pace.Items[0].Kind)
	}
}

func TestNextVersion(t *testing.T) {
	base := pulse.Stored("a", health.DefaultInstrument())
	for _, c := range []struct {
		name             string
		add              HealthAddition
		factor, key, err string
	}{
		{"to a factor", HealthAddition{Factor: "trust", Text: "They share bad news early."}, "trust", "trust.item4", ""},
		{"a new factor", HealthAddition{FactorName: "Data quality", Text: "The figures we share are right."}, "data_quality", "data_quality.item1", ""},
		{"a new factor named like one", HealthAddition{FactorName: "Trust", Text: "x"}, "trust_2", "trust_2.item1", ""},
		{"no factor", HealthAddition{Text: "x"}, "", "", "factor"},
		{"unknown factor", HealthAddition{Factor: "mood", Text: "x"}, "", "", "factor"},
	} {
		next, err := NextVersion(base, c.add)
		if got := accord.ErrorField(err); got != c.err {
			t.Errorf("%s: got error field %q, want %q", c.name, got, c.err)
			continue
		}
		if c.err != "" {
			continue
		}
		items := next.Items()
		last := items[len(items)-1]
		if c.add.Factor != "" {
			for _, it := range items {
				if it.Key == c.key {
					last = it
				}
			}
		}
		if last.Factor != c.factor || last.Key != c.key || len(items) != len(base.Items())+1 {
			t.Errorf("%s: added %s/%s (%d statements), want %s/%s (%d)", c.name, last.Factor, last.Key, len(items), c.factor, c.key, len(base.Items())+1)
		}
		if next.Factors[0].Items[0] != base.Factors[0].Items[0] {
			t.Errorf("%s: the first statement changed", c.name)
		}
	}
	// The version it starts from is left as it was.
	if n := len(base.Factors[1].Items); n != 3 {
		t.Errorf("trust in the base version has %d statements after adding, want 3", n)
	}
}
