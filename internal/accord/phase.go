package accord

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/number"
)

// The statuses of a phase: planned until a gate starts it, then active,
// paused, done or stopped.
const (
	PhasePlanned = "planned"
	PhaseActive  = "active"
	PhasePaused  = "paused"
	PhaseDone    = "done"
	PhaseStopped = "stopped"
)

// Phase is one step of an initiative (design, one clinic, two clinics, all
// clinics): its dates, the sites in scope and the demand it puts on each.
type Phase struct {
	ID           string      `json:"id"`
	AllianceID   string      `json:"alliance_id"`
	InitiativeID string      `json:"initiative_id"`
	Ordinal      int         `json:"ordinal"`
	Name         string      `json:"name"`
	StartsOn     time.Time   `json:"starts_on"`
	EndsOn       time.Time   `json:"ends_on"`
	Status       string      `json:"status"`
	Sites        []PhaseSite `json:"sites"`
	CreatedAt    time.Time   `json:"created_at"`
}

// PhaseSite is a site in a phase's scope and the work the phase asks of it
// each week: staff hours by role, and back-office hours.
type PhaseSite struct {
	SiteID          string         `json:"site_id"`
	BackOfficeHours number.Decimal `json:"back_office_hours_per_week"`
	Staff           []RoleHours    `json:"staff_hours_per_week"`
}

// RoleHours is the staff time a phase asks of a site for one role (care
// manager, medical assistant, nurse): the role is the site's own word.
type RoleHours struct {
	Role  string         `json:"role"`
	Hours number.Decimal `json:"hours"`
}

// StaffHours is the phase's weekly demand on the site's staff, every role
// together.
func (s PhaseSite) StaffHours() number.Decimal {
	var sum number.Decimal
	for _, r := range s.Staff {
		sum += r.Hours
	}
	return sum
}

// Validate checks a phase before it is stored; the store checks that its
// sites are the initiative's.
func (p *Phase) Validate() error {
	p.Name = strings.TrimSpace(p.Name)
	if p.InitiativeID == "" {
		return FieldError("initiative_id", "is required")
	}
	if err := CheckDisplayText("name", p.Name, true, maxName); err != nil {
		return err
	}
	if p.StartsOn.IsZero() {
		return FieldError("starts_on", "is required")
	}
	if p.EndsOn.IsZero() {
		return FieldError("ends_on", "is required")
	}
	p.StartsOn, p.EndsOn = Day(p.StartsOn), Day(p.EndsOn)
	if p.EndsOn.Before(p.StartsOn) {
		return FieldError("ends_on", "is before the phase starts")
	}
	if len(p.Sites) > maxInitiativeSites {
		return FieldError("sites", "a phase covers at most %d sites", maxInitiativeSites)
	}
	seen := map[string]bool{}
	for i := range p.Sites {
		if err := p.Sites[i].validate("sites["+strconv.Itoa(i)+"]", seen); err != nil {
			return err
		}
	}
	return nil
}

func (s *PhaseSite) validate(field string, seen map[string]bool) error {
	if s.SiteID == "" {
		return FieldError(field+".site_id", "is required")
	}
	if seen[s.SiteID] {
		return FieldError(field+".site_id", "names a site already in the phase")
	}
	seen[s.SiteID] = true
	if err := checkHours(field+".back_office_hours_per_week", s.BackOfficeHours); err != nil {
		return err
	}
	roles := map[string]bool{}
	for j := range s.Staff {
		r := &s.Staff[j]
		f := field + ".staff_hours_per_week[" + strconv.Itoa(j) + "]"
		r.Role = strings.TrimSpace(r.Role)
		if err := CheckDisplayText(f+".role", r.Role, true, maxName); err != nil {
			return err
		}
		if roles[strings.ToLower(r.Role)] {
			return FieldError(f+".role", "%s is listed twice", r.Role)
		}
		roles[strings.ToLower(r.Role)] = true
		if r.Hours <= 0 {
			return FieldError(f+".hours", "must be more than zero hours a week")
		}
		if err := checkHours(f+".hours", r.Hours); err != nil {
			return err
		}
	}
	return nil
}

// PhaseUpdate changes a phase's plan; nil fields are kept. A phase's
// status changes through gate decisions. A change that would take a site
// over its capacity while the phase is active is made only with an
// OverrideReason, as a gate that starts such a phase is; the reason is
// kept in the change's audit entry.
type PhaseUpdate struct {
	Name           *string      `json:"name,omitempty"`
	StartsOn       *time.Time   `json:"starts_on,omitempty"`
	EndsOn         *time.Time   `json:"ends_on,omitempty"`
	Sites          *[]PhaseSite `json:"sites,omitempty"`
	OverrideReason string       `json:"override_reason,omitempty"`
}

// Apply returns a copy of p with the update applied and validated, as a
// new phase is.
func (u PhaseUpdate) Apply(p Phase) (Phase, error) {
	set(&p.Name, u.Name)
	set(&p.StartsOn, u.StartsOn)
	set(&p.EndsOn, u.EndsOn)
	setList(&p.Sites, u.Sites)
	return p, p.Validate()
}

// Started reports whether a gate has started the phase: only a phase
// still planned may be removed from its initiative.
func (p Phase) Started() bool { return p.Status != PhasePlanned }

// Closed reports whether the phase has ended.
func (p Phase) Closed() bool { return p.Status == PhaseDone || p.Status == PhaseStopped }

// The kinds of milestone: a condition on the scorecard, evaluated from the
// data, or a deliverable a named role marks done with evidence.
const (
	MilestoneCondition   = "condition"
	MilestoneDeliverable = "deliverable"
)

// The comparisons of a condition milestone.
const (
	CompareAtLeast = "at_least" // value ≥ threshold
	CompareAtMost  = "at_most"  // value ≤ threshold
)

// Milestone is a measurable step of a phase. A condition holds when the
// KPI (at a segment, or the whole alliance's figure) compares to the
// threshold for Periods consecutive periods, or by ByDate. A deliverable
// is marked done by a member holding ResponsibleRole, with evidence. Its
// state (met, on track, at risk, missed) is computed by the initiative
// engine, never stored.
type Milestone struct {
	ID         string `json:"id"`
	AllianceID string `json:"alliance_id"`
	PhaseID    string `json:"phase_id"`
	Kind       string `json:"kind"`
	Title      string `json:"title"`

	KPIID      string         `json:"kpi_id,omitempty"`
	Segment    string         `json:"segment,omitempty"`
	Comparison string         `json:"comparison,omitempty"`
	Threshold  number.Decimal `json:"threshold"`
	Periods    int            `json:"consecutive_periods,omitempty"`
	ByDate     *time.Time     `json:"by_date,omitempty"`

	DueOn           *time.Time `json:"due_on,omitempty"`
	ResponsibleRole Role       `json:"responsible_role,omitempty"`
	DoneAt          *time.Time `json:"done_at,omitempty"`
	DoneByID        string     `json:"done_by_member_id,omitempty"`
	DoneByName      string     `json:"done_by,omitempty"`
	Evidence        string     `json:"evidence,omitempty"`
	EvidenceLink    string     `json:"evidence_link,omitempty"`

	CreatedAt time.Time `json:"created_at"`
}

// Validate checks a milestone before it is stored; the store checks that
// its KPI is the alliance's.
func (m *Milestone) Validate() error {
	m.Title, m.Segment = strings.TrimSpace(m.Title), strings.TrimSpace(m.Segment)
	if m.PhaseID == "" {
		return FieldError("phase_id", "is required")
	}
	switch m.Kind {
	case MilestoneCondition:
		return m.validateCondition()
	case MilestoneDeliverable:
		return m.validateDeliverable()
	}
	return FieldError("kind", "must be condition (on a KPI) or deliverable (marked done with evidence)")
}

func (m *Milestone) validateCondition() error {
	if err := CheckDisplayText("title", m.Title, false, 300); err != nil {
		return err
	}
	if m.KPIID == "" {
		return FieldError("kpi_id", "is required for a condition")
	}
	if err := CheckDisplayText("segment", m.Segment, false, MaxSegmentLength); err != nil {
		return err
	}
	if m.Comparison != CompareAtLeast && m.Comparison != CompareAtMost {
		return FieldError("comparison", "must be at_least or at_most")
	}
	if (m.Periods > 0) == (m.ByDate != nil) {
		return FieldError("consecutive_periods", "give either a number of consecutive periods or a date to reach the threshold by, not both")
	}
	if m.Periods < 0 || m.Periods > 60 {
		return FieldError("consecutive_periods", "must be between 1 and 60")
	}
	if m.ByDate != nil {
		d := Day(*m.ByDate)
		m.ByDate = &d
	}
	if m.DueOn != nil || m.ResponsibleRole != "" || m.Evidence != "" || m.EvidenceLink != "" {
		return FieldError("kind", "a condition has no due date, responsible role or evidence: those are a deliverable's")
	}
	return nil
}

func (m *Milestone) validateDeliverable() error {
	if err := CheckDisplayText("title", m.Title, true, 300); err != nil {
		return err
	}
	if m.DueOn == nil {
		return FieldError("due_on", "is required for a deliverable")
	}
	d := Day(*m.DueOn)
	m.DueOn = &d
	if !m.ResponsibleRole.Valid() {
		return FieldError("responsible_role", "must be one of admin, executive, clinical_leader, finance, operations, member, observer")
	}
	if m.KPIID != "" || m.Comparison != "" || m.Periods != 0 || m.ByDate != nil || m.Threshold != 0 {
		return FieldError("kind", "a deliverable has no KPI, comparison or threshold: those are a condition's")
	}
	return nil
}

// CheckEvidence checks what a deliverable is marked done with: a sentence
// saying what was delivered, and optionally a web link to it.
func CheckEvidence(evidence, link string) (string, string, error) {
	evidence, link = strings.TrimSpace(evidence), strings.TrimSpace(link)
	if err := checkText("evidence", evidence, true, maxText); err != nil {
		return "", "", err
	}
	if link != "" {
		u, err := url.Parse(link)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(link) > 2000 {
			return "", "", FieldError("evidence_link", "must be a web address starting with https:// or http://")
		}
	}
	return evidence, link, nil
}

// The dimensions of a readiness assessment.
const (
	ReadyBackOffice    = "back_office"
	ReadyStaff         = "staff_bandwidth"
	ReadyTraining      = "training"
	ReadyIT            = "it_integration"
	ReadyPatients      = "patient_communication"
	ReadyClinicalSign  = "clinical_signoff"
	readinessDimsWords = "back_office, staff_bandwidth, training, it_integration, patient_communication or clinical_signoff"
)

// ReadinessDimensions lists the dimensions in display order.
func ReadinessDimensions() []string {
	return []string{ReadyBackOffice, ReadyStaff, ReadyTraining, ReadyIT, ReadyPatients, ReadyClinicalSign}
}

// The scores of a readiness dimension.
const (
	ScoreReady          = "ready"
	ScoreWithConditions = "ready_with_conditions"
	ScoreNotReady       = "not_ready"
)

// ReadinessAssessment is one party's score of one dimension of a phase's
// readiness, by one of its members. A new score of the same dimension by
// the same party replaces the old one (the audit trail keeps it).
type ReadinessAssessment struct {
	ID             string    `json:"id"`
	AllianceID     string    `json:"alliance_id"`
	PhaseID        string    `json:"phase_id"`
	Dimension      string    `json:"dimension"`
	Score          string    `json:"score"`
	Note           string    `json:"note"`
	AssessedByID   string    `json:"assessed_by_member_id"`
	AssessedByName string    `json:"assessed_by"`
	PartyID        string    `json:"party_id"`
	AssessedAt     time.Time `json:"assessed_at"`
}

// Validate checks an assessment before it is stored: a score short of
// ready says why in its note.
func (a *ReadinessAssessment) Validate() error {
	a.Note = strings.TrimSpace(a.Note)
	if a.PhaseID == "" {
		return FieldError("phase_id", "is required")
	}
	if !slices.Contains(ReadinessDimensions(), a.Dimension) {
		return FieldError("dimension", "must be %s", readinessDimsWords)
	}
	if a.Score != ScoreReady && a.Score != ScoreWithConditions && a.Score != ScoreNotReady {
		return FieldError("score", "must be ready, ready_with_conditions or not_ready")
	}
	return checkText("note", a.Note, a.Score != ScoreReady, maxText)
}

// The kinds of gate decision.
const (
	GateAdvance = "advance" // the phase starts (or resumes)
	GateScale   = "scale"   // the phase starts, widening the initiative to more sites
	GateExtend  = "extend"  // the phase runs to a later end date
	GatePause   = "pause"
	GateStop    = "stop"
)

// GateDecision is what a passed motion decided about a phase. A phase that
// is not ready or would take a site over its capacity starts only with an
// OverrideReason (the initiative engine says when one is needed).
type GateDecision struct {
	ID             string     `json:"id"`
	AllianceID     string     `json:"alliance_id"`
	PhaseID        string     `json:"phase_id"`
	Kind           string     `json:"kind"`
	MotionID       string     `json:"motion_id"`
	MotionNumber   int        `json:"motion_number"`
	OverrideReason string     `json:"override_reason,omitempty"`
	NewEndsOn      *time.Time `json:"new_ends_on,omitempty"`
	DecidedAt      time.Time  `json:"decided_at"`
	RecordedBy     string     `json:"recorded_by"`
}

// Validate checks a gate decision before it is recorded.
func (g *GateDecision) Validate() error {
	g.OverrideReason = strings.TrimSpace(g.OverrideReason)
	if g.PhaseID == "" {
		return FieldError("phase_id", "is required")
	}
	if !slices.Contains([]string{GateAdvance, GateScale, GateExtend, GatePause, GateStop}, g.Kind) {
		return FieldError("kind", "must be advance, scale, extend, pause or stop")
	}
	if g.MotionID == "" {
		return FieldError("motion_id", "is required: a gate is decided by a motion")
	}
	if (g.Kind == GateExtend) != (g.NewEndsOn != nil) {
		return FieldError("new_ends_on", "is required to extend a phase, and only then")
	}
	if g.NewEndsOn != nil {
		d := Day(*g.NewEndsOn)
		g.NewEndsOn = &d
	}
	return checkText("override_reason", g.OverrideReason, false, maxText)
}

// Portfolio is everything an alliance's initiatives plan, read at once for
// the portfolio's timeline and capacity load: one list per kind of record.
type Portfolio struct {
	Sites       []Site                `json:"sites"`
	Initiatives []Initiative          `json:"initiatives"`
	Phases      []Phase               `json:"phases"`
	Milestones  []Milestone           `json:"milestones"`
	Readiness   []ReadinessAssessment `json:"readiness"`
	Gates       []GateDecision        `json:"gates"`
}
