package server

import (
	"html/template"
	"net/http"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// meetingView is what meeting.html shows.
type meetingView struct {
	Meeting   accord.Meeting
	Committee accord.Committee
	Seats     []accord.Seat
	Present   map[string]bool
	Proxies   map[string]string
	Quorum    quorumView
	Agenda    []accord.AgendaItem
	Motions   []accord.Motion
	Actions   []accord.ActionItem
	Members   []accord.Membership
	Earlier   []accord.Meeting // of the committee, with draft minutes
	Minutes   template.HTML    // rendered Markdown
	Now       time.Time
	Rules     []string
	// Subjects are what a motion can be about: proposed KPIs and targets
	// (when this committee approves the scorecard) and proposed amendments.
	Subjects []motionSubject
}

// motionSubject is an option of the "about" list of the motion form.
type motionSubject struct{ Value, Label string }

// meetingPage is a check-in: the agenda the data wrote, attendance and
// quorum, motions, minutes and action items.
func (s *Server) meetingPage(w http.ResponseWriter, r *http.Request) {
	ctx, ac := r.Context(), allianceOf(r)
	m, c, err := s.meetingAndCommittee(r)
	if err != nil {
		s.fail(w, r, hideNotFound(err))
		return
	}
	v := meetingView{Meeting: m, Committee: c, Seats: servingSeats(c, m.StartsAt), Now: s.now().UTC(), Minutes: markdown(m.MinutesText),
		Present: map[string]bool{}, Proxies: map[string]string{}, Rules: []string{"party-consent", "majority", "two-thirds", "unanimity"}}
	for _, a := range m.Attendance {
		v.Present[a.MemberID], v.Proxies[a.MemberID] = a.Present, a.ProxyID
	}
	v.Quorum = meetingQuorum(c, v.Seats, v.Present, v.Proxies)
	v.Quorum.Recorded = len(m.Attendance) > 0
	if v.Agenda, err = s.meetingAgenda(r, c, m); err != nil {
		s.fail(w, r, err)
		return
	}
	motions, err := s.svc.ListMotions(ctx, accord.DecisionFilter{AllianceID: ac.alliance.ID, Committee: c.Key}, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, mo := range motions {
		if mo.MeetingID == m.ID || (mo.MeetingID == "" && mo.Status == accord.MotionOpen) {
			v.Motions = append(v.Motions, mo)
		}
	}
	if v.Actions, err = s.svc.ListActionItems(ctx, accord.ActionFilter{AllianceID: ac.alliance.ID, CommitteeID: c.ID}); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Members, err = s.svc.ListMembers(ctx, ac.alliance.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	earlier, err := s.svc.ListMeetings(ctx, accord.MeetingFilter{AllianceID: ac.alliance.ID, CommitteeID: c.ID, To: m.StartsAt})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, e := range earlier {
		if e.MinutesStatus == accord.MinutesDraft {
			v.Earlier = append(v.Earlier, e)
		}
	}
	if v.Subjects, err = s.motionSubjects(r, c); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "meeting", pageData{Title: m.Title, Nav: "governance", Data: v})
}

// meetingAndCommittee loads the meeting of the path and its committee.
func (s *Server) meetingAndCommittee(r *http.Request) (accord.Meeting, accord.Committee, error) {
	ac := allianceOf(r)
	m, err := s.svc.Meeting(r.Context(), ac.alliance.ID, r.PathValue("id"))
	if err != nil {
		return m, accord.Committee{}, err
	}
	c, err := s.svc.CommitteeByKey(r.Context(), ac.alliance.ID, m.CommitteeKey)
	return m, c, err
}

// meetingQuorumFragment answers the attendance form's live check: the
// quorum box for the attendance ticked so far, without saving it.
func (s *Server) meetingQuorumFragment(w http.ResponseWriter, r *http.Request) {
	m, c, err := s.meetingAndCommittee(r)
	if err != nil {
		s.fail(w, r, hideNotFound(err))
		return
	}
	seats := servingSeats(c, m.StartsAt)
	present, proxies := map[string]bool{}, map[string]string{}
	q := r.URL.Query()
	for _, id := range q["present"] {
		present[id] = true
	}
	for _, st := range seats {
		proxies[st.MemberID] = q.Get("proxy-" + st.MemberID)
	}
	v := meetingQuorum(c, seats, present, proxies)
	html, err := s.fragment("meeting", "quorum", pageData{Data: v})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte(html))
}

func (s *Server) meetingBack(r *http.Request) string {
	return "/a/" + allianceOf(r).alliance.Slug + "/meetings/" + r.PathValue("id")
}

// meetingAttendance records who is present (and proxies) from the form.
func (s *Server) meetingAttendance(w http.ResponseWriter, r *http.Request) {
	ac, back := allianceOf(r), s.meetingBack(r)
	m, c, err := s.meetingAndCommittee(r)
	if err != nil {
		s.fail(w, r, hideNotFound(err))
		return
	}
	if err := r.ParseForm(); err != nil {
		s.failBack(w, r, back, accord.Errorf(accord.EINVALID, "the form could not be read"))
		return
	}
	present := map[string]bool{}
	for _, id := range r.PostForm["present"] {
		present[id] = true
	}
	var att []accord.Attendance
	for _, st := range servingSeats(c, m.StartsAt) {
		a := accord.Attendance{MemberID: st.MemberID, Name: st.HolderName, Present: present[st.MemberID]}
		if !a.Present {
			a.ProxyID = r.PostFormValue("proxy-" + st.MemberID)
		}
		att = append(att, a)
	}
	if _, err := s.svc.RecordAttendance(r.Context(), sessionOf(r).actor, ac.alliance.ID, m.ID, att); err != nil {
		s.failBack(w, r, back, err)
		return
	}
	flash(w, "Attendance recorded.")
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// meetingMinutes saves the draft minutes.
func (s *Server) meetingMinutes(w http.ResponseWriter, r *http.Request) {
	back := s.meetingBack(r)
	if _, err := s.svc.SaveMinutes(r.Context(), sessionOf(r).actor, allianceOf(r).alliance.ID, r.PathValue("id"), r.PostFormValue("minutes")); err != nil {
		s.failBack(w, r, back, err)
		return
	}
	flash(w, "Minutes saved as a draft; the committee approves them at its next meeting.")
	http.Redirect(w, r, back+"#minutes", http.StatusSeeOther)
}

// meetingApproveMinutes approves an earlier meeting's minutes in this one.
func (s *Server) meetingApproveMinutes(w http.ResponseWriter, r *http.Request) {
	back := s.meetingBack(r)
	if _, err := s.svc.ApproveMinutes(r.Context(), sessionOf(r).actor, allianceOf(r).alliance.ID, r.PostFormValue("meeting"), r.PathValue("id")); err != nil {
		s.failBack(w, r, back, err)
		return
	}
	flash(w, "Minutes approved.")
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// meetingCancel cancels a scheduled meeting.
func (s *Server) meetingCancel(w http.ResponseWriter, r *http.Request) {
	back := s.meetingBack(r)
	m, err := s.svc.CancelMeeting(r.Context(), sessionOf(r).actor, allianceOf(r).alliance.ID, r.PathValue("id"))
	if err != nil {
		s.failBack(w, r, back, err)
		return
	}
	s.mailCancellation(r.Context(), allianceOf(r).alliance, m)
	flash(w, "Meeting cancelled; calendars that subscribe to it will show it cancelled.")
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// agendaAdd adds someone's item to the agenda.
func (s *Server) agendaAdd(w http.ResponseWriter, r *http.Request) {
	back := s.meetingBack(r)
	it := accord.AgendaItem{Title: r.PostFormValue("title"), Detail: r.PostFormValue("detail")}
	if err := s.svc.AddAgendaItem(r.Context(), sessionOf(r).actor, allianceOf(r).alliance.ID, r.PathValue("id"), &it); err != nil {
		s.failBack(w, r, back, err)
		return
	}
	http.Redirect(w, r, back+"#agenda", http.StatusSeeOther)
}

// agendaMove moves an item up or down.
func (s *Server) agendaMove(w http.ResponseWriter, r *http.Request) {
	back := s.meetingBack(r)
	delta := 1
	if r.PostFormValue("direction") == "up" {
		delta = -1
	}
	if err := s.svc.MoveAgendaItem(r.Context(), sessionOf(r).actor, allianceOf(r).alliance.ID, r.PathValue("id"), r.PathValue("item"), delta); err != nil {
		s.failBack(w, r, back, err)
		return
	}
	http.Redirect(w, r, back+"#item-"+r.PathValue("item"), http.StatusSeeOther)
}

// agendaNote annotates an item.
func (s *Server) agendaNote(w http.ResponseWriter, r *http.Request) {
	back := s.meetingBack(r)
	if err := s.svc.AnnotateAgendaItem(r.Context(), sessionOf(r).actor, allianceOf(r).alliance.ID, r.PathValue("id"), r.PathValue("item"), r.PostFormValue("note")); err != nil {
		s.failBack(w, r, back, err)
		return
	}
	http.Redirect(w, r, back+"#item-"+r.PathValue("item"), http.StatusSeeOther)
}

// actionCreate gives someone an action item from the meeting.
func (s *Server) actionCreate(w http.ResponseWriter, r *http.Request) {
	back := s.meetingBack(r)
	due, err := parseDate("due_on", r.PostFormValue("due_on"))
	if err == nil && due == nil {
		err = accord.FieldError("due_on", "is required")
	}
	if err != nil {
		s.failBack(w, r, back, err)
		return
	}
	a := accord.ActionItem{AllianceID: allianceOf(r).alliance.ID, MeetingID: r.PathValue("id"), Title: r.PostFormValue("title"),
		OwnerID: r.PostFormValue("owner"), DueOn: *due}
	if err := s.svc.CreateActionItem(r.Context(), sessionOf(r).actor, &a); err != nil {
		s.failBack(w, r, back, err)
		return
	}
	flash(w, "Action item added.")
	http.Redirect(w, r, back+"#actions", http.StatusSeeOther)
}

// actionStatus marks an action item done, cancelled or open again.
func (s *Server) actionStatus(w http.ResponseWriter, r *http.Request) {
	back := r.PostFormValue("back")
	if !localPath(back) {
		back = "/a/" + allianceOf(r).alliance.Slug + "/governance"
	}
	if _, err := s.svc.SetActionStatus(r.Context(), sessionOf(r).actor, allianceOf(r).alliance.ID, r.PathValue("id"), r.PostFormValue("status")); err != nil {
		s.failBack(w, r, back, err)
		return
	}
	flash(w, "Action item updated.")
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// localPath accepts only paths inside this site as a place to go back to.
func localPath(p string) bool {
	return len(p) > 1 && p[0] == '/' && p[1] != '/' && p[1] != '\\'
}
