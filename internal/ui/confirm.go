package ui

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
)

// confirmed reports whether a page form that does something irreversible
// (closing a vote, ending a protocol, withdrawing an amendment) comes with
// its confirmation box ticked. The box says what will happen; the form
// works without JavaScript, and the server refuses the action without it.
// The API's calls are explicit and need no confirmation.
func confirmed(r *http.Request) bool { return r.PostFormValue("confirm") == "yes" }

// errNotConfirmed refuses an irreversible page action that was not
// confirmed; nothing has changed.
func errNotConfirmed(what string) error {
	return accord.FieldError("confirm", "Tick the box to confirm that you want to %s; nothing has changed", what)
}
