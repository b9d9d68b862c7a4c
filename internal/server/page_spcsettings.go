package server

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
)

// spcSettingsSubmit changes how the alliance reads its charts and
// re-reads every KPI, so the signals follow at once.
func (s *Server) spcSettingsSubmit(w http.ResponseWriter, r *http.Request) {
	ac := allianceOf(r)
	back := "/a/" + ac.alliance.Slug + "/charter/edit"
	baseline, err := formInt(r, "baseline")
	if err != nil {
		s.failBack(w, r, back+"#spc", err)
		return
	}
	set := accord.SPCSettings{RunRules: r.PostFormValue("run_rules"), ControlRules: r.PostFormValue("control_rules"), Baseline: baseline}
	if _, err := s.setSPCSettings(r, set); err != nil {
		s.failBack(w, r, back+"#spc", err)
		return
	}
	flash(w, "Saved: every KPI's charts and signals are read with these rules now.")
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// setSPCSettings saves the settings and re-evaluates the signals.
func (s *Server) setSPCSettings(r *http.Request, set accord.SPCSettings) (accord.SPCSettings, error) {
	ac := allianceOf(r)
	saved, err := s.svc.SetSPCSettings(r.Context(), sessionOf(r).actor, ac.alliance.ID, set)
	if err != nil {
		return saved, err
	}
	_, err = s.svc.EvaluateSignals(r.Context(), sessionOf(r).actor, ac.alliance.ID, nil)
	return saved, err
}

func (s *Server) apiSPCSettings(w http.ResponseWriter, r *http.Request) {
	set, err := s.svc.SPCSettings(r.Context(), allianceOf(r).alliance.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, set)
}

func (s *Server) apiSPCSettingsUpdate(w http.ResponseWriter, r *http.Request) {
	var set accord.SPCSettings
	if err := decodeJSON(r, &set); err != nil {
		s.fail(w, r, err)
		return
	}
	saved, err := s.setSPCSettings(r, set)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, saved)
}
