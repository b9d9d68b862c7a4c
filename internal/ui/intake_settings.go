package ui

import (
	"fmt"
	"net/http"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// intakeSettingsView is what concern_intake.html shows to an alliance
// admin: whether the intake link is in use, the link itself once (in the
// answer that made it), or the question before replacing or turning it off.
type intakeSettingsView struct {
	Intake  *accord.ConcernIntake
	Link    string
	Confirm string // "rotate" or "disable"
	// Pace says how many concerns the link accepts, e.g. "30 an hour".
	Pace string
}

// intakeSettingsPage shows the alliance's intake link settings.
func (s *App) intakeSettingsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderIntakeSettings(w, r, intakeSettingsView{})
}

func (s *App) renderIntakeSettings(w http.ResponseWriter, r *http.Request, v intakeSettingsView) error {
	in, err := s.Svc.ConcernIntake(r.Context(), edge.AllianceOf(r).Alliance.ID)
	switch {
	case err == nil:
		v.Intake = &in
	case accord.ErrorCode(err) != accord.ENOTFOUND:
		return err
	}
	v.Pace = fmt.Sprintf("%d every %s", s.Cfg.IntakeLimit, edge.WaitFor(s.Cfg.IntakeWindow))
	if s.Cfg.IntakeWindow == time.Hour {
		v.Pace = fmt.Sprintf("%d an hour", s.Cfg.IntakeLimit)
	}
	if v.Link != "" {
		w.Header().Set("Cache-Control", "no-store")
	}
	s.render(w, r, "concern_intake", views.PageData{Title: "Intake link", Nav: "concerns", Data: v})
	return nil
}

// intakeSettingsAction turns the intake link on, replaces it or turns it
// off. Replacing or turning off a link in use stops it working, so each
// first asks (the form posts again with confirm=yes). A new link is shown
// in the answer to the post, once: only its hash is kept.
func (s *App) intakeSettingsAction(w http.ResponseWriter, r *http.Request) error {
	ac, actor := edge.AllianceOf(r), edge.SessionOf(r).Actor
	back := "/a/" + ac.Alliance.Slug + "/concerns/intake"
	confirmed := r.PostFormValue("confirm") == "yes"
	switch action := r.PostFormValue("action"); action {
	case "enable", "rotate":
		if _, err := s.Svc.ConcernIntake(r.Context(), ac.Alliance.ID); err == nil && !confirmed {
			return s.renderIntakeSettings(w, r, intakeSettingsView{Confirm: "rotate"})
		}
		token, _, err := s.Svc.EnableConcernIntake(r.Context(), actor, ac.Alliance.ID)
		if err != nil {
			return backTo(back, err)
		}
		if err := s.renderIntakeSettings(w, r, intakeSettingsView{Link: s.IntakeURL(r, token)}); err != nil {
			return err
		}
	case "disable":
		if !confirmed {
			return s.renderIntakeSettings(w, r, intakeSettingsView{Confirm: "disable"})
		}
		err := s.Svc.DisableConcernIntake(r.Context(), actor, ac.Alliance.ID)
		if accord.ErrorCode(err) == accord.ENOTFOUND {
			err = accord.Errorf(accord.ECONFLICT, "no intake link is in use, so there was nothing to turn off")
		}
		if err != nil {
			return backTo(back, err)
		}
		flash(w, "The intake link is turned off. Whoever opens it now reads that it is no longer in use.")
		http.Redirect(w, r, back, http.StatusSeeOther)
	default:
		return backTo(back, accord.FieldError("action", "must be enable, rotate or disable"))
	}
	return nil
}
