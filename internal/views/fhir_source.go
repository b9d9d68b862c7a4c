package views

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// DefaultFHIRSourceHours is how often a new FHIR source is fetched.
const DefaultFHIRSourceHours = 24

// FHIRSource loads the alliance's FHIR source for its settings page and
// API: the one set, or a new one (daily, off) when none is.
func (s *Loader) FHIRSource(r *http.Request) (accord.FHIRSource, bool, error) {
	ac := edge.AllianceOf(r)
	src, err := s.Svc.FHIRSource(r.Context(), ac.Alliance.ID)
	if accord.ErrorCode(err) == accord.ENOTFOUND {
		return accord.FHIRSource{AllianceID: ac.Alliance.ID, EveryHours: DefaultFHIRSourceHours}, false, nil
	}
	return src, err == nil, err
}

// SetFHIRSource saves the alliance's FHIR source settings as the viewer.
func (s *Loader) SetFHIRSource(r *http.Request, src accord.FHIRSource) (accord.FHIRSource, error) {
	src.AllianceID = edge.AllianceOf(r).Alliance.ID
	return s.Svc.SetFHIRSource(r.Context(), edge.SessionOf(r).Actor, src)
}
