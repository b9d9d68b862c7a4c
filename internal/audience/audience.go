// Package audience decides who is told about what: for each event that
// notifies (a signal, a concern, a motion, an action item, an amendment),
// which members of the alliance receive it and which of them must act on
// it. It is pure: no I/O and no clock. The store gathers the members and
// the facts of the event and writes what Recipients returns; the rules
// are stated in docs/notifications.md and tested as tables here.
package audience

import (
	"slices"

	"github.com/accord-alliance/accord/internal/accord"
)

// Person is an active member of the alliance, as the rules see them.
type Person struct {
	UserID  string
	PartyID string
	Roles   accord.Roles
}

// Event is something that happened, with what the rules need to know.
type Event struct {
	Kind accord.NotificationKind
	// SignalKind, Severity and AboutKPI describe a signal's event;
	// OwnerPartyID is the party that owns the signal (reports its KPI).
	SignalKind   accord.SignalKind
	Severity     accord.Severity
	AboutKPI     bool
	OwnerPartyID string
	// SeenBy holds the parties that may see a signal quoting a KPI's
	// figures (about its data, or a contract's review because it is in
	// red) under sharing by protocol; nil when every party may.
	SeenBy map[string]bool
	// Category and ConcernSeverity describe a concern.
	Category, ConcernSeverity string
	// Named are the people the event is about: an action item's owner, a
	// named concern's reporter, the seat-holders of a motion's committee,
	// the steering committee's chair. Never an anonymous reporter.
	Named []string
	// Parties are the parties an amendment still waits for.
	Parties []string
	// Actor is the account that caused the event; they are not told. It
	// is empty for accord itself and for anonymous reporters.
	Actor string
}

// Recipient is one person told about an event.
type Recipient struct {
	UserID string
	// MustAct says the person has something to do about it: it reaches
	// them by e-mail whatever their preference.
	MustAct bool
}

// The roles that handle signals and concerns.
var handlerRoles = []accord.Role{accord.RoleAdmin, accord.RoleExecutive, accord.RoleClinicalLeader, accord.RoleOperations}

// The roles that sign amendments off for their party and answer for contracts.
var signerRoles = []accord.Role{accord.RoleAdmin, accord.RoleExecutive}

func holdsAny(p Person, roles []accord.Role) bool {
	return slices.ContainsFunc(roles, p.Roles.Has)
}

// Recipients returns the people told about ev, in the order of people,
// each once, never the actor. A person receives it when any rule names
// them, and must act when any rule that names them says so.
func Recipients(ev Event, people []Person) []Recipient {
	var out []Recipient
	for _, p := range people {
		if p.UserID == "" || (ev.Actor != "" && p.UserID == ev.Actor) || slices.ContainsFunc(out, func(r Recipient) bool { return r.UserID == p.UserID }) {
			continue
		}
		if told, must := decide(ev, p); told {
			out = append(out, Recipient{UserID: p.UserID, MustAct: must})
		}
	}
	return out
}

// decide is the list of events and their audiences, in one place.
func decide(ev Event, p Person) (told, must bool) {
	named := slices.Contains(ev.Named, p.UserID)
	exec := p.Roles.Has(accord.RoleExecutive)
	switch ev.Kind {
	case accord.NotifySignalOpened, accord.NotifySignalRaised:
		return decideSignal(ev, p)
	case accord.NotifyHealthRoundOpened, accord.NotifyHealthReminder:
		// Every active member is asked to answer; a reminder names those
		// who have not.
		return named, named
	case accord.NotifyActionOverdue, accord.NotifyActionAssigned, accord.NotifyMotionOpened:
		// The owner acts on the item; seat-holders vote.
		return named, named
	case accord.NotifyConcernRaised:
		// Handlers acknowledge it; patient safety and high severity cannot
		// wait for a digest.
		return holdsAny(p, handlerRoles), ev.Category == accord.ConcernPatientSafety || ev.ConcernSeverity == "high"
	case accord.NotifyConcernOverdue:
		// First step (docs/concerns.md): the handlers who missed the
		// deadline, the steering committee chair and every party's executives.
		told = holdsAny(p, handlerRoles) || exec || named
		return told, told
	case accord.NotifyConcernEscalated:
		// Last step: every executive of the alliance (and the chair).
		told = exec || named
		return told, told
	case accord.NotifyConcernReply:
		// The reporter of a named concern reads the answer; an anonymous
		// one has no account and comes back with the receipt.
		return named, false
	case accord.NotifyAmendmentSignoff:
		told = slices.Contains(ev.Parties, p.PartyID) && holdsAny(p, signerRoles)
		return told, told
	case accord.NotifySettlementSignoff:
		// Only executives sign settlements off (docs/settlement.md).
		told = slices.Contains(ev.Parties, p.PartyID) && holdsAny(p, []accord.Role{accord.RoleExecutive})
		return told, told
	}
	return false, false
}

// decideSignal: a KPI's signal goes to its owning party's handlers and to
// every executive, as far as data sharing lets them see it; the owning
// party's handlers must act on a critical one. An improvement or an
// unclear pattern (severity info) interrupts nobody: the signals page and
// the next meeting's agenda carry it, and it is told if it rises to a
// warning. A signal beyond the data goes by its kind, to the parties that
// may see the KPI it quotes, if any.
func decideSignal(ev Event, p Person) (told, must bool) {
	if ev.SeenBy != nil && !ev.SeenBy[p.PartyID] {
		return false, false
	}
	if ev.AboutKPI {
		if ev.Severity == accord.SeverityInfo {
			return false, false
		}
		owning := p.PartyID == ev.OwnerPartyID && holdsAny(p, handlerRoles)
		return owning || p.Roles.Has(accord.RoleExecutive), owning && ev.Severity == accord.SeverityCritical
	}
	switch ev.SignalKind {
	case accord.SignalConcernUnacknowledged:
		// Its escalation is the notification (NotifyConcernOverdue).
		return false, false
	case accord.SignalActionOverdue:
		return slices.Contains(ev.Named, p.UserID), true
	case accord.SignalContractReview, accord.SignalContractRenegotiation:
		// Those who sign contracts off for their party.
		return holdsAny(p, signerRoles), false
	case accord.SignalMilestoneAtRisk, accord.SignalGateWaiting:
		// The initiative's clinical lead acts; the sponsors' executives
		// hear of a milestone missed (critical), the rest waits for the
		// overview and the next check-in.
		named := slices.Contains(ev.Named, p.UserID)
		sponsor := slices.Contains(ev.Parties, p.PartyID) && p.Roles.Has(accord.RoleExecutive) && ev.Severity == accord.SeverityCritical
		return named || sponsor, named
	case accord.SignalSiteOverCapacity:
		// The site's party's handlers; this month's overload is theirs to act on.
		told = p.PartyID == ev.OwnerPartyID && holdsAny(p, handlerRoles)
		return told, told && ev.Severity != accord.SeverityInfo
	case accord.SignalSurvey:
		// A survey's drop or gap is for every party's executives, who read
		// the partnership's health; a response rate too low to read
		// (information) interrupts nobody.
		return p.Roles.Has(accord.RoleExecutive) && ev.Severity != accord.SeverityInfo, false
	case accord.SignalCommitmentPastDue, accord.SignalContributionDisputed:
		// The party's finance and executives answer for its money.
		told = p.PartyID == ev.OwnerPartyID && holdsAny(p, []accord.Role{accord.RoleFinance, accord.RoleExecutive})
		return told, told
	}
	return p.Roles.Has(accord.RoleExecutive), false
}

// SignalKindOf is the notification kind of a signal's event: an overdue
// action item is told as such; other signals as opened or risen.
func SignalKindOf(k accord.SignalKind, rising bool) accord.NotificationKind {
	switch {
	case k == accord.SignalActionOverdue:
		return accord.NotifyActionOverdue
	case rising:
		return accord.NotifySignalRaised
	}
	return accord.NotifySignalOpened
}

// Public reports whether the event may be posted to the alliance's
// webhooks, whose readers are not known: not a personal answer to a
// reporter, not a concern's signal (its escalation is posted instead), not
// a survey's (its results are the members'), and
// a signal quoting a KPI's figures only when every party may see them.
func Public(ev Event, parties []string) bool {
	if !slices.Contains(accord.WebhookEvents(), ev.Kind) {
		return false
	}
	if ev.SignalKind == accord.SignalConcernUnacknowledged || ev.SignalKind == accord.SignalSurvey {
		// A survey's results are for the alliance's members.
		return false
	}
	if ev.SeenBy != nil {
		for _, p := range parties {
			if !ev.SeenBy[p] {
				return false
			}
		}
	}
	return true
}
