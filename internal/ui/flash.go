package ui

import (
	"encoding/base64"
	"strings"
)

// Flash messages travel base64-encoded so any text survives cookie rules.
func encodeFlash(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func decodeFlash(s string) string {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) > 500 {
		return ""
	}
	return string(b)
}

// errorFlashMark starts a flash that reports an error. Stored text never
// holds a NUL, so no message of success can be mistaken for one.
const errorFlashMark = "\x00"

// flashNote is a message left for the next page: a success, or an error
// with the field at fault, which the page shows as an alert instead.
type flashNote struct {
	Msg, Field string
	Err        bool
}

// encodeErrorFlash packs an error's field and message for the flash cookie.
func encodeErrorFlash(field, msg string) string {
	return encodeFlash(errorFlashMark + field + errorFlashMark + msg)
}

// parseFlash unpacks a flash cookie's value.
func parseFlash(v string) flashNote {
	s := decodeFlash(v)
	rest, isErr := strings.CutPrefix(s, errorFlashMark)
	if !isErr {
		return flashNote{Msg: s}
	}
	field, msg, _ := strings.Cut(rest, errorFlashMark)
	return flashNote{Msg: msg, Field: field, Err: true}
}
