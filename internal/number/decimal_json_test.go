package number

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestDecimalJSON(t *testing.T) {
	var v struct {
		A Decimal  `json:"a"`
		B *Decimal `json:"b"`
	}
	if err := json.Unmarshal([]byte(`{"a": 12.5, "b": "0.000001"}`), &v); err != nil || v.A.String() != "12.5" || v.B.String() != "0.000001" {
		t.Fatalf("got %v %v, %v", v.A, v.B, err)
	}
	for _, bad := range []string{`{"b": "1,5"}`, `{"b": 1e3}`, `{"b": true}`} {
		err := json.Unmarshal([]byte(bad), &v)
		var te *json.UnmarshalTypeError
		if !errors.As(err, &te) || te.Field != "b" {
			t.Errorf("%s: got %v; want a type error naming field b", bad, err)
		}
	}
	out, _ := json.Marshal(v)
	if string(out) != `{"a":"12.5","b":"0.000001"}` {
		t.Errorf("Marshal = %s", out)
	}
	// A JSON string is read as the text it holds, escapes decoded (found
	// by FuzzParseDecimal: "7\n" was refused while ParseDecimal reads it).
	if err := json.Unmarshal([]byte(`{"a": "\u0037\n", "b": " 2.5\t"}`), &v); err != nil || v.A.String() != "7" || v.B.String() != "2.5" {
		t.Errorf("escaped strings: got %v %v, %v; want 7 2.5", v.A, v.B, err)
	}
}
