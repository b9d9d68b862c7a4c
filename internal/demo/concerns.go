package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/password"
)

// Concerns says where the safe-voice stories are.
type Concerns struct {
	// Answered is the anonymous patient-safety concern that was
	// acknowledged and answered, with the reporter's follow-up in its
	// thread; Receipt is its receipt code, printed so that the reporter's
	// follow-up (/concern) can be tried.
	Answered string
	Receipt  string
	// Closed is the named workload concern, closed with a reason.
	Closed string
	// Escalated is the anonymous relationship concern nobody acknowledged,
	// escalated twice.
	Escalated string
	// Open is the named finance concern raised yesterday.
	Open string
}

// concernStory writes the demo's concerns, each step at its own moment.
type concernStory struct {
	svc      accord.Services
	alliance string
	actors   map[string]accord.Actor
	now      time.Time
}

func (cs *concernStory) at(t time.Time) accord.Services {
	if tt, ok := cs.svc.(timeTraveller); ok {
		return tt.AtTime(t)
	}
	return cs.svc
}

// SafeVoice raises the North Valley alliance's concerns: an anonymous
// patient-safety concern acknowledged and answered, with the reporter's
// follow-up; a named workload concern closed with a reason; an anonymous
// relationship concern nobody acknowledged, escalated twice by the hourly
// job; and a finance concern raised yesterday, still open. It runs after
// Governance, so that the next check-in's agenda lists the open ones.
func SafeVoice(ctx context.Context, svc accord.Services, allianceID string, people map[string]accord.Actor, now time.Time) (Concerns, error) {
	cs := &concernStory{svc: svc, alliance: allianceID, actors: people, now: now.UTC()}
	var out Concerns
	var err error
	// First, while it is the only open concern: escalation takes every
	// open concern past its deadline.
	if out.Escalated, err = cs.escalated(ctx); err != nil {
		return out, fmt.Errorf("demo concerns: %w", err)
	}
	if out.Answered, out.Receipt, err = cs.answered(ctx); err != nil {
		return out, fmt.Errorf("demo concerns: %w", err)
	}
	if out.Closed, err = cs.closed(ctx); err != nil {
		return out, fmt.Errorf("demo concerns: %w", err)
	}
	if out.Open, err = cs.open(ctx); err != nil {
		return out, fmt.Errorf("demo concerns: %w", err)
	}
	return out, nil
}

// raise raises a concern at t; an anonymous one is raised by nobody.
// Demo receipts guard nothing real, so their hash is the cheap one.
func (cs *concernStory) raise(ctx context.Context, t time.Time, reporter string, c accord.Concern) (accord.Concern, string, error) {
	c.AllianceID, c.ReceiptCost = cs.alliance, password.Fast
	receipt, err := cs.at(t).RaiseConcern(ctx, cs.actors[reporter], &c, reporter == "")
	return c, receipt, err
}

// escalated is an anonymous concern about how decisions are made that no
// handler acknowledged: the hourly job escalated it at each deadline.
func (cs *concernStory) escalated(ctx context.Context) (string, error) {
	c, _, err := cs.raise(ctx, workday(cs.daysAgo(16)).Add(19*time.Hour+40*time.Minute), "", accord.Concern{
		Category: accord.ConcernRelationship, Severity: "medium",
		Body: "Decisions about the telehealth pilot's next phase seem to be settled between the health plan and Brightline before the clinical council sees them. " +
			"Clinic staff hear about changes from the vendor's trainers first. People at Riverside are starting to say the council is a formality. " +
			"I don't want to name names; I want the council to be where these decisions are made.",
	})
	if err != nil {
		return "", err
	}
	for range accord.EscalatedToAll {
		cur, err := cs.svc.Concern(ctx, cs.alliance, c.ID)
		if err != nil {
			return "", err
		}
		// The hourly job runs within the hour after the deadline.
		if _, err := cs.svc.EscalateOverdue(ctx, cur.AckDueAt.Add(17*time.Minute)); err != nil {
			return "", err
		}
	}
	return c.ID, nil
}

// answered is an anonymous patient-safety concern: acknowledged the next
// morning, answered, with the reporter's follow-up and a last reply.
func (cs *concernStory) answered(ctx context.Context) (string, string, error) {
	raised := workday(cs.daysAgo(35)).Add(21*time.Hour + 5*time.Minute)
	c, receipt, err := cs.raise(ctx, raised, "", accord.Concern{
		Category: accord.ConcernPatientSafety, Severity: "high", KPIKey: "readmissions-30d",
		Body: "Since the new referral workflow started, discharge summaries from Valley General reach the Eastgate clinic days late, " +
			"so the follow-up calls after discharge are not happening. A patient readmitted after a fall last week had never been called, " +
			"and I know of two others. Nobody owns this between the hospital and the clinic.",
	})
	if err != nil {
		return "", "", err
	}
	elena := cs.actors["elena.vasquez@riversidepg.example"]
	next := nextWorkday(raised)
	if _, err := cs.at(next.Add(8*time.Hour+40*time.Minute)).AcknowledgeConcern(ctx, elena, cs.alliance, c.ID); err != nil {
		return "", "", err
	}
	reply := "Thank you for raising this. Since the workflow change, Eastgate's discharge notices were going to the old fax queue; " +
		"they now go to the care-coordination inbox, and the care team is calling every patient discharged in the last three weeks. " +
		"Have you seen the same at other clinics?"
	if _, err := cs.at(next.Add(16*time.Hour+10*time.Minute)).ReplyToConcern(ctx, elena, cs.alliance, c.ID, reply); err != nil {
		return "", "", err
	}
	later := nextWorkday(nextWorkday(next))
	info := "Hillcrest had the same problem until last Friday. It looks fixed now, and the calls are happening at Eastgate. Thank you."
	if _, err := cs.at(later.Add(7*time.Hour)).AddReporterMessage(ctx, cs.alliance, receipt, info); err != nil {
		return "", "", err
	}
	last := "Thank you. Hillcrest's notices are fixed too. Follow-up within 7 days of discharge is on the clinical council's agenda, " +
		"with the readmission numbers, until it is back above 90% at every clinic."
	if _, err := cs.at(later.Add(14*time.Hour+30*time.Minute)).ReplyToConcern(ctx, elena, cs.alliance, c.ID, last); err != nil {
		return "", "", err
	}
	return c.ID, receipt, nil
}

// closed is Grace Liu's named workload concern: Brightline's operations
// lead took it on, and closed it once the fix was live.
func (cs *concernStory) closed(ctx context.Context) (string, error) {
	raised := workday(cs.daysAgo(63)).Add(11*time.Hour + 15*time.Minute)
	c, _, err := cs.raise(ctx, raised, "grace.liu@riversidepg.example", accord.Concern{
		Category: accord.ConcernOperations, Severity: "medium", KPIKey: "telehealth-visits",
		Body: "Front-desk staff at Eastgate and Lakeview spend 20 to 30 minutes a day re-keying telehealth bookings from Brightline's scheduler " +
			"into our practice system, on top of a full clinic. Errors are creeping in: two double bookings last week.",
	})
	if err != nil {
		return "", err
	}
	sofia := cs.actors["sofia.marin@brightline.example"]
	next := nextWorkday(raised)
	if _, err := cs.at(next.Add(9*time.Hour+30*time.Minute)).AcknowledgeConcern(ctx, sofia, cs.alliance, c.ID); err != nil {
		return "", err
	}
	reply := "Sorry, that should never have been manual. Our integration team will switch on two-way scheduling with your practice system; " +
		"we are testing it at Eastgate first and will confirm the date with Grace."
	if _, err := cs.at(next.Add(10*time.Hour)).ReplyToConcern(ctx, sofia, cs.alliance, c.ID, reply); err != nil {
		return "", err
	}
	reason := "Two-way scheduling went live at Eastgate and Lakeview; no bookings have been re-keyed since, and no double bookings in the three weeks after."
	if _, err := cs.at(workday(accord.Day(raised).AddDate(0, 0, 28)).Add(15*time.Hour)).CloseConcern(ctx, sofia, cs.alliance, c.ID, reason); err != nil {
		return "", err
	}
	return c.ID, nil
}

// open is a named finance concern raised yesterday, before its deadline.
func (cs *concernStory) open(ctx context.Context) (string, error) {
	c, _, err := cs.raise(ctx, cs.daysAgo(1).Add(10*time.Hour+15*time.Minute), "marcus.bell@riversidepg.example", accord.Concern{
		Category: accord.ConcernFinance, Severity: "medium",
		Body: "This year's shared-savings estimate uses the health plan's attribution file from January. About 1,100 members have moved to " +
			"Riverside clinicians since. If the settlement uses the January file, the provider share will be understated. " +
			"Which attribution file will the year-end settlement use?",
	})
	return c.ID, err
}

// daysAgo is the start (midnight UTC) of the day n days before now.
func (cs *concernStory) daysAgo(n int) time.Time { return accord.Day(cs.now).AddDate(0, 0, -n) }

// workday is t, or the Friday before it when t falls on a weekend.
func workday(t time.Time) time.Time {
	for t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
		t = t.AddDate(0, 0, -1)
	}
	return t
}

// nextWorkday is the start of the first weekday after t's day.
func nextWorkday(t time.Time) time.Time {
	d := accord.Day(t).AddDate(0, 0, 1)
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDate(0, 0, 1)
	}
	return d
}
