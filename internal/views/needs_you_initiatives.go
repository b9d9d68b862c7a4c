package views

import (
	"slices"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/audience"
)

// needInitiative is the kind of "Needs you" item an initiative's signal
// makes: a milestone at risk, a site over capacity, a gate waiting, a
// commitment past due or a contribution disputed.
const needInitiative = "initiative"

// needInitiatives lists the initiatives' open signals that the viewer must
// act on, by the same rules that tell them (internal/audience): the
// clinical lead for a milestone or a gate, a site's handlers for its
// capacity this month, a party's finance and executives for its money.
// A commitment past due or a milestone missed is overdue. A condition
// milestone's signal is listed only to a viewer who may see it.
func (s *Loader) needInitiatives(sc *needScope) ([]needItem, error) {
	gs, err := s.Svc.ListSignals(sc.ctx, accord.SignalFilter{AllianceID: sc.ac.Alliance.ID, Status: accord.SignalOpen, Limit: 1000})
	if err != nil {
		return nil, err
	}
	gs = slices.DeleteFunc(gs, func(g accord.Signal) bool { return !slices.Contains(accord.InitiativeSignalKinds(), g.Kind) })
	// A condition milestone's signal follows its KPI's data sharing, as on
	// the signals page.
	if gs, err = s.VisibleSignals(sc.r, gs); err != nil || len(gs) == 0 {
		return nil, err
	}
	pf, err := s.Svc.Portfolio(sc.ctx, sc.ac.Alliance.ID)
	if err != nil {
		return nil, err
	}
	me := []audience.Person{{UserID: sc.ac.Member.UserID, PartyID: sc.ac.Member.PartyID, Roles: sc.ac.Member.Roles}}
	var out []needItem
	for _, g := range WithLinks(sc.ac.Alliance.Slug, gs...) {
		ev := audience.Event{Kind: accord.NotifySignalOpened, SignalKind: g.Kind, Severity: g.Severity, OwnerPartyID: g.OwnerPartyID}
		if in, ok := initiativeOf(pf, g); ok {
			ev.Parties = in.SponsorIDs
			if in.ClinicalLeadID == sc.ac.Member.ID {
				ev.Named = []string{sc.ac.Member.UserID}
			}
		}
		rs := audience.Recipients(ev, me)
		if len(rs) == 0 || !rs[0].MustAct {
			continue
		}
		it := needItem{Kind: needInitiative, Sentence: g.Subject, Link: g.Link, Urgency: urgencyOpen}
		if g.Kind == accord.SignalCommitmentPastDue || g.Rule == accord.RuleMissed {
			it.Urgency = urgencyOverdue
		}
		if g.Kind == accord.SignalCommitmentPastDue || g.Kind == accord.SignalGateWaiting {
			due := g.FirstPeriod
			it.Due, it.DayOnly = &due, true
			it.Urgency = urgencyAt(it.Due, sc.now)
		}
		out = append(out, it)
	}
	return out, nil
}

// initiativeOf finds the initiative a milestone's or a gate's signal is
// about.
func initiativeOf(pf accord.Portfolio, g accord.Signal) (accord.Initiative, bool) {
	phase := g.SubjectID
	if g.SubjectType == accord.SubjectOfMilestone {
		phase = ""
		for _, m := range pf.Milestones {
			if m.ID == g.SubjectID {
				phase = m.PhaseID
			}
		}
	} else if g.SubjectType != accord.SubjectOfPhase {
		return accord.Initiative{}, false
	}
	for _, p := range pf.Phases {
		if p.ID != phase {
			continue
		}
		for _, in := range pf.Initiatives {
			if in.ID == p.InitiativeID {
				return in, true
			}
		}
	}
	return accord.Initiative{}, false
}
