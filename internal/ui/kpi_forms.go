package ui

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/views"
)

// kpiForm is the propose-a-KPI form as typed.
type kpiForm struct {
	Key, Name, Category, Unit, Direction, Frequency, Owner, Numerator, Denominator string
	Exclusions, Source, Description, Ratio, Formula, MeasureURL, SegmentBy, Grace  string
}

func (f kpiForm) kpi(allianceID string) (accord.KPI, error) {
	k := accord.KPI{AllianceID: allianceID, Key: f.Key, Name: f.Name, Category: accord.Category(f.Category), Unit: accord.Unit(f.Unit),
		Direction: accord.Direction(f.Direction), Frequency: accord.Frequency(f.Frequency), OwnerPartyID: f.Owner,
		Numerator: f.Numerator, Denominator: f.Denominator, Exclusions: f.Exclusions, SourceSystem: f.Source, Description: f.Description,
		IsRatio: f.Ratio == "on", Formula: strings.TrimSpace(f.Formula), MeasureURL: strings.TrimSpace(f.MeasureURL), SegmentBy: f.SegmentBy, GraceDays: 30}
	if f.Grace != "" {
		g, err := strconv.Atoi(f.Grace)
		if err != nil {
			return k, accord.FieldError("grace_days", "must be a whole number of days")
		}
		k.GraceDays = g
	}
	if k.Key == "" {
		k.Key = accord.Slugify(k.Name)
	}
	return k, nil
}

func (s *App) kpiNewPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderKPIForm(w, r, kpiForm{Frequency: "monthly", Direction: "higher_is_better", Owner: edge.AllianceOf(r).Member.PartyID, Grace: "30"}, nil)
}

func (s *App) renderKPIForm(w http.ResponseWriter, r *http.Request, f kpiForm, err error) error {
	parties, perr := s.Svc.ListParties(r.Context(), edge.AllianceOf(r).Alliance.ID)
	if perr != nil {
		return perr
	}
	d := views.PageData{Title: "Propose a KPI", Nav: "scorecard", Data: map[string]any{"Form": f, "Parties": parties, "Units": accord.AllUnits()}}
	if err != nil {
		w.WriteHeader(edge.StatusOf(accord.ErrorCode(err)))
		d.Error, d.Field = accord.ErrorMessage(err), accord.ErrorField(err)
	}
	s.render(w, r, "kpi_new", d)
	return nil
}

func (s *App) kpiCreate(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	v := r.PostFormValue
	f := kpiForm{Key: v("key"), Name: v("name"), Category: v("category"), Unit: v("unit"), Direction: v("direction"), Frequency: v("frequency"),
		Owner: v("owner_party_id"), Numerator: v("numerator"), Denominator: v("denominator"), Exclusions: v("exclusions"), Source: v("source_system"),
		Description: v("description"), Ratio: v("is_ratio"), Formula: v("formula"), MeasureURL: v("measure_url"), SegmentBy: v("segment_by"), Grace: v("grace_days")}
	k, err := f.kpi(ac.Alliance.ID)
	if err == nil {
		err = s.Svc.ProposeKPI(r.Context(), edge.SessionOf(r).Actor, ac.Member.PartyID, &k)
	}
	if err != nil {
		if accord.ErrorCode(err) == accord.EINTERNAL {
			return err
		}
		return s.renderKPIForm(w, r, f, err)
	}
	msg := "Proposed. It becomes official when every other party has approved it."
	if k.Status == accord.KPIApproved {
		msg = "The KPI is official: your party is the alliance's only party."
	}
	flash(w, msg)
	http.Redirect(w, r, "/a/"+ac.Alliance.Slug+"/kpis/"+k.Key, http.StatusSeeOther)
	return nil
}

// kpiFor loads the KPI named in the path for a form handler.
func (s *App) kpiFor(r *http.Request) (accord.KPI, string, error) {
	ac := edge.AllianceOf(r)
	k, err := s.Svc.KPIByKey(r.Context(), ac.Alliance.ID, r.PathValue("key"))
	if err != nil {
		return k, "", err
	}
	return k, "/a/" + ac.Alliance.Slug + "/kpis/" + k.Key, nil
}

func decimalField(field, s string, required bool) (*number.Decimal, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			return nil, accord.FieldError(field, "is required")
		}
		return nil, nil
	}
	d, err := number.ParseDecimal(s)
	if err != nil {
		return nil, accord.FieldError(field, "%v", err)
	}
	return &d, nil
}

func (s *App) targetCreate(w http.ResponseWriter, r *http.Request) error {
	k, back, err := s.kpiFor(r)
	if err != nil {
		return err
	}
	ac := edge.AllianceOf(r)
	t, err := targetFromForm(k, r)
	if err == nil {
		err = s.Svc.ProposeTarget(r.Context(), edge.SessionOf(r).Actor, ac.Alliance.ID, ac.Member.PartyID, &t)
	}
	if err != nil {
		return backTo(back+"#targets", err)
	}
	flash(w, "Target proposed from "+k.Frequency.FormatPeriod(t.EffectiveAt)+". It applies once every party has approved it.")
	http.Redirect(w, r, back+"#targets", http.StatusSeeOther)
	return nil
}

func targetFromForm(k accord.KPI, r *http.Request) (accord.Target, error) {
	t := accord.Target{KPIID: k.ID}
	from, err := k.Frequency.ParsePeriod(r.PostFormValue("effective_from"))
	if err != nil {
		return t, accord.FieldError("effective_from", "%s", accord.ErrorMessage(err))
	}
	t.EffectiveAt = from
	inRange := k.Direction == accord.InRange
	fields := []struct {
		name string
		dst  *number.Decimal
		req  bool
	}{{"value", &t.Value, !inRange}, {"green", &t.Green, !inRange}, {"amber", &t.Amber, true}}
	for _, f := range fields {
		d, err := decimalField(f.name, r.PostFormValue(f.name), f.req)
		if err != nil {
			return t, err
		}
		if d != nil {
			*f.dst = *d
		}
	}
	if t.Low, err = decimalField("low", r.PostFormValue("low"), inRange); err != nil {
		return t, err
	}
	if t.High, err = decimalField("high", r.PostFormValue("high"), inRange); err != nil {
		return t, err
	}
	if inRange && t.Low != nil && t.High != nil {
		t.Value, t.Green = (*t.Low+*t.High)/2, *t.Low
	}
	return t, nil
}

func (s *App) annotationCreate(w http.ResponseWriter, r *http.Request) error {
	k, back, err := s.kpiFor(r)
	if err != nil {
		return err
	}
	period, err := k.Frequency.ParsePeriod(r.PostFormValue("period"))
	if err != nil {
		return backTo(back+"#annotations", accord.FieldError("period", "%s", accord.ErrorMessage(err)))
	}
	a := accord.Annotation{KPIID: k.ID, Period: period, Label: r.PostFormValue("label"), NewPhase: r.PostFormValue("new_phase") != ""}
	if err := s.Svc.AddAnnotation(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, &a); err != nil {
		return backTo(back+"#annotations", err)
	}
	flash(w, "Annotation added to the charts.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// observationSubmit adds or corrects one figure through the same import
// path as files, so the same checks and revision rules apply.
func (s *App) observationSubmit(w http.ResponseWriter, r *http.Request) error {
	k, back, err := s.kpiFor(r)
	if err != nil {
		return err
	}
	ac := edge.AllianceOf(r)
	if !canSubmit(ac, edge.SessionOf(r).Actor.Scope, k) {
		return accord.Errorf(accord.EFORBIDDEN, "only the people of %s (or an alliance admin) submit this KPI's data", k.OwnerName)
	}
	in := accord.ObservationInput{KPI: k.Key, Period: r.PostFormValue("period"), Segment: r.PostFormValue("segment"), Line: 1, Source: "form"}
	if in.Value, err = decimalField("value", r.PostFormValue("value"), false); err == nil {
		if in.Numerator, err = decimalField("numerator", r.PostFormValue("numerator"), false); err == nil {
			in.Denominator, err = decimalField("denominator", r.PostFormValue("denominator"), false)
		}
	}
	if err != nil {
		return backTo(back+"#submit", err)
	}
	rep, err := s.Svc.ImportObservations(r.Context(), edge.SessionOf(r).Actor, accord.ImportRequest{AllianceID: ac.Alliance.ID, Format: "form", Filename: "form", Rows: []accord.ObservationInput{in}})
	s.AfterImport(r.Context(), ac.Alliance.ID, rep, err)
	if err == nil {
		err = s.WithholdImport(r, nil, []accord.ObservationInput{in}, &rep)
	}
	if err != nil {
		return err
	}
	if len(rep.Errors) > 0 {
		e := rep.Errors[0]
		return backTo(back+"#submit", accord.FieldError(e.Field, "%s", e.Message))
	}
	flash(w, submitMessage(rep))
	http.Redirect(w, r, back+"#observations", http.StatusSeeOther)
	return nil
}

// submitMessage says what a figure typed on a KPI page did, as far as the
// submitter's party may see.
func submitMessage(rep accord.ImportReport) string {
	switch {
	case rep.Withheld > 0:
		return "Submitted. The figures of this period are not shared with your party, so whether it was new or a correction is not shown."
	case rep.Revised > 0:
		return "Corrected: the new figure is a new revision; the earlier one stays in the history."
	case rep.New > 0:
		return "Recorded."
	}
	return "Nothing changed: that is already the current figure."
}
