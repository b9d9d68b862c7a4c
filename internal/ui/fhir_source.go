package ui

import (
	"net/http"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// fhirSourceView is what fhir_source.html shows: the settings, whether
// any were saved, and the last run's message in lines.
type fhirSourceView struct {
	Source       accord.FHIRSource
	Saved        bool
	MessageLines []string
}

// fhirSourcePage shows the alliance's FHIR server source and its last run.
func (s *App) fhirSourcePage(w http.ResponseWriter, r *http.Request) error {
	src, saved, err := s.FHIRSource(r)
	if err != nil {
		return err
	}
	v := fhirSourceView{Source: src, Saved: saved}
	if run := src.LastRun; run != nil && run.Message != "" {
		v.MessageLines = strings.Split(run.Message, "\n")
	}
	s.render(w, r, "fhir_source", views.PageData{Title: "FHIR server", Nav: "scorecard", Data: v})
	return nil
}

// fhirSourceSubmit saves the settings; the next scheduled tick fetches
// the source when it is enabled and due.
func (s *App) fhirSourceSubmit(w http.ResponseWriter, r *http.Request) error {
	back := "/a/" + edge.AllianceOf(r).Alliance.Slug + "/fhir-source"
	hours, err := formInt(r, "every_hours")
	if err != nil {
		return backTo(back, err)
	}
	src := accord.FHIRSource{BaseURL: strings.TrimSpace(r.PostFormValue("base_url")), TokenFile: strings.TrimSpace(r.PostFormValue("token_file")),
		EveryHours: hours, Enabled: r.PostFormValue("enabled") != "", Pending: r.PostFormValue("pending") != ""}
	saved, err := s.SetFHIRSource(r, src)
	if err != nil {
		return backTo(back, err)
	}
	if saved.Enabled {
		flash(w, "Saved: accord fetches this FHIR server's MeasureReports on its schedule.")
	} else {
		flash(w, "Saved. The scheduled fetch is off until you enable it.")
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
