package api

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/edge"
)

// apiHealth answers the partnership health results: the latest closed
// round under the minimum of respondents, its signals, the trend and the
// profiles, as the health page shows them (views.HealthResults). A hidden
// group carries its count and the reason only; no figure is NaN: a figure
// that cannot be computed is null.
func (s *API) apiHealth(w http.ResponseWriter, r *http.Request) error {
	res, err := s.HealthResults(r.Context(), edge.AllianceOf(r).Alliance, r.URL.Query().Get("round"))
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, res)
	return nil
}
