package ui

import (
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/accord-alliance/accord/internal/views"
)

// App is accord's HTML application: its pages, templates and forms.
type App struct {
	*views.Loader
	pages *Pages
	// Chrome keeps the layout around cached page bodies (see pageChrome).
	Chrome *views.FragCache
	// PageBufs holds the buffers pages are rendered into, reused rather
	// than allocated (and cleared) for every request. Pages with a cached
	// body (pageBody) need none: their parts are written as they are.
	PageBufs sync.Pool
	// Router serves the page of a refused form again (showFormError).
	Router atomic.Pointer[http.ServeMux]
}

// New builds the application over the loader and makes its error page the
// one the edge answers browsers with.
func New(v *views.Loader) (*App, error) {
	p, err := LoadPages()
	if err != nil {
		return nil, err
	}
	a := &App{Loader: v, pages: p, Chrome: views.NewFragCache(1024)}
	v.ErrorPage = a.RenderError
	return a, nil
}
