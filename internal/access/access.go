// Package access is accord's access policy in one place: it answers "may a
// person holding these roles do this in this alliance". Every HTML and JSON
// handler asks it; nothing else decides.
package access

import (
	"slices"

	"github.com/accord-alliance/accord/internal/accord"
)

// Action is something a person may try to do inside an alliance.
type Action string

// The actions the policy knows.
const (
	ViewAlliance  Action = "alliance.view"
	EditCharter   Action = "charter.edit"
	ManageParties Action = "parties.manage"
	ViewPeople    Action = "people.view"
	ManagePeople  Action = "people.manage"
	ViewAudit     Action = "audit.view"
	// KeepAuditCheckpoint downloads the audit trail's signed head, to keep
	// outside accord and verify the trail against later (each party's
	// leaders).
	KeepAuditCheckpoint Action = "audit.checkpoint"
	// ViewInvitations reads pending and past invitations (admins only).
	ViewInvitations Action = "invitations.view"
	// ViewScorecard reads KPIs, targets and observations.
	ViewScorecard Action = "scorecard.view"
	// ProposeKPI proposes a KPI, a target or an annotation.
	ProposeKPI Action = "kpi.propose"
	// ApproveKPI approves a proposed KPI or target for one's party.
	ApproveKPI Action = "kpi.approve"
	// SubmitData imports observations of the KPIs one's party reports.
	SubmitData Action = "data.submit"
	// WithdrawData withdraws a figure of any party (a revision without
	// figures): alliance admins only, since it takes data off the scorecard.
	WithdrawData Action = "data.withdraw"
	// ViewContracts reads contracts, their versions and amendments.
	ViewContracts Action = "contracts.view"
	// DraftContract records a new contract (its original agreement) and
	// sets a contract's review date.
	DraftContract Action = "contracts.draft"
	// ProposeAmendment proposes the next version of a contract.
	ProposeAmendment Action = "amendments.propose"
	// SignAmendment signs an amendment off for one's party.
	SignAmendment Action = "amendments.sign"
	// ViewSignals reads the signals raised from the data.
	ViewSignals Action = "signals.view"
	// ViewHealth reads the partnership health survey's results, under
	// the minimum of respondents (every member).
	ViewHealth Action = "health.view"
	// HandleSignal acknowledges, resolves or dismisses a signal.
	HandleSignal Action = "signals.handle"
	// RaiseConcern raises a concern, named or anonymous (every member).
	RaiseConcern Action = "concerns.raise"
	// HandleConcern reads the concerns raised and acknowledges, answers and closes them.
	HandleConcern Action = "concerns.handle"
	// ManageConcernIntake turns on, replaces and turns off the alliance's
	// intake link, at which people without an account raise concerns
	// (admins only: the link opens the alliance to anyone who holds it).
	ManageConcernIntake Action = "concerns.intake"
	// ManageFHIRSource reads and sets the alliance's FHIR server source
	// and its last run (admins only: it imports data for every party).
	ManageFHIRSource Action = "fhir.source"
	// ViewSettlements reads a contract's settlements, their worksheets and
	// what-if comparisons.
	ViewSettlements Action = "settlements.view"
	// Settle settles a contract's period; the money moves on it.
	Settle Action = "settlements.settle"
	// SignSettlement signs a draft settlement off for one's party; the last
	// party's sign-off makes it final (each party's executives).
	SignSettlement Action = "settlements.sign"
	// ViewGovernance reads committees, meetings, agendas, minutes, packets,
	// motions, the decision log and data-sharing protocols (every member).
	ViewGovernance Action = "governance.view"
	// ManageCommittees creates committees, fills their seats and schedules
	// their meetings.
	ManageCommittees Action = "committees.manage"
	// RunMeeting records attendance, writes minutes, gives action items and
	// cancels meetings: the chair's and secretary's work.
	RunMeeting Action = "meetings.run"
	// AddAgendaItem adds, reorders and annotates agenda items.
	AddAgendaItem Action = "agenda.add"
	// ProposeMotion puts a motion or a data-sharing protocol to a committee.
	ProposeMotion Action = "motions.propose"
	// CastVote votes on a motion; only seat-holders' ballots are accepted.
	CastVote Action = "motions.vote"
	// DecideMotion closes voting and records the outcome, and ends protocols.
	DecideMotion Action = "motions.decide"
	// ViewNotifications reads one's own inbox and e-mail preference (every member).
	ViewNotifications Action = "notifications.view"
	// ManageNotifications marks one's own notifications read and sets
	// one's e-mail preference (every member).
	ManageNotifications Action = "notifications.manage"
	// ViewWebhooks reads the alliance's webhooks and their delivery log.
	ViewWebhooks Action = "webhooks.view"
	// ManageWebhooks adds, changes, tests, deactivates and deletes webhooks.
	ManageWebhooks Action = "webhooks.manage"
	// ViewInitiatives reads sites, initiatives, their phases, milestones,
	// readiness and gates, and the portfolio's timeline and capacity
	// heatmap (every member).
	ViewInitiatives Action = "initiatives.view"
	// ViewLedger reads the co-investment ledger: commitments,
	// contributions, budget against actual and each party's return.
	ViewLedger Action = "ledger.view"
	// CommitLedger records a party's commitment to an initiative or phase.
	CommitLedger Action = "ledger.commit"
	// EnterContribution records a contribution against one's party's
	// commitment (the store refuses another party's).
	EnterContribution Action = "contributions.enter"
	// AcknowledgeContribution acknowledges another party's contribution.
	AcknowledgeContribution Action = "contributions.acknowledge"
	// DisputeContribution flags another party's contribution as disputed.
	DisputeContribution Action = "contributions.dispute"
	// ResolveContribution ends a dispute over a contribution.
	ResolveContribution Action = "contributions.resolve"
	// AnswerHealth answers the open partnership health survey round, once
	// per round, anonymously (every member).
	AnswerHealth Action = "health.answer"
	// ManageHealth sets how the alliance runs its health surveys, versions
	// its instrument and schedules, opens and closes rounds (admins).
	ManageHealth Action = "health.manage"
	// ProposeInitiative proposes an initiative (every member but observers).
	ProposeInitiative Action = "initiatives.propose"
	// PlanInitiatives declares sites and their capacity, plans phases and
	// milestones, and puts adoptions and gates to a motion.
	PlanInitiatives Action = "initiatives.plan"
	// CompleteMilestone marks a deliverable done with evidence (every
	// member; the store checks the deliverable's responsible role).
	CompleteMilestone Action = "milestones.complete"
	// AssessReadiness scores a dimension of a phase's readiness for one's
	// party (clinical sign-off: the store checks the clinical leader).
	AssessReadiness Action = "readiness.assess"
	// RecordGate records what a passed motion decided: an initiative's
	// adoption, a phase's gate.
	RecordGate Action = "gates.record"
	// AgreeBenefits proposes an initiative's benefit for one's party, or
	// approves another party's proposal (the store refuses one's own).
	AgreeBenefits Action = "benefits.agree"
	// SubmitROI submits an ROI assessment of an initiative (the store
	// asks for a member of a sponsor party).
	SubmitROI Action = "roi.submit"
	// ReviewROI reviews an ROI assessment (the store asks for the
	// initiative's clinical lead).
	ReviewROI Action = "roi.review"
	// ReviewCharter answers the yearly charter review for one's party:
	// reaffirm, or propose a change put to a motion (each party's
	// executives).
	ReviewCharter Action = "charter.review"
	// ScheduleCharterReview sets the day of the year the charter is
	// reviewed (admins).
	ScheduleCharterReview Action = "charter.schedule"
)

// Actions lists every action, for tests and documentation.
func Actions() []Action {
	return []Action{ViewAlliance, EditCharter, ManageParties, ViewPeople, ManagePeople, ViewAudit, KeepAuditCheckpoint, ViewInvitations, ViewScorecard, ProposeKPI, ApproveKPI, SubmitData, WithdrawData, ViewContracts, DraftContract, ProposeAmendment, SignAmendment, ViewSignals, HandleSignal, ViewSettlements, Settle,
		ViewGovernance, ManageCommittees, RunMeeting, AddAgendaItem, ProposeMotion, CastVote, DecideMotion,
		ViewNotifications, ManageNotifications, ViewWebhooks, ManageWebhooks, ManageConcernIntake, SignSettlement,
		ViewInitiatives, ViewLedger, CommitLedger, EnterContribution, AcknowledgeContribution, DisputeContribution, ResolveContribution, ManageFHIRSource, AnswerHealth, ManageHealth, ProposeInitiative, PlanInitiatives, CompleteMilestone, AssessReadiness, RecordGate, ViewHealth,
		AgreeBenefits, SubmitROI, ReviewROI, ReviewCharter, ScheduleCharterReview}
}

// policy maps each action to the roles that may take it. Observers can read
// what every member reads and change nothing.
func policy(a Action) []accord.Role {
	everyone := accord.AllRoles()
	leaders := []accord.Role{accord.RoleAdmin, accord.RoleExecutive}
	// contributors work with the data: everyone but plain members and observers.
	contributors := []accord.Role{accord.RoleAdmin, accord.RoleExecutive, accord.RoleClinicalLeader, accord.RoleFinance, accord.RoleOperations}
	admins := []accord.Role{accord.RoleAdmin}
	// drafters write contract text and terms: leaders and finance.
	drafters := []accord.Role{accord.RoleAdmin, accord.RoleExecutive, accord.RoleFinance}
	switch a {
	case ViewAlliance, ViewPeople, ViewScorecard, ViewContracts, ViewSignals, ViewSettlements, RaiseConcern, ViewGovernance:
		return everyone
	case AnswerHealth:
		// every member is asked how the partnership is going, observers too
		return everyone
	case ViewInitiatives, CompleteMilestone:
		// reading the portfolio, and marking a deliverable done: the store
		// checks that the member holds the deliverable's responsible role.
		return everyone
	case ProposeInitiative:
		return []accord.Role{accord.RoleAdmin, accord.RoleExecutive, accord.RoleClinicalLeader, accord.RoleFinance, accord.RoleOperations, accord.RoleMember}
	case PlanInitiatives:
		// planners: those who run the work at the sites.
		return []accord.Role{accord.RoleAdmin, accord.RoleExecutive, accord.RoleOperations, accord.RoleClinicalLeader}
	case AssessReadiness:
		// the responsible roles of each party; clinical sign-off is the
		// store's to restrict to a clinical leader of a provider in scope.
		return []accord.Role{accord.RoleExecutive, accord.RoleOperations, accord.RoleClinicalLeader, accord.RoleFinance}
	case RecordGate:
		return leaders
	case ViewHealth:
		// the survey's results are every member's, shown under the minimum
		return everyone
	case ViewNotifications, ManageNotifications:
		// one's own inbox: every member, observers too
		return everyone
	case AddAgendaItem, CastVote:
		// every member but observers; the store accepts ballots from seat-holders only.
		return []accord.Role{accord.RoleAdmin, accord.RoleExecutive, accord.RoleClinicalLeader, accord.RoleFinance, accord.RoleOperations, accord.RoleMember}
	case RunMeeting, DecideMotion:
		// chairs: leaders and clinical leaders, who chair councils.
		return []accord.Role{accord.RoleAdmin, accord.RoleExecutive, accord.RoleClinicalLeader}
	case ProposeMotion:
		return contributors
	case Settle:
		// settlers: the alliance admin and finance, who answer for the money.
		return []accord.Role{accord.RoleAdmin, accord.RoleFinance}
	case ReviewCharter:
		// each party's executives answer for it
		return []accord.Role{accord.RoleExecutive}
	case ScheduleCharterReview:
		return admins
	case SignSettlement:
		// approvers: each party's executives, not those who recorded it.
		return []accord.Role{accord.RoleExecutive}
	case HandleSignal, HandleConcern:
		// handlers: those who answer for the data, not finance alone.
		return []accord.Role{accord.RoleAdmin, accord.RoleExecutive, accord.RoleClinicalLeader, accord.RoleOperations}
	case DraftContract, ProposeAmendment:
		return drafters
	case EditCharter, ApproveKPI, SignAmendment, KeepAuditCheckpoint:
		return leaders
	case ProposeKPI, SubmitData:
		return contributors
	case ViewLedger:
		// every member but observers: what each party puts in is the partners' business.
		return []accord.Role{accord.RoleAdmin, accord.RoleExecutive, accord.RoleClinicalLeader, accord.RoleFinance, accord.RoleOperations, accord.RoleMember}
	case CommitLedger, EnterContribution, AcknowledgeContribution, DisputeContribution:
		// the money's people: each party's finance and executives.
		return []accord.Role{accord.RoleExecutive, accord.RoleFinance}
	case ResolveContribution:
		return []accord.Role{accord.RoleAdmin, accord.RoleExecutive}
	case AgreeBenefits, SubmitROI:
		// the money's people, as for the ledger.
		return []accord.Role{accord.RoleExecutive, accord.RoleFinance}
	case ReviewROI:
		// the clinician's voice in ROI: the store asks for the initiative's own lead.
		return []accord.Role{accord.RoleClinicalLeader}
	case ManageParties, ManagePeople, ViewAudit, ViewInvitations, ManageCommittees, ViewWebhooks, ManageWebhooks, WithdrawData, ManageConcernIntake, ManageFHIRSource:
		return admins
	case ManageHealth:
		return admins
	}
	return nil
}

// Writes reports whether the action changes data, which read-scoped API
// tokens may never do.
func Writes(a Action) bool {
	switch a {
	case ViewAlliance, ViewPeople, ViewAudit, KeepAuditCheckpoint, ViewInvitations, ViewScorecard, ViewContracts, ViewSignals, ViewSettlements, ViewGovernance,
		ViewNotifications, ViewWebhooks, ViewInitiatives, ViewLedger, ViewHealth:
		return false
	}
	return true
}

// Allowed reports whether an active member with roles may take action a,
// acting with a token of the given scope ("" for a browser session).
func Allowed(roles accord.Roles, scope string, a Action) bool {
	if scope == accord.ScopeRead && Writes(a) {
		return false
	}
	for _, r := range roles {
		if slices.Contains(policy(a), r) {
			return true
		}
	}
	return false
}

// ApproverRoles are the roles that approve money and contracts (settle or
// sign off a settlement, sign off an amendment, commit to an initiative's
// ledger): those an alliance's "approvers" second-factor rule covers.
func ApproverRoles() []accord.Role {
	var out []accord.Role
	for _, a := range []Action{Settle, SignSettlement, SignAmendment, CommitLedger} {
		for _, r := range policy(a) {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}
