package ui

import (
	"context"
	"net/http"
	"net/url"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/settle"
	"github.com/accord-alliance/accord/internal/views"
)

// formFailure is a refused form: where it posted, the field at fault and
// the message, what was posted, and the status to answer with.
type formFailure struct {
	Action     string
	Field, Msg string
	Values     url.Values
	Status     int
}

// plain is the message in words, led by its field (as plainError).
func (f *formFailure) plain() string {
	// A confirmation box's message says what to tick: naming the field
	// ("Confirm: tick the box to confirm …") only repeats it.
	if f.Field != "" && f.Field != "confirm" {
		return settle.PlainField(f.Field) + ": " + f.Msg
	}
	return f.Msg
}

type formFailureKey struct{}

func formFailureOf(r *http.Request) *formFailure {
	f, _ := r.Context().Value(formFailureKey{}).(*formFailure)
	return f
}

// postedValues are the entries of a posted form, multipart or not.
func postedValues(r *http.Request) url.Values {
	if r.MultipartForm != nil {
		return url.Values(r.MultipartForm.Value)
	}
	if r.PostForm == nil {
		r.ParseForm()
	}
	return r.PostForm
}

// failureOf is the refused form a page answers, if any: one failBack
// handed over, or a POST whose handler renders its page with an error.
func failureOf(r *http.Request, d views.PageData) *formFailure {
	if f := formFailureOf(r); f != nil {
		return f
	}
	if r.Method == http.MethodPost && d.Error != "" {
		return &formFailure{Action: r.URL.Path, Field: d.Field, Msg: d.Error, Values: postedValues(r)}
	}
	return nil
}

// showFormError answers a refused form with the page the form is on, shown
// again (not redirected to) so that it keeps what was typed and shows the
// error next to its field: the page's own handler serves a GET of to, and
// render marks the form up (markFormError). It reports false when it
// cannot, and the caller falls back to a redirect with an error flash.
func (s *App) showFormError(w http.ResponseWriter, r *http.Request, to string, err error) bool {
	router := s.Router.Load()
	u, perr := url.Parse(to)
	if router == nil || formFailureOf(r) != nil || perr != nil || !localPath(u.Path) {
		return false
	}
	f := &formFailure{Action: r.URL.Path, Field: accord.ErrorField(err), Msg: accord.ErrorMessage(err),
		Values: postedValues(r), Status: edge.StatusOf(accord.ErrorCode(err))}
	page := r.Clone(context.WithValue(r.Context(), formFailureKey{}, f))
	page.Method = http.MethodGet
	page.URL = &url.URL{Path: u.Path, RawQuery: u.RawQuery}
	page.RequestURI = page.URL.RequestURI()
	page.Body, page.ContentLength = http.NoBody, 0
	page.Form, page.PostForm, page.MultipartForm = nil, nil, nil
	page.Header = r.Header.Clone()
	page.Header.Del("Content-Type")
	page.Header.Del("Content-Length")
	router.ServeHTTP(w, page)
	return true
}
