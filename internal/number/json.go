package number

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
)

// badValue reports a value that Rate or Money cannot read as a
// json.UnmarshalTypeError, so that encoding/json adds the path of the field.
func badValue[T any](msg string) error {
	return &json.UnmarshalTypeError{Value: msg, Type: reflect.TypeFor[T]()}
}

// unmarshalText reads a JSON string or number as its text and parses it
// with parse; what names the value in the message of a value that is
// neither ("amount", "rate").
func unmarshalText[T any](b []byte, what string, parse func(string) (T, error)) (T, error) {
	var zero T
	b = bytes.TrimSpace(b)
	var s string
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return zero, err
		}
	} else {
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return zero, badValue[T](fmt.Sprintf("invalid %s %s: want a number or a string", what, b))
		}
		s = n.String()
	}
	v, err := parse(s)
	if err != nil {
		return zero, badValue[T](err.Error())
	}
	return v, nil
}
