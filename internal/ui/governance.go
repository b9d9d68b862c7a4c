package ui

import (
	"net/http"
	"strconv"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// governanceView is what governance.html shows: the committees, the
// meetings ahead, motions awaiting votes and overdue action items.
type governanceView struct {
	Committees []accord.Committee
	Upcoming   []accord.Meeting
	Recent     []accord.Meeting
	Motions    []accord.Motion
	Actions    []accord.ActionItem
	Overdue    int
	Parties    []accord.Party
	Members    []accord.Membership
	Now        time.Time
}

// governancePage is the front page of co-governance.
func (s *App) governancePage(w http.ResponseWriter, r *http.Request) error {
	ctx, ac := r.Context(), edge.AllianceOf(r)
	now := s.Now().UTC()
	v := governanceView{Now: now}
	var err error
	load := []func() error{
		func() (err error) { v.Committees, err = s.Svc.ListCommittees(ctx, ac.Alliance.ID); return },
		func() (err error) {
			v.Upcoming, err = s.Svc.ListMeetings(ctx, accord.MeetingFilter{AllianceID: ac.Alliance.ID, From: now.Add(-3 * time.Hour), Limit: 6})
			return
		},
		func() (err error) {
			v.Recent, err = s.Svc.ListMeetings(ctx, accord.MeetingFilter{AllianceID: ac.Alliance.ID, To: now.Add(-3 * time.Hour), Descending: true, Limit: 4})
			return
		},
		func() (err error) {
			v.Motions, err = s.Svc.ListMotions(ctx, accord.DecisionFilter{AllianceID: ac.Alliance.ID}, accord.MotionOpen)
			return
		},
		func() (err error) {
			v.Actions, err = s.Svc.ListActionItems(ctx, accord.ActionFilter{AllianceID: ac.Alliance.ID, Status: accord.ActionOpen})
			return
		},
		func() (err error) { v.Parties, err = s.Svc.ListParties(ctx, ac.Alliance.ID); return },
		func() (err error) { v.Members, err = s.Svc.ListMembers(ctx, ac.Alliance.ID); return },
	}
	for _, f := range load {
		if err = f(); err != nil {
			return err
		}
	}
	for _, a := range v.Actions {
		if a.Overdue(now) {
			v.Overdue++
		}
	}
	s.render(w, r, "governance", views.PageData{Title: "Governance", Nav: "governance", Data: v})
	return nil
}

// committeeCreate adds a committee from the governance page's form.
func (s *App) committeeCreate(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	back := "/a/" + ac.Alliance.Slug + "/governance"
	c := accord.Committee{AllianceID: ac.Alliance.ID, Name: r.PostFormValue("name"), Key: r.PostFormValue("key"),
		Purpose: r.PostFormValue("purpose"), Cadence: r.PostFormValue("cadence"), MeetingTime: r.PostFormValue("meeting_time"),
		QuorumParties: r.PostFormValue("quorum_parties") != "", AllowProxies: r.PostFormValue("allow_proxies") != "",
		ApprovesScorecard: r.PostFormValue("approves_scorecard") != ""}
	var err error
	for _, f := range []struct {
		name string
		to   *int
	}{{"cadence_days", &c.CadenceDays}, {"meeting_minutes", &c.MeetingMinutes}, {"quorum_min_present", &c.QuorumPresent},
		{"quorum_min_clinical", &c.QuorumClinical}, {"packet_days", &c.PacketDays}} {
		if *f.to, err = formInt(r, f.name); err != nil {
			return backTo(back, err)
		}
	}
	if err := s.Svc.CreateCommittee(r.Context(), edge.SessionOf(r).Actor, &c); err != nil {
		return backTo(back, err)
	}
	flash(w, "Committee created. Add its seats, then schedule its meetings.")
	http.Redirect(w, r, "/a/"+ac.Alliance.Slug+"/committees/"+c.Key, http.StatusSeeOther)
	return nil
}

// formInt reads an optional whole number from a form.
func formInt(r *http.Request, name string) (int, error) {
	v := r.PostFormValue(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, accord.FieldError(name, "must be a whole number")
	}
	return n, nil
}

// committeeView is what committee.html shows.
type committeeView struct {
	Committee accord.Committee
	Meetings  []accord.Meeting
	Motions   []accord.Motion
	Parties   []accord.Party
	Members   []accord.Membership
	Roles     []accord.Role
	Now       time.Time
}

// committeePage shows a committee: seats and terms, quorum rule, cadence,
// meetings and decisions.
func (s *App) committeePage(w http.ResponseWriter, r *http.Request) error {
	ctx, ac := r.Context(), edge.AllianceOf(r)
	c, err := s.Svc.CommitteeByKey(ctx, ac.Alliance.ID, r.PathValue("key"))
	if err != nil {
		return edge.HideNotFound(err)
	}
	v := committeeView{Committee: c, Now: s.Now().UTC(), Roles: accord.AllRoles()[:6]}
	if v.Meetings, err = s.Svc.ListMeetings(ctx, accord.MeetingFilter{AllianceID: ac.Alliance.ID, CommitteeID: c.ID}); err != nil {
		return err
	}
	if v.Motions, err = s.Svc.ListMotions(ctx, accord.DecisionFilter{AllianceID: ac.Alliance.ID, Committee: c.Key, Limit: 20}, ""); err != nil {
		return err
	}
	if v.Parties, err = s.Svc.ListParties(ctx, ac.Alliance.ID); err != nil {
		return err
	}
	if v.Members, err = s.Svc.ListMembers(ctx, ac.Alliance.ID); err != nil {
		return err
	}
	s.render(w, r, "committee", views.PageData{Title: c.Name, Nav: "governance", Data: v})
	return nil
}

// committeeOfPath loads the committee the path names and the page to go
// back to.
func (s *App) committeeOfPath(r *http.Request) (accord.Committee, string, error) {
	ac := edge.AllianceOf(r)
	c, err := s.Svc.CommitteeByKey(r.Context(), ac.Alliance.ID, r.PathValue("key"))
	if err != nil {
		return c, "", edge.HideNotFound(err)
	}
	return c, "/a/" + ac.Alliance.Slug + "/committees/" + c.Key, nil
}

// seatCreate adds a seat to a committee.
func (s *App) seatCreate(w http.ResponseWriter, r *http.Request) error {
	c, back, err := s.committeeOfPath(r)
	if err != nil {
		return err
	}
	seat := accord.Seat{PartyID: r.PostFormValue("party_id"), Role: accord.Role(r.PostFormValue("role")), MemberID: r.PostFormValue("member_id"),
		Chair: r.PostFormValue("chair") != ""}
	start, err := views.ParseDate("term_start", r.PostFormValue("term_start"))
	if err == nil && start != nil {
		seat.TermStart = *start
	}
	if err == nil {
		seat.TermEnd, err = views.ParseDate("term_end", r.PostFormValue("term_end"))
	}
	if err == nil {
		err = s.Svc.AddSeat(r.Context(), edge.SessionOf(r).Actor, c.ID, &seat)
	}
	if err != nil {
		return backTo(back, err)
	}
	flash(w, "Seat added.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// committeeSchedule creates the committee's meetings on its cadence.
func (s *App) committeeSchedule(w http.ResponseWriter, r *http.Request) error {
	c, back, err := s.committeeOfPath(r)
	if err != nil {
		return err
	}
	through, err := views.ParseDate("through", r.PostFormValue("through"))
	if err == nil && through == nil {
		err = accord.FieldError("through", "is required")
	}
	if err != nil {
		return backTo(back, err)
	}
	n, err := s.Svc.ScheduleMeetings(r.Context(), edge.SessionOf(r).Actor, c.ID, through.AddDate(0, 0, 1))
	if err != nil {
		return backTo(back, err)
	}
	flash(w, strconv.Itoa(n)+" meetings scheduled.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// meetingCreate schedules one meeting at a chosen time.
func (s *App) meetingCreate(w http.ResponseWriter, r *http.Request) error {
	c, back, err := s.committeeOfPath(r)
	if err != nil {
		return err
	}
	at, err := time.Parse("2006-01-02T15:04", r.PostFormValue("starts_at"))
	if err != nil {
		return backTo(back, accord.FieldError("starts_at", "must be a date and time (UTC)"))
	}
	m := accord.Meeting{CommitteeID: c.ID, StartsAt: at.UTC(), Title: r.PostFormValue("title"), Location: r.PostFormValue("location")}
	if err := s.Svc.CreateMeeting(r.Context(), edge.SessionOf(r).Actor, &m); err != nil {
		return backTo(back, err)
	}
	flash(w, "Meeting scheduled.")
	http.Redirect(w, r, "/a/"+edge.AllianceOf(r).Alliance.Slug+"/meetings/"+m.ID, http.StatusSeeOther)
	return nil
}
