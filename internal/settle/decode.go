package settle

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"

	"github.com/accord-alliance/accord/internal/number"
)

// DecodeTerms reads a terms document, JSON or YAML (TermsFormat tells
// which), strictly (unknown fields are errors) and validates it. Errors
// name the field; in YAML, the line too (as a *LineError).
func DecodeTerms(r io.Reader) (Terms, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Terms{}, err
	}
	if TermsFormat(data) == FormatYAML {
		return decodeTermsYAML(data)
	}
	var t Terms
	if err := decodeStrict(bytes.NewReader(data), &t); err != nil {
		return Terms{}, err
	}
	if err := t.Validate(); err != nil {
		return Terms{}, err
	}
	return t, nil
}

// DecodeSummary reads a performance summary strictly (unknown fields are
// errors) and checks its ranges. Errors name the field.
func DecodeSummary(r io.Reader) (Summary, error) {
	var s Summary
	if err := decodeStrict(r, &s); err != nil {
		return Summary{}, err
	}
	if err := s.Validate(); err != nil {
		return Summary{}, err
	}
	return s, nil
}

func decodeStrict(r io.Reader, v any) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(data, err)
	}
	if dec.More() {
		return errors.New("unexpected data after the JSON document")
	}
	return duplicateKey(data)
}

// jsonError turns encoding/json's errors into ones that name the field, or
// the line and column for syntax errors.
func jsonError(data []byte, err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		msg := te.Value
		if !strings.HasPrefix(msg, "invalid ") {
			msg = "cannot use " + te.Value + " as " + typeName(te.Type)
		}
		if te.Field == "" {
			return errors.New(msg)
		}
		return &FieldError{Field: te.Field, Msg: msg}
	case errors.As(err, &se):
		line, col := position(data, se.Offset)
		return fmt.Errorf("line %d, column %d: %s", line, col, strings.TrimPrefix(se.Error(), "json: "))
	case errors.Is(err, io.EOF):
		return errors.New("empty document")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("document ends early")
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		// encoding/json quotes the key with %q.
		if key, qerr := strconv.Unquote(f); qerr == nil {
			f = key
		}
		if f == "" {
			// A field error must name a field (found by FuzzDecodeTerms).
			return errors.New(`a key is empty (""): keys are field names`)
		}
		return &FieldError{Field: f, Msg: "unknown field"}
	}
	return errors.New(strings.TrimPrefix(err.Error(), "json: "))
}

func typeName(t reflect.Type) string {
	switch t {
	case reflect.TypeFor[number.Money]():
		return "an amount"
	case reflect.TypeFor[number.Rate]():
		return "a rate"
	}
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64:
		return "a whole number"
	case reflect.String:
		return "a string"
	case reflect.Slice:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return t.String()
}

func position(data []byte, off int64) (line, col int) {
	line, col = 1, 1
	for i := int64(0); i < off && i < int64(len(data)); i++ {
		if data[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}
