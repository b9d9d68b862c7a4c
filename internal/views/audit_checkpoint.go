package views

import (
	"fmt"
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// AuditCheckpoint answers the audit trail's head signed with the
// installation's key, as a JSON file to keep: the page and the API give
// the same file. A party that keeps it can later prove, with `accord
// audit verify --against`, that the trail still extends it.
func (s *Loader) AuditCheckpoint(w http.ResponseWriter, r *http.Request) error {
	h, err := s.Svc.AuditHead(r.Context())
	if err != nil {
		return err
	}
	cp := accord.SignAuditCheckpoint(s.Cfg.AuditKey, h.Seq, h.Hash, h.At)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="accord-audit-checkpoint-%d.json"`, cp.Seq))
	edge.WriteJSON(w, http.StatusOK, cp)
	return nil
}
