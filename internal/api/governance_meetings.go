package api

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/agenda"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// apiMeetingDetail is a meeting with its attendance, its agenda and
// whether the attendance makes quorum.
type apiMeetingDetail struct {
	accord.Meeting
	Attendance []accord.Attendance `json:"attendance"`
	Agenda     []accord.AgendaItem `json:"agenda"`
	Quorum     views.QuorumView    `json:"quorum"`
}

// quorumOf checks the quorum of a meeting as its attendance stands.
func quorumOf(c accord.Committee, m accord.Meeting) views.QuorumView {
	present, proxies := map[string]bool{}, map[string]string{}
	for _, a := range m.Attendance {
		present[a.MemberID], proxies[a.MemberID] = a.Present, a.ProxyID
	}
	return views.MeetingQuorum(c, views.ServingSeats(c, m.StartsAt), present, proxies)
}

// writeMeeting answers with the meeting, its attendance, agenda and quorum.
func (s *API) writeMeeting(w http.ResponseWriter, r *http.Request, status int, id string) error {
	ctx, allianceID := r.Context(), edge.AllianceOf(r).Alliance.ID
	m, err := s.Svc.Meeting(ctx, allianceID, id)
	if err != nil {
		return err
	}
	c, err := s.Svc.CommitteeByKey(ctx, allianceID, m.CommitteeKey)
	if err != nil {
		return err
	}
	// As the page does: until the meeting is held, the data adds to its
	// agenda, which each reader reads as their party may.
	agenda, err := s.MeetingAgenda(r, c, m)
	if err != nil {
		return err
	}
	out := apiMeetingDetail{Meeting: m, Attendance: m.Attendance, Agenda: agenda, Quorum: quorumOf(c, m)}
	if out.Attendance == nil {
		out.Attendance = []accord.Attendance{}
	}
	if out.Agenda == nil {
		out.Agenda = []accord.AgendaItem{}
	}
	edge.WriteJSON(w, status, out)
	return nil
}

// meetingFilter reads ?committee=, ?from= and ?to= (days, both included).
// An unknown committee selects nothing.
func (s *API) meetingFilter(r *http.Request) (f accord.MeetingFilter, none bool, err error) {
	if err := views.TextParams(r, "committee", "from", "to"); err != nil {
		return f, false, err
	}
	q := r.URL.Query()
	f.AllianceID = edge.AllianceOf(r).Alliance.ID
	from, err := views.ParseDate("from", q.Get("from"))
	if err != nil {
		return f, false, err
	}
	to, err := views.ParseDate("to", q.Get("to"))
	if err != nil {
		return f, false, err
	}
	if from != nil {
		f.From = *from
	}
	if to != nil {
		f.To = to.AddDate(0, 0, 1)
	}
	if key := q.Get("committee"); key != "" {
		c, err := s.Svc.CommitteeByKey(r.Context(), f.AllianceID, strings.ToLower(key))
		if accord.ErrorCode(err) == accord.ENOTFOUND {
			return f, true, nil
		}
		f.CommitteeID = c.ID
		return f, false, err
	}
	return f, false, nil
}

func (s *API) apiMeetings(w http.ResponseWriter, r *http.Request) error {
	f, none, err := s.meetingFilter(r)
	if err != nil {
		return err
	}
	var ms []accord.Meeting
	if !none {
		if ms, err = s.Svc.ListMeetings(r.Context(), f); err != nil {
			return err
		}
	}
	edge.WriteJSON(w, http.StatusOK, listOf(ms))
	return nil
}

func (s *API) apiMeeting(w http.ResponseWriter, r *http.Request) error {
	return s.writeMeeting(w, r, http.StatusOK, r.PathValue("id"))
}

// attendanceRequest records who came to a meeting: one entry per
// seat-holder, with the present seat-holder holding the proxy of one absent.
type attendanceRequest struct {
	Attendance []attendanceEntry `json:"attendance"`
}

type attendanceEntry struct {
	MemberID string `json:"member_id"`
	Present  bool   `json:"present"`
	ProxyID  string `json:"proxy_member_id"`
}

// attendance checks the entries and names the seat-holders, so that the
// store's refusals name people rather than ids.
func (q attendanceRequest) attendance(c accord.Committee) ([]accord.Attendance, error) {
	if q.Attendance == nil {
		return nil, accord.FieldError("attendance", "is required: one entry per seat-holder")
	}
	names := map[string]string{}
	for _, s := range c.Seats {
		names[s.MemberID] = s.HolderName
	}
	out, seen := make([]accord.Attendance, 0, len(q.Attendance)), map[string]bool{}
	for _, e := range q.Attendance {
		switch {
		case e.MemberID == "":
			return nil, accord.FieldError("attendance", "every entry needs a member_id")
		case seen[e.MemberID]:
			return nil, accord.FieldError("attendance", "%s is listed twice", nameOr(names, e.MemberID))
		}
		seen[e.MemberID] = true
		out = append(out, accord.Attendance{MemberID: e.MemberID, Name: names[e.MemberID], Present: e.Present, ProxyID: e.ProxyID})
	}
	return out, nil
}

func nameOr(names map[string]string, id string) string {
	if n := names[id]; n != "" {
		return n
	}
	return "member " + id
}

// apiMeetingOf loads the meeting named by {id} and its committee.
func (s *API) apiMeetingOf(r *http.Request) (accord.Meeting, accord.Committee, error) {
	ctx, allianceID := r.Context(), edge.AllianceOf(r).Alliance.ID
	m, err := s.Svc.Meeting(ctx, allianceID, r.PathValue("id"))
	if err != nil {
		return m, accord.Committee{}, err
	}
	c, err := s.Svc.CommitteeByKey(ctx, allianceID, m.CommitteeKey)
	return m, c, err
}

func (s *API) apiAttendance(w http.ResponseWriter, r *http.Request) error {
	var q attendanceRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	m, c, err := s.apiMeetingOf(r)
	if err != nil {
		return err
	}
	att, err := q.attendance(c)
	if err != nil {
		return err
	}
	if _, err := s.Svc.RecordAttendance(r.Context(), edge.SessionOf(r).Actor, m.AllianceID, m.ID, att); err != nil {
		return renameField(err, "proxy", "attendance")
	}
	return s.writeMeeting(w, r, http.StatusOK, m.ID)
}

// minutesRequest keeps a meeting's draft minutes (Markdown).
type minutesRequest struct {
	Minutes string `json:"minutes"`
}

func (s *API) apiMinutes(w http.ResponseWriter, r *http.Request) error {
	var q minutesRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	m, err := s.Svc.SaveMinutes(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"), q.Minutes)
	if err != nil {
		return err
	}
	return s.writeMeeting(w, r, http.StatusOK, m.ID)
}

// approvalRequest names the later meeting that approved the minutes.
type approvalRequest struct {
	InMeetingID string `json:"in_meeting_id"`
}

func (s *API) apiMinutesApprove(w http.ResponseWriter, r *http.Request) error {
	var q approvalRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	ctx, allianceID := r.Context(), edge.AllianceOf(r).Alliance.ID
	if q.InMeetingID == "" {
		return accord.FieldError("in_meeting_id", "is required: the later meeting that approved the minutes")
	}
	if _, err := s.Svc.Meeting(ctx, allianceID, r.PathValue("id")); err != nil {
		return err
	}
	if _, err := s.Svc.Meeting(ctx, allianceID, q.InMeetingID); accord.ErrorCode(err) == accord.ENOTFOUND {
		return accord.FieldError("in_meeting_id", "is not a meeting of this alliance")
	}
	m, err := s.Svc.ApproveMinutes(ctx, edge.SessionOf(r).Actor, allianceID, r.PathValue("id"), q.InMeetingID)
	if err != nil {
		return renameField(err, "meeting", "in_meeting_id")
	}
	return s.writeMeeting(w, r, http.StatusOK, m.ID)
}

func (s *API) apiMeetingCancel(w http.ResponseWriter, r *http.Request) error {
	m, err := s.Svc.CancelMeeting(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	s.MailCancellation(r.Context(), edge.AllianceOf(r).Alliance, m)
	return s.writeMeeting(w, r, http.StatusOK, m.ID)
}

// agendaItemRequest adds an item someone wants discussed.
type agendaItemRequest struct {
	Title  string `json:"title"`
	Detail string `json:"detail"`
}

func (s *API) apiAgendaAdd(w http.ResponseWriter, r *http.Request) error {
	var q agendaItemRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	it := accord.AgendaItem{Title: q.Title, Detail: q.Detail}
	if err := s.Svc.AddAgendaItem(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"), &it); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, it)
	return nil
}

// moveRequest moves an agenda item one place up (-1) or down (1).
type moveRequest struct {
	Delta int `json:"delta"`
}

func (s *API) apiAgendaMove(w http.ResponseWriter, r *http.Request) error {
	var q moveRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	if q.Delta != -1 && q.Delta != 1 {
		return accord.FieldError("delta", "must be -1 (up) or 1 (down)")
	}
	if err := s.Svc.MoveAgendaItem(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"), r.PathValue("item"), q.Delta); err != nil {
		return err
	}
	agenda, err := s.agendaOf(r)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, listOf(agenda))
	return nil
}

// agendaOf returns the agenda of the request's meeting as it stands (the
// data adds nothing here) and as its reader may read it.
func (s *API) agendaOf(r *http.Request) ([]accord.AgendaItem, error) {
	m, c, err := s.MeetingAndCommittee(r)
	if err != nil {
		return nil, err
	}
	items, err := s.Svc.Agenda(r.Context(), m.ID)
	if err != nil {
		return nil, err
	}
	sh, err := s.SharingFor(r, nil)
	if err != nil || !sh.On {
		return items, err
	}
	var in *agenda.Input
	if m.Status == accord.MeetingScheduled {
		data, err := s.AgendaInput(r.Context(), edge.AllianceOf(r).Alliance, c, m)
		if err != nil {
			return nil, err
		}
		in = &data
	}
	return s.AgendaAs(r.Context(), edge.AllianceOf(r).Alliance, items, in, sh)
}

// noteRequest sets an agenda item's note; "" clears it.
type noteRequest struct {
	Note string `json:"note"`
}

func (s *API) apiAgendaNote(w http.ResponseWriter, r *http.Request) error {
	var q noteRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	item := r.PathValue("item")
	if err := s.Svc.AnnotateAgendaItem(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"), item, q.Note); err != nil {
		return err
	}
	agenda, err := s.agendaOf(r)
	if err != nil {
		return err
	}
	for _, it := range agenda {
		if it.ID == item {
			edge.WriteJSON(w, http.StatusOK, it)
			return nil
		}
	}
	return fmt.Errorf("agenda item %s vanished after its note was set", item)
}
