package views

import (
	"fmt"
	"strconv"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/scorecard"
)

// needBallots lists the open motions of the viewer's committees they have
// not voted on; a pilot's readiness gate is such a motion, named as one.
func (s *Loader) needBallots(sc *needScope) ([]needItem, error) {
	if len(sc.seated) == 0 {
		return nil, nil
	}
	open, err := s.Svc.ListMotions(sc.ctx, accord.DecisionFilter{AllianceID: sc.ac.Alliance.ID}, accord.MotionOpen)
	if err != nil {
		return nil, err
	}
	var out []needItem
	for _, m := range open {
		if !sc.seated[m.CommitteeID] {
			continue
		}
		voted, err := s.hasVoted(sc, m.Number)
		if err != nil {
			return nil, err
		}
		if voted {
			continue
		}
		it := needItem{Kind: needVote, Link: sc.base + "motions/" + strconv.Itoa(m.Number), Due: m.ClosesAt, Urgency: urgencyAt(m.ClosesAt, sc.now)}
		it.Sentence = fmt.Sprintf("Waiting for your vote: motion %d, %s", m.Number, m.Title)
		if m.SubjectKind == accord.SubjectPilotGate {
			it.Kind = needPilotGate
			it.Sentence = fmt.Sprintf("A pilot's readiness gate waits for your vote: motion %d, %s", m.Number, m.Title)
		}
		if m.ClosesAt == nil {
			it.Sentence += " (at its meeting)"
		}
		out = append(out, it)
	}
	return out, nil
}

// hasVoted reports whether the viewer has cast a ballot on motion number.
func (s *Loader) hasVoted(sc *needScope, number int) (bool, error) {
	full, err := s.Svc.Motion(sc.ctx, sc.ac.Alliance.ID, number)
	if err != nil {
		return false, err
	}
	for _, v := range full.Votes {
		if v.MemberID == sc.ac.Member.ID {
			return true, nil
		}
	}
	return false, nil
}

// needMinutes lists the draft minutes of held meetings of the viewer's
// committees: the committee approves them at its next meeting, which is
// their due date.
func (s *Loader) needMinutes(sc *needScope) ([]needItem, error) {
	if len(sc.seated) == 0 {
		return nil, nil
	}
	past, err := s.Svc.ListMeetings(sc.ctx, accord.MeetingFilter{AllianceID: sc.ac.Alliance.ID, UserID: sc.ac.Member.UserID, To: sc.now, Descending: true, Limit: 100})
	if err != nil {
		return nil, err
	}
	var out []needItem
	for _, m := range past {
		if !sc.seated[m.CommitteeID] || m.Status != accord.MeetingHeld || m.MinutesStatus != accord.MinutesDraft {
			continue
		}
		it := needItem{Kind: needMinutes, Link: sc.base + "meetings/" + m.ID, Urgency: urgencyOpen,
			Sentence: "Minutes to approve at the next meeting: " + m.CommitteeName + ", " + m.StartsAt.UTC().Format("2 Jan 2006")}
		next, err := s.Svc.ListMeetings(sc.ctx, accord.MeetingFilter{AllianceID: sc.ac.Alliance.ID, CommitteeID: m.CommitteeID, From: sc.now, Limit: 1})
		if err != nil {
			return nil, err
		}
		if len(next) > 0 {
			due := next[0].StartsAt
			it.Due, it.Urgency = &due, urgencyAt(&due, sc.now)
		}
		out = append(out, it)
	}
	return out, nil
}

// needActions lists the viewer's open action items that are overdue or due
// within dueSoon.
func (s *Loader) needActions(sc *needScope) ([]needItem, error) {
	items, err := s.Svc.ListActionItems(sc.ctx, accord.ActionFilter{AllianceID: sc.ac.Alliance.ID, Status: accord.ActionOpen})
	if err != nil {
		return nil, err
	}
	var out []needItem
	for _, a := range items {
		if a.OwnerID != sc.ac.Member.ID || accord.Day(a.DueOn).Sub(accord.Day(sc.now)) > dueSoon {
			continue
		}
		due := accord.Day(a.DueOn)
		it := needItem{Kind: needAction, Sentence: "Your action item: " + a.Title, Link: actionLink(sc.base, a), Due: &due, DayOnly: true, Urgency: urgencyDueSoon}
		if a.Overdue(sc.now) {
			it.Urgency = urgencyOverdue
		}
		out = append(out, it)
	}
	return out, nil
}

// actionLink is the page of an action item: the meeting that gave it, or
// its committee.
func actionLink(base string, a accord.ActionItem) string {
	if a.MeetingID != "" {
		return base + "meetings/" + a.MeetingID
	}
	return base + "governance"
}

// needConcerns counts the concerns waiting for acknowledgement, for those
// who handle concerns: counts only, so nothing in the list can point at a
// reporter.
func (s *Loader) needConcerns(sc *needScope) ([]needItem, error) {
	if !sc.may(access.HandleConcern) {
		return nil, nil
	}
	open, err := s.Svc.ListConcerns(sc.ctx, accord.ConcernFilter{AllianceID: sc.ac.Alliance.ID, Status: accord.ConcernOpen, Limit: 500})
	if err != nil {
		return nil, err
	}
	late := 0
	for _, c := range open {
		if c.Overdue(sc.now) {
			late++
		}
	}
	var out []needItem
	if late > 0 {
		out = append(out, needItem{Kind: needConcerns, Link: sc.base + "concerns", Urgency: urgencyOverdue,
			Sentence: count(late, "concern is", "concerns are") + " past the acknowledgement deadline"})
	}
	if n := len(open) - late; n > 0 {
		out = append(out, needItem{Kind: needConcerns, Link: sc.base + "concerns", Urgency: urgencyDueSoon,
			Sentence: count(n, "concern waits", "concerns wait") + " for acknowledgement"})
	}
	return out, nil
}

// count writes n with the singular or plural words.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return Itoa(n) + " " + many
}

// answersFor reports whether the viewer answers for news about a KPI of
// party owner: a handler of that party, or an executive (the audience of
// the KPI's signals, docs/notifications.md).
func (sc *needScope) answersFor(owner string) bool {
	return sc.may(access.HandleSignal) && (owner == sc.ac.Member.PartyID || sc.ac.Member.Roles.Has(accord.RoleExecutive))
}

// needRedKPIs lists the approved KPIs in the red on the scorecard as the
// viewer may see it (sharing by protocol hides another party's figures),
// for those who answer for them.
func (s *Loader) needRedKPIs(sc *needScope) ([]needItem, error) {
	if !sc.may(access.HandleSignal) {
		return nil, nil
	}
	all, err := s.Svc.ListKPIs(sc.ctx, sc.ac.Alliance.ID, accord.KPIFilter{})
	if err != nil {
		return nil, err
	}
	mine := map[string]bool{}
	for _, k := range all {
		if k.Status == accord.KPIApproved && sc.answersFor(k.OwnerPartyID) {
			mine[k.Key] = true
		}
	}
	if len(mine) == 0 {
		return nil, nil
	}
	sh, err := s.SharingFor(sc.r, all)
	if err != nil {
		return nil, err
	}
	// The agenda's list of amber and red KPIs, kept per scorecard version,
	// day and sharing view: the overview need not read the scorecard again.
	troubled, err := s.troubledKPIs(sc.ctx, sc.ac.Alliance, sh)
	if err != nil {
		return nil, err
	}
	var out []needItem
	for _, t := range troubled {
		if t.Status != string(scorecard.Red) || !mine[t.Key] {
			continue
		}
		sentence := t.Name + " is in the red: " + t.Value + " in " + t.Period
		if t.Target != "" {
			sentence += " against a target of " + t.Target
		}
		out = append(out, needItem{Kind: needRedKPI, Sentence: sentence, Link: sc.base + "kpis/" + t.Key, Urgency: urgencyOpen})
	}
	return out, nil
}

// needSignals lists the new (open, not yet acknowledged) signals on KPIs'
// data that are not improvements, as far as sharing lets the viewer see
// them, for those who answer for the KPI. A whole KPI in the red is
// listed once, as a red KPI, not again as its signal.
func (s *Loader) needSignals(sc *needScope) ([]needItem, error) {
	gs, err := s.newDeteriorations(sc)
	if err != nil {
		return nil, err
	}
	var out []needItem
	for _, g := range WithLinks(sc.ac.Alliance.Slug, gs...) {
		if g.Kind == accord.SignalTargetRed && g.Segment == "" {
			continue // listed as a red KPI
		}
		out = append(out, needItem{Kind: needSignal, Sentence: "New signal: " + g.Subject, Link: g.Link, Urgency: urgencyOpen})
	}
	return out, nil
}

// newDeteriorations are the open signals on KPIs' data, improvements
// aside, that the viewer may see and answers for: what needSignals lists
// and what makes a signal's notification need its reader.
func (s *Loader) newDeteriorations(sc *needScope) ([]accord.Signal, error) {
	if !sc.may(access.HandleSignal) {
		return nil, nil
	}
	gs, err := s.Svc.ListSignals(sc.ctx, accord.SignalFilter{AllianceID: sc.ac.Alliance.ID, Status: accord.SignalOpen, Limit: 1000})
	if err != nil {
		return nil, err
	}
	if gs, err = s.VisibleSignals(sc.r, gs); err != nil {
		return nil, err
	}
	var out []accord.Signal
	for _, g := range gs {
		if g.AboutKPI() && g.Effect != accord.EffectImprovement && sc.answersFor(g.OwnerPartyID) {
			out = append(out, g)
		}
	}
	return out, nil
}

// needSignOffs lists the draft settlements awaiting the sign-off of the
// viewer's party, for the executives who sign for it: a settlement is final
// only once every party has signed.
func (s *Loader) needSignOffs(sc *needScope) ([]needItem, error) {
	if !sc.may(access.SignSettlement) {
		return nil, nil
	}
	sts, err := s.Svc.SettlementsAwaitingSignOff(sc.ctx, sc.ac.Alliance.ID, sc.ac.Member.UserID)
	if err != nil || len(sts) == 0 {
		return nil, err
	}
	cs, err := s.Svc.ListContracts(sc.ctx, sc.ac.Alliance.ID)
	if err != nil {
		return nil, err
	}
	byID := map[string]accord.Contract{}
	for _, c := range cs {
		byID[c.ID] = c
	}
	var out []needItem
	for _, st := range sts {
		c := byID[st.ContractID]
		out = append(out, needItem{Kind: needSignOff, Urgency: urgencyOpen,
			Sentence: "Sign off the settlement of " + c.Title + " for " + st.PeriodStart.Format("2 Jan 2006") + " to " + st.PeriodEnd.Format("2 Jan 2006"),
			Link:     sc.base + "contracts/" + c.Key + "/settlements/" + st.ID})
	}
	return out, nil
}
