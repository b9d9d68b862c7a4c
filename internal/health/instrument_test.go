package health

import (
	"os"
	"strings"
	"testing"
)

// TestDefaultInstrument checks the default instrument: valid, versioned,
// the ten factors of issue 16 under stable keys, two or three items each,
// pace bipolar and every other factor with at least one item worded the
// positive way.
func TestDefaultInstrument(t *testing.T) {
	in := DefaultInstrument()
	if err := in.Validate(); err != nil {
		t.Fatalf("Validate: got %v, want nil", err)
	}
	if got := in.Ref(); got != "accord-pulse-1" {
		t.Errorf("Ref: got %q, want accord-pulse-1", got)
	}
	keys := []string{"vision", "trust", "communication", "decisions", "fairness", "respect", "pace", "paperwork", "clinical_voice", "bad_news"}
	if len(in.Factors) != len(keys) {
		t.Fatalf("factors: got %d, want %d", len(in.Factors), len(keys))
	}
	for i, f := range in.Factors {
		if f.Key != keys[i] {
			t.Errorf("factor %d: got key %q, want %q", i, f.Key, keys[i])
		}
		if n := len(f.Items); n < 2 || n > 3 {
			t.Errorf("factor %s: got %d items, want 2 or 3", f.Key, n)
		}
		positive := false
		for _, it := range f.Items {
			if !strings.HasPrefix(it.Key, f.Key+".") {
				t.Errorf("item %s: want its key under its factor %s", it.Key, f.Key)
			}
			if wantBipolar := f.Key == "pace"; (it.Kind == Bipolar) != wantBipolar {
				t.Errorf("item %s: got bipolar %v, want %v", it.Key, it.Kind == Bipolar, wantBipolar)
			}
			positive = positive || !it.Reverse
		}
		if !positive {
			t.Errorf("factor %s: every item reverse-keyed, want at least one worded the positive way", f.Key)
		}
	}
	in.Factors[0].Items[0].Text = "changed"
	if DefaultInstrument().Factors[0].Items[0].Text == "changed" {
		t.Errorf("DefaultInstrument: a caller's change reached the next copy, want a fresh copy each call")
	}
}

// TestValidateRefuses checks each refusal of Validate.
func TestValidateRefuses(t *testing.T) {
	item := Item{Key: "x.a", Text: "A"}
	ok := Instrument{Key: "mine", Version: 2, Factors: []Factor{{Key: "x", Name: "X", Items: []Item{item}}}}
	if err := ok.Validate(); err != nil {
		t.Fatalf("a valid instrument: got %v, want nil", err)
	}
	tests := []struct {
		name string
		edit func(*Instrument)
		want string
	}{
		{"bad key", func(in *Instrument) { in.Key = "Mine!" }, "instrument key"},
		{"no version", func(in *Instrument) { in.Version = 0 }, "version must be 1"},
		{"no factors", func(in *Instrument) { in.Factors = nil }, "no factors"},
		{"factor twice", func(in *Instrument) {
			in.Factors = append(in.Factors, Factor{Key: "x", Name: "X", Items: []Item{{Key: "x.b", Text: "B"}}})
		}, "factor x is there twice"},
		{"factor without name", func(in *Instrument) { in.Factors[0].Name = " " }, "no name"},
		{"factor without items", func(in *Instrument) { in.Factors[0].Items = nil }, "no items"},
		{"item twice", func(in *Instrument) { in.Factors[0].Items = []Item{item, item} }, "item x.a is there twice"},
		{"item without text", func(in *Instrument) { in.Factors[0].Items[0].Text = "" }, "no text"},
		{"item bad key", func(in *Instrument) { in.Factors[0].Items[0].Key = "x..a" }, "item key"},
		{"bipolar reverse", func(in *Instrument) {
			in.Factors[0].Items[0].Kind, in.Factors[0].Items[0].Reverse = Bipolar, true
		}, "cannot be reverse-keyed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ok
			in.Factors = append([]Factor(nil), ok.Factors...)
			in.Factors[0].Items = append([]Item(nil), ok.Factors[0].Items...)
			tt.edit(&in)
			err := in.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate: got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestDocsListTheInstrument checks that docs/health.md shows every item of
// the default instrument as it is, reverse keys and bipolar items marked.
func TestDocsListTheInstrument(t *testing.T) {
	doc, err := os.ReadFile("../../docs/health.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range DefaultInstrument().Factors {
		for _, it := range f.Items {
			kind := ""
			switch {
			case it.Reverse:
				kind = "reverse"
			case it.Kind == Bipolar:
				kind = "bipolar"
			}
			row := "| `" + it.Key + "` | " + it.Text + " | " + kind + " |"
			if !strings.Contains(string(doc), row) {
				t.Errorf("docs/health.md: want the row %q", row)
			}
		}
	}
}
