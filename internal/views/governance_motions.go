package views

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// SeatHolders returns the motion's committee and the seats held on the day
// it is voted: its meeting's day, or today for a vote by ballot.
func (s *Loader) SeatHolders(r *http.Request, m accord.Motion) (accord.Committee, []accord.Seat, error) {
	ctx := r.Context()
	c, err := s.Svc.CommitteeByKey(ctx, m.AllianceID, m.CommitteeKey)
	if err != nil {
		return c, nil, err
	}
	day := accord.Day(s.Now())
	if m.MeetingID != "" {
		g, err := s.Svc.Meeting(ctx, m.AllianceID, m.MeetingID)
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

// BallotError makes the store's refusal of a ballot readable: names for
// member ids, and the request field at fault.
func (s *Loader) BallotError(r *http.Request, n int, forMemberID string, err error) error {
	err = s.NamedError(r, n, err)
	if accord.ErrorCode(err) != accord.EINVALID || accord.ErrorField(err) != "vote" {
		return err
	}
	if forMemberID != "" {
		return accord.FieldError("for_member_id", "%s", accord.ErrorMessage(err))
	}
	return accord.Errorf(accord.EINVALID, "%s", accord.ErrorMessage(err))
}

// NamedError puts seat-holders' names for the member ids in the voting
// engine's refusals of motion n (invalid ballots, undecidable motions).
func (s *Loader) NamedError(r *http.Request, n int, err error) error {
	code := accord.ErrorCode(err)
	if code != accord.EINVALID && code != accord.ECONFLICT {
		return err
	}
	m, merr := s.Svc.Motion(r.Context(), edge.AllianceOf(r).Alliance.ID, n)
	if merr != nil {
		return err
	}
	_, held, herr := s.SeatHolders(r, m)
	if herr != nil {
		return err
	}
	return &accord.Error{Code: code, Field: accord.ErrorField(err), Message: withNames(accord.ErrorMessage(err), held), Err: err}
}
