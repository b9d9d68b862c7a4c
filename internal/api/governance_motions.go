package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
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
func (s *API) writeMotion(w http.ResponseWriter, r *http.Request, status, n int) error {
	m, err := s.Svc.Motion(r.Context(), edge.AllianceOf(r).Alliance.ID, n)
	if err != nil {
		return err
	}
	out := apiMotionDetail{apiMotion: toAPIMotion(m), Votes: m.Votes, Proxies: m.Proxies}
	if out.Votes == nil {
		out.Votes = []accord.Vote{}
	}
	if out.Proxies == nil {
		out.Proxies = []accord.Proxy{}
	}
	edge.WriteJSON(w, status, out)
	return nil
}

// writeMotions answers with a list of motions.
func (s *API) writeMotions(w http.ResponseWriter, r *http.Request, f accord.DecisionFilter, status string) error {
	f.AllianceID, f.Committee = edge.AllianceOf(r).Alliance.ID, strings.ToLower(f.Committee)
	ms, err := s.Svc.ListMotions(r.Context(), f, status)
	if err != nil {
		return err
	}
	out := make([]apiMotion, len(ms))
	for i, m := range ms {
		out[i] = toAPIMotion(m)
	}
	edge.WriteJSON(w, http.StatusOK, listOf(out))
	return nil
}

func (s *API) apiMotions(w http.ResponseWriter, r *http.Request) error {
	if err := views.TextParams(r, "status", "committee"); err != nil {
		return err
	}
	q := r.URL.Query()
	switch status := q.Get("status"); status {
	case "", "decided", accord.MotionOpen, accord.MotionPassed, accord.MotionFailed, accord.MotionNoQuorum, accord.MotionWithdrawn:
		if err := s.writeMotions(w, r, accord.DecisionFilter{Committee: q.Get("committee")}, status); err != nil {
			return err
		}
	default:
		return accord.FieldError("status", "must be open, decided, passed, failed, no-quorum or withdrawn")
	}
	return nil
}

// apiDecisions is the decision log: decided motions, newest first,
// searched by words of their title, body or rationale.
func (s *API) apiDecisions(w http.ResponseWriter, r *http.Request) error {
	if err := views.TextParams(r, "q", "committee", "subject"); err != nil {
		return err
	}
	q := r.URL.Query()
	subject := q.Get("subject")
	if subject != "" && !strings.Contains(subject, ":") {
		return accord.FieldError("subject", "must be kind:id, e.g. protocol:0190c0de-…")
	}
	return s.writeMotions(w, r, accord.DecisionFilter{Query: q.Get("q"), Committee: q.Get("committee"), Subject: subject}, "decided")
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
func (s *API) motionVenue(r *http.Request, committee, meetingID, closesAt string) (accord.Motion, error) {
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
		if _, err := s.Svc.Meeting(r.Context(), edge.AllianceOf(r).Alliance.ID, meetingID); accord.ErrorCode(err) == accord.ENOTFOUND {
			return accord.Motion{}, accord.FieldError("meeting_id", "is not a meeting of this alliance")
		}
	}
	return accord.Motion{AllianceID: edge.AllianceOf(r).Alliance.ID, CommitteeID: c.ID, MeetingID: meetingID, ClosesAt: closes}, nil
}

func (s *API) apiMotionCreate(w http.ResponseWriter, r *http.Request) error {
	var q motionRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	m, err := s.motionVenue(r, q.Committee, q.MeetingID, q.ClosesAt)
	if err != nil {
		return err
	}
	m.Title, m.Body, m.SubjectKind, m.SubjectID, m.Rule, m.ClinicalConsent = q.Title, q.Body, q.SubjectKind, q.SubjectID, q.Rule, q.ClinicalConsent
	if err := s.Svc.ProposeMotion(r.Context(), edge.SessionOf(r).Actor, &m); err != nil {
		return renameField(err, "meeting", "meeting_id")
	}
	return s.writeMotion(w, r, http.StatusCreated, m.Number)
}

func (s *API) apiMotion(w http.ResponseWriter, r *http.Request) error {
	n, err := motionNumber(r)
	if err != nil {
		return err
	}
	return s.writeMotion(w, r, http.StatusOK, n)
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

func holds(seats []accord.Seat, memberID string) bool {
	for _, st := range seats {
		if st.MemberID == memberID {
			return true
		}
	}
	return false
}

func (s *API) apiVote(w http.ResponseWriter, r *http.Request) error {
	var q voteRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	if err := q.check(); err != nil {
		return err
	}
	n, err := motionNumber(r)
	if err != nil {
		return err
	}
	if err := s.checkBallot(r, n, q.ForMemberID); err != nil {
		return err
	}
	if _, err := s.Svc.CastVote(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, n, q.ForMemberID, q.Choice, q.Reason); err != nil {
		return s.BallotError(r, n, q.ForMemberID, err)
	}
	return s.writeMotion(w, r, http.StatusOK, n)
}

// checkBallot refuses, before the store is asked, a ballot on a motion
// that is no longer open, from someone without a seat, or for someone
// without one, with messages that name the committee; then, as the motion
// page does, one that its meeting's attendance does not allow yet
// (views.CheckBallot).
func (s *API) checkBallot(r *http.Request, n int, forMemberID string) error {
	m, err := s.Svc.Motion(r.Context(), edge.AllianceOf(r).Alliance.ID, n)
	if err != nil {
		return err
	}
	if m.Status != accord.MotionOpen {
		return accord.Errorf(accord.ECONFLICT, "motion %d is %s; voting has ended", n, m.Status)
	}
	c, held, err := s.SeatHolders(r, m)
	if err != nil {
		return err
	}
	if !holds(held, edge.AllianceOf(r).Member.ID) {
		return accord.Errorf(accord.EFORBIDDEN, "you do not hold a seat on the %s, so you cannot vote on its motions: only its seat-holders vote", c.Name)
	}
	if forMemberID != "" && !holds(held, forMemberID) {
		return accord.FieldError("for_member_id", "does not hold a seat on the %s", c.Name)
	}
	return s.CheckBallot(r, n)
}

// decideRequest closes voting, optionally saying why the motion was decided
// as it was.
type decideRequest struct {
	Rationale string `json:"rationale"`
}

func (s *API) apiMotionDecide(w http.ResponseWriter, r *http.Request) error {
	var q decideRequest
	if r.ContentLength != 0 {
		if err := edge.DecodeJSON(r, &q); err != nil {
			return err
		}
	}
	n, err := motionNumber(r)
	if err != nil {
		return err
	}
	if err := s.CheckClose(r, n); err != nil {
		return err
	}
	if _, err := s.Svc.DecideMotion(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, n, q.Rationale); err != nil {
		return s.NamedError(r, n, err)
	}
	return s.writeMotion(w, r, http.StatusOK, n)
}
