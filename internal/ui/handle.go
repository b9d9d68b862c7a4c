package ui

import (
	"errors"
	"net/http"

	"github.com/accord-alliance/accord/internal/edge"
)

// refusedForm is a form's refusal with the page the form was posted from,
// which handle serves again with the error beside its field (failBack).
type refusedForm struct {
	to  string
	err error
}

// Error is the refusal's message.
func (e *refusedForm) Error() string { return e.err.Error() }

// Unwrap is the refusal itself, for accord.ErrorCode and the like.
func (e *refusedForm) Unwrap() error { return e.err }

// backTo returns err as the refusal of a form posted from the page at to.
func backTo(to string, err error) error { return &refusedForm{to: to, err: err} }

// handle serves h and answers the error it returns in the one way the
// HTML application fails: a refused form is served again with its error
// beside the field (failBack); any other error is the edge's error page.
func (s *App) handle(h edge.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		var refused *refusedForm
		switch {
		case err == nil:
		case errors.As(err, &refused):
			s.failBack(w, r, refused.to, refused.err)
		default:
			s.Fail(w, r, err)
		}
	}
}
