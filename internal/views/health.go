package views

import (
	"context"
	"net/http"
	"slices"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/health"
	"github.com/accord-alliance/accord/internal/pulse"
)

// Instruments returns every version of the alliance's instruments (by key,
// the latest version first), storing the default instrument, accord-pulse
// version 1, the first time an alliance has none: every alliance has it
// to run its first round with.
func (s *Loader) Instruments(ctx context.Context, actor accord.Actor, allianceID string) ([]accord.Instrument, error) {
	ins, err := s.Svc.ListInstruments(ctx, allianceID)
	if err != nil || len(ins) > 0 {
		return ins, err
	}
	def := pulse.Stored(allianceID, health.DefaultInstrument())
	if err := s.Svc.CreateInstrument(ctx, actor, &def); err != nil {
		// Another request stored it first.
		if again, lerr := s.Svc.ListInstruments(ctx, allianceID); lerr == nil && len(again) > 0 {
			return again, nil
		}
		return nil, err
	}
	return []accord.Instrument{def}, nil
}

// LatestInstrument returns the latest version of the instrument with the
// key, among ins (sorted by key, the latest version first).
func LatestInstrument(ins []accord.Instrument, key string) (accord.Instrument, bool) {
	i := slices.IndexFunc(ins, func(in accord.Instrument) bool { return in.Key == key })
	if i < 0 {
		return accord.Instrument{}, false
	}
	return ins[i], true
}

// OpenRound returns the alliance's open round, if there is one.
func (s *Loader) OpenRound(ctx context.Context, allianceID string) (accord.HealthRound, bool, error) {
	rs, err := s.Svc.ListRounds(ctx, accord.HealthRoundFilter{AllianceID: allianceID, Status: accord.RoundOpen, Limit: 1})
	if err != nil || len(rs) == 0 {
		return accord.HealthRound{}, false, err
	}
	return rs[0], true, nil
}

// Questionnaire is what a member sees of the open round: the round, its
// instrument version, and whether they have answered it already.
type Questionnaire struct {
	Round      accord.HealthRound
	Instrument accord.Instrument
	Answered   bool
}

// ErrNoOpenRound answers a member who comes to answer when no round is open.
var ErrNoOpenRound = accord.Errorf(accord.ECONFLICT, "no partnership health survey is open now; you will be told when the next round opens")

// Questionnaire loads the alliance's open round for the viewer.
func (s *Loader) Questionnaire(r *http.Request) (Questionnaire, error) {
	ac := edge.AllianceOf(r)
	round, ok, err := s.OpenRound(r.Context(), ac.Alliance.ID)
	if err != nil {
		return Questionnaire{}, err
	}
	if !ok {
		return Questionnaire{}, ErrNoOpenRound
	}
	in, err := s.Svc.Instrument(r.Context(), ac.Alliance.ID, round.InstrumentID)
	if err != nil {
		return Questionnaire{}, err
	}
	answered, err := s.Svc.HasResponded(r.Context(), ac.Alliance.ID, round.ID, ac.Member.ID)
	return Questionnaire{Round: round, Instrument: in, Answered: answered}, err
}

// AnswerRound records the viewer's answer to the open round: the
// submission's round must be the open one. Nothing about the viewer but
// their membership reaches the store, which keeps it apart from the answer.
func (s *Loader) AnswerRound(r *http.Request, sub accord.HealthSubmission) error {
	ac := edge.AllianceOf(r)
	if sub.RoundID == "" {
		round, ok, err := s.OpenRound(r.Context(), ac.Alliance.ID)
		if err != nil {
			return err
		}
		if !ok {
			return ErrNoOpenRound
		}
		sub.RoundID = round.ID
	}
	return s.Svc.SubmitHealthResponse(r.Context(), ac.Alliance.ID, ac.Member.ID, sub)
}

// surveyWaits reports whether the reader has an open round still to
// answer (a survey notification's action needed).
func (st *actionState) surveyWaits() (bool, error) {
	if st.survey != nil {
		return *st.survey, nil
	}
	round, ok, err := st.s.OpenRound(st.sc.ctx, st.sc.ac.Alliance.ID)
	if err != nil {
		return false, err
	}
	waits := false
	if ok {
		answered, err := st.s.Svc.HasResponded(st.sc.ctx, st.sc.ac.Alliance.ID, round.ID, st.sc.ac.Member.ID)
		if err != nil {
			return false, err
		}
		waits = !answered
	}
	st.survey = &waits
	return waits, nil
}
