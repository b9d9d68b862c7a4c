package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
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
func (s *Server) governancePage(w http.ResponseWriter, r *http.Request) {
	ctx, ac := r.Context(), allianceOf(r)
	now := s.now().UTC()
	v := governanceView{Now: now}
	var err error
	load := []func() error{
		func() (err error) { v.Committees, err = s.svc.ListCommittees(ctx, ac.alliance.ID); return },
		func() (err error) {
			v.Upcoming, err = s.svc.ListMeetings(ctx, accord.MeetingFilter{AllianceID: ac.alliance.ID, From: now.Add(-3 * time.Hour), Limit: 6})
			return
		},
		func() (err error) {
			v.Recent, err = s.svc.ListMeetings(ctx, accord.MeetingFilter{AllianceID: ac.alliance.ID, To: now.Add(-3 * time.Hour), Descending: true, Limit: 4})
			return
		},
		func() (err error) {
			v.Motions, err = s.svc.ListMotions(ctx, accord.DecisionFilter{AllianceID: ac.alliance.ID}, accord.MotionOpen)
			return
		},
		func() (err error) {
			v.Actions, err = s.svc.ListActionItems(ctx, accord.ActionFilter{AllianceID: ac.alliance.ID, Status: accord.ActionOpen})
			return
		},
		func() (err error) { v.Parties, err = s.svc.ListParties(ctx, ac.alliance.ID); return },
		func() (err error) { v.Members, err = s.svc.ListMembers(ctx, ac.alliance.ID); return },
	}
	for _, f := range load {
		if err = f(); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	for _, a := range v.Actions {
		if a.Overdue(now) {
			v.Overdue++
		}
	}
	s.render(w, r, "governance", pageData{Title: "Governance", Nav: "governance", Data: v})
}

// committeeCreate adds a committee from the governance page's form.
func (s *Server) committeeCreate(w http.ResponseWriter, r *http.Request) {
	ac := allianceOf(r)
	back := "/a/" + ac.alliance.Slug + "/governance"
	c := accord.Committee{AllianceID: ac.alliance.ID, Name: r.PostFormValue("name"), Key: r.PostFormValue("key"),
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
			s.failBack(w, r, back, err)
			return
		}
	}
	if err := s.svc.CreateCommittee(r.Context(), sessionOf(r).actor, &c); err != nil {
		s.failBack(w, r, back, err)
		return
	}
	flash(w, "Committee created. Add its seats, then schedule its meetings.")
	http.Redirect(w, r, "/a/"+ac.alliance.Slug+"/committees/"+c.Key, http.StatusSeeOther)
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
func (s *Server) committeePage(w http.ResponseWriter, r *http.Request) {
	ctx, ac := r.Context(), allianceOf(r)
	c, err := s.svc.CommitteeByKey(ctx, ac.alliance.ID, r.PathValue("key"))
	if err != nil {
		s.fail(w, r, hideNotFound(err))
		return
	}
	v := committeeView{Committee: c, Now: s.now().UTC(), Roles: accord.AllRoles()[:6]}
	if v.Meetings, err = s.svc.ListMeetings(ctx, accord.MeetingFilter{AllianceID: ac.alliance.ID, CommitteeID: c.ID}); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Motions, err = s.svc.ListMotions(ctx, accord.DecisionFilter{AllianceID: ac.alliance.ID, Committee: c.Key, Limit: 20}, ""); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Parties, err = s.svc.ListParties(ctx, ac.alliance.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Members, err = s.svc.ListMembers(ctx, ac.alliance.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "committee", pageData{Title: c.Name, Nav: "governance", Data: v})
}

// committeeOfPath loads the committee the path names and the page to go
// back to; it answers the request itself when there is no such committee.
func (s *Server) committeeOfPath(w http.ResponseWriter, r *http.Request) (accord.Committee, string, bool) {
	ac := allianceOf(r)
	c, err := s.svc.CommitteeByKey(r.Context(), ac.alliance.ID, r.PathValue("key"))
	if err != nil {
		s.fail(w, r, hideNotFound(err))
		return c, "", false
	}
	return c, "/a/" + ac.alliance.Slug + "/committees/" + c.Key, true
}

// seatCreate adds a seat to a committee.
func (s *Server) seatCreate(w http.ResponseWriter, r *http.Request) {
	c, back, ok := s.committeeOfPath(w, r)
	if !ok {
		return
	}
	seat := accord.Seat{PartyID: r.PostFormValue("party_id"), Role: accord.Role(r.PostFormValue("role")), MemberID: r.PostFormValue("member_id"),
		Chair: r.PostFormValue("chair") != ""}
	start, err := parseDate("term_start", r.PostFormValue("term_start"))
	if err == nil && start != nil {
		seat.TermStart = *start
	}
	if err == nil {
		seat.TermEnd, err = parseDate("term_end", r.PostFormValue("term_end"))
	}
	if err == nil {
		err = s.svc.AddSeat(r.Context(), sessionOf(r).actor, c.ID, &seat)
	}
	if err != nil {
		s.failBack(w, r, back, err)
		return
	}
	flash(w, "Seat added.")
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// committeeSchedule creates the committee's meetings on its cadence.
func (s *Server) committeeSchedule(w http.ResponseWriter, r *http.Request) {
	c, back, ok := s.committeeOfPath(w, r)
	if !ok {
		return
	}
	through, err := parseDate("through", r.PostFormValue("through"))
	if err == nil && through == nil {
		err = accord.FieldError("through", "is required")
	}
	if err != nil {
		s.failBack(w, r, back, err)
		return
	}
	n, err := s.svc.ScheduleMeetings(r.Context(), sessionOf(r).actor, c.ID, through.AddDate(0, 0, 1))
	if err != nil {
		s.failBack(w, r, back, err)
		return
	}
	flash(w, strconv.Itoa(n)+" meetings scheduled.")
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// meetingCreate schedules one meeting at a chosen time.
func (s *Server) meetingCreate(w http.ResponseWriter, r *http.Request) {
	c, back, ok := s.committeeOfPath(w, r)
	if !ok {
		return
	}
	at, err := time.Parse("2006-01-02T15:04", r.PostFormValue("starts_at"))
	if err != nil {
		s.failBack(w, r, back, accord.FieldError("starts_at", "must be a date and time (UTC)"))
		return
	}
	m := accord.Meeting{CommitteeID: c.ID, StartsAt: at.UTC(), Title: r.PostFormValue("title"), Location: r.PostFormValue("location")}
	if err := s.svc.CreateMeeting(r.Context(), sessionOf(r).actor, &m); err != nil {
		s.failBack(w, r, back, err)
		return
	}
	flash(w, "Meeting scheduled.")
	http.Redirect(w, r, "/a/"+allianceOf(r).alliance.Slug+"/meetings/"+m.ID, http.StatusSeeOther)
}
