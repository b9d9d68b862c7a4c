package edge

import (
	"net/http"
)

// NotFound answers every path no route matched.
func (s *Edge) NotFound(w http.ResponseWriter, r *http.Request) {
	s.Fail(w, r, ErrNotFound)
}
