package ui

import (
	"html/template"
	"net/http"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// meetingView is what meeting.html shows.
type meetingView struct {
	Meeting   accord.Meeting
	Committee accord.Committee
	Seats     []accord.Seat
	Present   map[string]bool
	Proxies   map[string]string
	Quorum    views.QuorumView
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
func (s *App) meetingPage(w http.ResponseWriter, r *http.Request) error {
	ctx, ac := r.Context(), edge.AllianceOf(r)
	m, c, err := s.MeetingAndCommittee(r)
	if err != nil {
		return edge.HideNotFound(err)
	}
	v := meetingView{Meeting: m, Committee: c, Seats: views.ServingSeats(c, m.StartsAt), Now: s.Now().UTC(), Minutes: markdown(m.MinutesText),
		Present: map[string]bool{}, Proxies: map[string]string{}, Rules: []string{"party-consent", "majority", "two-thirds", "unanimity"}}
	for _, a := range m.Attendance {
		v.Present[a.MemberID], v.Proxies[a.MemberID] = a.Present, a.ProxyID
	}
	v.Quorum = views.MeetingQuorum(c, v.Seats, v.Present, v.Proxies)
	v.Quorum.Recorded = len(m.Attendance) > 0
	if v.Agenda, err = s.MeetingAgenda(r, c, m); err != nil {
		return err
	}
	motions, err := s.Svc.ListMotions(ctx, accord.DecisionFilter{AllianceID: ac.Alliance.ID, Committee: c.Key}, "")
	if err != nil {
		return err
	}
	for _, mo := range motions {
		if mo.MeetingID == m.ID || (mo.MeetingID == "" && mo.Status == accord.MotionOpen) {
			v.Motions = append(v.Motions, mo)
		}
	}
	if v.Actions, err = s.Svc.ListActionItems(ctx, accord.ActionFilter{AllianceID: ac.Alliance.ID, CommitteeID: c.ID}); err != nil {
		return err
	}
	if v.Members, err = s.Svc.ListMembers(ctx, ac.Alliance.ID); err != nil {
		return err
	}
	earlier, err := s.Svc.ListMeetings(ctx, accord.MeetingFilter{AllianceID: ac.Alliance.ID, CommitteeID: c.ID, To: m.StartsAt})
	if err != nil {
		return err
	}
	for _, e := range earlier {
		if e.MinutesStatus == accord.MinutesDraft {
			v.Earlier = append(v.Earlier, e)
		}
	}
	if v.Subjects, err = s.motionSubjects(r, c); err != nil {
		return err
	}
	s.render(w, r, "meeting", views.PageData{Title: m.Title, Nav: "governance", Data: v})
	return nil
}

// meetingQuorumFragment answers the attendance form's live check: the
// quorum box for the attendance ticked so far, without saving it.
func (s *App) meetingQuorumFragment(w http.ResponseWriter, r *http.Request) error {
	m, c, err := s.MeetingAndCommittee(r)
	if err != nil {
		return edge.HideNotFound(err)
	}
	seats := views.ServingSeats(c, m.StartsAt)
	present, proxies := map[string]bool{}, map[string]string{}
	q := r.URL.Query()
	for _, id := range q["present"] {
		present[id] = true
	}
	for _, st := range seats {
		proxies[st.MemberID] = q.Get("proxy-" + st.MemberID)
	}
	v := views.MeetingQuorum(c, seats, present, proxies)
	html, err := s.fragment("meeting", "quorum", views.PageData{Data: v})
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte(html))
	return nil
}

func (s *App) meetingBack(r *http.Request) string {
	return "/a/" + edge.AllianceOf(r).Alliance.Slug + "/meetings/" + r.PathValue("id")
}

// meetingAttendance records who is present (and proxies) from the form.
func (s *App) meetingAttendance(w http.ResponseWriter, r *http.Request) error {
	ac, back := edge.AllianceOf(r), s.meetingBack(r)
	m, c, err := s.MeetingAndCommittee(r)
	if err != nil {
		return edge.HideNotFound(err)
	}
	if err := r.ParseForm(); err != nil {
		return backTo(back, accord.Errorf(accord.EINVALID, "the form could not be read"))
	}
	present := map[string]bool{}
	for _, id := range r.PostForm["present"] {
		present[id] = true
	}
	var att []accord.Attendance
	for _, st := range views.ServingSeats(c, m.StartsAt) {
		a := accord.Attendance{MemberID: st.MemberID, Name: st.HolderName, Present: present[st.MemberID]}
		if !a.Present {
			a.ProxyID = r.PostFormValue("proxy-" + st.MemberID)
		}
		att = append(att, a)
	}
	if _, err := s.Svc.RecordAttendance(r.Context(), edge.SessionOf(r).Actor, ac.Alliance.ID, m.ID, att); err != nil {
		return backTo(back, err)
	}
	flash(w, "Attendance recorded.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// meetingMinutes saves the draft minutes.
func (s *App) meetingMinutes(w http.ResponseWriter, r *http.Request) error {
	back := s.meetingBack(r)
	if _, err := s.Svc.SaveMinutes(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"), r.PostFormValue("minutes")); err != nil {
		return backTo(back, err)
	}
	flash(w, "Minutes saved as a draft; the committee approves them at its next meeting.")
	http.Redirect(w, r, back+"#minutes", http.StatusSeeOther)
	return nil
}

// meetingApproveMinutes approves an earlier meeting's minutes in this one.
func (s *App) meetingApproveMinutes(w http.ResponseWriter, r *http.Request) error {
	back := s.meetingBack(r)
	if _, err := s.Svc.ApproveMinutes(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PostFormValue("meeting"), r.PathValue("id")); err != nil {
		return backTo(back, err)
	}
	flash(w, "Minutes approved.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// meetingCancel cancels a scheduled meeting.
func (s *App) meetingCancel(w http.ResponseWriter, r *http.Request) error {
	back := s.meetingBack(r)
	m, err := s.Svc.CancelMeeting(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"))
	if err != nil {
		return backTo(back, err)
	}
	s.MailCancellation(r.Context(), edge.AllianceOf(r).Alliance, m)
	flash(w, "Meeting cancelled; calendars that subscribe to it will show it cancelled.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// agendaAdd adds someone's item to the agenda.
func (s *App) agendaAdd(w http.ResponseWriter, r *http.Request) error {
	back := s.meetingBack(r)
	it := accord.AgendaItem{Title: r.PostFormValue("title"), Detail: r.PostFormValue("detail")}
	if err := s.Svc.AddAgendaItem(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"), &it); err != nil {
		return backTo(back, err)
	}
	http.Redirect(w, r, back+"#agenda", http.StatusSeeOther)
	return nil
}

// agendaMove moves an item up or down.
func (s *App) agendaMove(w http.ResponseWriter, r *http.Request) error {
	back := s.meetingBack(r)
	delta := 1
	if r.PostFormValue("direction") == "up" {
		delta = -1
	}
	if err := s.Svc.MoveAgendaItem(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"), r.PathValue("item"), delta); err != nil {
		return backTo(back, err)
	}
	http.Redirect(w, r, back+"#item-"+r.PathValue("item"), http.StatusSeeOther)
	return nil
}

// agendaNote annotates an item.
func (s *App) agendaNote(w http.ResponseWriter, r *http.Request) error {
	back := s.meetingBack(r)
	if err := s.Svc.AnnotateAgendaItem(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"), r.PathValue("item"), r.PostFormValue("note")); err != nil {
		return backTo(back, err)
	}
	http.Redirect(w, r, back+"#item-"+r.PathValue("item"), http.StatusSeeOther)
	return nil
}

// actionCreate gives someone an action item from the meeting.
func (s *App) actionCreate(w http.ResponseWriter, r *http.Request) error {
	back := s.meetingBack(r)
	due, err := views.ParseDate("due_on", r.PostFormValue("due_on"))
	if err == nil && due == nil {
		err = accord.FieldError("due_on", "is required")
	}
	if err != nil {
		return backTo(back, err)
	}
	a := accord.ActionItem{AllianceID: edge.AllianceOf(r).Alliance.ID, MeetingID: r.PathValue("id"), Title: r.PostFormValue("title"),
		OwnerID: r.PostFormValue("owner"), DueOn: *due}
	if err := s.Svc.CreateActionItem(r.Context(), edge.SessionOf(r).Actor, &a); err != nil {
		return backTo(back, err)
	}
	flash(w, "Action item added.")
	http.Redirect(w, r, back+"#actions", http.StatusSeeOther)
	return nil
}

// actionStatus marks an action item done, cancelled or open again.
func (s *App) actionStatus(w http.ResponseWriter, r *http.Request) error {
	back := r.PostFormValue("back")
	if !localPath(back) {
		back = "/a/" + edge.AllianceOf(r).Alliance.Slug + "/governance"
	}
	if _, err := s.Svc.SetActionStatus(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"), r.PostFormValue("status")); err != nil {
		return backTo(back, err)
	}
	flash(w, "Action item updated.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// localPath accepts only paths inside this site as a place to go back to.
func localPath(p string) bool {
	return len(p) > 1 && p[0] == '/' && p[1] != '/' && p[1] != '\\'
}
