package packet

import (
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// Input is what a meeting's packet is made from, each part already as its
// reader may see it: the server reads it for the reader's party, applying
// the alliance's data-sharing rules (docs/sharing.md) to the agenda, the
// scorecard and the signals.
type Input struct {
	Alliance  accord.Alliance
	Committee accord.Committee
	Meeting   accord.Meeting
	// Base is where the packet's link to the meeting points.
	Base string
	// Since is when the committee last met (zero for its first meeting).
	Since      time.Time
	Now        time.Time
	Agenda     []accord.AgendaItem
	Categories []Category
	// Signals are every signal the reader may see, whatever its status.
	Signals []accord.Signal
	// Concerns are the alliance's concerns, whatever their status.
	Concerns []accord.Concern
	// Decided are the alliance's latest decided motions.
	Decided []accord.Motion
	// Actions are the committee's open action items.
	Actions []accord.ActionItem
	// Portfolio is the initiatives' brief since the last meeting.
	Portfolio Portfolio
	// Health is the latest survey round, as shown; nil when none closed.
	Health *Health
}

// Build makes the packet from in: the seat-holders serving on the day, the
// signals still open or acknowledged (improvements apart), the concerns
// not closed without who raised them (the packet goes to every attendee),
// and the decisions taken since the last meeting and before this one.
func Build(in Input) View {
	m := in.Meeting
	v := View{Alliance: in.Alliance, Meeting: m, Committee: in.Committee, Seats: ServingSeats(in.Committee, m.StartsAt),
		Agenda: in.Agenda, Categories: in.Categories, Actions: in.Actions, Since: in.Since, Generated: in.Now, Now: in.Now, Portfolio: in.Portfolio,
		URL: in.Base + "/a/" + in.Alliance.Slug + "/meetings/" + m.ID, Health: in.Health}
	for _, g := range in.Signals {
		if g.Status != accord.SignalOpen && g.Status != accord.SignalAcknowledged {
			continue
		}
		if g.Improvement() {
			v.Improvements = append(v.Improvements, g)
		} else {
			v.Signals = append(v.Signals, g)
		}
	}
	for _, cn := range in.Concerns {
		if cn.Status != accord.ConcernClosed {
			cn.ReporterID, cn.ReporterName = "", ""
			v.Concerns = append(v.Concerns, cn)
		}
	}
	for _, d := range in.Decided {
		if d.DecidedAt != nil && d.DecidedAt.After(in.Since) && d.DecidedAt.Before(m.StartsAt) {
			v.Decisions = append(v.Decisions, d)
		}
	}
	return v
}
