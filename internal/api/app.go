package api

import "github.com/accord-alliance/accord/internal/views"

// API is accord's JSON API under /api/v1, described by openapi.json.
type API struct {
	*views.Loader
}

// New builds the API over the loader.
func New(v *views.Loader) *API { return &API{Loader: v} }
