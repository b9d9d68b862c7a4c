package views

import (
	"net/http"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// ChangePhase changes a phase's plan (its name, days, sites and their
// demand), checked as a new phase is (accord.PhaseUpdate.Apply). A change
// to an active phase is weighed against the capacity of its sites, as a
// gate that starts a phase is: one that takes a site-month over capacity,
// or further over, is refused (422 on override_reason, each site-month
// named) unless it carries an override with its reason; an override that
// nothing needed is not kept. A planned phase is weighed when a gate
// starts it.
func (s *Loader) ChangePhase(r *http.Request, b *InitiativeBoard, id string, u accord.PhaseUpdate) (accord.Phase, error) {
	p, err := b.Phase(id)
	if err != nil {
		return p, err
	}
	after, err := u.Apply(p)
	if err != nil {
		return p, err
	}
	u.OverrideReason = strings.TrimSpace(u.OverrideReason)
	if p.Status == accord.PhaseActive {
		overloads, err := b.Overloads(after, true)
		if err != nil {
			return p, err
		}
		if len(overloads) > 0 && u.OverrideReason == "" {
			texts := make([]string, len(overloads))
			for i, o := range overloads {
				texts[i] = o.Sentence()
			}
			return p, accord.FieldError("override_reason", "while the phase is active, this change takes a site over its capacity: %s. Give an override with its reason to make it all the same",
				strings.Join(texts, "; "))
		}
		if len(overloads) == 0 {
			u.OverrideReason = ""
		}
	} else {
		u.OverrideReason = ""
	}
	return s.Svc.UpdatePhase(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, id, u)
}
