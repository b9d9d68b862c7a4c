package views

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// TextParams refuses query parameters that are not storable text, the
// same on both databases.
func TextParams(r *http.Request, names ...string) error {
	for _, n := range names {
		if !edge.Storable(r.URL.Query().Get(n)) {
			return accord.FieldError(n, "is not valid text")
		}
	}
	return nil
}
