package settle

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// checkRefusal fails unless a refused document's error says something and,
// where it names a field or a line, names a real one.
func checkRefusal(t *testing.T, err error) {
	t.Helper()
	if err.Error() == "" {
		t.Fatal("got an error with no message")
	}
	var fe *FieldError
	if errors.As(err, &fe) && (fe.Field == "" || fe.Msg == "") {
		t.Fatalf("got field error %#v, want a field and a message", fe)
	}
	var le *LineError
	if errors.As(err, &le) && (le.Line < 1 || le.Err == nil) {
		t.Fatalf("got line error %#v, want a line from 1 and a cause", le)
	}
}

// FuzzDecodeTerms feeds DecodeTerms JSON and YAML, starting from the
// documented arrangements. A refused document's error names its field and
// line properly; accepted terms are valid, match docs/terms.schema.json,
// and round-trip through JSON unchanged (as Terms documents); a YAML
// document reads as the JSON TermsYAMLToJSON makes of it.
func FuzzDecodeTerms(f *testing.F) {
	f.Add([]byte(minimalYAML))
	f.Add([]byte(aliasBomb(3)))
	f.Add([]byte(`{"name":"x","savings":{"rate":"1/2"},"name":"y"}`))
	f.Add([]byte("name: x\nsavings: {rate: 0x10}\n"))
	for _, name := range BuiltinNames() {
		b, _ := Builtin(name)
		doc, _ := json.Marshal(b)
		f.Add(doc)
	}
	sch, err := jsonschema.NewCompiler().Compile("../../docs/terms.schema.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		terms, err := DecodeTerms(bytes.NewReader(data))
		if err != nil {
			checkRefusal(t, err)
			return
		}
		if err := terms.Validate(); err != nil {
			t.Fatalf("accepted terms do not validate: %v", err)
		}
		doc, err := json.Marshal(terms)
		if err != nil {
			t.Fatalf("accepted terms do not marshal: %v", err)
		}
		again, err := DecodeTerms(bytes.NewReader(doc))
		if err != nil {
			t.Fatalf("accepted terms, written as JSON, are refused: %v\n%s", err, doc)
		}
		if doc2, _ := json.Marshal(again); !bytes.Equal(doc, doc2) {
			t.Fatalf("terms changed through JSON:\n was %s\n now %s", doc, doc2)
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); err != nil {
			t.Fatalf("accepted terms do not match the schema: %v\n%s", err, doc)
		}
		if TermsFormat(data) == FormatYAML {
			js, err := TermsYAMLToJSON(data)
			if err != nil {
				t.Fatalf("accepted YAML does not convert to JSON: %v", err)
			}
			fromJSON, err := DecodeTerms(bytes.NewReader(js))
			if err != nil || !reflect.DeepEqual(marshal(t, fromJSON), doc) {
				t.Fatalf("accepted YAML's JSON %s reads as %s, %v; want %s", js, marshal(t, fromJSON), err, doc)
			}
		}
	})
}

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// FuzzDecodeSummary feeds DecodeSummary arbitrary JSON: a refused summary's
// error names its field; an accepted one round-trips through JSON.
func FuzzDecodeSummary(f *testing.F) {
	f.Add([]byte(`{"member_months": 120000, "actual_expenditure": 57450000, "quality_measures": {"hba1c_control": "0.63"}}`))
	f.Add([]byte(`{"assigned_beneficiaries": 20000, "benchmark_expenditure": "1.5", "quality_score": 0.9, "quality_standard_met": true}`))
	f.Add([]byte(`{"member_months": -1}`))
	f.Add([]byte(`{"quality_measures": {"a": "1/3", "a": "1/2"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := DecodeSummary(bytes.NewReader(data))
		if err != nil {
			checkRefusal(t, err)
			if strings.HasPrefix(err.Error(), "json: ") {
				t.Fatalf("got %q, want it in words, not encoding/json's", err)
			}
			return
		}
		doc := marshal(t, s)
		again, err := DecodeSummary(bytes.NewReader(doc))
		if err != nil {
			t.Fatalf("an accepted summary, written as JSON, is refused: %v\n%s", err, doc)
		}
		if doc2 := marshal(t, again); !bytes.Equal(doc, doc2) {
			t.Fatalf("summary changed through JSON:\n was %s\n now %s", doc, doc2)
		}
	})
}
