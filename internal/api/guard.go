package api

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// apiAuth answers 401 for API calls without a valid token or session.
func (s *API) apiAuth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if edge.SessionOf(r).User == nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="accord"`)
			s.Fail(w, r, accord.Errorf(accord.EUNAUTHORIZED, "authentication required: send a session cookie or an Authorization: Bearer token"))
			return
		}
		// Nothing is named with NUL or invalid UTF-8, and PostgreSQL would
		// answer such a lookup with an error rather than no rows.
		if !edge.Storable(r.URL.Path) {
			s.Fail(w, r, edge.ErrNotFound)
			return
		}
		h(w, r)
	}
}
