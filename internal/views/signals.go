package views

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// SignalShown answers not found for a signal the viewer may not see, so
// that nobody acts on (or reads, in the answer) a signal about data their
// party is not shared.
func (s *Loader) SignalShown(r *http.Request, id string) error {
	ac := edge.AllianceOf(r)
	if !ac.Alliance.SharingByProtocol {
		return nil
	}
	g, err := s.Svc.Signal(r.Context(), ac.Alliance.ID, id)
	if err != nil {
		return err
	}
	gs, err := s.VisibleSignals(r, []accord.Signal{g})
	if err != nil {
		return err
	}
	if len(gs) == 0 {
		return accord.Errorf(accord.ENOTFOUND, "signal not found")
	}
	return nil
}
