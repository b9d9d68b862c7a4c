// Package agenda writes the part of a check-in's agenda that comes from the
// data: what needs the committee's attention since its last meeting. It is
// pure: the caller gathers the facts, Build orders them into items.
package agenda

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// KPI is a KPI whose latest value is amber or red against its target.
type KPI struct {
	Key, Name string
	Status    string // "amber" or "red"
	Value     string // formatted, e.g. "71.2%"
	Target    string // formatted, e.g. "target 75%"
	Period    string // e.g. "Oct 2026"
}

// Input is what the data says needs attention.
type Input struct {
	// Since is the previous meeting of the committee (zero for its first):
	// signals opened and decisions taken after it are new.
	Since    time.Time
	Now      time.Time
	KPIs     []KPI
	Signals  []accord.Signal
	Concerns []accord.Concern
	Motions  []accord.Motion // open motions of the committee
	Actions  []accord.ActionItem
	// Minutes are earlier meetings of the committee with draft minutes.
	Minutes []accord.Meeting
}

// Build returns the agenda items the data writes, in the order a chair
// would take them: minutes to approve, each KPI in red (with its new
// signals), the KPIs in amber together, other deteriorations one by one,
// late data together, improvements together, concerns (escalated and
// overdue first), motions awaiting a vote, then overdue action items. An
// agenda is read in a meeting, so what can be taken together is one item.
// Each item's RefID identifies it across rebuilds, so an item is added once
// and keeps its place.
func Build(in Input) []accord.AgendaItem {
	var out []accord.AgendaItem
	add := func(kind, ref, title, detail string) {
		out = append(out, accord.AgendaItem{Kind: kind, RefID: ref, Title: title, Detail: detail})
	}
	for _, m := range in.Minutes {
		add(accord.AgendaMinutes, m.ID, "Approve the minutes of "+m.StartsAt.Format("2 January 2006"), m.Title)
	}
	sigs := newSignals(in.Signals, in.Since)
	byKPI := map[string][]accord.Signal{}
	for _, g := range sigs {
		byKPI[g.KPIKey] = append(byKPI[g.KPIKey], g)
	}
	covered := map[string]bool{}
	var amber []string
	for _, k := range in.KPIs {
		if k.Status != "red" {
			amber = append(amber, k.Name)
			continue
		}
		covered[k.Key] = true
		// The KPI's signals say it best; without one, the value and target.
		var notes []string
		for _, g := range byKPI[k.Key] {
			if g.Effect != accord.EffectImprovement && g.Summary != "" {
				notes = append(notes, strings.TrimSuffix(g.Summary, "."))
			}
		}
		detail := fmt.Sprintf("%s in %s (target %s)", k.Value, k.Period, k.Target)
		if len(notes) > 0 {
			detail = strings.Join(notes, ". ") + "."
		}
		add(accord.AgendaKPI, k.Key, k.Name+" is red", detail)
	}
	if len(amber) > 0 {
		out = append(out, Together(RefAmber, amber))
	}
	var late, better []string
	for _, g := range sigs {
		switch {
		case covered[g.KPIKey] && g.KPIKey != "":
		case g.Kind == accord.SignalActionOverdue || g.Kind == accord.SignalConcernUnacknowledged:
			// Listed below from the concerns and action items themselves.
		case g.Kind == accord.SignalDataLate:
			late = append(late, g.KPIName+" ("+g.OwnerName+")")
		case g.Effect == accord.EffectImprovement:
			better = append(better, g.KPIName)
		default:
			add(accord.AgendaSignal, g.ID, g.Subject, fmt.Sprintf("%s signal, opened %s: %s", g.Severity, g.OpenedAt.Format("2 Jan"), g.Summary))
		}
	}
	if len(late) > 0 {
		out = append(out, Together(RefLate, late))
	}
	if len(better) > 0 {
		out = append(out, Together(RefImprovements, better))
	}
	for _, c := range concerns(in.Concerns, in.Now) {
		add(accord.AgendaConcern, c.ID, concernTitle(c), concernDetail(c, in.Now))
	}
	for _, m := range in.Motions {
		detail := "to vote in this meeting"
		if m.ClosesAt != nil {
			detail = "voting closes " + m.ClosesAt.Format("2 Jan 2006 15:04 UTC")
		}
		add(accord.AgendaMotion, m.ID, fmt.Sprintf("Motion %d: %s", m.Number, m.Title), detail)
	}
	for _, a := range in.Actions {
		if a.Overdue(in.Now) {
			add(accord.AgendaAction, a.ID, "Overdue: "+a.Title, fmt.Sprintf("%s, due %s", a.OwnerName, a.DueOn.Format("2 Jan 2006")))
		}
	}
	return out
}

// The references of the items that take several KPIs together.
const (
	RefAmber        = "amber"        // the KPIs in amber (kind kpi)
	RefLate         = "late-data"    // the KPIs whose data is overdue (kind signal)
	RefImprovements = "improvements" // the improvements to recognise (kind signal)
)

// Together writes the item that takes several KPIs together (ref one of
// RefAmber, RefLate and RefImprovements) from its parts: a KPI's name, or
// for late data its name and reporting party as "Name (Party)".
func Together(ref string, parts []string) accord.AgendaItem {
	it := accord.AgendaItem{Kind: accord.AgendaSignal, RefID: ref, Detail: strings.Join(parts, "; ")}
	switch ref {
	case RefAmber:
		it.Kind, it.Title = accord.AgendaKPI, plural(len(parts), "KPI", "KPIs")+" in amber"
	case RefLate:
		it.Title = "Data overdue (" + plural(len(parts), "KPI", "KPIs") + ")"
	default:
		it.Title = plural(len(parts), "improvement", "improvements") + " to recognise"
	}
	return it
}

// Parts returns the parts of an item Together wrote, or nil for any other
// item.
func Parts(it accord.AgendaItem) []string {
	together := it.Kind == accord.AgendaKPI && it.RefID == RefAmber ||
		it.Kind == accord.AgendaSignal && (it.RefID == RefLate || it.RefID == RefImprovements)
	if !together || it.Detail == "" {
		return nil
	}
	return strings.Split(it.Detail, "; ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// newSignals keeps the signals still open or acknowledged that opened
// after since, most severe first, then oldest first.
func newSignals(all []accord.Signal, since time.Time) []accord.Signal {
	var out []accord.Signal
	for _, s := range all {
		if (s.Status == accord.SignalOpen || s.Status == accord.SignalAcknowledged) && s.OpenedAt.After(since) {
			out = append(out, s)
		}
	}
	rank := map[accord.Severity]int{accord.SeverityCritical: 0, accord.SeverityWarning: 1, accord.SeverityInfo: 2}
	sort.SliceStable(out, func(i, j int) bool {
		if rank[out[i].Severity] != rank[out[j].Severity] {
			return rank[out[i].Severity] < rank[out[j].Severity]
		}
		return out[i].OpenedAt.Before(out[j].OpenedAt)
	})
	return out
}

// concerns keeps the concerns not closed, escalated or overdue ones first.
func concerns(all []accord.Concern, now time.Time) []accord.Concern {
	var out []accord.Concern
	for _, c := range all {
		if c.Status != accord.ConcernClosed {
			out = append(out, c)
		}
	}
	urgent := func(c accord.Concern) bool { return c.Escalation > 0 || c.Overdue(now) }
	sort.SliceStable(out, func(i, j int) bool { return urgent(out[i]) && !urgent(out[j]) })
	return out
}

// concernTitle never names who raised a concern, named or not: the agenda
// goes to every attendee.
func concernTitle(c accord.Concern) string {
	t := fmt.Sprintf("%s concern (%s severity)", strings.ToUpper(label(c.Category)[:1])+label(c.Category)[1:], c.Severity)
	if c.Escalation > 0 {
		t += ", escalated"
	}
	return t
}

func concernDetail(c accord.Concern, now time.Time) string {
	d := fmt.Sprintf("raised %s; %s", c.RaisedOn.Format("2 Jan 2006"), c.Status)
	if c.Overdue(now) {
		d += "; acknowledgement overdue"
	}
	return d
}

func label(category string) string {
	switch category {
	case accord.ConcernOperations:
		return "operations and workload"
	case accord.ConcernRelationship:
		return "relationship and trust"
	}
	return strings.ReplaceAll(category, "_", " ")
}
