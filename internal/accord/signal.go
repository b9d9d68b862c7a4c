package accord

import (
	"strings"
	"time"
)

// SignalKind says what raised a signal.
type SignalKind string

// The kinds of signals from the data.
const (
	// SignalSPC is a run-chart or control-chart pattern.
	SignalSPC SignalKind = "spc"
	// SignalTargetRed is a latest value in red against its target.
	SignalTargetRed SignalKind = "target_red"
	// SignalDataLate is data overdue from the KPI's reporting party.
	SignalDataLate SignalKind = "data_late"
	// SignalActionOverdue is an open action item past its due day.
	SignalActionOverdue SignalKind = "action_overdue"
	// SignalConcernUnacknowledged is a concern still open past its
	// acknowledgement deadline.
	SignalConcernUnacknowledged SignalKind = "concern_unacknowledged"
	// SignalContractReview is a contract whose review is due: its scheduled
	// review date has come (rule "review_date"), or a KPI its terms name
	// has been red for several periods in a row (rule "kpi_red").
	SignalContractReview SignalKind = "contract_review"
	// SignalContractRenegotiation is a party's request to renegotiate a
	// contract, outstanding until the next amendment is adopted.
	SignalContractRenegotiation SignalKind = "contract_renegotiation"
	// SignalMilestoneAtRisk is a milestone of a running phase at risk or
	// missed (its rule says which).
	SignalMilestoneAtRisk SignalKind = "milestone_at_risk"
	// SignalSiteOverCapacity is a site or team whose load goes over its
	// capacity for change this month or in the months ahead.
	SignalSiteOverCapacity SignalKind = "site_over_capacity"
	// SignalGateWaiting is a planned phase of an adopted initiative, due
	// to start soon (or late to), whose gate no motion has decided.
	SignalGateWaiting SignalKind = "gate_waiting"
	// SignalCommitmentPastDue is a party's commitment past its due date
	// and not yet contributed in full.
	SignalCommitmentPastDue SignalKind = "commitment_past_due"
	// SignalContributionDisputed is a contribution under an open dispute.
	SignalContributionDisputed SignalKind = "contribution_disputed"
	// SignalSurvey is a partnership health survey's signal, raised when a
	// round closes: a factor dropped beyond chance (rule RuleFactorDrop), a
	// gap between parties over the alliance's threshold (RulePartyGap), a
	// response rate too low to read (RuleLowResponse).
	SignalSurvey SignalKind = "survey"
	// SignalCharterReview is the yearly charter review, due from 30 days
	// before its date until every party has reaffirmed or proposed a change.
	SignalCharterReview SignalKind = "charter_review"
)

// InitiativeSignalKinds lists the kinds of the initiatives' signals.
func InitiativeSignalKinds() []SignalKind {
	return []SignalKind{SignalMilestoneAtRisk, SignalSiteOverCapacity, SignalGateWaiting, SignalCommitmentPastDue, SignalContributionDisputed}
}

// SignalKinds lists the kinds, those about a KPI's data first.
func SignalKinds() []SignalKind {
	return append([]SignalKind{SignalSPC, SignalTargetRed, SignalDataLate, SignalActionOverdue, SignalConcernUnacknowledged,
		SignalContractReview, SignalContractRenegotiation}, append(InitiativeSignalKinds(), SignalSurvey, SignalCharterReview)...)
}

// The rules of a contract review signal.
const (
	RuleReviewDate = "review_date"
	RuleKPIRed     = "kpi_red"
)

// What a signal is about: a KPI's data, or something else in the
// partnership, which the signal links to.
const (
	SubjectOfKPI        = "kpi"
	SubjectOfActionItem = "action_item"
	SubjectOfConcern    = "concern"
	SubjectOfContract   = "contract"
	// The initiatives' subjects (docs/signals.md).
	SubjectOfMilestone    = "milestone"
	SubjectOfSite         = "site"
	SubjectOfPhase        = "phase"
	SubjectOfCommitment   = "commitment"
	SubjectOfContribution = "contribution"
	// SubjectOfSurvey is the alliance's partnership health survey; the
	// signal names the round that raised it (its link) and, in its rule
	// and reference, the factor and the party.
	SubjectOfSurvey = "survey"
	// SubjectOfCharter is the alliance's charter, under its yearly review.
	SubjectOfCharter = "charter"
)

// The rules of a survey's signal.
const (
	RuleFactorDrop  = "factor_drop"
	RulePartyGap    = "party_gap"
	RuleLowResponse = "low_response"
)

// The rules of a milestone signal: the milestone's computed state.
const (
	RuleAtRisk = "at_risk"
	RuleMissed = "missed"
)

// Severity says how urgently a signal wants attention.
type Severity string

// The severities, least urgent first.
const (
	SeverityInfo     Severity = "info"
	SeverityWarning  Severity = "warning"
	SeverityCritical Severity = "critical"
)

// The effects a signal can have for the KPI's owners.
const (
	EffectImprovement   = "improvement"
	EffectDeterioration = "deterioration"
	EffectUnclear       = "unclear"
)

// The statuses in a signal's life: open → acknowledged → resolved or
// dismissed. A signal is resolved by a person, or automatically when its
// condition no longer holds.
const (
	SignalOpen         = "open"
	SignalAcknowledged = "acknowledged"
	SignalResolved     = "resolved"
	SignalDismissed    = "dismissed"
)

// SignalStatuses lists the statuses in the order of a signal's life.
func SignalStatuses() []string {
	return []string{SignalOpen, SignalAcknowledged, SignalResolved, SignalDismissed}
}

// ReasonCleared is the reason recorded when a signal resolves itself
// because its condition no longer holds.
const ReasonCleared = "condition cleared"

// ReasonUnseen is the reason recorded when a signal closes itself because
// the data that showed its condition (a pattern, a red value) is over a
// year old.
const ReasonUnseen = "closed automatically: no longer seen for over a year"

// ReasonSuperseded is the reason recorded when a pattern on a KPI closes
// because the opposite one (effect) holds at the latest periods.
func ReasonSuperseded(effect string) string {
	was := "a deterioration"
	if effect == EffectDeterioration {
		was = "an improvement"
	}
	now := map[string]string{EffectImprovement: "an improvement", EffectDeterioration: "a deterioration"}[effect]
	return "superseded: the latest periods show " + now + ", no longer " + was
}

// SignalCondition is a condition that holds now, as the evaluation finds
// it: on a KPI's data, or (SubjectType set) on an action item, a concern or
// a contract. The store turns it into a signal or updates the one already
// open for it.
type SignalCondition struct {
	Kind     SignalKind
	Rule     string // e.g. "ihi-shift", "we-1"; "" for other kinds
	Segment  string // "" for the whole alliance
	Severity Severity
	Effect   string
	Subject  string
	Summary  string
	// FirstPeriod and LastPeriod are the periods the condition spans.
	FirstPeriod time.Time
	LastPeriod  time.Time

	// SubjectType and SubjectID say what a condition not about a KPI's data
	// is about (SubjectOfActionItem, SubjectOfConcern, SubjectOfContract);
	// empty for a KPI's conditions.
	SubjectType string
	SubjectID   string
	// Ref tells apart conditions of one kind on one subject: the KPI key of
	// a contract's red trigger, a renegotiation request's id.
	Ref string
	// Link is the page of the subject, relative to the alliance's address
	// (e.g. "meetings/{id}").
	Link string
	// OwnerPartyID is the party that owns a condition not about a KPI; ""
	// when no party does (a concern: nothing may point at its reporter).
	OwnerPartyID string
	// KPIID is the KPI whose figures a condition not about a KPI's data
	// quotes (a contract's red trigger says the KPI has been red): its
	// signal is shown to a party only as that KPI's sharing allows.
	KPIID string
	// Stale marks a condition last seen in data over a year old (a KPI
	// that stopped reporting keeps its last pattern in its latest
	// periods): it no longer holds, and a signal open for it closes
	// itself saying so (ReasonUnseen).
	Stale bool
}

// Key identifies the condition on a KPI: kind, rule, KPI, segment and
// effect. While the condition holds, it is one signal.
//
// SPC patterns are keyed without their rules: the patterns of one KPI with
// one effect are one condition whose rules may change as the data moves
// (a shift that also becomes a trend is still the same news).
//
// A condition not about a KPI is keyed by kind, rule, subject, reference
// and effect; kpiID is ignored.
func (c SignalCondition) Key(kpiID string) string {
	if !c.AboutKPI() {
		return strings.Join([]string{string(c.Kind), c.Rule, c.SubjectType + ":" + c.SubjectID, c.Ref, c.Effect}, "|")
	}
	rule := c.Rule
	if c.Kind == SignalSPC {
		rule = ""
	}
	return strings.Join([]string{string(c.Kind), rule, kpiID, c.Segment, c.Effect}, "|")
}

// AboutKPI reports whether the condition is on a KPI's data.
func (c SignalCondition) AboutKPI() bool { return c.SubjectType == "" || c.SubjectType == SubjectOfKPI }

// Signal is a durable record of a condition, with its life. Most are about
// a KPI's data; the others (action items overdue, concerns not acknowledged
// in time, contract reviews and renegotiation requests) have no KPI and
// name their subject instead.
type Signal struct {
	ID         string     `json:"id"`
	AllianceID string     `json:"alliance_id"`
	Kind       SignalKind `json:"kind"`
	Rule       string     `json:"rule"`
	KPIID      string     `json:"kpi_id"`
	KPIKey     string     `json:"kpi"`
	KPIName    string     `json:"kpi_name"`
	Segment    string     `json:"segment"`
	Severity   Severity   `json:"severity"`
	Effect     string     `json:"effect"`
	Subject    string     `json:"subject"`
	Summary    string     `json:"summary"`
	// Sentence says what the signal means in plain words, with the KPI's
	// name and which way is better; Subject, Summary and Rule keep the
	// rules' names for its detail.
	Sentence     string    `json:"sentence"`
	OwnerPartyID string    `json:"owner_party_id"`
	OwnerName    string    `json:"owner_name"`
	FirstPeriod  time.Time `json:"first_period"`
	LastPeriod   time.Time `json:"last_period"`
	Status       string    `json:"status"`
	Reason       string    `json:"reason,omitempty"`
	// Live is true while the condition still held at the last evaluation.
	Live           bool       `json:"live"`
	OpenedAt       time.Time  `json:"opened_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	AcknowledgedAt *time.Time `json:"acknowledged_at,omitempty"`
	AcknowledgedBy string     `json:"acknowledged_by,omitempty"`
	ClosedAt       *time.Time `json:"closed_at,omitempty"`
	ClosedBy       string     `json:"closed_by,omitempty"`
	// SubjectType is what the signal is about: SubjectOfKPI, or an action
	// item, a concern or a contract (SubjectID names it).
	SubjectType string `json:"subject_type"`
	SubjectID   string `json:"subject_id"`
	// Link is the subject's page. The store gives it relative to the
	// alliance's address ("meetings/{id}", "kpis/{key}"); the server answers
	// with the whole path.
	Link string `json:"link"`
}

// AboutKPI reports whether the signal is about a KPI's data.
func (s Signal) AboutKPI() bool { return s.SubjectType == "" || s.SubjectType == SubjectOfKPI }

// QuotesKPI reports whether the signal shows a KPI's figures, and so
// follows the data-sharing rules of that KPI (KPIID): every signal about
// a KPI's data, and a contract's review because a KPI is in red.
func (s Signal) QuotesKPI() bool { return s.AboutKPI() || s.KPIID != "" }

// Improvement reports whether the signal is good news: a pattern on the
// better side of a KPI. Improvements are shown apart and are not counted
// as problems.
func (s Signal) Improvement() bool { return s.Effect == EffectImprovement }

// Closed reports whether the signal's life has ended.
func (s Signal) Closed() bool { return s.Status == SignalResolved || s.Status == SignalDismissed }

// SignalFilter selects signals to list.
type SignalFilter struct {
	AllianceID string
	Status     string // "" for every status
	KPIKey     string // "" for every KPI
	Kind       string // "" for every kind
	Limit      int    // default 200, at most 1000
}

// Normalize checks the filter and applies defaults.
func (f *SignalFilter) Normalize() error {
	if f.Status != "" && !oneOf(f.Status, SignalStatuses()) {
		return FieldError("status", "must be open, acknowledged, resolved or dismissed")
	}
	if f.Kind != "" && !oneOf(SignalKind(f.Kind), SignalKinds()) {
		return FieldError("kind", "is not a kind of signal")
	}
	if f.Limit <= 0 {
		f.Limit = 200
	}
	f.Limit = min(f.Limit, 1000)
	return nil
}

// SignalSync counts what one evaluation changed.
type SignalSync struct {
	Opened   int `json:"opened"`
	Updated  int `json:"updated"`
	Resolved int `json:"resolved"`
}

// Add adds another evaluation's counts.
func (s *SignalSync) Add(o SignalSync) {
	s.Opened, s.Updated, s.Resolved = s.Opened+o.Opened, s.Updated+o.Updated, s.Resolved+o.Resolved
}

// CleanReason trims the reason for closing a signal and checks it: a
// dismissal must say why; a resolution may.
func CleanReason(reason string, required bool) (string, error) {
	reason = strings.TrimSpace(reason)
	if err := checkText("reason", reason, required, 2000); err != nil {
		return "", err
	}
	return reason, nil
}
