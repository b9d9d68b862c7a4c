package views

import (
	"net/http"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// notTaken is why nobody votes on a meeting motion before its meeting
// has recorded attendance; the vote cannot be closed before then either.
const notTaken = "Voting opens in the meeting, once the chair has recorded who is present."

// CloseWait says why the vote on motion m cannot be closed yet: a
// meeting motion closes in its meeting, after attendance is recorded;
// closed before, it could only end without quorum. The page hides its
// form; CheckClose refuses the page's and the API's calls alike.
func CloseWait(voteWait string) string {
	if voteWait == notTaken {
		return "The vote is closed in the meeting, once the chair has recorded who is present."
	}
	return ""
}

// VotingWait says why the viewer cannot vote on an open meeting motion
// yet, in a sentence, or "" when attendance allows their vote: the chair
// has recorded attendance, the meeting has a quorum, and the viewer is
// marked present (a ballot in person, or with a proxy, needs its caster
// present; the store refuses it otherwise). Votes taken without quorum
// would not count, so the form waits for quorum too. An asynchronous
// motion needs no attendance.
func (s *Loader) VotingWait(r *http.Request, m accord.Motion, c accord.Committee) (string, error) {
	if m.MeetingID == "" || m.Status != accord.MotionOpen {
		return "", nil
	}
	g, err := s.Svc.Meeting(r.Context(), edge.AllianceOf(r).Alliance.ID, m.MeetingID)
	if err != nil {
		return "", err
	}
	if g.Status == accord.MeetingCancelled {
		return "Its meeting was cancelled, so nobody can vote on it in that meeting.", nil
	}
	if len(g.Attendance) == 0 {
		return notTaken, nil
	}
	present, proxies := map[string]bool{}, map[string]string{}
	for _, a := range g.Attendance {
		present[a.MemberID], proxies[a.MemberID] = a.Present, a.ProxyID
	}
	if q := MeetingQuorum(c, ServingSeats(c, g.StartsAt), present, proxies); !q.Met {
		why := "Voting opens when the meeting has a quorum"
		if len(q.Reasons) > 0 {
			why += ": " + strings.TrimSuffix(strings.Join(q.Reasons, "; "), ".")
		}
		return why + ".", nil
	}
	if !present[edge.AllianceOf(r).Member.ID] {
		return "You can vote once the chair marks you present at the meeting.", nil
	}
	return "", nil
}

// CheckBallot refuses, as a conflict saying why in the words of
// VotingWait, the viewer's ballot (in person or by proxy) on open motion
// n that its meeting's attendance does not allow yet. The motion page's
// form and the votes API apply this one check.
func (s *Loader) CheckBallot(r *http.Request, n int) error {
	wait, err := s.motionWait(r, n)
	if err != nil || wait == "" {
		return err
	}
	return accord.Errorf(accord.ECONFLICT, "Motion %d: %s", n, wait)
}

// CheckClose refuses, as a conflict saying why, closing the vote on
// motion n before its meeting has recorded attendance (CloseWait). The
// motion page and the API's decide call apply this one check.
func (s *Loader) CheckClose(r *http.Request, n int) error {
	wait, err := s.motionWait(r, n)
	if err != nil {
		return err
	}
	if why := CloseWait(wait); why != "" {
		return accord.Errorf(accord.ECONFLICT, "Motion %d: %s", n, why)
	}
	return nil
}

// motionWait is VotingWait for motion n of the request's alliance.
func (s *Loader) motionWait(r *http.Request, n int) (string, error) {
	m, err := s.Svc.Motion(r.Context(), edge.AllianceOf(r).Alliance.ID, n)
	if err != nil {
		return "", err
	}
	c, err := s.Svc.CommitteeByKey(r.Context(), m.AllianceID, m.CommitteeKey)
	if err != nil {
		return "", err
	}
	return s.VotingWait(r, m, c)
}
