package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// apiCommittee is a committee with its seats, dates as YYYY-MM-DD.
type apiCommittee struct {
	accord.Committee
	Seats []apiSeat `json:"seats"`
}

// apiSeat is a seat on a committee; a vacant seat has no holder.
type apiSeat struct {
	accord.Seat
	TermStart string  `json:"term_start"`
	TermEnd   *string `json:"term_end,omitempty"`
}

func toAPISeat(s accord.Seat) apiSeat {
	return apiSeat{Seat: s, TermStart: *dateStr(&s.TermStart), TermEnd: dateStr(s.TermEnd)}
}

func toAPICommittee(c accord.Committee) apiCommittee {
	out := apiCommittee{Committee: c, Seats: make([]apiSeat, len(c.Seats))}
	for i, s := range c.Seats {
		out.Seats[i] = toAPISeat(s)
	}
	return out
}

// parseTime reads an RFC 3339 field; "" gives nil.
func parseTime(field, s string) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil, accord.FieldError(field, "must be a time in RFC 3339 form, e.g. 2026-03-05T15:00:00Z")
	}
	t = t.UTC()
	return &t, nil
}

// requiredDate reads a YYYY-MM-DD field that must be given.
func requiredDate(field, s string) (time.Time, error) {
	d, err := views.ParseDate(field, s)
	if err == nil && d == nil {
		err = accord.FieldError(field, "is required (YYYY-MM-DD)")
	}
	if err != nil {
		return time.Time{}, err
	}
	return *d, nil
}

// committeeOf loads the committee named by {key}.
func (s *API) committeeOf(r *http.Request) (accord.Committee, error) {
	return s.Svc.CommitteeByKey(r.Context(), edge.AllianceOf(r).Alliance.ID, strings.ToLower(r.PathValue("key")))
}

// committeeField loads the committee a body names by key: an unknown key
// is a fault of that field, not a missing page.
func (s *API) committeeField(r *http.Request, field, key string) (accord.Committee, error) {
	if strings.TrimSpace(key) == "" {
		return accord.Committee{}, accord.FieldError(field, "is required (the committee's key)")
	}
	c, err := s.Svc.CommitteeByKey(r.Context(), edge.AllianceOf(r).Alliance.ID, strings.ToLower(key))
	if accord.ErrorCode(err) == accord.ENOTFOUND {
		return c, accord.FieldError(field, "no committee of this alliance has the key %q", key)
	}
	return c, err
}

// renameField names the request field at fault when the store names its
// own (e.g. "meeting" for the body's "meeting_id").
func renameField(err error, from, to string) error {
	if accord.ErrorCode(err) == accord.EINVALID && accord.ErrorField(err) == from {
		return accord.FieldError(to, "%s", accord.ErrorMessage(err))
	}
	return err
}

func (s *API) apiCommittees(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.Svc.ListCommittees(r.Context(), edge.AllianceOf(r).Alliance.ID)
	if err != nil {
		return err
	}
	out := make([]apiCommittee, len(cs))
	for i, c := range cs {
		out[i] = toAPICommittee(c)
	}
	edge.WriteJSON(w, http.StatusOK, listOf(out))
	return nil
}

// committeeRequest creates a committee; the names are those of Committee.
type committeeRequest struct {
	Key               string `json:"key"`
	Name              string `json:"name"`
	Purpose           string `json:"purpose"`
	Cadence           string `json:"cadence"`
	CadenceDays       int    `json:"cadence_days"`
	MeetingTime       string `json:"meeting_time"`
	MeetingMinutes    int    `json:"meeting_minutes"`
	QuorumPresent     int    `json:"quorum_min_present"`
	QuorumParties     bool   `json:"quorum_every_party"`
	QuorumClinical    int    `json:"quorum_min_clinical"`
	AllowProxies      bool   `json:"allow_proxies"`
	ApprovesScorecard bool   `json:"approves_scorecard"`
	PacketDays        int    `json:"packet_days"`
}

func (s *API) apiCommitteeCreate(w http.ResponseWriter, r *http.Request) error {
	var q committeeRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	c := accord.Committee{AllianceID: edge.AllianceOf(r).Alliance.ID, Key: q.Key, Name: q.Name, Purpose: q.Purpose, Cadence: q.Cadence,
		CadenceDays: q.CadenceDays, MeetingTime: q.MeetingTime, MeetingMinutes: q.MeetingMinutes, QuorumPresent: q.QuorumPresent,
		QuorumParties: q.QuorumParties, QuorumClinical: q.QuorumClinical, AllowProxies: q.AllowProxies,
		ApprovesScorecard: q.ApprovesScorecard, PacketDays: q.PacketDays}
	if err := s.Svc.CreateCommittee(r.Context(), edge.SessionOf(r).Actor, &c); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, toAPICommittee(c))
	return nil
}

func (s *API) apiCommittee(w http.ResponseWriter, r *http.Request) error {
	c, err := s.committeeOf(r)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, toAPICommittee(c))
	return nil
}

// seatRequest adds a seat for a party and role, held by a member of that
// party with that role, or vacant.
type seatRequest struct {
	PartyID   string      `json:"party_id"`
	Role      accord.Role `json:"role"`
	MemberID  string      `json:"member_id"`
	Chair     bool        `json:"chair"`
	TermStart string      `json:"term_start"`
	TermEnd   string      `json:"term_end"`
}

func (q seatRequest) seat() (accord.Seat, error) {
	start, err := views.ParseDate("term_start", q.TermStart)
	if err != nil {
		return accord.Seat{}, err
	}
	end, err := views.ParseDate("term_end", q.TermEnd)
	if err != nil {
		return accord.Seat{}, err
	}
	if q.PartyID == "" {
		return accord.Seat{}, accord.FieldError("party_id", "is required")
	}
	st := accord.Seat{PartyID: q.PartyID, Role: q.Role, MemberID: q.MemberID, Chair: q.Chair, TermEnd: end}
	if start != nil {
		st.TermStart = *start
	}
	return st, nil
}

func (s *API) apiSeatCreate(w http.ResponseWriter, r *http.Request) error {
	var q seatRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	st, err := q.seat()
	if err != nil {
		return err
	}
	c, err := s.committeeOf(r)
	if err != nil {
		return err
	}
	if err := s.Svc.AddSeat(r.Context(), edge.SessionOf(r).Actor, c.ID, &st); err != nil {
		return err
	}
	// Read the seat back for the names of its party and holder.
	if c, err = s.committeeOf(r); err != nil {
		return err
	}
	for _, seat := range c.Seats {
		if seat.ID == st.ID {
			st = seat
		}
	}
	edge.WriteJSON(w, http.StatusCreated, toAPISeat(st))
	return nil
}

// scheduleRequest asks for a committee's meetings on its cadence.
type scheduleRequest struct {
	Through string `json:"through"`
}

// maxScheduleYears bounds how far ahead one request schedules, so that a
// mistyped year cannot create thousands of meetings.
const maxScheduleYears = 5

func (s *API) apiSchedule(w http.ResponseWriter, r *http.Request) error {
	var q scheduleRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	through, err := requiredDate("through", q.Through)
	if err == nil && through.After(s.Now().AddDate(maxScheduleYears, 0, 0)) {
		err = accord.FieldError("through", "must be at most %d years ahead", maxScheduleYears)
	}
	if err != nil {
		return err
	}
	c, err := s.committeeOf(r)
	if err != nil {
		return err
	}
	// Through a day includes the meetings on that day.
	n, err := s.Svc.ScheduleMeetings(r.Context(), edge.SessionOf(r).Actor, c.ID, through.Add(24*time.Hour-time.Microsecond))
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, map[string]int{"created": n})
	return nil
}

// meetingRequest schedules one meeting outside the cadence.
type meetingRequest struct {
	StartsAt string `json:"starts_at"`
	Minutes  int    `json:"duration_minutes"`
	Title    string `json:"title"`
	Location string `json:"location"`
}

func (s *API) apiMeetingCreate(w http.ResponseWriter, r *http.Request) error {
	var q meetingRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	at, err := parseTime("starts_at", q.StartsAt)
	if err == nil && at == nil {
		err = accord.FieldError("starts_at", "is required (RFC 3339, e.g. 2026-03-05T15:00:00Z)")
	}
	if err != nil {
		return err
	}
	c, err := s.committeeOf(r)
	if err != nil {
		return err
	}
	m := accord.Meeting{CommitteeID: c.ID, StartsAt: *at, Minutes: q.Minutes, Title: q.Title, Location: q.Location}
	if err := s.Svc.CreateMeeting(r.Context(), edge.SessionOf(r).Actor, &m); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, m)
	return nil
}
