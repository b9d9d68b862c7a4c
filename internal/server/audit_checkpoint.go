package server

import (
	"fmt"
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
)

// auditCheckpoint answers the audit trail's head signed with the
// installation's key, as a JSON file to keep: the page and the API give
// the same file. A party that keeps it can later prove, with `accord
// audit verify --against`, that the trail still extends it.
func (s *Server) auditCheckpoint(w http.ResponseWriter, r *http.Request) {
	h, err := s.svc.AuditHead(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cp := accord.SignAuditCheckpoint(s.cfg.AuditKey, h.Seq, h.Hash, h.At)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="accord-audit-checkpoint-%d.json"`, cp.Seq))
	writeJSON(w, http.StatusOK, cp)
}
