package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/audience"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/watch"
)

// The hooks below are each called once, in the transaction of their
// event, from the store method where the event happens.

// notifySignal tells of signal id opened (before "") or of a live signal
// whose severity rose from before. A KPI's signal is told only to the
// parties that may see it under data sharing.
func (tx *Tx) notifySignal(ctx context.Context, sc signalScope, id string, c accord.SignalCondition, before accord.Severity) error {
	rising := before != ""
	if rising && severityRank(c.Severity) <= severityRank(before) {
		return nil
	}
	n := notice{allianceID: sc.allianceID, subject: c.Subject, body: c.Summary, link: c.Link, signalID: id,
		event: audience.Event{Kind: audience.SignalKindOf(c.Kind, rising), SignalKind: c.Kind, Severity: c.Severity,
			AboutKPI: c.AboutKPI(), OwnerPartyID: sc.owner}}
	switch {
	case c.AboutKPI():
		k, seenBy, err := tx.signalSeenBy(ctx, sc.allianceID, sc.kpiID, c)
		if err != nil {
			return err
		}
		n.event.SeenBy, n.link = seenBy, "kpis/"+k.Key
		// The subject says what the signal means in words; the body keeps
		// the rules' findings.
		n.subject = watch.Sentence(watch.SentenceParts{KPIName: k.Name, Direction: k.Direction, Frequency: k.Frequency, Kind: c.Kind, Rule: c.Rule,
			Effect: c.Effect, Segment: c.Segment, First: c.FirstPeriod, Last: c.LastPeriod, Owner: k.OwnerName, Subject: c.Subject})
	case c.Kind == accord.SignalMilestoneAtRisk || c.Kind == accord.SignalGateWaiting:
		n.event.OwnerPartyID = c.OwnerPartyID
		var err error
		if n.event.Named, n.event.Parties, err = tx.initiativeAudience(ctx, c); err != nil {
			return err
		}
		if c.KPIID != "" {
			// A condition milestone's reason quotes its KPI's figures.
			if _, n.event.SeenBy, err = tx.signalSeenBy(ctx, sc.allianceID, c.KPIID, c); err != nil {
				return err
			}
		}
	case c.KPIID != "":
		// A contract's review because a KPI is in red quotes its colour.
		_, seenBy, err := tx.signalSeenBy(ctx, sc.allianceID, c.KPIID, c)
		if err != nil {
			return err
		}
		n.event.SeenBy, n.event.OwnerPartyID = seenBy, c.OwnerPartyID
	case c.Kind == accord.SignalConcernUnacknowledged:
		return nil // told by the concern's escalation
	case c.Kind == accord.SignalActionOverdue:
		n.event.OwnerPartyID = c.OwnerPartyID
		var owner string
		err := tx.queryRow(ctx, "SELECT m.user_id FROM action_items a JOIN memberships m ON m.id = a.owner_id WHERE a.id = ?", c.SubjectID).Scan(&owner)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		n.event.Named = []string{owner}
	default:
		n.event.OwnerPartyID = c.OwnerPartyID
	}
	if rising {
		n.subject = fmt.Sprintf("%s (now %s)", n.subject, c.Severity)
	}
	return tx.notify(ctx, n)
}

// signalSeenBy returns the signal's KPI (kpiID) and, when the alliance
// shares data by protocol, the parties that may see the signal (nil: every
// party).
func (tx *Tx) signalSeenBy(ctx context.Context, allianceID, kpiID string, c accord.SignalCondition) (accord.KPI, map[string]bool, error) {
	sharing, err := tx.seenSharing(ctx, allianceID)
	if err != nil {
		return accord.KPI{}, nil, err
	}
	kpis, err := tx.seenKPIs(ctx, allianceID)
	if err != nil {
		return accord.KPI{}, nil, err
	}
	var k accord.KPI
	for _, x := range kpis {
		if x.ID == kpiID {
			k = x
		}
	}
	if !sharing {
		return k, nil, nil
	}
	protocols, parties, err := tx.seenProtocols(ctx, allianceID)
	if err != nil {
		return k, nil, err
	}
	sh := audience.Sharing{On: true, Protocols: protocols, KPIs: kpis}
	return k, sh.Parties(parties, k, c.Segment, c.FirstPeriod, c.LastPeriod), nil
}

// protocols reads the alliance's data-sharing protocols.
func (tx *Tx) protocols(ctx context.Context, allianceID string) ([]accord.Protocol, error) {
	return queryAll(ctx, tx, scanProtocol, protocolSelect+" WHERE p.alliance_id = ?", allianceID)
}

// notifyConcern tells of a concern raised, escalated (kind
// NotifyConcernOverdue or NotifyConcernEscalated) or answered by a handler
// (NotifyConcernReply, step naming the handler's step). It says only the
// category, the severity and the days: never who raised it, and nothing
// of what they wrote. An anonymous concern's raising is dated to the day.
func (tx *Tx) notifyConcern(ctx context.Context, actor accord.Actor, allianceID, id string, kind accord.NotificationKind, step string) error {
	c, err := tx.concern(ctx, allianceID, id)
	if err != nil {
		return err
	}
	what := concernLabel(c.Category) + ", " + c.Severity + " severity"
	n := notice{allianceID: allianceID, link: "concerns/" + c.ID, hookLink: "concerns",
		event: audience.Event{Kind: kind, Category: c.Category, ConcernSeverity: c.Severity, Actor: actor.UserID}}
	due := "acknowledgement is due by the end of " + c.AckDueAt.AddDate(0, 0, -1).Format(dayFormat)
	switch kind {
	case accord.NotifyConcernRaised:
		n.subject, n.body, n.dayOnly = "Concern raised: "+what, "Raised on "+c.RaisedOn.Format(dayFormat)+"; "+due+".", c.Anonymous
		if c.Anonymous {
			n.event.Actor = ""
		}
	case accord.NotifyConcernOverdue, accord.NotifyConcernEscalated:
		chair, err := tx.steeringChair(ctx, allianceID)
		if err != nil {
			return err
		}
		n.event.Named = chair
		n.subject = "Concern not acknowledged in time: " + what
		if kind == accord.NotifyConcernEscalated {
			n.subject = "Concern still not acknowledged: " + what
		}
		n.body = "Raised on " + c.RaisedOn.Format(dayFormat) + ". " + escalationNotes[c.Escalation] + " Now " + due + "."
	case accord.NotifyConcernReply:
		if c.Anonymous || c.ReporterID == "" || len(c.Messages) == 0 {
			return nil // an anonymous reporter comes back with the receipt
		}
		n.event.Named, n.link, n.hookLink = []string{c.ReporterID}, "inbox", ""
		last := c.Messages[len(c.Messages)-1]
		n.subject = map[string]string{"acknowledge": "Your concern was acknowledged", "close": "Your concern was closed"}[step]
		if n.subject == "" {
			n.subject = "An answer to your concern"
		}
		n.subject += " (" + concernLabel(c.Category) + ")"
		n.body, n.sealBody = last.Author+": "+last.Body, true
	}
	return tx.notify(ctx, n)
}

// escalationKinds are what each escalation step of a concern notifies.
var escalationKinds = map[int]accord.NotificationKind{
	accord.EscalatedToChairs: accord.NotifyConcernOverdue,
	accord.EscalatedToAll:    accord.NotifyConcernEscalated,
}

// dayFormat is how notifications write a day.
const dayFormat = "2 Jan 2006"

// concernLabel names a concern's category for people.
func concernLabel(category string) string {
	switch category {
	case accord.ConcernOperations:
		return "Operations and workload"
	case accord.ConcernRelationship:
		return "Relationship and trust"
	}
	s := strings.ReplaceAll(category, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// steeringChair returns the account of the chair of the committee that
// approves the scorecard, when there is one and the seat is held today.
func (tx *Tx) steeringChair(ctx context.Context, allianceID string) ([]string, error) {
	var committee string
	err := tx.queryRow(ctx, "SELECT id FROM committees WHERE alliance_id = ? AND approves_scorecard = 1", allianceID).Scan(&committee)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	seats, err := tx.seatHolders(ctx, committee, tx.now)
	if err != nil {
		return nil, err
	}
	for _, s := range seats {
		if s.Chair {
			return []string{s.UserID}, nil
		}
	}
	return nil, nil
}

// notifyMotion tells the seat-holders of the motion's committee that a
// vote is open.
func (tx *Tx) notifyMotion(ctx context.Context, actor accord.Actor, m *accord.Motion) error {
	seats, err := tx.seatHolders(ctx, m.CommitteeID, tx.now)
	if err != nil {
		return err
	}
	var holders []string
	for _, s := range seats {
		holders = append(holders, s.UserID)
	}
	when := "at its meeting"
	if m.ClosesAt != nil {
		when = "until " + m.ClosesAt.UTC().Format("2 Jan 2006 15:04 UTC")
	}
	return tx.notify(ctx, notice{allianceID: m.AllianceID, link: "motions/" + strconv.Itoa(m.Number),
		subject: fmt.Sprintf("Vote open: motion %d, %s", m.Number, m.Title),
		body:    fmt.Sprintf("The %s votes on it %s.", m.CommitteeName, when),
		event:   audience.Event{Kind: accord.NotifyMotionOpened, Named: holders, Actor: actor.UserID}})
}

// notifyAction tells the owner of an action item given to them.
func (tx *Tx) notifyAction(ctx context.Context, actor accord.Actor, a *accord.ActionItem) error {
	var owner, committee string
	err := tx.queryRow(ctx, "SELECT m.user_id, c.key FROM memberships m, committees c WHERE m.id = ? AND c.id = ?", a.OwnerID, a.CommitteeID).Scan(&owner, &committee)
	if err != nil {
		return err
	}
	link := "committees/" + committee
	if a.MeetingID != "" {
		link = "meetings/" + a.MeetingID
	}
	return tx.notify(ctx, notice{allianceID: a.AllianceID, link: link, subject: "Action item for you: " + a.Title,
		body:  "Due on " + a.DueOn.Format(dayFormat) + ".",
		event: audience.Event{Kind: accord.NotifyActionAssigned, Named: []string{owner}, Actor: actor.UserID}})
}

// notifyAmendment tells the signers (executives and admins) of every party
// that has not yet signed a proposed amendment off.
func (tx *Tx) notifyAmendment(ctx context.Context, actor accord.Actor, allianceID string, a *accord.Amendment) error {
	var key, title, status string
	err := tx.queryRow(ctx, "SELECT c.key, c.title, a.status FROM contract_amendments a JOIN contracts c ON c.id = a.contract_id WHERE a.id = ?", a.ID).Scan(&key, &title, &status)
	if err != nil || status != accord.AmendmentProposed {
		return err
	}
	waiting, err := tx.partiesToSign(ctx, allianceID, a.ID)
	if err != nil {
		return err
	}
	return tx.notify(ctx, notice{allianceID: allianceID, link: fmt.Sprintf("contracts/%s/amendments/%d", key, a.Number),
		subject: fmt.Sprintf("Sign-off needed: %s, amendment %d", title, a.Number), body: a.Summary,
		event: audience.Event{Kind: accord.NotifyAmendmentSignoff, Parties: waiting, Actor: actor.UserID}})
}

// notifySettlement tells the executives of every party that has not yet
// signed a draft settlement off; a provisional one is never signed.
func (tx *Tx) notifySettlement(ctx context.Context, actor accord.Actor, allianceID string, st *accord.Settlement) error {
	if st.Provisional || st.Final() || len(st.Awaiting) == 0 {
		return nil
	}
	waiting := make([]string, len(st.Awaiting))
	for i, p := range st.Awaiting {
		waiting[i] = p.PartyID
	}
	period := st.PeriodStart.Format(dayFormat) + " – " + st.PeriodEnd.Format(dayFormat)
	return tx.notify(ctx, notice{allianceID: allianceID, link: "contracts/" + st.ContractKey + "/settlements/" + st.ID,
		subject: "Sign-off needed: " + st.ContractTitle + ", settlement of " + period,
		body:    "Net settlement " + dollars(st.Result.NetSettlement) + " under version " + fmt.Sprint(st.Version) + ". It is final when an executive of every party has signed it off.",
		event:   audience.Event{Kind: accord.NotifySettlementSignoff, Parties: waiting, Actor: actor.UserID}})
}

// dollars writes an amount as people read it: "$1,234.50", "−$80.00".
func dollars(m number.Money) string {
	if m < 0 {
		return "−$" + (-m).Display()
	}
	return "$" + m.Display()
}
