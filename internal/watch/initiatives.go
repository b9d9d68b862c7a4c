package watch

import (
	"fmt"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/initiative"
	"github.com/accord-alliance/accord/internal/number"
)

// Horizons of the initiatives' signals.
const (
	// CapacityMonths is how many months, from the current one, a site's
	// load is watched for going over its capacity.
	CapacityMonths = 12
	// GateDays is how long before a planned phase starts its waiting gate
	// is a signal.
	GateDays = 30
)

// Portfolio is what the initiatives' signals are evaluated from: the
// portfolio as the store reads it, the ledger, and a few names.
type Portfolio struct {
	accord.Portfolio
	Commitments   []accord.Commitment
	Contributions []accord.Contribution
	// Parties names each party by id.
	Parties map[string]string
	// KPIs are the KPIs the condition milestones name, by id, and
	// Readings each condition milestone's series (its segment's or the
	// alliance's), by milestone id.
	KPIs     map[string]accord.KPI
	Readings map[string][]initiative.Reading
}

// InitiativeConditions returns the conditions that hold now on the
// alliance's initiatives, by subject type: milestones at risk or missed,
// sites over capacity, gates waiting, commitments past due and
// contributions disputed (docs/signals.md).
func InitiativeConditions(pf Portfolio, now time.Time) (map[string][]accord.SignalCondition, error) {
	over, err := OverCapacity(pf, now)
	if err != nil {
		return nil, err
	}
	return map[string][]accord.SignalCondition{
		accord.SubjectOfMilestone:    MilestonesAtRisk(pf, now),
		accord.SubjectOfSite:         over,
		accord.SubjectOfPhase:        GatesWaiting(pf, now),
		accord.SubjectOfCommitment:   CommitmentsPastDue(pf, now),
		accord.SubjectOfContribution: DisputedContributions(pf),
	}, nil
}

type index struct {
	initiatives map[string]accord.Initiative
	phases      map[string]accord.Phase
}

func (pf Portfolio) index() index {
	x := index{initiatives: map[string]accord.Initiative{}, phases: map[string]accord.Phase{}}
	for _, in := range pf.Initiatives {
		x.initiatives[in.ID] = in
	}
	for _, p := range pf.Phases {
		x.phases[p.ID] = p
	}
	return x
}

// MilestonesAtRisk returns one condition per milestone of an active phase
// whose computed state is at risk (a warning) or missed (critical). The
// rule is the state, so a milestone that slips from at risk to missed is
// news again.
func MilestonesAtRisk(pf Portfolio, now time.Time) []accord.SignalCondition {
	x := pf.index()
	var out []accord.SignalCondition
	for _, m := range pf.Milestones {
		ph, ok := x.phases[m.PhaseID]
		if !ok || ph.Status != accord.PhaseActive {
			continue
		}
		ev, ok := pf.evaluate(m, ph, now)
		if !ok || (ev.State != initiative.AtRisk && ev.State != initiative.Missed) {
			continue
		}
		in := x.initiatives[ph.InitiativeID]
		rule, sev, word := accord.RuleAtRisk, accord.SeverityWarning, "at risk"
		if ev.State == initiative.Missed {
			rule, sev, word = accord.RuleMissed, accord.SeverityCritical, "missed"
		}
		out = append(out, accord.SignalCondition{
			Kind: accord.SignalMilestoneAtRisk, Rule: rule, Severity: sev, Effect: accord.EffectUnclear,
			Subject:     "Milestone " + word + ": " + milestoneTitle(m, pf.KPIs) + " (" + in.Name + ", " + ph.Name + ")",
			Summary:     ev.Reason,
			FirstPeriod: ph.StartsOn, LastPeriod: ph.EndsOn,
			SubjectType: accord.SubjectOfMilestone, SubjectID: m.ID, Link: "initiatives/" + in.ID,
			// A condition's reason quotes the KPI's figures: its signal
			// follows that KPI's data-sharing rules, as a contract's does.
			KPIID: m.KPIID, Segment: m.Segment,
		})
	}
	return out
}

func milestoneTitle(m accord.Milestone, kpis map[string]accord.KPI) string {
	if m.Title != "" {
		return m.Title
	}
	return kpis[m.KPIID].Name
}

// evaluate computes a milestone's state with the initiative engine; a
// condition starts counting from its phase's start.
func (pf Portfolio) evaluate(m accord.Milestone, ph accord.Phase, now time.Time) (initiative.Evaluation, bool) {
	var ev initiative.Evaluation
	var err error
	switch m.Kind {
	case accord.MilestoneDeliverable:
		d := initiative.Deliverable{Name: m.Title, Due: *m.DueOn}
		if m.DoneAt != nil {
			d.Done = &initiative.Completion{At: *m.DoneAt, By: m.DoneByName, Evidence: m.Evidence}
		}
		ev, err = d.Evaluate(now)
	case accord.MilestoneCondition:
		k, ok := pf.KPIs[m.KPIID]
		if !ok {
			return ev, false
		}
		c := initiative.Condition{KPI: k.Name, Segment: m.Segment, Frequency: k.Frequency, Compare: initiative.AtLeast,
			Threshold: m.Threshold, Consecutive: m.Periods, From: ph.StartsOn}
		if m.Comparison == accord.CompareAtMost {
			c.Compare = initiative.AtMost
		}
		if m.ByDate != nil {
			c.By = *m.ByDate
		}
		ev, err = c.Evaluate(pf.Readings[m.ID], now)
	}
	return ev, err == nil
}

// OverCapacity returns one condition per site or team over its capacity
// in a month from the current one to CapacityMonths ahead, counting the
// phases that hold capacity: a warning when the current month is over, an
// information otherwise (a forecast). The subject names the site; the
// summary the first month over in one sentence and how many months are.
func OverCapacity(pf Portfolio, now time.Time) ([]accord.SignalCondition, error) {
	g, err := initiative.Compute(initiative.CapacitySites(pf.Sites), initiative.CapacityPhases(pf.Initiatives, pf.Phases), initiative.MonthOf(now), CapacityMonths)
	if err != nil {
		return nil, err
	}
	byID := map[string]accord.Site{}
	for _, s := range pf.Sites {
		byID[s.ID] = s
	}
	over := map[string][]initiative.Load{}
	var order []string
	for _, l := range g.Over() {
		if _, ok := over[l.Site.ID]; !ok {
			order = append(order, l.Site.ID)
		}
		over[l.Site.ID] = append(over[l.Site.ID], l)
	}
	var out []accord.SignalCondition
	for _, id := range order {
		ls, s := over[id], byID[id]
		first, last := ls[0], ls[len(ls)-1]
		sev := accord.SeverityInfo
		if first.Month == initiative.MonthOf(now) {
			sev = accord.SeverityWarning
		}
		summary := first.Sentence() + "."
		if len(ls) > 1 {
			summary += fmt.Sprintf(" Over capacity in %d of the next %d months, the last %s.", len(ls), CapacityMonths, monthName(last.Month))
		}
		out = append(out, accord.SignalCondition{
			Kind: accord.SignalSiteOverCapacity, Severity: sev, Effect: accord.EffectUnclear,
			Subject: s.Name + " over capacity from " + monthName(first.Month), Summary: summary,
			FirstPeriod: monthStart(first.Month), LastPeriod: monthStart(last.Month),
			SubjectType: accord.SubjectOfSite, SubjectID: id, Link: "portfolio", OwnerPartyID: s.PartyID,
		})
	}
	return out, nil
}

func monthStart(m initiative.Month) time.Time {
	return time.Date(0, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, int(m), 0)
}

func monthName(m initiative.Month) string { return monthStart(m).Format("Jan 2006") }

// GatesWaiting returns one condition per planned phase of an adopted,
// active or paused initiative that starts within GateDays (or should have
// started) while no motion has decided its gate: information until its
// start, a warning once its start has passed. The summary counts the
// readiness dimensions assessed.
func GatesWaiting(pf Portfolio, now time.Time) []accord.SignalCondition {
	x := pf.index()
	today := accord.Day(now)
	decided := map[string]bool{}
	for _, g := range pf.Gates {
		decided[g.PhaseID] = true
	}
	dims := map[string]map[string]bool{}
	for _, a := range pf.Readiness {
		if dims[a.PhaseID] == nil {
			dims[a.PhaseID] = map[string]bool{}
		}
		dims[a.PhaseID][a.Dimension] = true
	}
	var out []accord.SignalCondition
	for _, ph := range pf.Phases {
		in := x.initiatives[ph.InitiativeID]
		if ph.Status != accord.PhasePlanned || decided[ph.ID] || in.Status == accord.InitiativeProposed || in.Closed() ||
			ph.StartsOn.After(today.AddDate(0, 0, GateDays)) {
			continue
		}
		sev, when := accord.SeverityInfo, "starts on "
		if ph.StartsOn.Before(today) {
			sev, when = accord.SeverityWarning, "was to start on "
		}
		out = append(out, accord.SignalCondition{
			Kind: accord.SignalGateWaiting, Severity: sev, Effect: accord.EffectUnclear,
			Subject: "Readiness gate waiting: " + in.Name + ", " + ph.Name,
			Summary: fmt.Sprintf("The phase %s%s; %d of %d readiness dimensions assessed, and no motion has decided its gate.",
				when, ph.StartsOn.Format(dateFormat), len(dims[ph.ID]), len(accord.ReadinessDimensions())),
			FirstPeriod: ph.StartsOn, LastPeriod: ph.StartsOn,
			SubjectType: accord.SubjectOfPhase, SubjectID: ph.ID, Link: "initiatives/" + in.ID,
		})
	}
	return out
}

// CommitmentsPastDue returns one condition per commitment of an initiative
// not stopped whose due date has passed while what was contributed to it
// (counting contributions under an open dispute, which have their own
// signal) is less than its amount. It is owned by the committing party.
func CommitmentsPastDue(pf Portfolio, now time.Time) []accord.SignalCondition {
	x := pf.index()
	given := map[string]number.Money{}
	for _, c := range pf.Contributions {
		if c.Counts() || c.Resolution == "" {
			given[c.CommitmentID] += c.Amount
		}
	}
	today := accord.Day(now)
	var out []accord.SignalCondition
	for _, c := range pf.Commitments {
		in := x.initiatives[c.InitiativeID]
		if !c.DueOn.Before(today) || given[c.ID] >= c.Amount || in.Status == accord.InitiativeStopped {
			continue
		}
		party := pf.Parties[c.PartyID]
		out = append(out, accord.SignalCondition{
			Kind: accord.SignalCommitmentPastDue, Severity: accord.SeverityWarning, Effect: accord.EffectUnclear,
			Subject:     "Commitment past due: " + party + ", " + c.Description + " (" + in.Name + ")",
			Summary:     fmt.Sprintf("%s due on %s; %s contributed.", c.Amount.Currency(), c.DueOn.Format(dateFormat), given[c.ID].Currency()),
			FirstPeriod: c.DueOn, LastPeriod: c.DueOn,
			SubjectType: accord.SubjectOfCommitment, SubjectID: c.ID, Link: "initiatives/" + in.ID + "/ledger", OwnerPartyID: c.PartyID,
		})
	}
	return out
}

// DisputedContributions returns one condition per contribution under an
// open dispute, owned by the contributing party; it stays out of the
// totals until the dispute is resolved.
func DisputedContributions(pf Portfolio) []accord.SignalCondition {
	x := pf.index()
	var out []accord.SignalCondition
	for _, c := range pf.Contributions {
		if !c.Disputed || c.Resolution != "" {
			continue
		}
		in := x.initiatives[c.InitiativeID]
		on := c.On
		if c.DisputedAt != nil {
			on = accord.Day(*c.DisputedAt)
		}
		reason := strings.TrimSpace(c.DisputeReason)
		out = append(out, accord.SignalCondition{
			Kind: accord.SignalContributionDisputed, Severity: accord.SeverityWarning, Effect: accord.EffectUnclear,
			Subject: "Contribution disputed: " + pf.Parties[c.PartyID] + "'s " + c.Amount.Currency() + " to " + in.Name,
			Summary: "Disputed by " + c.DisputedByName + " on " + on.Format(dateFormat) + ": " + reason +
				" It stays out of the totals until the dispute is resolved.",
			FirstPeriod: on, LastPeriod: on,
			SubjectType: accord.SubjectOfContribution, SubjectID: c.ID, Link: "initiatives/" + in.ID + "/ledger", OwnerPartyID: c.PartyID,
		})
	}
	return out
}
