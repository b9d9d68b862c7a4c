package api

import (
	"net/http"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// apiHealthSettings answers how the alliance runs its surveys.
func (s *API) apiHealthSettings(w http.ResponseWriter, r *http.Request) error {
	st, err := s.Svc.HealthSettings(r.Context(), edge.AllianceOf(r).Alliance.ID)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, st)
	return nil
}

// apiHealthSettingsUpdate replaces the settings.
func (s *API) apiHealthSettingsUpdate(w http.ResponseWriter, r *http.Request) error {
	var st accord.HealthSettings
	if err := edge.DecodeJSON(r, &st); err != nil {
		return err
	}
	if st.ReminderDays == nil {
		st.ReminderDays = []int{}
	}
	saved, err := s.Svc.SetHealthSettings(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, st)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, saved)
	return nil
}

// apiHealthInstruments lists every version of the alliance's instruments,
// the default one stored the first time.
func (s *API) apiHealthInstruments(w http.ResponseWriter, r *http.Request) error {
	ins, err := s.Instruments(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, listOf(ins))
	return nil
}

// apiHealthInstrumentAdd makes the next version of an instrument with a
// statement added.
func (s *API) apiHealthInstrumentAdd(w http.ResponseWriter, r *http.Request) error {
	var add views.HealthAddition
	if err := edge.DecodeJSON(r, &add); err != nil {
		return err
	}
	in, err := s.AddToInstrument(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, add)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, in)
	return nil
}

// apiHealthRounds lists the alliance's rounds, the latest first.
func (s *API) apiHealthRounds(w http.ResponseWriter, r *http.Request) error {
	f := accord.HealthRoundFilter{AllianceID: edge.AllianceOf(r).Alliance.ID, Status: r.URL.Query().Get("status")}
	rounds, err := s.Svc.ListRounds(r.Context(), f)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, listOf(rounds))
	return nil
}

// roundRequest schedules a round: its days as dates, and reminder days
// after opening (absent: the settings').
type roundRequest struct {
	InstrumentID string `json:"instrument_id"`
	OpensOn      string `json:"opens_on"`
	ClosesOn     string `json:"closes_on"`
	ReminderDays []int  `json:"reminder_days"`
}

// apiHealthRoundSchedule schedules a round.
func (s *API) apiHealthRoundSchedule(w http.ResponseWriter, r *http.Request) error {
	var req roundRequest
	if err := edge.DecodeJSON(r, &req); err != nil {
		return err
	}
	round := accord.HealthRound{AllianceID: edge.AllianceOf(r).Alliance.ID, InstrumentID: req.InstrumentID, ReminderDays: req.ReminderDays}
	var err error
	if round.OpensOn, err = time.Parse(time.DateOnly, req.OpensOn); err != nil {
		return accord.FieldError("opens_on", "must be a date such as 2027-01-15")
	}
	if round.ClosesOn, err = time.Parse(time.DateOnly, req.ClosesOn); err != nil {
		return accord.FieldError("closes_on", "must be a date such as 2027-01-28")
	}
	if err := s.Svc.ScheduleRound(r.Context(), edge.SessionOf(r).Actor, &round); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, round)
	return nil
}

// apiHealthRoundOpen opens a scheduled round now.
func (s *API) apiHealthRoundOpen(w http.ResponseWriter, r *http.Request) error {
	round, err := s.Svc.OpenRound(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, round)
	return nil
}

// apiHealthRoundClose closes an open round now.
func (s *API) apiHealthRoundClose(w http.ResponseWriter, r *http.Request) error {
	round, err := s.Svc.CloseRound(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, round)
	return nil
}

// questionnaire is the open round as a member answers it; with no round
// open, only open: false.
type questionnaire struct {
	Open       bool                `json:"open"`
	Round      *accord.HealthRound `json:"round,omitempty"`
	Instrument *accord.Instrument  `json:"instrument,omitempty"`
	Answered   bool                `json:"answered"`
}

// apiHealthQuestionnaire answers the open round's questionnaire and
// whether the caller has answered it. Never logged (edge).
func (s *API) apiHealthQuestionnaire(w http.ResponseWriter, r *http.Request) error {
	q, err := s.Questionnaire(r)
	if err == views.ErrNoOpenRound {
		edge.WriteJSON(w, http.StatusOK, questionnaire{})
		return nil
	}
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, questionnaire{Open: true, Round: &q.Round, Instrument: &q.Instrument, Answered: q.Answered})
	return nil
}

// answerReceipt says an answer was recorded, and what is kept of it.
type answerReceipt struct {
	Recorded bool   `json:"recorded"`
	Kept     string `json:"kept"`
}

// answerKept is what accord keeps of an answer, in words.
const answerKept = "That you answered this round (for reminders and one answer per person), and apart from it, under a random id, " +
	"what was answered with your party and one role; no name, account, session, address or time. Nothing joins the two."

// apiHealthAnswer records the caller's answer to the open round. Never
// logged, and the token's last use is not noted (edge).
func (s *API) apiHealthAnswer(w http.ResponseWriter, r *http.Request) error {
	var sub accord.HealthSubmission
	if err := edge.DecodeJSON(r, &sub); err != nil {
		return err
	}
	if err := s.AnswerRound(r, sub); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, answerReceipt{Recorded: true, Kept: answerKept})
	return nil
}
