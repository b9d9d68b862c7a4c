package settle

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/number"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestYAMLTermsMatchJSON reads the YAML twin of a documented arrangement
// and checks that it is the same terms as the JSON file.
func TestYAMLTermsMatchJSON(t *testing.T) {
	read := func(name string) Terms {
		t.Helper()
		f, err := os.Open(filepath.Join("testdata/terms", name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		terms, err := DecodeTerms(f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return terms
	}
	fromJSON, fromYAML := read("commercial-gate.json"), read("commercial-gate.yaml")
	a, _ := json.Marshal(fromJSON)
	b, _ := json.Marshal(fromYAML)
	if !bytes.Equal(a, b) {
		t.Errorf("YAML terms differ from the JSON terms:\n yaml %s\n json %s", b, a)
	}
}

func TestTermsFormat(t *testing.T) {
	for doc, want := range map[string]string{
		`{"name": "x"}`:       FormatJSON,
		"\ufeff\n  {\n}":      FormatJSON,
		"name: x\n":           FormatYAML,
		"# comment\n{a: 1}\n": FormatYAML,
		"---\nname: x\n":      FormatYAML,
		"":                    FormatYAML,
		"\t\n[1, 2]":          FormatYAML,
		"  \r\n{\"name\": 1}": FormatJSON,
	} {
		if got := TermsFormat([]byte(doc)); got != want {
			t.Errorf("TermsFormat(%q) = %s, want %s", doc, got, want)
		}
	}
}

// minimalYAML is a valid terms document; the error cases below change one
// line of it.
const minimalYAML = `name: test
savings:
  minimum:
    method: scale
    bands:
      - {from: 5000, to: 5999, from_rate: "3.9%", to_rate: "3.6%"}
      - from: 6000
        to: 6999
        from_rate: 0.036
        to_rate: 0.034
  rate: 0.5
  quality: gate
parties:
  - {name: A, share: "0.7"}
  - {name: B, share: "0.3"}
`

// aliasBomb returns levels lines of YAML, each a list of ten aliases of the
// list before: 10^levels values once expanded, in a few hundred bytes.
func aliasBomb(levels int) string {
	var b strings.Builder
	b.WriteString("l0: &l0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n")
	for i := 1; i < levels; i++ {
		fmt.Fprintf(&b, "l%d: &l%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d, ", i-1), 10), ", "))
	}
	return b.String()
}

func TestYAMLTermsErrors(t *testing.T) {
	if _, err := DecodeTerms(strings.NewReader(minimalYAML)); err != nil {
		t.Fatalf("the minimal document: %v", err)
	}
	tests := []struct {
		name, old, new string
		line           int
		field, msg     string
	}{
		{"syntax", "  rate: 0.5", "  rate: [0.5", 0, "", "line"},
		{"tab", "  rate: 0.5", "\trate: 0.5", 0, "", "tab"},
		{"unknown field", "  rate: 0.5", "  rat: 0.5", 11, "rat", `"rat" is not a known field`},
		{"bad rate", "  rate: 0.5", "  rate: 1.5", 11, "savings.rate", "between 0 and 1"},
		{"rate as text", "  rate: 0.5", "  rate: half", 11, "", "rate"},
		{"list item", "      - from: 6000", "      - from: -1", 7, "savings.minimum.bands[1].from", ""},
		{"whole number", "        to: 6999", "        to: 6999.5", 8, "savings.minimum.bands[1].to", "whole number"},
		{"hexadecimal", "        to: 6999", "        to: 0x1B57", 8, "savings.minimum.bands[1].to", "decimal"},
		{"duplicate key", "  quality: gate", "  quality: gate\n  rate: 0.4", 13, "savings.rate", "given twice (first on line 11)"},
		{"party share", `  - {name: B, share: "0.3"}`, `  - {name: B, share: "0.2"}`, 0, "parties", "add up"},
		{"second document", "parties:", "---\nparties:", 13, "", "second YAML document"},
		{"a list, not a mapping", minimalYAML, "- 1\n- 2\n", 1, "", "mapping"},
		{"tag", "  quality: gate", "  quality: !!binary Z2F0ZQ==", 12, "savings.quality", "tag"},
		{"an empty key", "  quality: gate", "  quality: gate\n  \"\": 1", 13, "", "a key is empty"},
		{"aliases expanding to a billion values", "parties:", aliasBomb(9) + "parties:", 0, "", "more than 20000 values"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(minimalYAML, tc.old) {
				t.Fatalf("%q is not in the document", tc.old)
			}
			doc := strings.Replace(minimalYAML, tc.old, tc.new, 1)
			_, err := DecodeTerms(strings.NewReader(doc))
			if err == nil {
				t.Fatal("got no error")
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("got %q, want it to say %q", err, tc.msg)
			}
			t.Logf("%s", err)
			var le *LineError
			switch {
			case tc.line > 0 && !errors.As(err, &le):
				t.Errorf("got %q, want an error on line %d", err, tc.line)
			case tc.line > 0 && le.Line != tc.line:
				t.Errorf("got %q on line %d, want line %d", err, le.Line, tc.line)
			}
			var fe *FieldError
			if tc.field != "" && (!errors.As(err, &fe) || fe.Field != tc.field) {
				t.Errorf("got %q, want it to name the field %s", err, tc.field)
			}
		})
	}
}

// TestTermsMatchSchema checks every documented arrangement, JSON and YAML,
// against docs/terms.schema.json, as an editor or another program would.
func TestTermsMatchSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	sch, err := c.Compile("../../docs/terms.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("testdata/terms/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no terms files: %v", err)
	}
	docs := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs[f] = b
	}
	for _, name := range BuiltinNames() {
		b, _ := Builtin(name)
		docs["built-in "+name], _ = json.Marshal(b)
	}
	for name, b := range docs {
		if TermsFormat(b) == FormatYAML {
			if b, err = TermsYAMLToJSON(b); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s does not match the schema: %v", name, err)
		}
	}
	// And the schema refuses what the engine refuses.
	bad, _ := TermsYAMLToJSON([]byte(strings.Replace(minimalYAML, "  rate: 0.5", "  rat: 0.5", 1)))
	v, _ := jsonschema.UnmarshalJSON(bytes.NewReader(bad))
	if err := sch.Validate(v); err == nil {
		t.Error("the schema accepts an unknown field")
	}
}

func TestYAMLNumbersStayExact(t *testing.T) {
	doc := strings.Replace(minimalYAML, "  rate: 0.5", "  rate: 0.3333333333333333333", 1)
	terms, err := DecodeTerms(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := terms.Savings.Rate, number.MustRate("0.3333333333333333333"); got.Cmp(want) != 0 {
		t.Errorf("got rate %s, want %s exactly", got, want)
	}
	if !reflect.DeepEqual(terms.Savings.Minimum.Bands[1].From, int64(6000)) {
		t.Errorf("got band from %v, want 6000", terms.Savings.Minimum.Bands[1].From)
	}
}
