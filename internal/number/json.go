package number

import (
	"encoding/json"
	"reflect"
)

// badValue reports a value that Rate or Money cannot read as a
// json.UnmarshalTypeError, so that encoding/json adds the path of the field.
func badValue[T any](msg string) error {
	return &json.UnmarshalTypeError{Value: msg, Type: reflect.TypeFor[T]()}
}
