package ui

import (
	"net/http"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// healthRoundsView is what health_rounds.html shows an admin: the rounds,
// the latest first, and the next round the settings would schedule.
type healthRoundsView struct {
	Rounds      []accord.HealthRound
	Next        accord.HealthRound
	Instruments []accord.Instrument
	Latest      accord.Instrument
}

// healthRoundsPage lists the rounds and offers to schedule the next one.
func (s *App) healthRoundsPage(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	ins, err := s.Instruments(r.Context(), edge.SessionOf(r).Actor, ac.Alliance.ID)
	if err != nil {
		return err
	}
	rounds, err := s.Svc.ListRounds(r.Context(), accord.HealthRoundFilter{AllianceID: ac.Alliance.ID})
	if err != nil {
		return err
	}
	st, err := s.Svc.HealthSettings(r.Context(), ac.Alliance.ID)
	if err != nil {
		return err
	}
	var last time.Time
	if len(rounds) > 0 {
		last = rounds[0].OpensOn
	}
	v := healthRoundsView{Rounds: rounds, Next: st.NextRound(last, s.Now()), Instruments: ins, Latest: latestOf(ins)}
	s.render(w, r, "health_rounds", views.PageData{Title: "Health survey rounds", Nav: "health", Data: v})
	return nil
}

// healthRoundSchedule schedules a round of an instrument version.
func (s *App) healthRoundSchedule(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	back := "/a/" + ac.Alliance.Slug + "/health/rounds"
	round := accord.HealthRound{AllianceID: ac.Alliance.ID, InstrumentID: r.PostFormValue("instrument_id")}
	var err error
	if round.OpensOn, err = formDay(r, "opens_on"); err != nil {
		return backTo(back, err)
	}
	if round.ClosesOn, err = formDay(r, "closes_on"); err != nil {
		return backTo(back, err)
	}
	if err := s.Svc.ScheduleRound(r.Context(), edge.SessionOf(r).Actor, &round); err != nil {
		return backTo(back, err)
	}
	flash(w, "The round is scheduled from "+round.OpensOn.Format("2 Jan 2006")+" to "+round.ClosesOn.Format("2 Jan 2006")+". It opens on its first day, and every member is told.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// formDay reads a date (YYYY-MM-DD) of a form.
func formDay(r *http.Request, field string) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(r.PostFormValue(field)))
	if err != nil {
		return d, accord.FieldError(field, "must be a date such as 2027-01-15")
	}
	return d, nil
}

// healthRoundAction opens a scheduled round now or closes an open one.
// Each cannot be undone (an opened round has told every member; a closed
// one takes no more answers), so each needs its confirmation box.
func (s *App) healthRoundAction(w http.ResponseWriter, r *http.Request) error {
	ac, actor := edge.AllianceOf(r), edge.SessionOf(r).Actor
	back := "/a/" + ac.Alliance.Slug + "/health/rounds"
	id := r.PathValue("id")
	var err error
	var done string
	switch r.PathValue("action") {
	case "open":
		if !confirmed(r) {
			return backTo(back, errNotConfirmed("open the round now and tell every member"))
		}
		_, err = s.Svc.OpenRound(r.Context(), actor, ac.Alliance.ID, id)
		done = "The round is open. Every member is told, in their inbox and by e-mail."
	case "close":
		if !confirmed(r) {
			return backTo(back, errNotConfirmed("close the round now"))
		}
		_, err = s.Svc.CloseRound(r.Context(), actor, ac.Alliance.ID, id)
		done = "The round is closed; its results are on the health page."
	default:
		return edge.ErrNotFound
	}
	if err != nil {
		return backTo(back, err)
	}
	flash(w, done)
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
