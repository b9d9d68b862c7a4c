package views

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/initiative"
	"github.com/accord-alliance/accord/internal/number"
)

// GateMotion is the pilot-gate motion that puts a decision about a phase
// to a committee, decided by consent of every party with clinical
// consent, with the evidence in its body: the readiness assessment, the
// milestones' states and the capacity load. The caller sets the alliance,
// the committee and when voting closes. The body is written once and read
// by every party: with byProtocol (the alliance shares data by protocol)
// a condition milestone's state and reason, which its KPI's figures
// decide, are left out of it, and each party reads them on the
// initiative's page as its own data-sharing rules give them.
func (d InitiativeDetail) GateMotion(pd PhaseDetail, decision string, check GateCheck, parties func(string) string, byProtocol bool) accord.Motion {
	label := initiative.Decision(decision).Label()
	var b strings.Builder
	fmt.Fprintf(&b, "Gate decision for %s, phase %d (%s, %s to %s): %s.\n\n", d.Initiative.Name, pd.Phase.Ordinal, pd.Phase.Name,
		pd.Phase.StartsOn.Format(time.DateOnly), pd.Phase.EndsOn.Format(time.DateOnly), label)
	b.WriteString("Readiness:\n")
	if len(pd.Readiness) == 0 {
		b.WriteString("- not assessed yet\n")
	}
	for _, a := range pd.Readiness {
		fmt.Fprintf(&b, "- %s, %s: %s", initiative.Dimension(a.Dimension).Label(), parties(a.PartyID), initiative.Score(a.Score).Label())
		if a.Note != "" {
			fmt.Fprintf(&b, " (%s)", a.Note)
		}
		fmt.Fprintf(&b, ", by %s\n", a.AssessedByName)
	}
	b.WriteString("\nMilestones:\n")
	if len(pd.Milestones) == 0 {
		b.WriteString("- none\n")
	}
	for _, m := range pd.Milestones {
		if byProtocol && m.Kind == accord.MilestoneCondition {
			fmt.Fprintf(&b, "- %s: its state follows the figures of its KPI, which the data-sharing protocols may not show every party; see the initiative's page.\n", milestoneTitle(m.Milestone))
			continue
		}
		fmt.Fprintf(&b, "- %s: %s. %s\n", milestoneTitle(m.Milestone), m.State.Label(), m.Reason)
	}
	b.WriteString("\nCapacity:\n")
	if len(check.Overloads) == 0 {
		b.WriteString("- no site would go over its capacity for change\n")
	}
	for _, o := range check.Overloads {
		fmt.Fprintf(&b, "- over capacity: %s\n", o.Sentence)
	}
	if check.Allowed {
		b.WriteString("\nThe readiness gate passes.")
	} else {
		b.WriteString("\nThe readiness gate does not pass:\n")
		for _, r := range check.Reasons {
			fmt.Fprintf(&b, "- %s\n", r.Text)
		}
		b.WriteString("Recording this decision needs an override with its reason.")
	}
	return accord.Motion{Title: fmt.Sprintf("%s: %s — %s", d.Initiative.Name, pd.Phase.Name, label), Body: b.String(),
		SubjectKind: accord.SubjectPilotGate, SubjectID: pd.Phase.ID, Rule: "party-consent", ClinicalConsent: true}
}

// AdoptionMotion is the motion that adopts a proposed initiative: a text
// motion naming the initiative (its subject id), by consent of every
// party with clinical consent.
func (d InitiativeDetail) AdoptionMotion() accord.Motion {
	in := d.Initiative
	var b strings.Builder
	fmt.Fprintf(&b, "Adopt the initiative %s (%s).\n\nPurpose: %s\n\nSponsors: ", in.Name, KindLabel(in.Kind), in.Purpose)
	for i, p := range d.Sponsors {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p.OrgName)
	}
	fmt.Fprintf(&b, "\nClinical lead: %s\n", in.ClinicalLeadName)
	if len(d.Sites) > 0 {
		b.WriteString("Sites: ")
		for i, s := range d.Sites {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(s.Name)
		}
		b.WriteString("\n")
	}
	for _, k := range d.KPIs {
		fmt.Fprintf(&b, "Expected: %s to %s by %s by %s\n", k.Name, k.Direction, k.Size, k.ByDate.Format(time.DateOnly))
	}
	return accord.Motion{Title: "Adopt the initiative: " + in.Name, Body: b.String(), SubjectKind: accord.SubjectText, SubjectID: in.ID,
		Rule: "party-consent", ClinicalConsent: true}
}

// milestoneTitle names a milestone: its title, or its condition in words.
func milestoneTitle(m accord.Milestone) string {
	if m.Title != "" {
		return m.Title
	}
	cmp := "≥"
	if m.Comparison == accord.CompareAtMost {
		cmp = "≤"
	}
	at := ""
	if m.Segment != "" {
		at = " at " + m.Segment
	}
	return fmt.Sprintf("KPI %s %s%s", cmp, number.Group(m.Threshold.String()), at)
}

// KindLabel names a kind of initiative for people.
func KindLabel(kind string) string {
	switch kind {
	case accord.InitiativeSharedRiskPilot:
		return "Shared-risk pilot"
	case accord.InitiativeEHRITEnhancement:
		return "EHR or IT enhancement"
	case accord.InitiativeTelehealth:
		return "Telehealth programme"
	case accord.InitiativeCareModelChange:
		return "Care-model change"
	}
	return "Other"
}

// PassedMotionsAbout are the alliance's passed motions about a subject
// ("pilot_gate:<phase>", "text:<initiative>") not yet used, newest first:
// the motions whose decision can be recorded.
func (s *Loader) PassedMotionsAbout(r *http.Request, b *InitiativeBoard, subject string) ([]accord.Motion, error) {
	ms, err := s.Svc.ListMotions(r.Context(), accord.DecisionFilter{AllianceID: edge.AllianceOf(r).Alliance.ID, Subject: subject}, accord.MotionPassed)
	if err != nil {
		return nil, err
	}
	used := map[string]bool{}
	for _, g := range b.Portfolio.Gates {
		used[g.MotionID] = true
	}
	for _, in := range b.Portfolio.Initiatives {
		used[in.AdoptingMotionID] = true
	}
	var out []accord.Motion
	for _, m := range ms {
		if !used[m.ID] {
			out = append(out, m)
		}
	}
	return out, nil
}

// RecordGate records what a passed motion decided about a phase, after
// the readiness gate: a decision the gate stops is refused (422, on
// override_reason, every reason named) unless it carries an override with
// its reason; an override that nothing needed is not kept.
func (s *Loader) RecordGate(r *http.Request, b *InitiativeBoard, g *accord.GateDecision) (GateCheck, error) {
	g.AllianceID = edge.AllianceOf(r).Alliance.ID
	if err := g.Validate(); err != nil {
		return GateCheck{}, err
	}
	p, err := b.Phase(g.PhaseID)
	if err != nil {
		return GateCheck{}, err
	}
	check, err := b.CheckGate(p, g.Kind, g.NewEndsOn, g.OverrideReason, edge.AllianceOf(r).Member.UserName)
	if err != nil {
		return check, err
	}
	if !check.Allowed {
		return check, check.Refusal()
	}
	if !check.Overridden {
		g.OverrideReason = ""
	}
	return check, s.Svc.RecordGateDecision(r.Context(), edge.SessionOf(r).Actor, g)
}

// ProposeGate puts a decision about a phase to the committee of venue
// (its committee, and its meeting or closing time), the gate's evidence
// in the motion's body.
func (s *Loader) ProposeGate(r *http.Request, b *InitiativeBoard, phaseID, decision string, venue *accord.Motion) error {
	p, err := b.Phase(phaseID)
	if err != nil {
		return err
	}
	d, err := s.InitiativeDetail(r, b, p.InitiativeID)
	if err != nil {
		return err
	}
	check, err := b.CheckGate(p, decision, nil, "", "")
	if err != nil {
		return renameErr(err, "kind", "decision")
	}
	as, err := s.Svc.ROIAssessments(r.Context(), d.Initiative.AllianceID, d.Initiative.ID)
	if err != nil {
		return err
	}
	if err := checkROIForGate(d.Initiative, decision, as); err != nil {
		return err
	}
	for _, pd := range d.Phases {
		if pd.Phase.ID == p.ID {
			m := d.GateMotion(pd, decision, check, b.partyName, edge.AllianceOf(r).Alliance.SharingByProtocol)
			m.Body += ROIEvidence(as, b.partyName)
			m.AllianceID, m.CommitteeID, m.MeetingID, m.ClosesAt = venue.AllianceID, venue.CommitteeID, venue.MeetingID, venue.ClosesAt
			*venue = m
		}
	}
	return s.Svc.ProposeMotion(r.Context(), edge.SessionOf(r).Actor, venue)
}

// ProposeAdoption puts a proposed initiative's adoption to the committee
// of venue.
func (s *Loader) ProposeAdoption(r *http.Request, b *InitiativeBoard, id string, venue *accord.Motion) error {
	d, err := s.InitiativeDetail(r, b, id)
	if err != nil {
		return err
	}
	if d.Initiative.Status != accord.InitiativeProposed {
		return accord.Errorf(accord.ECONFLICT, "%s is already %s", d.Initiative.Name, d.Initiative.Status)
	}
	m := d.AdoptionMotion()
	m.AllianceID, m.CommitteeID, m.MeetingID, m.ClosesAt = venue.AllianceID, venue.CommitteeID, venue.MeetingID, venue.ClosesAt
	*venue = m
	return s.Svc.ProposeMotion(r.Context(), edge.SessionOf(r).Actor, venue)
}

// partyName names a party for people.
func (b *InitiativeBoard) partyName(id string) string {
	if p, ok := b.Party(id); ok {
		return p.OrgName
	}
	return "a former party"
}

// renameErr moves a field error from one field to another.
func renameErr(err error, from, to string) error {
	if accord.ErrorCode(err) == accord.EINVALID && accord.ErrorField(err) == from {
		return accord.FieldError(to, "%s", accord.ErrorMessage(err))
	}
	return err
}
