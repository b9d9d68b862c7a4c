package settle

import (
	"bytes"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// example is a worked example: testdata/examples/NAME.json holds the terms
// (a built-in name or a file under testdata), the summary and the figures
// the result must have. docs/settlement.md shows each one.
type example struct {
	Title   string                     `json:"title"`
	Terms   string                     `json:"terms"`
	Summary json.RawMessage            `json:"summary"`
	Want    map[string]json.RawMessage `json:"want"`
}

func loadTerms(t *testing.T, ref string) Terms {
	t.Helper()
	if b, ok := Builtin(ref); ok {
		return b
	}
	f, err := os.Open(filepath.Join("testdata", ref))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	terms, err := DecodeTerms(f)
	if err != nil {
		t.Fatalf("%s: %v", ref, err)
	}
	return terms
}

func TestWorkedExamples(t *testing.T) {
	files, err := filepath.Glob("testdata/examples/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	docs, err := os.ReadFile("../../docs/settlement.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var ex example
			if err := json.Unmarshal(data, &ex); err != nil {
				t.Fatal(err)
			}
			terms := loadTerms(t, ex.Terms)
			s, err := DecodeSummary(bytes.NewReader(ex.Summary))
			if err != nil {
				t.Fatal(err)
			}
			res, err := Settle(&terms, &s)
			if err != nil {
				t.Fatal(err)
			}
			got := resultFields(t, res)
			for k, want := range ex.Want {
				g, ok := got[k]
				if !ok {
					t.Errorf("%s: not in the result", k)
					continue
				}
				if !sameJSON(t, g, want) {
					t.Errorf("%s: got %s, want %s", k, g, want)
				}
			}
			if !bytes.Contains(docs, []byte("### Example: "+name+"\n")) {
				t.Errorf("docs/settlement.md has no section \"### Example: %s\"", name)
			}
		})
	}
}

func resultFields(t *testing.T, res *Result) map[string]json.RawMessage {
	t.Helper()
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// sameJSON compares two JSON values, numbers by exact value (so 1568000
// equals 1568000.00).
func sameJSON(t *testing.T, a, b json.RawMessage) bool {
	t.Helper()
	return reflect.DeepEqual(normalJSON(t, a), normalJSON(t, b))
}

func normalJSON(t *testing.T, raw json.RawMessage) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return normalValue(v)
}

func normalValue(v any) any {
	switch x := v.(type) {
	case json.Number:
		r, ok := new(big.Rat).SetString(x.String())
		if !ok {
			return x.String()
		}
		return "number:" + r.RatString()
	case []any:
		for i := range x {
			x[i] = normalValue(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = normalValue(x[k])
		}
	}
	return v
}
