package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/initiative"
	"github.com/accord-alliance/accord/internal/number"
)

// Portfolio says where the initiatives' stories are.
type Portfolio struct {
	// Sites maps each site's or team's name to its id.
	Sites map[string]string
	// The four initiatives: the care-manager programme (scaled to every
	// clinic after its readiness gate), the telehealth pilot (extended to
	// a second clinic), remote monitoring (paused at Lakeview, over
	// capacity) and the proposed EHR referral enhancement.
	CareManager, Telehealth, RemoteMonitoring, Referral string
	// PauseMotion is the motion that paused remote monitoring at Lakeview,
	// its evidence in its body.
	PauseMotion int
	// GateWaiting is the telehealth phase whose gate is waiting.
	GateWaiting string
	// Disputed is the contribution under dispute; PastDue the commitment
	// past its due date with nothing contributed.
	Disputed, PastDue string
	// ROIAwaitingReview is the telehealth pilot's ROI assessment, which
	// awaits its clinical lead's review.
	ROIAwaitingReview string
}

// portfolio writes the demo's initiatives through the services.
type portfolio struct {
	*gov
	cal      calendar
	parties  map[string]string
	steering accord.Committee
	council  accord.Committee
	sm, cm   []accord.Meeting // past and next meetings, oldest first
	// lakeview is the day remote monitoring started at Lakeview.
	lakeview time.Time
	out      Portfolio
}

// siteSpec is one site or team and its capacity for change.
type siteSpec struct {
	party, name, kind, segment string
	max, hours                 int
}

func siteSpecs() []siteSpec {
	return []siteSpec{
		{provider, "Riverside Main", accord.SiteKindSite, "Riverside Main", 2, 16},
		{provider, "Eastgate", accord.SiteKindSite, "Eastgate", 2, 14},
		{provider, "Hillcrest", accord.SiteKindSite, "Hillcrest", 2, 16},
		{provider, "Lakeview", accord.SiteKindSite, "Lakeview", 1, 10},
		{payer, "Care-management team", accord.SiteKindTeam, "", 3, 40},
		{vendor, "Integration team", accord.SiteKindTeam, "", 2, 24},
	}
}

// Initiatives builds the alliance's portfolio after its governance
// history: the sites and teams of every party with their capacity, four
// initiatives with their phases, milestones, readiness assessments and the
// motions that decided their gates, and each party's commitments and
// contributions, one of them disputed.
func Initiatives(ctx context.Context, svc accord.Services, allianceID string, parties map[string]string, people map[string]accord.Actor, now time.Time) (Portfolio, error) {
	p := &portfolio{gov: &gov{svc: svc, alliance: allianceID, members: map[string]accord.Membership{}, actors: people, now: now.UTC()},
		cal: newCalendar(now), parties: parties, out: Portfolio{Sites: map[string]string{}}}
	if err := p.load(ctx); err != nil {
		return Portfolio{}, fmt.Errorf("demo initiatives: %w", err)
	}
	steps := []func(context.Context) error{p.sites, p.careManager, p.telehealth, p.remoteMonitoring, p.referral, p.ledger, p.benefits, p.morning}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return Portfolio{}, fmt.Errorf("demo initiatives: %w", err)
		}
	}
	return p.out, nil
}

func (p *portfolio) load(ctx context.Context) error {
	ms, err := p.svc.ListMembers(ctx, p.alliance)
	if err != nil {
		return err
	}
	for _, m := range ms {
		p.members[m.UserEmail] = m
	}
	if p.steering, err = p.svc.CommitteeByKey(ctx, p.alliance, "steering"); err != nil {
		return err
	}
	if p.council, err = p.svc.CommitteeByKey(ctx, p.alliance, "clinical-council"); err != nil {
		return err
	}
	if p.sm, err = p.svc.ListMeetings(ctx, accord.MeetingFilter{AllianceID: p.alliance, CommitteeID: p.steering.ID}); err != nil {
		return err
	}
	p.cm, err = p.svc.ListMeetings(ctx, accord.MeetingFilter{AllianceID: p.alliance, CommitteeID: p.council.ID})
	return err
}

// held returns the i-th held meeting from the end of ms (0 the latest).
func (p *portfolio) held(ms []accord.Meeting, back int) *accord.Meeting {
	var past []accord.Meeting
	for _, m := range ms {
		if m.StartsAt.Before(p.now) {
			past = append(past, m)
		}
	}
	m := past[len(past)-1-back]
	return &m
}

func (p *portfolio) sites(ctx context.Context) error {
	lead := map[string]string{provider: grace, payer: tom, vendor: sofia}
	for _, s := range siteSpecs() {
		site := accord.Site{AllianceID: p.alliance, PartyID: p.parties[s.party], Name: s.name, Kind: s.kind, Segment: s.segment,
			MaxActive: s.max, StaffHours: number.DecimalFromInt(int64(s.hours))}
		if err := p.at(founded(p.now).AddDate(0, 1, 3)).CreateSite(ctx, p.actors[lead[s.party]], &site); err != nil {
			return fmt.Errorf("site %s: %w", s.name, err)
		}
		p.out.Sites[s.name] = site.ID
	}
	return nil
}

// demand is what a phase asks of one site: staff hours by role, then
// back-office hours, per week.
func (p *portfolio) demand(site string, backOffice int, roleHours ...any) accord.PhaseSite {
	d := accord.PhaseSite{SiteID: p.out.Sites[site], BackOfficeHours: number.DecimalFromInt(int64(backOffice))}
	for i := 0; i+1 < len(roleHours); i += 2 {
		d.Staff = append(d.Staff, accord.RoleHours{Role: roleHours[i].(string), Hours: number.DecimalFromInt(int64(roleHours[i+1].(int)))})
	}
	return d
}

// propose proposes an initiative as who, on when.
func (p *portfolio) propose(ctx context.Context, who string, when time.Time, in accord.Initiative) (accord.Initiative, error) {
	in.AllianceID = p.alliance
	for i, s := range in.SiteIDs {
		in.SiteIDs[i] = p.out.Sites[s]
	}
	for i, s := range in.SponsorIDs {
		in.SponsorIDs[i] = p.parties[s]
	}
	if err := p.at(when).ProposeInitiative(ctx, p.actors[who], &in); err != nil {
		return in, fmt.Errorf("propose %s: %w", in.Name, err)
	}
	return in, nil
}

func (p *portfolio) kpiID(ctx context.Context, key string) (string, error) {
	k, err := p.svc.KPIByKey(ctx, p.alliance, key)
	return k.ID, err
}

// phase adds a phase to an initiative, as who on when.
func (p *portfolio) phase(ctx context.Context, who string, when time.Time, ph accord.Phase) (accord.Phase, error) {
	ph.AllianceID = p.alliance
	if err := p.at(when).AddPhase(ctx, p.actors[who], &ph); err != nil {
		return ph, fmt.Errorf("phase %s: %w", ph.Name, err)
	}
	return ph, nil
}

// decide puts a motion to meeting m and, once it passed, records the gate
// it decides about the phase.
func (p *portfolio) decide(ctx context.Context, c accord.Committee, m *accord.Meeting, mo accord.Motion, ballots map[string]string, why string, g accord.GateDecision) (accord.Motion, error) {
	decided, err := p.motion(ctx, c, m, mo, ballots, why)
	if err != nil {
		return decided, err
	}
	if err := tells(decided, accord.MotionPassed); err != nil {
		return decided, err
	}
	return decided, p.gate(ctx, decided, g)
}

// gate records the gate decision of a motion that passed.
func (p *portfolio) gate(ctx context.Context, mo accord.Motion, g accord.GateDecision) error {
	g.AllianceID, g.MotionID = p.alliance, mo.ID
	if err := p.at(mo.DecidedAt.Add(5*time.Minute)).RecordGateDecision(ctx, p.actors[morgan], &g); err != nil {
		return fmt.Errorf("gate of motion %d: %w", mo.Number, err)
	}
	return nil
}

// assess records each party's readiness scores of a phase: who, the
// dimension, the score and its note.
func (p *portfolio) assess(ctx context.Context, phaseID string, when time.Time, scores [][4]string) error {
	for i, s := range scores {
		a := accord.ReadinessAssessment{AllianceID: p.alliance, PhaseID: phaseID, Dimension: s[1], Score: s[2], Note: s[3]}
		if err := p.at(when.Add(time.Duration(i)*time.Minute)).AssessReadiness(ctx, p.actors[s[0]], &a); err != nil {
			return fmt.Errorf("readiness %s by %s: %w", s[1], s[0], err)
		}
	}
	return nil
}

// milestone adds a milestone to a phase.
func (p *portfolio) milestone(ctx context.Context, when time.Time, m accord.Milestone) (accord.Milestone, error) {
	m.AllianceID = p.alliance
	if err := p.at(when).AddMilestone(ctx, p.actors[morgan], &m); err != nil {
		return m, fmt.Errorf("milestone %s: %w", m.Title, err)
	}
	return m, nil
}

// done marks a deliverable done by who, on when, with its evidence.
func (p *portfolio) done(ctx context.Context, who string, when time.Time, m accord.Milestone, evidence string) error {
	if _, err := p.at(when).CompleteDeliverable(ctx, p.actors[who], p.alliance, m.ID, evidence, ""); err != nil {
		return fmt.Errorf("deliverable %s: %w", m.Title, err)
	}
	return nil
}

func deliverable(phaseID, title string, due time.Time, role accord.Role) accord.Milestone {
	d := accord.Day(due)
	return accord.Milestone{PhaseID: phaseID, Kind: accord.MilestoneDeliverable, Title: title, DueOn: &d, ResponsibleRole: role}
}

func condition(phaseID, title, kpiID, segment, compare string, threshold int, periods int, by *time.Time) accord.Milestone {
	return accord.Milestone{PhaseID: phaseID, Kind: accord.MilestoneCondition, Title: title, KPIID: kpiID, Segment: segment,
		Comparison: compare, Threshold: number.DecimalFromInt(int64(threshold)), Periods: periods, ByDate: by}
}

// loadSentences are the months in which a site is over capacity with the
// portfolio as it stands, from a month on: the evidence of a pause.
func (p *portfolio) loadSentences(ctx context.Context, site string, from time.Time, months int) (string, error) {
	pf, err := p.svc.Portfolio(ctx, p.alliance)
	if err != nil {
		return "", err
	}
	g, err := initiative.Compute(initiative.CapacitySites(pf.Sites), initiative.CapacityPhases(pf.Initiatives, pf.Phases), initiative.MonthOf(from), months)
	if err != nil {
		return "", err
	}
	var out []string
	for _, l := range g.Over() {
		if l.Site.ID == p.out.Sites[site] {
			out = append(out, "- "+l.Sentence())
		}
	}
	if len(out) == 0 {
		return "", fmt.Errorf("%s is not over capacity from %s", site, from.Format("Jan 2006"))
	}
	return strings.Join(out, "\n"), nil
}
