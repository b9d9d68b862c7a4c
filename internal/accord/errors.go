// Package accord holds the domain of the accord platform: alliances, parties,
// people, roles, invitations, tokens and the audit trail, with their
// validation rules and the service interfaces the adapters implement.
// It imports no database, HTTP or template package.
package accord

import (
	"errors"
	"fmt"
)

// Error codes, few and stable: the HTTP layer maps each to one status and
// API clients can rely on them.
const (
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	EFORBIDDEN    = "forbidden"
	EUNAUTHORIZED = "unauthorized"
	ETHROTTLED    = "throttled"
	// EUNAVAILABLE: a part of the installation the request needs (e.g.
	// Chromium for PDF packets) is not there.
	EUNAVAILABLE = "unavailable"
	EINTERNAL    = "internal"
)

// Error is the domain error: a code for machines, a message safe to show a
// user, the field at fault when there is one, and the cause for the logs.
type Error struct {
	Code    string
	Message string
	Field   string
	Err     error
}

// Error implements the error interface.
func (e *Error) Error() string {
	s := e.Code + ": " + e.Message
	if e.Field != "" {
		s = e.Code + ": " + e.Field + ": " + e.Message
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error with the given code and a formatted, user-safe message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns an invalid-input Error naming the field at fault.
func FieldError(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first Error in err's chain, EINTERNAL
// for any other error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err: the Error's message, or
// a generic sentence for internal errors whose details belong in the logs.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "An internal error occurred. It has been logged."
}

// ErrorField returns the field named by err, or "".
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
