package server

import (
	"fmt"
	"net/http"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
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
func (s *Server) intakeSettingsPage(w http.ResponseWriter, r *http.Request) {
	s.renderIntakeSettings(w, r, intakeSettingsView{})
}

func (s *Server) renderIntakeSettings(w http.ResponseWriter, r *http.Request, v intakeSettingsView) {
	in, err := s.svc.ConcernIntake(r.Context(), allianceOf(r).alliance.ID)
	switch {
	case err == nil:
		v.Intake = &in
	case accord.ErrorCode(err) != accord.ENOTFOUND:
		s.fail(w, r, err)
		return
	}
	v.Pace = fmt.Sprintf("%d every %s", s.cfg.IntakeLimit, waitFor(s.cfg.IntakeWindow))
	if s.cfg.IntakeWindow == time.Hour {
		v.Pace = fmt.Sprintf("%d an hour", s.cfg.IntakeLimit)
	}
	if v.Link != "" {
		w.Header().Set("Cache-Control", "no-store")
	}
	s.render(w, r, "concern_intake", pageData{Title: "Intake link", Nav: "concerns", Data: v})
}

// intakeSettingsAction turns the intake link on, replaces it or turns it
// off. Replacing or turning off a link in use stops it working, so each
// first asks (the form posts again with confirm=yes). A new link is shown
// in the answer to the post, once: only its hash is kept.
func (s *Server) intakeSettingsAction(w http.ResponseWriter, r *http.Request) {
	ac, actor := allianceOf(r), sessionOf(r).actor
	back := "/a/" + ac.alliance.Slug + "/concerns/intake"
	confirmed := r.PostFormValue("confirm") == "yes"
	switch action := r.PostFormValue("action"); action {
	case "enable", "rotate":
		if _, err := s.svc.ConcernIntake(r.Context(), ac.alliance.ID); err == nil && !confirmed {
			s.renderIntakeSettings(w, r, intakeSettingsView{Confirm: "rotate"})
			return
		}
		token, _, err := s.svc.EnableConcernIntake(r.Context(), actor, ac.alliance.ID)
		if err != nil {
			s.failBack(w, r, back, err)
			return
		}
		s.renderIntakeSettings(w, r, intakeSettingsView{Link: s.intakeURL(r, token)})
	case "disable":
		if !confirmed {
			s.renderIntakeSettings(w, r, intakeSettingsView{Confirm: "disable"})
			return
		}
		err := s.svc.DisableConcernIntake(r.Context(), actor, ac.alliance.ID)
		if accord.ErrorCode(err) == accord.ENOTFOUND {
			err = accord.Errorf(accord.ECONFLICT, "no intake link is in use, so there was nothing to turn off")
		}
		if err != nil {
			s.failBack(w, r, back, err)
			return
		}
		flash(w, "The intake link is turned off. Whoever opens it now reads that it is no longer in use.")
		http.Redirect(w, r, back, http.StatusSeeOther)
	default:
		s.failBack(w, r, back, accord.FieldError("action", "must be enable, rotate or disable"))
	}
}

// intakeURL is the address of an intake link.
func (s *Server) intakeURL(r *http.Request, token string) string {
	return s.baseURL(r) + "/intake/" + token
}

// intakeState is the API's view of an alliance's intake link; url is
// there only in the answer that made the link.
type intakeState struct {
	Enabled   bool       `json:"enabled"`
	CreatedAt *time.Time `json:"created_at,omitempty"`
	CreatedBy string     `json:"created_by,omitempty"`
	URL       string     `json:"url,omitempty"`
}

func stateOf(in accord.ConcernIntake, url string) intakeState {
	at := in.CreatedAt.UTC()
	return intakeState{Enabled: true, CreatedAt: &at, CreatedBy: in.CreatedByName, URL: url}
}

// apiIntake answers whether the alliance's intake link is in use, and
// since when and by whom; never the link.
func (s *Server) apiIntake(w http.ResponseWriter, r *http.Request) {
	in, err := s.svc.ConcernIntake(r.Context(), allianceOf(r).alliance.ID)
	switch {
	case accord.ErrorCode(err) == accord.ENOTFOUND:
		writeJSON(w, http.StatusOK, intakeState{})
	case err != nil:
		s.fail(w, r, err)
	default:
		writeJSON(w, http.StatusOK, stateOf(in, ""))
	}
}

// apiIntakeEnable makes a new intake link, replacing the one in use, and
// answers it once.
func (s *Server) apiIntakeEnable(w http.ResponseWriter, r *http.Request) {
	token, in, err := s.svc.EnableConcernIntake(r.Context(), sessionOf(r).actor, allianceOf(r).alliance.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, stateOf(in, s.intakeURL(r, token)))
}

// apiIntakeDisable turns the intake link off.
func (s *Server) apiIntakeDisable(w http.ResponseWriter, r *http.Request) {
	if err := s.svc.DisableConcernIntake(r.Context(), sessionOf(r).actor, allianceOf(r).alliance.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
