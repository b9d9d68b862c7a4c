package api

import (
	"net/http"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/views"
)

// phaseRequest plans a phase: its days and each site's weekly demand.
type phaseRequest struct {
	Name     string             `json:"name"`
	StartsOn string             `json:"starts_on"`
	EndsOn   string             `json:"ends_on"`
	Sites    []accord.PhaseSite `json:"sites"`
}

func (s *API) apiPhaseCreate(w http.ResponseWriter, r *http.Request) error {
	var q phaseRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	start, err := requiredDate("starts_on", q.StartsOn)
	if err != nil {
		return err
	}
	end, err := requiredDate("ends_on", q.EndsOn)
	if err != nil {
		return err
	}
	p := accord.Phase{AllianceID: edge.AllianceOf(r).Alliance.ID, InitiativeID: r.PathValue("id"), Name: q.Name, StartsOn: start, EndsOn: end, Sites: q.Sites}
	if p.Sites == nil {
		p.Sites = []accord.PhaseSite{}
	}
	if err := s.Svc.AddPhase(r.Context(), edge.SessionOf(r).Actor, &p); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, p)
	return nil
}

// phasePatch changes a phase's plan: the fields given replace what it had
// (sites, the whole list with each site's demand); the others are kept.
type phasePatch struct {
	Name           *string             `json:"name"`
	StartsOn       *string             `json:"starts_on"`
	EndsOn         *string             `json:"ends_on"`
	Sites          *[]accord.PhaseSite `json:"sites"`
	OverrideReason string              `json:"override_reason"`
}

func (s *API) apiPhaseUpdate(w http.ResponseWriter, r *http.Request) error {
	var q phasePatch
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	u := accord.PhaseUpdate{Name: q.Name, Sites: q.Sites, OverrideReason: q.OverrideReason}
	for _, f := range []struct {
		field string
		from  *string
		to    **time.Time
	}{{"starts_on", q.StartsOn, &u.StartsOn}, {"ends_on", q.EndsOn, &u.EndsOn}} {
		if f.from == nil {
			continue
		}
		d, err := requiredDate(f.field, *f.from)
		if err != nil {
			return err
		}
		*f.to = &d
	}
	b, err := s.LoadInitiatives(r)
	if err != nil {
		return err
	}
	p, err := s.ChangePhase(r, b, r.PathValue("id"), u)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, p)
	return nil
}

func (s *API) apiPhaseRemove(w http.ResponseWriter, r *http.Request) error {
	if err := s.Svc.RemovePhase(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// milestoneRequest adds a condition on a KPI or a deliverable to a phase.
type milestoneRequest struct {
	Kind            string         `json:"kind"`
	Title           string         `json:"title"`
	KPIID           string         `json:"kpi_id"`
	Segment         string         `json:"segment"`
	Comparison      string         `json:"comparison"`
	Threshold       number.Decimal `json:"threshold"`
	Periods         int            `json:"consecutive_periods"`
	ByDate          string         `json:"by_date"`
	DueOn           string         `json:"due_on"`
	ResponsibleRole accord.Role    `json:"responsible_role"`
}

func (s *API) apiMilestoneCreate(w http.ResponseWriter, r *http.Request) error {
	var q milestoneRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	by, err := views.ParseDate("by_date", q.ByDate)
	if err != nil {
		return err
	}
	due, err := views.ParseDate("due_on", q.DueOn)
	if err != nil {
		return err
	}
	m := accord.Milestone{AllianceID: edge.AllianceOf(r).Alliance.ID, PhaseID: r.PathValue("id"), Kind: q.Kind, Title: q.Title, KPIID: q.KPIID,
		Segment: q.Segment, Comparison: q.Comparison, Threshold: q.Threshold, Periods: q.Periods, ByDate: by, DueOn: due, ResponsibleRole: q.ResponsibleRole}
	if err := s.Svc.AddMilestone(r.Context(), edge.SessionOf(r).Actor, &m); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, m)
	return nil
}

// completionRequest marks a deliverable done with evidence.
type completionRequest struct {
	Evidence     string `json:"evidence"`
	EvidenceLink string `json:"evidence_link"`
}

func (s *API) apiMilestoneComplete(w http.ResponseWriter, r *http.Request) error {
	var q completionRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	m, err := s.Svc.CompleteDeliverable(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"), q.Evidence, q.EvidenceLink)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, m)
	return nil
}

// readinessRequest scores one dimension of a phase for the caller's party.
type readinessRequest struct {
	Dimension string `json:"dimension"`
	Score     string `json:"score"`
	Note      string `json:"note"`
}

func (s *API) apiReadinessAssess(w http.ResponseWriter, r *http.Request) error {
	var q readinessRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	a := accord.ReadinessAssessment{AllianceID: edge.AllianceOf(r).Alliance.ID, PhaseID: r.PathValue("id"), Dimension: q.Dimension, Score: q.Score, Note: q.Note}
	if err := s.Svc.AssessReadiness(r.Context(), edge.SessionOf(r).Actor, &a); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, a)
	return nil
}

// apiGateCheck answers the readiness gate for a decision about a phase
// (?decision=advance by default; ?new_ends_on=YYYY-MM-DD for extend).
func (s *API) apiGateCheck(w http.ResponseWriter, r *http.Request) error {
	b, err := s.LoadInitiatives(r)
	if err != nil {
		return err
	}
	p, err := b.Phase(r.PathValue("id"))
	if err != nil {
		return err
	}
	decision := r.URL.Query().Get("decision")
	if decision == "" {
		decision = "advance"
	}
	end, err := views.ParseDate("new_ends_on", r.URL.Query().Get("new_ends_on"))
	if err != nil {
		return err
	}
	check, err := b.CheckGate(p, decision, end, "", "")
	if err != nil {
		return renameField(err, "kind", "decision")
	}
	edge.WriteJSON(w, http.StatusOK, check)
	return nil
}

// gateMotionRequest puts a gate decision to a committee.
type gateMotionRequest struct {
	Decision  string `json:"decision"`
	Committee string `json:"committee"`
	MeetingID string `json:"meeting_id"`
	ClosesAt  string `json:"closes_at"`
}

func (s *API) apiGateMotionCreate(w http.ResponseWriter, r *http.Request) error {
	var q gateMotionRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	m, err := s.motionVenue(r, q.Committee, q.MeetingID, q.ClosesAt)
	if err != nil {
		return err
	}
	b, err := s.LoadInitiatives(r)
	if err != nil {
		return err
	}
	if err := s.ProposeGate(r, b, r.PathValue("id"), q.Decision, &m); err != nil {
		return renameField(err, "meeting", "meeting_id")
	}
	return s.writeMotion(w, r, http.StatusCreated, m.Number)
}

// gateDecisionRequest records what a passed motion decided about a phase.
type gateDecisionRequest struct {
	MotionID       string `json:"motion_id"`
	Kind           string `json:"kind"`
	OverrideReason string `json:"override_reason"`
	NewEndsOn      string `json:"new_ends_on"`
}

func (s *API) apiGateDecisionCreate(w http.ResponseWriter, r *http.Request) error {
	var q gateDecisionRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	end, err := views.ParseDate("new_ends_on", q.NewEndsOn)
	if err != nil {
		return err
	}
	b, err := s.LoadInitiatives(r)
	if err != nil {
		return err
	}
	g := accord.GateDecision{PhaseID: r.PathValue("id"), Kind: q.Kind, MotionID: q.MotionID, OverrideReason: q.OverrideReason, NewEndsOn: end}
	if _, err := s.RecordGate(r, b, &g); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, g)
	return nil
}
