package ui

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// spcSettingsSubmit changes how the alliance reads its charts and
// re-reads every KPI, so the signals follow at once.
func (s *App) spcSettingsSubmit(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	back := "/a/" + ac.Alliance.Slug + "/charter/edit"
	baseline, err := formInt(r, "baseline")
	if err != nil {
		return backTo(back+"#spc", err)
	}
	set := accord.SPCSettings{RunRules: r.PostFormValue("run_rules"), ControlRules: r.PostFormValue("control_rules"), Baseline: baseline}
	if _, err := s.SetSPCSettings(r, set); err != nil {
		return backTo(back+"#spc", err)
	}
	flash(w, "Saved: every KPI's charts and signals are read with these rules now.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
