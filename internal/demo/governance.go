package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// Meetings says where the governance stories are.
type Meetings struct {
	// Steering is the key of the committee that approves the scorecard;
	// NextCheckIn its next meeting, whose agenda the data writes, with
	// OpenMotion (consent of every party) to vote on in it.
	Steering    string
	NextCheckIn string
	OpenMotion  int
	// FailedMotion failed for lack of clinical consent.
	FailedMotion int
	// KPIMotion asks the steering committee to approve the proposed KPI.
	KPIMotion int
	// Overdue is an open action item past its due date.
	Overdue string
}

// timeTraveller is a store that can write as of a past moment; the demo
// uses it so its two years of meetings, votes and minutes carry their own
// dates. Without it everything is dated now.
type timeTraveller interface {
	AtTime(t time.Time) accord.Services
}

// gov writes the demo's governance history.
type gov struct {
	svc      accord.Services
	alliance string
	members  map[string]accord.Membership // by e-mail
	actors   map[string]accord.Actor
	now      time.Time
}

func (g *gov) at(t time.Time) accord.Services {
	if tt, ok := g.svc.(timeTraveller); ok {
		return tt.AtTime(t)
	}
	return g.svc
}

func (g *gov) member(email string) accord.Membership { return g.members[email] }

// Governance builds two committees with two years of meetings: the
// quarterly steering committee and the monthly clinical quality council,
// with attendance, minutes, decided motions (one failed for lack of
// clinical consent), action items (one overdue) and two data-sharing
// protocols; the next steering meeting is a week ahead.
func Governance(ctx context.Context, svc accord.Services, allianceID string, parties map[string]string, people map[string]accord.Actor, proposedKPI string, now time.Time) (Meetings, error) {
	g := &gov{svc: svc, alliance: allianceID, members: map[string]accord.Membership{}, actors: people, now: now.UTC()}
	ms, err := svc.ListMembers(ctx, allianceID)
	if err != nil {
		return Meetings{}, err
	}
	for _, m := range ms {
		g.members[m.UserEmail] = m
	}
	start := g.now.AddDate(-2, -1, 0)
	steering, err := g.committee(ctx, start, accord.Committee{Key: "steering", Name: "Steering committee",
		Purpose: "Sets the alliance's direction, approves the scorecard, targets, pilots, data-sharing protocols and contract amendments.",
		Cadence: accord.CadenceQuarterly, MeetingTime: "15:00", MeetingMinutes: 90, QuorumPresent: 4, QuorumParties: true, QuorumClinical: 1,
		AllowProxies: true, ApprovesScorecard: true, PacketDays: 5},
		[]seat{{"admin@accord-demo.example", accord.RoleExecutive, true}, {"elena.vasquez@riversidepg.example", accord.RoleClinicalLeader, false},
			{"samuel.kim@riversidepg.example", accord.RoleClinicalLeader, false}, {"jonathan.reyes@cedarridge.example", accord.RoleExecutive, false},
			{"leo.brandt@brightline.example", accord.RoleExecutive, false}})
	if err != nil {
		return Meetings{}, err
	}
	council, err := g.committee(ctx, start, accord.Committee{Key: "clinical-council", Name: "Clinical quality council",
		Purpose: "Clinicians and operations leads of every party review quality, safety and workload, and pace the pilots.",
		Cadence: accord.CadenceMonthly, MeetingTime: "12:30", MeetingMinutes: 60, QuorumPresent: 3, QuorumClinical: 2, PacketDays: 2},
		[]seat{{"elena.vasquez@riversidepg.example", accord.RoleClinicalLeader, true}, {"samuel.kim@riversidepg.example", accord.RoleClinicalLeader, false},
			{"tom.okafor@valleyhealthplan.example", accord.RoleOperations, false}, {"grace.liu@riversidepg.example", accord.RoleOperations, false},
			{"sofia.marin@brightline.example", accord.RoleOperations, false}})
	if err != nil {
		return Meetings{}, err
	}
	out := Meetings{Steering: steering.Key}
	next := accord.Day(g.now).AddDate(0, 0, 7).Add(15 * time.Hour)
	sm, err := g.meetings(ctx, steering, next, 8, 3)
	if err != nil {
		return out, err
	}
	cm, err := g.meetings(ctx, council, accord.Day(g.now).AddDate(0, 0, 4).Add(12*time.Hour+30*time.Minute), 24, 1)
	if err != nil {
		return out, err
	}
	out.NextCheckIn = sm[len(sm)-1].ID
	if err := g.steeringStory(ctx, steering, sm, parties, &out); err != nil {
		return out, err
	}
	if err := g.councilStory(ctx, council, cm, &out); err != nil {
		return out, err
	}
	if proposedKPI != "" {
		if out.KPIMotion, err = g.kpiMotion(ctx, steering, proposedKPI); err != nil {
			return out, err
		}
	}
	return out, nil
}

type seat struct {
	email string
	role  accord.Role
	chair bool
}

func (g *gov) committee(ctx context.Context, start time.Time, c accord.Committee, seats []seat) (accord.Committee, error) {
	c.AllianceID = g.alliance
	if err := g.at(start).CreateCommittee(ctx, g.actors["admin@accord-demo.example"], &c); err != nil {
		return c, fmt.Errorf("demo committee %s: %w", c.Key, err)
	}
	for _, s := range seats {
		m := g.member(s.email)
		st := accord.Seat{PartyID: m.PartyID, Role: s.role, MemberID: m.ID, Chair: s.chair, TermStart: accord.Day(start)}
		if err := g.at(start).AddSeat(ctx, g.actors["admin@accord-demo.example"], c.ID, &st); err != nil {
			return c, fmt.Errorf("demo seat %s: %w", s.email, err)
		}
	}
	return g.svc.CommitteeByKey(ctx, g.alliance, c.Key)
}

// meetings creates past meetings every step months before next, and
// next: each past one held, with attendance and minutes approved at the
// following one, except the last, whose draft waits for next.
func (g *gov) meetings(ctx context.Context, c accord.Committee, next time.Time, past, step int) ([]accord.Meeting, error) {
	admin := g.actors["admin@accord-demo.example"]
	var out []accord.Meeting
	for i := past; i >= 0; i-- {
		m := accord.Meeting{CommitteeID: c.ID, StartsAt: next.AddDate(0, -step*i, 0), Location: location(c.Key)}
		if err := g.at(m.StartsAt.AddDate(0, 0, -21)).CreateMeeting(ctx, admin, &m); err != nil {
			return nil, fmt.Errorf("demo meeting: %w", err)
		}
		out = append(out, m)
	}
	chair := g.actors[chairOf(c)]
	for i, m := range out[:len(out)-1] {
		if err := g.pastAgenda(ctx, c, out, i); err != nil {
			return nil, err
		}
		var att []accord.Attendance
		for k, st := range c.Seats {
			// Someone is away now and then, never so many that quorum fails.
			away := !st.Chair && ((st.Role == accord.RoleOperations && (i+k)%4 == 0) || (st.HolderEmail == "samuel.kim@riversidepg.example" && i%3 == 0))
			att = append(att, accord.Attendance{MemberID: st.MemberID, Present: !away})
		}
		after := m.StartsAt.Add(time.Duration(m.Minutes) * time.Minute)
		if _, err := g.at(after).RecordAttendance(ctx, chair, g.alliance, m.ID, att); err != nil {
			return nil, fmt.Errorf("demo attendance: %w", err)
		}
		if _, err := g.at(after.Add(20*time.Hour)).SaveMinutes(ctx, chair, g.alliance, m.ID, minutesText(c, m, i)); err != nil {
			return nil, err
		}
		if i+1 < len(out)-1 {
			if _, err := g.at(out[i+1].StartsAt.Add(10*time.Minute)).ApproveMinutes(ctx, chair, g.alliance, m.ID, out[i+1].ID); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func chairOf(c accord.Committee) string {
	for _, s := range c.Seats {
		if s.Chair {
			return s.HolderEmail
		}
	}
	return "admin@accord-demo.example"
}

func location(key string) string {
	if key == "steering" {
		return "Valley Health Plan, board room 4 — and video"
	}
	return "Riverside Main, conference room B — and video"
}

func minutesText(c accord.Committee, m accord.Meeting, i int) string {
	topics := meetingTopics(i)
	return fmt.Sprintf(`## Present
Quorum was met; the attendance is recorded in accord.

## Discussed
- %s
- %s
- Open action items, one by one.

## Decisions
See the motions of this meeting in the decision log.

## Next meeting
%s, as scheduled.
`, capitalize(topics[0]), capitalize(topics[1]), c.Name)
}

// meetingTopics are the two topics the i-th past meeting discussed.
func meetingTopics(i int) []string {
	topics := []string{"the scorecard's red and amber KPIs", "the telehealth pilot's readiness", "winter staffing at Eastgate",
		"care-gap outreach with the health plan's nurses", "data that arrived late", "the concerns raised since the last meeting"}
	return []string{topics[i%len(topics)], topics[(i+2)%len(topics)]}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// motion puts a motion to meeting m (or, with m nil, asynchronously until
// closes), casts the ballots (email → choice, or "recuse:reason") and,
// for a meeting, decides it with the rationale.
func (g *gov) motion(ctx context.Context, c accord.Committee, m *accord.Meeting, mo accord.Motion, ballots map[string]string, rationale string) (accord.Motion, error) {
	mo.AllianceID, mo.CommitteeID = g.alliance, c.ID
	when := g.now.AddDate(0, 0, -3) // an open motion was put a few days ago
	if m != nil {
		mo.MeetingID, when = m.ID, m.StartsAt.Add(20*time.Minute)
	}
	if mo.ID == "" {
		if err := g.at(when).ProposeMotion(ctx, g.actors[chairOf(c)], &mo); err != nil {
			return mo, fmt.Errorf("demo motion %q: %w", mo.Title, err)
		}
	}
	if m != nil {
		if err := g.agendaMotion(ctx, c, *m, mo, m.StartsAt.AddDate(0, 0, -7)); err != nil {
			return mo, err
		}
	}
	absent := map[string]bool{}
	if m != nil {
		held, err := g.svc.Meeting(ctx, g.alliance, m.ID)
		if err != nil {
			return mo, err
		}
		for _, a := range held.Attendance {
			absent[a.MemberID] = !a.Present
		}
	}
	for _, s := range c.Seats {
		choice, ok := ballots[s.HolderEmail]
		if !ok || absent[s.MemberID] {
			continue
		}
		reason := ""
		if len(choice) > 7 && choice[:7] == "recuse:" {
			choice, reason = "recuse", choice[7:]
		}
		if _, err := g.at(when.Add(10*time.Minute)).CastVote(ctx, g.actors[s.HolderEmail], g.alliance, mo.Number, "", choice, reason); err != nil {
			return mo, fmt.Errorf("demo vote on %q: %w", mo.Title, err)
		}
	}
	if m == nil {
		return mo, nil
	}
	return g.at(when.Add(15*time.Minute)).DecideMotion(ctx, g.actors[chairOf(c)], g.alliance, mo.Number, rationale)
}

const (
	morgan   = "admin@accord-demo.example"
	elena    = "elena.vasquez@riversidepg.example"
	samuel   = "samuel.kim@riversidepg.example"
	jonathan = "jonathan.reyes@cedarridge.example"
	leo      = "leo.brandt@brightline.example"
	tom      = "tom.okafor@valleyhealthplan.example"
	grace    = "grace.liu@riversidepg.example"
	sofia    = "sofia.marin@brightline.example"
)

func allYes(emails ...string) map[string]string {
	out := map[string]string{}
	for _, e := range emails {
		out[e] = "yes"
	}
	return out
}

// steeringStory: the scorecard adopted, the telehealth pilot started, a
// vendor renewal with a recusal, the remote-monitoring scale-up that
// failed for lack of clinical consent, the two data-sharing protocols, and
// the motion waiting for the next check-in.
func (g *gov) steeringStory(ctx context.Context, c accord.Committee, ms []accord.Meeting, parties map[string]string, out *Meetings) error {
	board := []string{morgan, elena, samuel, jonathan, leo}
	steps := []struct {
		at      int
		motion  accord.Motion
		ballots map[string]string
		why     string
		want    string
	}{
		{1, accord.Motion{Title: "Adopt the shared scorecard of 25 KPIs as the alliance's measure of success", Rule: "party-consent", ClinicalConsent: true},
			allYes(board...), "Every party helped define the KPIs; targets follow at the next meeting.", accord.MotionPassed},
		{2, accord.Motion{Title: "Adopt the telehealth pilot and start it at Eastgate", Body: "Brightline's video visits for follow-ups and chronic care: Eastgate first, for six months, then Hillcrest when its front desk is ready.", Rule: "majority", ClinicalConsent: true},
			map[string]string{morgan: "yes", elena: "yes", samuel: "abstain", jonathan: "yes", leo: "recuse:Brightline supplies the platform"},
			"The clinics said they were ready; pace reviewed by the clinical council monthly.", accord.MotionPassed},
		{4, accord.Motion{Title: "Scale remote monitoring to all four clinics this quarter", Rule: "majority", ClinicalConsent: true},
			map[string]string{morgan: "yes", elena: "no", samuel: "no", jonathan: "yes", leo: "yes"},
			"The clinicians asked for staffing readiness first: Eastgate still has two nurse vacancies. To come back when the clinical council says the clinics are ready.", accord.MotionFailed},
		{5, accord.Motion{Title: "Renew Brightline's platform agreement for 2026", Rule: "majority"},
			map[string]string{morgan: "yes", elena: "yes", samuel: "yes", jonathan: "yes", leo: "recuse:Brightline is the vendor"},
			"Uptime and clinician feedback met the pilot's bar.", accord.MotionPassed},
	}
	for _, st := range steps {
		mo, err := g.motion(ctx, c, &ms[st.at], st.motion, st.ballots, st.why)
		if err != nil {
			return err
		}
		if err := tells(mo, st.want); err != nil {
			return err
		}
		if st.at == 4 {
			out.FailedMotion = mo.Number
		}
	}
	start := time.Date(g.now.Year()-3, 1, 1, 0, 0, 0, 0, time.UTC)
	protocols := []struct {
		at int
		p  accord.Protocol
	}{
		{6, accord.Protocol{Title: "Riverside's clinical and access data to every partner", FromPartyID: parties[provider],
			Categories: []string{"quality", "clinical_outcome", "patient_access", "patient_engagement", "financial"},
			Purpose:    "The shared scorecard, the quality gate of the shared-savings settlement and care-gap outreach; staff workload data stays with Riverside.", StartsOn: start}},
		{7, accord.Protocol{Title: "Valley's claims-based measures to every partner", FromPartyID: parties[payer],
			Purpose: "Total cost of care, utilisation and the shared-savings settlement.", StartsOn: start}},
	}
	for _, pr := range protocols {
		p := pr.p
		p.AllianceID = g.alliance
		mo := accord.Motion{CommitteeID: c.ID, MeetingID: ms[pr.at].ID, ClinicalConsent: true}
		if err := g.at(ms[pr.at].StartsAt.Add(20*time.Minute)).ProposeProtocol(ctx, g.actors[morgan], &p, &mo); err != nil {
			return fmt.Errorf("demo protocol: %w", err)
		}
		decided, err := g.motion(ctx, c, &ms[pr.at], mo, allYes(board...), "Sharing limited to the stated purpose.")
		if err != nil {
			return err
		}
		if err := tells(decided, accord.MotionPassed); err != nil {
			return err
		}
	}
	next := ms[len(ms)-1]
	mo, err := g.motion(ctx, c, nil, accord.Motion{MeetingID: next.ID, Title: "Adopt the 2027 targets for readmissions and ED visits",
		Body: "Readmissions within 30 days at or below **11.5%**, ED visits at or below **38 per 1,000** members per month, both by December 2027.",
		Rule: "party-consent", ClinicalConsent: true}, nil, "")
	if err != nil {
		return err
	}
	out.OpenMotion = mo.Number
	a := accord.ActionItem{AllianceID: g.alliance, MeetingID: ms[len(ms)-2].ID, Title: "Draft the 2027 targets for readmissions and ED visits",
		OwnerID: g.member("priya.raman@valleyhealthplan.example").ID, DueOn: accord.Day(g.now).AddDate(0, 0, 5)}
	return g.at(ms[len(ms)-2].StartsAt.Add(time.Hour)).CreateActionItem(ctx, g.actors[morgan], &a)
}

// councilStory: the sepsis bundle adopted, a pause that missed two-thirds,
// and action items, one done, one overdue, one due soon.
func (g *gov) councilStory(ctx context.Context, c accord.Committee, ms []accord.Meeting, out *Meetings) error {
	sepsis, err := g.motion(ctx, c, &ms[10], accord.Motion{Title: "Adopt the sepsis screening bundle in all four clinics", Rule: "majority", ClinicalConsent: true},
		allYes(elena, samuel, tom, grace, sofia), "Lakeview's early results justified it; training in two waves.")
	if err != nil {
		return err
	}
	if err := tells(sepsis, accord.MotionPassed); err != nil {
		return err
	}
	// The pause is voted at a meeting every seat-holder attended, so that
	// all five ballots count as its rationale says.
	full, err := g.fullHouse(ctx, ms, 19)
	if err != nil {
		return err
	}
	pause, err := g.motion(ctx, c, &full, accord.Motion{Title: "Pause the after-hours nurse line pilot at Lakeview", Rule: "two-thirds"},
		map[string]string{elena: "yes", samuel: "yes", grace: "yes", tom: "no", sofia: "no"}, "Three of five is short of two-thirds; the pilot continues with a review in three months.")
	if err != nil {
		return err
	}
	if err := tells(pause, accord.MotionFailed); err != nil {
		return err
	}
	items := []struct {
		at     int
		title  string
		owner  string
		due    time.Time
		doneAt int
	}{
		{15, "Publish the sepsis bundle checklist for every clinic", elena, ms[16].StartsAt, 16},
		{len(ms) - 3, "Share the Eastgate winter staffing plan", grace, accord.Day(g.now).AddDate(0, 0, -10), 0},
		{len(ms) - 2, "Review the late depression-screening data with Lakeview", samuel, accord.Day(g.now).AddDate(0, 0, 14), 0},
	}
	for _, it := range items {
		a := accord.ActionItem{AllianceID: g.alliance, MeetingID: ms[it.at].ID, Title: it.title, OwnerID: g.member(it.owner).ID, DueOn: it.due}
		if err := g.at(ms[it.at].StartsAt.Add(time.Hour)).CreateActionItem(ctx, g.actors[elena], &a); err != nil {
			return fmt.Errorf("demo action item: %w", err)
		}
		if it.doneAt > 0 {
			if _, err := g.at(ms[it.doneAt].StartsAt).SetActionStatus(ctx, g.actors[elena], g.alliance, a.ID, accord.ActionDone); err != nil {
				return err
			}
		} else if a.DueOn.Before(g.now) {
			out.Overdue = a.ID
		}
	}
	return nil
}

// kpiMotion asks the steering committee to approve the KPI a partner
// proposed: the scorecard's approvals are the committee's motions.
func (g *gov) kpiMotion(ctx context.Context, c accord.Committee, key string) (int, error) {
	k, err := g.svc.KPIByKey(ctx, g.alliance, key)
	if err != nil {
		return 0, err
	}
	closes := accord.Day(g.now).AddDate(0, 0, 10).Add(17 * time.Hour)
	mo, err := g.motion(ctx, c, nil, accord.Motion{Title: "Approve the KPI " + k.Name, Body: k.Description, SubjectKind: accord.SubjectKPI,
		SubjectID: k.ID, Rule: "party-consent", ClosesAt: &closes}, map[string]string{morgan: "yes", leo: "yes"}, "")
	return mo.Number, err
}
