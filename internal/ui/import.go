package ui

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/fhir"
	"github.com/accord-alliance/accord/internal/ingest"
	"github.com/accord-alliance/accord/internal/views"
)

type importView struct {
	Report   *accord.ImportReport
	Filename string
	Draft    string
	Preview  []previewRow
	Keys     []accord.KPI
	Names    map[string]string // KPI key → name, for the report's links
	// Options are how the file is read (the form's check boxes), carried
	// from the check to the import.
	Options ingest.Options
	// LeftOut lists what a FHIR file read in parts left out, and FHIR is
	// what its reader saw (nil for CSV).
	LeftOut []accord.RowError
	FHIR    *fhir.Summary
	// FHIRLine says in one sentence what the FHIR reader saw.
	FHIRLine string
}

type previewRow struct {
	Line                               int
	KPI, Name, Period, Segment, Figure string
	Provisional                        bool
}

// importOptions reads the form's two check boxes.
func importOptions(r *http.Request) ingest.Options {
	return ingest.Options{AllOrNothing: r.PostFormValue("all_or_nothing") != "", AllowPending: r.PostFormValue("pending") != ""}
}

func (s *App) importPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderImport(w, r, importView{}, http.StatusOK)
}

func (s *App) renderImport(w http.ResponseWriter, r *http.Request, v importView, status int) error {
	ac := edge.AllianceOf(r)
	kpis, err := s.Svc.ListKPIs(r.Context(), ac.Alliance.ID, accord.KPIFilter{Status: accord.KPIApproved})
	if err != nil {
		return err
	}
	v.Names = map[string]string{}
	for _, k := range kpis {
		v.Names[k.Key] = k.Name
		if k.Formula == "" && canSubmit(ac, edge.SessionOf(r).Actor.Scope, k) {
			v.Keys = append(v.Keys, k)
		}
	}
	d := views.PageData{Title: "Import data", Nav: "scorecard", Data: v}
	if rep := v.Report; rep != nil && len(rep.Errors) > 0 && r.Method == http.MethodPost {
		// The upload is refused: say so as an error, next to the file
		// chosen too; the report lists each line at fault.
		d.Field, d.Error = "file", fmt.Sprintf("%s was not imported: %d %s, listed above", v.Filename, len(rep.Errors), map[bool]string{true: "row has a problem", false: "rows have problems"}[len(rep.Errors) == 1])
	}
	w.WriteHeader(status)
	s.render(w, r, "import", d)
	return nil
}

// importUpload checks an uploaded file without writing anything, keeps it
// as a draft and shows the preview with a confirm button, or the bad rows.
func (s *App) importUpload(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	file, hdr, err := r.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		return s.renderImportError(w, r, "", accord.FieldError("file", "choose a file to upload"))
	}
	defer file.Close()
	content, err := io.ReadAll(file)
	if err != nil {
		return err
	}
	name := filepath.Base(hdr.Filename)
	v, status := s.checkImport(r, name, content, false, importOptions(r))
	if v.Report != nil && len(v.Report.Errors) == 0 {
		d := accord.ImportDraft{AllianceID: ac.Alliance.ID, UserID: edge.SessionOf(r).User.ID, Filename: name, Format: ingest.Detect(name, content), Content: content}
		if err := s.Svc.SaveImportDraft(r.Context(), &d); err != nil {
			return err
		}
		v.Draft = d.ID
	}
	return s.renderImport(w, r, v, status)
}

// importConfirm imports a previewed draft.
func (s *App) importConfirm(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	d, err := s.Svc.ImportDraft(r.Context(), ac.Alliance.ID, edge.SessionOf(r).User.ID, r.PathValue("draft"))
	if err != nil {
		return err
	}
	v, status := s.checkImport(r, d.Filename, d.Content, true, importOptions(r))
	if v.Report != nil && v.Report.ImportID != "" {
		s.Svc.DeleteImportDraft(r.Context(), d.ID)
	}
	return s.renderImport(w, r, v, status)
}

// checkImport parses and checks a file, and imports it when write is set
// and every row is valid.
func (s *App) checkImport(r *http.Request, name string, content []byte, write bool, opt ingest.Options) (importView, int) {
	ac := edge.AllianceOf(r)
	v := importView{Filename: name, Options: opt}
	run, err := s.RunImportWith(r, ac, name, content, !write, opt)
	if err != nil {
		return importView{Filename: name, Options: opt, Report: &accord.ImportReport{Errors: []accord.RowError{{File: name, Line: 0, Message: accord.ErrorMessage(err)}}}}, edge.StatusOf(accord.ErrorCode(err))
	}
	rep, rows, kpis := run.Report, run.Rows, run.KPIs
	v.Report, v.LeftOut, v.FHIR, v.FHIRLine = &rep, run.LeftOut, run.FHIR, views.FHIRSummary(run.FHIR)
	if len(rep.Errors) > 0 {
		return v, http.StatusUnprocessableEntity
	}
	byKey := map[string]accord.KPI{}
	for _, k := range kpis {
		byKey[k.Key] = k
	}
	for _, in := range rows {
		if len(v.Preview) == 20 {
			break
		}
		k := byKey[in.KPI]
		v.Preview = append(v.Preview, previewRow{Line: in.Line, KPI: in.KPI, Name: k.Name, Period: in.Period, Segment: in.Segment, Figure: inputFigure(k, in), Provisional: in.Provisional})
	}
	return v, http.StatusOK
}

func (s *App) renderImportError(w http.ResponseWriter, r *http.Request, name string, err error) error {
	return s.renderImport(w, r, importView{Filename: name, Report: &accord.ImportReport{Errors: []accord.RowError{{File: name, Field: accord.ErrorField(err), Message: accord.ErrorMessage(err)}}}}, edge.StatusOf(accord.ErrorCode(err)))
}

// inputFigure shows an imported row as the KPI will: the value, or the
// rate with its numerator and denominator, so it can be checked by eye.
func inputFigure(k accord.KPI, in accord.ObservationInput) string {
	o := accord.Observation{Value: in.Value, Numerator: in.Numerator, Denominator: in.Denominator}
	if k.ID == "" {
		return inputRaw(in)
	}
	return figureText(k, o)
}

func inputRaw(in accord.ObservationInput) string {
	if in.Value != nil {
		return in.Value.String()
	}
	if in.Numerator != nil && in.Denominator != nil {
		return in.Numerator.String() + " / " + in.Denominator.String()
	}
	return ""
}
