package views

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// ShareAudit makes the audit entries a viewer reads say only what sharing
// by protocol lets the viewer's party see: roles do not widen it, so an
// admin of one party does not read another party's figures in the trail.
// A signal's entries keep their place, action and times, but their subject
// and summary (which quote values and colours) read notSharedText when the
// viewer may not see the signal on the signals page; a withdrawn
// observation's value, numerator and denominator likewise. Only what is
// shown changes: the stored entries, their hashes and the chain's
// verification are untouched. Imports record counts, which are no figure.
func (s *Loader) ShareAudit(r *http.Request, es []accord.AuditEntry) ([]accord.AuditEntry, error) {
	ac := edge.AllianceOf(r)
	if !ac.Alliance.SharingByProtocol || len(es) == 0 {
		return es, nil
	}
	sh, err := s.SharingFor(r, nil)
	if err != nil {
		return nil, err
	}
	signals := map[string]bool{} // signal id → the viewer may see it
	for i, e := range es {
		switch e.Entity {
		case "signal":
			sees, ok := signals[e.EntityID]
			if !ok {
				if sees, err = s.seesAuditedSignal(r.Context(), ac.Alliance.ID, e.EntityID, sh); err != nil {
					return nil, err
				}
				signals[e.EntityID] = sees
			}
			if !sees {
				es[i].Before, es[i].After = withheld(e.Before, "subject", "summary"), withheld(e.After, "subject", "summary")
			}
		case "observation":
			if !sh.seesObservation(e.Before) {
				es[i].Before = withheld(e.Before, "value", "numerator", "denominator")
			}
		}
	}
	return es, nil
}

// seesAuditedSignal reports whether the viewer may see signal id by the
// signals page's rule; a signal that no longer exists is withheld.
func (s *Loader) seesAuditedSignal(ctx context.Context, allianceID, id string, sh Sharing) (bool, error) {
	g, err := s.Svc.Signal(ctx, allianceID, id)
	if accord.ErrorCode(err) == accord.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return len(sh.keepSignals([]accord.Signal{g})) == 1, nil
}

// seesObservation reports whether the viewer may see the observation an
// entry's state names (its KPI's key, period and segment): one whose KPI
// or period cannot be read is withheld.
func (sh Sharing) seesObservation(raw json.RawMessage) bool {
	var o struct{ KPI, Period, Segment string }
	if len(raw) == 0 || json.Unmarshal(raw, &o) != nil {
		return true // nothing recorded, nothing to hide
	}
	k, ok := sh.byKey[o.KPI]
	if !ok {
		return false
	}
	p, err := k.Frequency.ParsePeriod(o.Period)
	return err == nil && sh.SeesPeriod(k, o.Segment, p)
}

// withheld returns the state raw with the values of keys, where present,
// replaced by notSharedText.
func withheld(raw json.RawMessage, keys ...string) json.RawMessage {
	var m map[string]any
	if len(raw) == 0 || json.Unmarshal(raw, &m) != nil {
		return raw
	}
	for _, k := range keys {
		if _, ok := m[k]; ok {
			m[k] = notSharedText
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return raw
	}
	return b
}
