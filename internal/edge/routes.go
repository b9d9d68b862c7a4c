package edge

import (
	"net/http"
)

func (s *Edge) NotFound(w http.ResponseWriter, r *http.Request) {
	s.Fail(w, r, ErrNotFound)
}
