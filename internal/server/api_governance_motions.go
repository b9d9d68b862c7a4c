package server

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/vote"
)

// apiMotion is a motion with, once decided, the engine's tally as it was
// kept at the decision.
type apiMotion struct {
	accord.Motion
	Tally json.RawMessage `json:"tally,omitempty"`
}

// apiMotionDetail is a motion with its ballots and the proxies given for
// it or its meeting.
type apiMotionDetail struct {
	apiMotion
	Votes   []accord.Vote  `json:"votes"`
	Proxies []accord.Proxy `json:"proxies"`
}

func toAPIMotion(m accord.Motion) apiMotion {
	return apiMotion{Motion: m, Tally: json.RawMessage(m.Tally)}
}

// motionNumber reads {number}; anything else is a motion not found.
func motionNumber(r *http.Request) (int, error) {
	n, err := strconv.Atoi(r.PathValue("number"))
	if err != nil || n < 1 {
		return 0, accord.Errorf(accord.ENOTFOUND, "motion not found")
	}
	return n, nil
}

// writeMotion answers with the motion and its ballots.
func (s *Server) writeMotion(w http.ResponseWriter, r *http.Request, status, n int) {
	m, err := s.svc.Motion(r.Context(), allianceOf(r).alliance.ID, n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := apiMotionDetail{apiMotion: toAPIMotion(m), Votes: m.Votes, Proxies: m.Proxies}
	if out.Votes == nil {
		out.Votes = []accord.Vote{}
	}
	if out.Proxies == nil {
		out.Proxies = []accord.Proxy{}
	}
	writeJSON(w, status, out)
}

// writeMotions answers with a list of motions.
func (s *Server) writeMotions(w http.ResponseWriter, r *http.Request, f accord.DecisionFilter, status string) {
	f.AllianceID, f.Committee = allianceOf(r).alliance.ID, strings.ToLower(f.Committee)
	ms, err := s.svc.ListMotions(r.Context(), f, status)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiMotion, len(ms))
	for i, m := range ms {
		out[i] = toAPIMotion(m)
	}
	writeJSON(w, http.StatusOK, listOf(out))
}

func (s *Server) apiMotions(w http.ResponseWriter, r *http.Request) {
	if err := textParams(r, "status", "committee"); err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	switch status := q.Get("status"); status {
	case "", "decided", accord.MotionOpen, accord.MotionPassed, accord.MotionFailed, accord.MotionNoQuorum, accord.MotionWithdrawn:
		s.writeMotions(w, r, accord.DecisionFilter{Committee: q.Get("committee")}, status)
	default:
		s.fail(w, r, accord.FieldError("status", "must be open, decided, passed, failed, no-quorum or withdrawn"))
	}
}

// apiDecisions is the decision log: decided motions, newest first,
// searched by words of their title, body or rationale.
func (s *Server) apiDecisions(w http.ResponseWriter, r *http.Request) {
	if err := textParams(r, "q", "committee", "subject"); err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	subject := q.Get("subject")
	if subject != "" && !strings.Contains(subject, ":") {
		s.fail(w, r, accord.FieldError("subject", "must be kind:id, e.g. protocol:0190c0de-…"))
		return
	}
	s.writeMotions(w, r, accord.DecisionFilter{Query: q.Get("q"), Committee: q.Get("committee"), Subject: subject}, "decided")
}

// motionRequest puts a motion to a committee, in a meeting or by ballot
// until a deadline.
type motionRequest struct {
	Committee       string `json:"committee"`
	MeetingID       string `json:"meeting_id"`
	ClosesAt        string `json:"closes_at"`
	Title           string `json:"title"`
	Body            string `json:"body"`
	SubjectKind     string `json:"subject_kind"`
	SubjectID       string `json:"subject_id"`
	Rule            string `json:"rule"`
	ClinicalConsent bool   `json:"clinical_consent"`
}

// motionVenue resolves the committee a motion goes to and where it is
// voted: at one of its meetings or asynchronously until closesAt.
func (s *Server) motionVenue(r *http.Request, committee, meetingID, closesAt string) (accord.Motion, error) {
	closes, err := parseTime("closes_at", closesAt)
	if err != nil {
		return accord.Motion{}, err
	}
	if meetingID != "" && closes != nil {
		return accord.Motion{}, accord.FieldError("closes_at", "give either meeting_id (a vote in that meeting) or closes_at (a vote by ballot until then), not both")
	}
	c, err := s.committeeField(r, "committee", committee)
	if err != nil {
		return accord.Motion{}, err
	}
	if meetingID != "" {
		if _, err := s.svc.Meeting(r.Context(), allianceOf(r).alliance.ID, meetingID); accord.ErrorCode(err) == accord.ENOTFOUND {
			return accord.Motion{}, accord.FieldError("meeting_id", "is not a meeting of this alliance")
		}
	}
	return accord.Motion{AllianceID: allianceOf(r).alliance.ID, CommitteeID: c.ID, MeetingID: meetingID, ClosesAt: closes}, nil
}

func (s *Server) apiMotionCreate(w http.ResponseWriter, r *http.Request) {
	var q motionRequest
	if err := decodeJSON(r, &q); err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.motionVenue(r, q.Committee, q.MeetingID, q.ClosesAt)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m.Title, m.Body, m.SubjectKind, m.SubjectID, m.Rule, m.ClinicalConsent = q.Title, q.Body, q.SubjectKind, q.SubjectID, q.Rule, q.ClinicalConsent
	if err := s.svc.ProposeMotion(r.Context(), sessionOf(r).actor, &m); err != nil {
		s.fail(w, r, renameField(err, "meeting", "meeting_id"))
		return
	}
	s.writeMotion(w, r, http.StatusCreated, m.Number)
}

func (s *Server) apiMotion(w http.ResponseWriter, r *http.Request) {
	n, err := motionNumber(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeMotion(w, r, http.StatusOK, n)
}

// voteRequest is a ballot: the caller's own, or, with for_member_id, that
// of a seat-holder who gave the caller their proxy for the motion or its
// meeting.
type voteRequest struct {
	Choice      string `json:"choice"`
	Reason      string `json:"reason"`
	ForMemberID string `json:"for_member_id"`
}

func (q voteRequest) check() error {
	if !vote.Choice(q.Choice).Valid() {
		return accord.FieldError("choice", "must be yes, no, abstain or recuse")
	}
	if vote.Choice(q.Choice) == vote.Recuse && strings.TrimSpace(q.Reason) == "" {
		return accord.FieldError("reason", "is required to recuse: say why, e.g. a conflict of interest")
	}
	return nil
}

// seatHolders returns the motion's committee and the seats held on the day
// it is voted: its meeting's day, or today for a vote by ballot.
func (s *Server) seatHolders(r *http.Request, m accord.Motion) (accord.Committee, []accord.Seat, error) {
	ctx := r.Context()
	c, err := s.svc.CommitteeByKey(ctx, m.AllianceID, m.CommitteeKey)
	if err != nil {
		return c, nil, err
	}
	day := accord.Day(s.now())
	if m.MeetingID != "" {
		g, err := s.svc.Meeting(ctx, m.AllianceID, m.MeetingID)
		if err != nil {
			return c, nil, err
		}
		day = accord.Day(g.StartsAt)
	}
	var held []accord.Seat
	for _, st := range c.Seats {
		if st.Serving(day) {
			held = append(held, st)
		}
	}
	return c, held, nil
}

func holds(seats []accord.Seat, memberID string) bool {
	for _, st := range seats {
		if st.MemberID == memberID {
			return true
		}
	}
	return false
}

// withNames puts the seat-holders' names for the member ids the voting
// engine writes in its messages.
func withNames(msg string, seats []accord.Seat) string {
	for _, st := range seats {
		if st.MemberID != "" && st.HolderName != "" {
			msg = strings.ReplaceAll(msg, strconv.Quote(st.MemberID), st.HolderName)
		}
	}
	return msg
}

func (s *Server) apiVote(w http.ResponseWriter, r *http.Request) {
	var q voteRequest
	if err := decodeJSON(r, &q); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := q.check(); err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := motionNumber(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.checkBallot(r, n, q.ForMemberID); err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.svc.CastVote(r.Context(), sessionOf(r).actor, allianceOf(r).alliance.ID, n, q.ForMemberID, q.Choice, q.Reason); err != nil {
		s.fail(w, r, s.ballotError(r, n, q.ForMemberID, err))
		return
	}
	s.writeMotion(w, r, http.StatusOK, n)
}

// checkBallot refuses, before the store is asked, a ballot on a motion
// that is no longer open, from someone without a seat, or for someone
// without one, with messages that name the committee.
func (s *Server) checkBallot(r *http.Request, n int, forMemberID string) error {
	m, err := s.svc.Motion(r.Context(), allianceOf(r).alliance.ID, n)
	if err != nil {
		return err
	}
	if m.Status != accord.MotionOpen {
		return accord.Errorf(accord.ECONFLICT, "motion %d is %s; voting has ended", n, m.Status)
	}
	c, held, err := s.seatHolders(r, m)
	if err != nil {
		return err
	}
	if !holds(held, allianceOf(r).member.ID) {
		return accord.Errorf(accord.EFORBIDDEN, "you do not hold a seat on the %s, so you cannot vote on its motions: only its seat-holders vote", c.Name)
	}
	if forMemberID != "" && !holds(held, forMemberID) {
		return accord.FieldError("for_member_id", "does not hold a seat on the %s", c.Name)
	}
	return nil
}

// ballotError makes the store's refusal of a ballot readable: names for
// member ids, and the request field at fault.
func (s *Server) ballotError(r *http.Request, n int, forMemberID string, err error) error {
	err = s.namedError(r, n, err)
	if accord.ErrorCode(err) != accord.EINVALID || accord.ErrorField(err) != "vote" {
		return err
	}
	if forMemberID != "" {
		return accord.FieldError("for_member_id", "%s", accord.ErrorMessage(err))
	}
	return accord.Errorf(accord.EINVALID, "%s", accord.ErrorMessage(err))
}

// namedError puts seat-holders' names for the member ids in the voting
// engine's refusals of motion n (invalid ballots, undecidable motions).
func (s *Server) namedError(r *http.Request, n int, err error) error {
	code := accord.ErrorCode(err)
	if code != accord.EINVALID && code != accord.ECONFLICT {
		return err
	}
	m, merr := s.svc.Motion(r.Context(), allianceOf(r).alliance.ID, n)
	if merr != nil {
		return err
	}
	_, held, herr := s.seatHolders(r, m)
	if herr != nil {
		return err
	}
	return &accord.Error{Code: code, Field: accord.ErrorField(err), Message: withNames(accord.ErrorMessage(err), held), Err: err}
}

// decideRequest closes voting, optionally saying why the motion was decided
// as it was.
type decideRequest struct {
	Rationale string `json:"rationale"`
}

func (s *Server) apiMotionDecide(w http.ResponseWriter, r *http.Request) {
	var q decideRequest
	if r.ContentLength != 0 {
		if err := decodeJSON(r, &q); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	n, err := motionNumber(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.svc.DecideMotion(r.Context(), sessionOf(r).actor, allianceOf(r).alliance.ID, n, q.Rationale); err != nil {
		s.fail(w, r, s.namedError(r, n, err))
		return
	}
	s.writeMotion(w, r, http.StatusOK, n)
}
