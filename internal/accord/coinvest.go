package accord

import (
	"context"
	"math/big"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/number"
)

// The kinds of commitment a party makes to an initiative.
const (
	CommitCash      = "cash"
	CommitInKind    = "in_kind"
	CommitStaffTime = "staff_time"
)

// maxMoney bounds one commitment or contribution (a thousand million
// dollars), far beyond any alliance's initiative and well inside int64.
const maxMoney = number.Money(100_000_000_000)

// Commitment is what a party promises an initiative (or one of its
// phases): cash, something in kind at an agreed value, or staff time
// (hours of a role × a rate the parties agree). Amount is its value in
// every case; for staff time it is Hours × Rate, to the cent.
type Commitment struct {
	ID           string         `json:"id"`
	AllianceID   string         `json:"alliance_id"`
	InitiativeID string         `json:"initiative_id"`
	PhaseID      string         `json:"phase_id,omitempty"`
	PartyID      string         `json:"party_id"`
	Kind         string         `json:"kind"`
	Description  string         `json:"description"`
	Amount       number.Money   `json:"amount"`
	Hours        number.Decimal `json:"hours,omitempty"`
	Role         string         `json:"role,omitempty"`
	Rate         number.Money   `json:"rate_per_hour,omitempty"`
	DueOn        time.Time      `json:"due_on"`
	CreatedAt    time.Time      `json:"created_at"`
}

// StaffValue is hours of work at rate per hour, rounded half up to the
// cent.
func StaffValue(hours number.Decimal, rate number.Money) number.Money {
	x := new(big.Rat).Mul(rate.Rat(), big.NewRat(int64(hours), number.DecimalScale))
	return number.Cents(x, number.HalfUp)
}

// Validate checks a commitment before it is stored and sets a staff-time
// commitment's Amount from its hours and rate.
func (c *Commitment) Validate() error {
	c.Description, c.Role = strings.TrimSpace(c.Description), strings.TrimSpace(c.Role)
	switch {
	case c.InitiativeID == "":
		return FieldError("initiative_id", "is required")
	case c.PartyID == "":
		return FieldError("party_id", "is required: say which party commits")
	case c.DueOn.IsZero():
		return FieldError("due_on", "is required")
	}
	c.DueOn = Day(c.DueOn)
	if err := checkText("description", c.Description, c.Kind == CommitInKind, maxText); err != nil {
		return err
	}
	switch c.Kind {
	case CommitCash, CommitInKind:
		if c.Hours != 0 || c.Rate != 0 || c.Role != "" {
			return FieldError("hours", "only a staff-time commitment has hours, a role and a rate")
		}
	case CommitStaffTime:
		if err := c.validateStaff(); err != nil {
			return err
		}
	default:
		return FieldError("kind", "must be cash, in_kind or staff_time")
	}
	return checkAmount("amount", c.Amount)
}

func (c *Commitment) validateStaff() error {
	if err := CheckDisplayText("role", c.Role, true, maxName); err != nil {
		return err
	}
	if c.Hours <= 0 || c.Hours > number.DecimalFromInt(10_000_000) {
		return FieldError("hours", "must be more than zero (and at most ten million)")
	}
	if c.Rate <= 0 || c.Rate > number.Dollars(100_000) {
		return FieldError("rate_per_hour", "must be more than zero (and at most 100,000 an hour)")
	}
	v := StaffValue(c.Hours, c.Rate)
	if c.Amount != 0 && c.Amount != v {
		return FieldError("amount", "of staff time is its hours × rate (%s), not %s", v, c.Amount)
	}
	c.Amount = v
	return nil
}

func checkAmount(field string, m number.Money) error {
	if m <= 0 {
		return FieldError(field, "must be more than zero")
	}
	if m > maxMoney {
		return FieldError(field, "is more than %s", maxMoney)
	}
	return nil
}

// The outcomes of a dispute's resolution.
const (
	ResolutionUpheld    = "upheld"    // the contribution stands and counts
	ResolutionWithdrawn = "withdrawn" // the contribution is struck out of the totals
)

// Contribution is what a party has put in against one of its
// commitments, entered by one of its members and acknowledged by a member
// of another party. A disputed contribution stays out of the totals until
// its dispute is resolved and upheld.
type Contribution struct {
	ID           string         `json:"id"`
	AllianceID   string         `json:"alliance_id"`
	CommitmentID string         `json:"commitment_id"`
	InitiativeID string         `json:"initiative_id"`
	PhaseID      string         `json:"phase_id,omitempty"`
	PartyID      string         `json:"party_id"`
	Amount       number.Money   `json:"amount"`
	Hours        number.Decimal `json:"hours,omitempty"`
	On           time.Time      `json:"date"`
	Note         string         `json:"note"`

	EnteredByID   string    `json:"entered_by_member_id"`
	EnteredByName string    `json:"entered_by"`
	EnteredAt     time.Time `json:"entered_at"`

	AcknowledgedByID   string     `json:"acknowledged_by_member_id,omitempty"`
	AcknowledgedByName string     `json:"acknowledged_by,omitempty"`
	AcknowledgedAt     *time.Time `json:"acknowledged_at,omitempty"`

	Disputed       bool       `json:"disputed"`
	DisputeReason  string     `json:"dispute_reason,omitempty"`
	DisputedByName string     `json:"disputed_by,omitempty"`
	DisputedAt     *time.Time `json:"disputed_at,omitempty"`
	Resolution     string     `json:"resolution,omitempty"`
	ResolutionNote string     `json:"resolution_note,omitempty"`
	ResolvedByName string     `json:"resolved_by,omitempty"`
	ResolvedAt     *time.Time `json:"resolved_at,omitempty"`
}

// Counts reports whether the contribution is in the totals: not under a
// dispute, and not withdrawn by one's resolution.
func (c Contribution) Counts() bool {
	return !c.Disputed || c.Resolution == ResolutionUpheld
}

// Validate checks a contribution as it is entered. Hours are given for
// staff time (the store values them at the commitment's rate); any other
// contribution gives its amount.
func (c *Contribution) Validate() error {
	c.Note = strings.TrimSpace(c.Note)
	switch {
	case c.CommitmentID == "":
		return FieldError("commitment_id", "is required")
	case c.On.IsZero():
		return FieldError("date", "is required")
	case c.Hours < 0:
		return FieldError("hours", "cannot be negative")
	}
	c.On = Day(c.On)
	if c.Hours == 0 {
		if err := checkAmount("amount", c.Amount); err != nil {
			return err
		}
	}
	return checkText("note", c.Note, false, maxText)
}

// CheckDisputeReason trims and checks why a contribution is disputed.
func CheckDisputeReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	return reason, checkText("reason", reason, true, maxText)
}

// CheckResolution checks how a dispute ends, and trims and checks the note
// that says why.
func CheckResolution(resolution, note string) (string, error) {
	if resolution != ResolutionUpheld && resolution != ResolutionWithdrawn {
		return "", FieldError("resolution", "must be upheld (the contribution counts) or withdrawn (it stays out of the totals)")
	}
	note = strings.TrimSpace(note)
	return note, checkText("note", note, true, maxText)
}

// LedgerTotal is one party's budget (its commitments) against actual (its
// contributions that count) for one initiative and phase ("" for
// commitments to the initiative as a whole), with what is held back under
// dispute.
type LedgerTotal struct {
	InitiativeID string       `json:"initiative_id"`
	PhaseID      string       `json:"phase_id,omitempty"`
	PartyID      string       `json:"party_id"`
	Budget       number.Money `json:"budget"`
	Actual       number.Money `json:"actual"`
	Disputed     number.Money `json:"disputed"`
}

// InitiativeService keeps initiatives and their co-investment: the sites
// and teams of each party, initiatives proposed and adopted by motion,
// their phases, milestones, readiness assessments and gate decisions, and
// the ledger of commitments and contributions. It stores what the
// initiative engine computes from; milestone states, capacity load and
// the checks before a gate are the engine's.
type InitiativeService interface {
	CreateSite(ctx context.Context, actor Actor, s *Site) error
	UpdateSite(ctx context.Context, actor Actor, allianceID, id string, u SiteUpdate) (Site, error)
	ListSites(ctx context.Context, allianceID string) ([]Site, error)

	// ProposeInitiative records a proposed initiative; AdoptInitiative
	// adopts it by a passed motion of the alliance.
	ProposeInitiative(ctx context.Context, actor Actor, in *Initiative) error
	UpdateInitiative(ctx context.Context, actor Actor, allianceID, id string, u InitiativeUpdate) (Initiative, error)
	AdoptInitiative(ctx context.Context, actor Actor, allianceID, id, motionID string) (Initiative, error)
	Initiative(ctx context.Context, allianceID, id string) (Initiative, error)
	ListInitiatives(ctx context.Context, allianceID string) ([]Initiative, error)

	// AddPhase appends a planned phase to an initiative (its Ordinal is
	// the next); CompletePhase marks an active phase done, and the
	// initiative completed after its last.
	AddPhase(ctx context.Context, actor Actor, p *Phase) error
	UpdatePhase(ctx context.Context, actor Actor, allianceID, id string, u PhaseUpdate) (Phase, error)
	// RemovePhase removes a phase no gate has started, with its
	// milestones and readiness scores.
	RemovePhase(ctx context.Context, actor Actor, allianceID, id string) error
	CompletePhase(ctx context.Context, actor Actor, allianceID, id string) (Phase, error)
	AddMilestone(ctx context.Context, actor Actor, m *Milestone) error
	// CompleteDeliverable marks a deliverable done by the actor, who must
	// hold its responsible role, with evidence.
	CompleteDeliverable(ctx context.Context, actor Actor, allianceID, id, evidence, link string) (Milestone, error)
	// AssessReadiness records the actor's party's score of a dimension,
	// replacing that party's earlier score of it.
	AssessReadiness(ctx context.Context, actor Actor, a *ReadinessAssessment) error
	// RecordGateDecision records what a passed motion decided about a
	// phase and applies it to the phase's and the initiative's status.
	RecordGateDecision(ctx context.Context, actor Actor, g *GateDecision) error
	// Portfolio reads every site, initiative, phase, milestone, readiness
	// score and gate decision of the alliance, one query per table.
	Portfolio(ctx context.Context, allianceID string) (Portfolio, error)
	// PortfolioPlan reads only what the portfolio page draws over the days
	// first to last: the sites, the initiatives by name, and the phases
	// holding capacity (planned or active) that overlap those days.
	PortfolioPlan(ctx context.Context, allianceID string, first, last time.Time) (Portfolio, error)

	AddCommitment(ctx context.Context, actor Actor, c *Commitment) error
	ListCommitments(ctx context.Context, allianceID string) ([]Commitment, error)
	// EnterContribution records a contribution entered by a member of the
	// committing party.
	EnterContribution(ctx context.Context, actor Actor, c *Contribution) error
	// AcknowledgeContribution is refused to a member of the contributing
	// party, and while a dispute is open.
	AcknowledgeContribution(ctx context.Context, actor Actor, allianceID, id string) (Contribution, error)
	DisputeContribution(ctx context.Context, actor Actor, allianceID, id, reason string) (Contribution, error)
	ResolveContribution(ctx context.Context, actor Actor, allianceID, id, resolution, note string) (Contribution, error)
	ListContributions(ctx context.Context, allianceID string) ([]Contribution, error)
	// LedgerTotals is budget against actual per initiative, phase and
	// party, disputed contributions held out of actual.
	LedgerTotals(ctx context.Context, allianceID string) ([]LedgerTotal, error)
}
