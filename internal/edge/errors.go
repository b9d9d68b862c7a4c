package edge

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/settle"
)

// StatusOf maps domain error codes to HTTP statuses, in one place.
func StatusOf(code string) int {
	switch code {
	case accord.EINVALID:
		return http.StatusUnprocessableEntity
	case accord.ENOTFOUND:
		return http.StatusNotFound
	case accord.ECONFLICT:
		return http.StatusConflict
	case accord.EFORBIDDEN:
		return http.StatusForbidden
	case accord.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case accord.ETHROTTLED:
		return http.StatusTooManyRequests
	case accord.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// apiError is the JSON body of every API error.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field,omitempty"`
	} `json:"error"`
}

// PlainError is an error's safe message, led by its field in words when
// it has one ("Period end: must not be before the period's start").
func PlainError(err error) string {
	if f := accord.ErrorField(err); f != "" {
		return settle.PlainField(f) + ": " + accord.ErrorMessage(err)
	}
	return accord.ErrorMessage(err)
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// Fail answers with err: JSON for the API, an error page for browsers. The
// cause of internal errors goes to the log, never to the client.
func (s *Edge) Fail(w http.ResponseWriter, r *http.Request, err error) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		err = accord.Errorf(accord.EINVALID, "the request body is too large (limit %d bytes)", tooBig.Limit)
	}
	code := accord.ErrorCode(err)
	status := StatusOf(code)
	if tooBig != nil {
		status = http.StatusRequestEntityTooLarge
	}
	if code == accord.EINTERNAL {
		s.Log.Error("internal error", "method", r.Method, "path", logPath(r), "err", err)
	}
	if isAPI(r) {
		var body apiError
		body.Error.Code, body.Error.Message, body.Error.Field = code, accord.ErrorMessage(err), accord.ErrorField(err)
		WriteJSON(w, status, body)
		return
	}
	if status == http.StatusUnauthorized {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(SafeNext(r.URL.RequestURI())), http.StatusSeeOther)
		return
	}
	s.ErrorPage(w, r, status, err)
}

// WriteJSON answers with v as indented JSON and the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// DecodeJSON reads a JSON body strictly: one object, no unknown fields.
func DecodeJSON(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return accord.Errorf(accord.EINVALID, "the body must be JSON (Content-Type: application/json)")
	}
	var raw bytes.Buffer
	dec := json.NewDecoder(io.TeeReader(r.Body, &raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			if typeErr.Field == "" {
				return accord.Errorf(accord.EINVALID, "the body must be a JSON object")
			}
			if typeErr.Type == reflect.TypeFor[number.Decimal]() {
				return accord.FieldError(typeErr.Field, "must be a decimal number: digits with an optional . and at most 6 decimals, no thousands separators or exponent (e.g. 12.5)")
			}
			return accord.FieldError(typeErr.Field, "must be %s", jsonKind(typeErr.Type.Kind()))
		}
		if strings.HasPrefix(err.Error(), "json: unknown field ") {
			return accord.FieldError(strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), "is not a known field")
		}
		return accord.Errorf(accord.EINVALID, "the body is not valid JSON: %v", err)
	}
	if dec.More() {
		return accord.Errorf(accord.EINVALID, "the body must hold a single JSON object")
	}
	return refuseNUL(raw.Bytes())
}

// refuseNUL refuses text holding NUL characters: PostgreSQL cannot store
// them, so they would otherwise end as an internal error. A NUL can only
// appear in JSON as the escape \u0000.
func refuseNUL(body []byte) error {
	if !bytes.Contains(body, []byte(`\u0000`)) {
		return nil
	}
	var fields map[string]any
	json.Unmarshal(body, &fields)
	for k, v := range fields {
		if holdsNUL(v) {
			return accord.FieldError(k, "must not contain NUL characters")
		}
	}
	return nil
}

func holdsNUL(v any) bool {
	switch v := v.(type) {
	case string:
		return strings.ContainsRune(v, 0)
	case []any:
		return slices.ContainsFunc(v, holdsNUL)
	case map[string]any:
		for _, x := range v {
			if holdsNUL(x) {
				return true
			}
		}
	}
	return false
}

// Storable reports whether s can be stored and compared as text on every
// database: valid UTF-8 without NUL characters.
func Storable(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// jsonKind names what a JSON value must be in terms a client knows, not Go
// type names such as accord.Roles.
func jsonKind(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	}
	return "an object"
}

// SafeNext keeps redirect targets on this site.
func SafeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

// HandlerFunc is a handler that returns its failure rather than writing
// it, so that one place (Handle, or the HTML application's handle) answers
// every failure the same way.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Handle serves h and answers the error it returns with Fail: JSON for the
// API, an error page for browsers.
func (s *Edge) Handle(h HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.Fail(w, r, err)
		}
	}
}
