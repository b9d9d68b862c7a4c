package api

import (
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/ingest"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/views"
)

// apiTile is one KPI of the scorecard in the API.
type apiTile struct {
	Key         string `json:"key"`
	Name        string `json:"name"`
	Category    string `json:"category"`
	Value       string `json:"value"`
	Period      string `json:"period,omitempty"`
	Provisional bool   `json:"provisional,omitempty"`
	Target      string `json:"target,omitempty"`
	Status      string `json:"status"`
	Late        bool   `json:"late"`
	LateNote    string `json:"late_note,omitempty"`
	LastUpdated string `json:"last_updated,omitempty"`
	// Shared, present only under sharing by protocol, is false when the
	// viewer's party may see none of the KPI's figures; SharingNote says
	// why whenever some or all are withheld.
	Shared      *bool  `json:"shared,omitempty"`
	SharingNote string `json:"sharing_note,omitempty"`
}

func (s *API) apiScorecard(w http.ResponseWriter, r *http.Request) error {
	if err := views.TextParams(r, "segment"); err != nil {
		return err
	}
	ac := edge.AllianceOf(r)
	asOf, err := views.AsOfEnd(r.URL.Query().Get("as_of"))
	if err != nil {
		return err
	}
	kpis, err := s.Svc.ListKPIs(r.Context(), ac.Alliance.ID, accord.KPIFilter{Status: accord.KPIApproved})
	if err != nil {
		return err
	}
	sh, err := s.SharingFor(r, kpis)
	if err != nil {
		return err
	}
	cats, err := s.BuildTiles(r.Context(), ac.Alliance.ID, kpis, r.URL.Query().Get("segment"), asOf, sh)
	if err != nil {
		return err
	}
	out := []apiTile{}
	for _, c := range cats {
		for _, t := range c.Tiles {
			at := apiTile{Key: t.KPI.Key, Name: t.KPI.Name, Category: string(t.KPI.Category), Value: t.Value, Period: t.Period, Provisional: t.Provisional, Target: t.Target,
				Status: string(t.Status), Late: t.Late != "", LateNote: t.Late, Shared: sh.Shared(t.KPI), SharingNote: t.SharingNote}
			if at.Status == "" {
				at.Status = "none"
			}
			if !t.Updated.IsZero() {
				at.LastUpdated = t.Updated.UTC().Format(time.RFC3339)
			}
			out = append(out, at)
		}
	}
	edge.WriteJSON(w, http.StatusOK, listOf(out))
	return nil
}

func (s *API) apiKPIs(w http.ResponseWriter, r *http.Request) error {
	if err := views.TextParams(r, "status", "category"); err != nil {
		return err
	}
	f := accord.KPIFilter{Status: r.URL.Query().Get("status"), Category: accord.Category(r.URL.Query().Get("category"))}
	ks, err := s.Svc.ListKPIs(r.Context(), edge.AllianceOf(r).Alliance.ID, f)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, listOf(ks))
	return nil
}

// kpiRequest holds the fields of a KPI a proposal may set.
type kpiRequest struct {
	Key          string           `json:"key"`
	Name         string           `json:"name"`
	Category     accord.Category  `json:"category"`
	Unit         accord.Unit      `json:"unit"`
	Direction    accord.Direction `json:"direction"`
	Frequency    accord.Frequency `json:"frequency"`
	OwnerPartyID string           `json:"owner_party_id"`
	Numerator    string           `json:"numerator"`
	Denominator  string           `json:"denominator"`
	Exclusions   string           `json:"exclusions"`
	SourceSystem string           `json:"source_system"`
	Description  string           `json:"description"`
	IsRatio      bool             `json:"is_ratio"`
	Scale        int64            `json:"scale"`
	Formula      string           `json:"formula"`
	MeasureURL   string           `json:"measure_url"`
	SegmentBy    string           `json:"segment_by"`
	GraceDays    *int             `json:"grace_days"`
}

func (s *API) apiKPICreate(w http.ResponseWriter, r *http.Request) error {
	var req kpiRequest
	if err := edge.DecodeJSON(r, &req); err != nil {
		return err
	}
	k := accord.KPI{Key: req.Key, Name: req.Name, Category: req.Category, Unit: req.Unit, Direction: req.Direction, Frequency: req.Frequency,
		OwnerPartyID: req.OwnerPartyID, Numerator: req.Numerator, Denominator: req.Denominator, Exclusions: req.Exclusions,
		SourceSystem: req.SourceSystem, Description: req.Description, IsRatio: req.IsRatio, Scale: req.Scale, Formula: req.Formula,
		MeasureURL: req.MeasureURL, SegmentBy: req.SegmentBy, GraceDays: 30}
	if req.GraceDays != nil {
		k.GraceDays = *req.GraceDays
	}
	ac := edge.AllianceOf(r)
	k.AllianceID = ac.Alliance.ID
	if k.OwnerPartyID == "" {
		k.OwnerPartyID = ac.Member.PartyID
	}
	if err := s.Svc.ProposeKPI(r.Context(), edge.SessionOf(r).Actor, ac.Member.PartyID, &k); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, k)
	return nil
}

// apiKPIDetail is a KPI with its approvals and targets and, under sharing
// by protocol, whether the viewer's party may see its figures.
type apiKPIDetail struct {
	accord.KPI
	Approvals   []accord.Approval `json:"approvals"`
	Targets     []accord.Target   `json:"targets"`
	Shared      *bool             `json:"shared,omitempty"`
	SharingNote string            `json:"sharing_note,omitempty"`
}

func (s *API) apiKPI(w http.ResponseWriter, r *http.Request) error {
	k, err := s.Svc.KPIByKey(r.Context(), edge.AllianceOf(r).Alliance.ID, r.PathValue("key"))
	if err != nil {
		return err
	}
	sh, err := s.SharingFor(r, nil)
	if err != nil {
		return err
	}
	d := apiKPIDetail{KPI: k, Shared: sh.Shared(k), SharingNote: sh.Note(k)}
	if d.Approvals, err = s.Svc.Approvals(r.Context(), "kpi", k.ID); err == nil {
		d.Targets, err = s.Svc.ListTargets(r.Context(), k.ID)
	}
	if err != nil {
		return err
	}
	if d.Approvals == nil {
		d.Approvals = []accord.Approval{}
	}
	if d.Targets == nil {
		d.Targets = []accord.Target{}
	}
	edge.WriteJSON(w, http.StatusOK, d)
	return nil
}

func (s *API) apiApprove(w http.ResponseWriter, r *http.Request, subjectType, subjectID string) error {
	ac := edge.AllianceOf(r)
	status, err := s.Svc.Approve(r.Context(), edge.SessionOf(r).Actor, ac.Alliance.ID, subjectType, subjectID, ac.Member.PartyID)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, map[string]string{"status": status})
	return nil
}

func (s *API) apiKPIApprove(w http.ResponseWriter, r *http.Request) error {
	k, err := s.Svc.KPIByKey(r.Context(), edge.AllianceOf(r).Alliance.ID, r.PathValue("key"))
	if err != nil {
		return err
	}
	return s.apiApprove(w, r, "kpi", k.ID)
}

func (s *API) apiTargetApprove(w http.ResponseWriter, r *http.Request) error {
	return s.apiApprove(w, r, "target", r.PathValue("id"))
}

// targetRequest proposes a target; effective_from is a period ("2025-01").
type targetRequest struct {
	EffectiveFrom string          `json:"effective_from"`
	Value         number.Decimal  `json:"value"`
	Green         number.Decimal  `json:"green"`
	Amber         *number.Decimal `json:"amber"`
	Low           *number.Decimal `json:"low,omitempty"`
	High          *number.Decimal `json:"high,omitempty"`
}

func (s *API) apiTargets(w http.ResponseWriter, r *http.Request) error {
	k, err := s.Svc.KPIByKey(r.Context(), edge.AllianceOf(r).Alliance.ID, r.PathValue("key"))
	if err != nil {
		return err
	}
	ts, err := s.Svc.ListTargets(r.Context(), k.ID)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, listOf(ts))
	return nil
}

func (s *API) apiTargetCreate(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	k, err := s.Svc.KPIByKey(r.Context(), ac.Alliance.ID, r.PathValue("key"))
	if err != nil {
		return err
	}
	var req targetRequest
	if err := edge.DecodeJSON(r, &req); err != nil {
		return err
	}
	from, err := k.Frequency.ParsePeriod(req.EffectiveFrom)
	if err != nil {
		return accord.FieldError("effective_from", "%s", accord.ErrorMessage(err))
	}
	if req.Amber == nil {
		return accord.FieldError("amber", "is required")
	}
	t := accord.Target{KPIID: k.ID, EffectiveAt: from, Value: req.Value, Green: req.Green, Amber: *req.Amber, Low: req.Low, High: req.High}
	if err := s.Svc.ProposeTarget(r.Context(), edge.SessionOf(r).Actor, ac.Alliance.ID, ac.Member.PartyID, &t); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, t)
	return nil
}

func (s *API) apiObservations(w http.ResponseWriter, r *http.Request) error {
	k, err := s.Svc.KPIByKey(r.Context(), edge.AllianceOf(r).Alliance.ID, r.PathValue("key"))
	if err != nil {
		return err
	}
	q := r.URL.Query()
	var asOf *time.Time
	if v := q.Get("as_of"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			d, derr := time.Parse("2006-01-02", v)
			if derr != nil {
				return accord.FieldError("as_of", "must be a date (YYYY-MM-DD) or an RFC 3339 time")
			}
			t = d.AddDate(0, 0, 1)
		}
		asOf = &t
	}
	obs, err := s.Svc.Observations(r.Context(), k.ID, asOf, q.Get("history") == "true")
	if err != nil {
		return err
	}
	sh, err := s.SharingFor(r, nil)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, observationList{Items: listOf(sh.Observations(k, obs)).Items, Shared: sh.Shared(k), SharingNote: sh.Note(k)})
	return nil
}

// observationList is a KPI's observations as the viewer's party may see
// them: under sharing by protocol, those withheld are left out and the
// answer says so.
type observationList struct {
	Items       []accord.Observation `json:"items"`
	Shared      *bool                `json:"shared,omitempty"`
	SharingNote string               `json:"sharing_note,omitempty"`
}

// observationBatch is a JSON batch of observations.
type observationBatch struct {
	Observations []struct {
		KPI         string          `json:"kpi"`
		Period      string          `json:"period"`
		Segment     string          `json:"segment"`
		Value       *number.Decimal `json:"value"`
		Numerator   *number.Decimal `json:"numerator"`
		Denominator *number.Decimal `json:"denominator"`
	} `json:"observations"`
	DryRun bool `json:"dry_run"`
}

// apiObservationBatch imports a JSON batch; the line of each row is its
// 1-based position in the batch.
func (s *API) apiObservationBatch(w http.ResponseWriter, r *http.Request) error {
	var b observationBatch
	if err := edge.DecodeJSON(r, &b); err != nil {
		return err
	}
	if len(b.Observations) == 0 {
		return accord.FieldError("observations", "holds no rows")
	}
	rows := make([]accord.ObservationInput, len(b.Observations))
	for i, o := range b.Observations {
		rows[i] = accord.ObservationInput{KPI: strings.ToLower(o.KPI), Period: o.Period, Segment: o.Segment, Value: o.Value, Numerator: o.Numerator, Denominator: o.Denominator, Line: i + 1, Source: "api"}
	}
	ac := edge.AllianceOf(r)
	rep, err := s.Svc.ImportObservations(r.Context(), edge.SessionOf(r).Actor, accord.ImportRequest{AllianceID: ac.Alliance.ID, Format: "json", Filename: "request", Rows: rows, PartyID: views.SubmitterParty(ac), DryRun: b.DryRun})
	s.AfterImport(r.Context(), ac.Alliance.ID, rep, err)
	if err == nil {
		err = s.WithholdImport(r, nil, rows, &rep)
	}
	return s.writeImport(w, r, rep, err)
}

// apiImport imports a file sent as the request body: CSV, or FHIR
// MeasureReports as JSON, a Bundle or NDJSON.
func (s *API) apiImport(w http.ResponseWriter, r *http.Request) error {
	if err := views.TextParams(r, "filename"); err != nil {
		return err
	}
	content, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	name := filepath.Base(r.URL.Query().Get("filename"))
	if name == "." || name == "/" {
		name = "upload"
	}
	if ct := r.Header.Get("Content-Type"); name == "upload" && (strings.Contains(ct, "json")) {
		name = "upload.json"
	}
	ac := edge.AllianceOf(r)
	q := r.URL.Query()
	opt := ingest.Options{AllOrNothing: q.Get("all_or_nothing") == "true", AllowPending: q.Get("pending") == "true"}
	run, err := s.RunImportWith(r, ac, name, content, q.Get("dry_run") == "true", opt)
	if err != nil {
		return err
	}
	return s.writeFileImport(w, run)
}

func (s *API) writeImport(w http.ResponseWriter, r *http.Request, rep accord.ImportReport, err error) error {
	if err != nil {
		return err
	}
	if rep.Errors == nil {
		rep.Errors = []accord.RowError{}
	}
	if rep.KPIs == nil {
		rep.KPIs = []string{}
	}
	status := http.StatusOK
	switch {
	case len(rep.Errors) > 0:
		status = http.StatusUnprocessableEntity
	case rep.ImportID != "":
		status = http.StatusCreated
	}
	edge.WriteJSON(w, status, rep)
	return nil
}

func (s *API) apiAnnotations(w http.ResponseWriter, r *http.Request) error {
	k, err := s.Svc.KPIByKey(r.Context(), edge.AllianceOf(r).Alliance.ID, r.PathValue("key"))
	if err != nil {
		return err
	}
	as, err := s.Svc.Annotations(r.Context(), k.ID)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, listOf(as))
	return nil
}

func (s *API) apiAnnotationCreate(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	k, err := s.Svc.KPIByKey(r.Context(), ac.Alliance.ID, r.PathValue("key"))
	if err != nil {
		return err
	}
	var req struct {
		Period   string `json:"period"`
		Label    string `json:"label"`
		NewPhase bool   `json:"new_phase"`
	}
	if err := edge.DecodeJSON(r, &req); err != nil {
		return err
	}
	p, err := k.Frequency.ParsePeriod(req.Period)
	if err != nil {
		return accord.FieldError("period", "%s", accord.ErrorMessage(err))
	}
	a := accord.Annotation{KPIID: k.ID, Period: p, Label: req.Label, NewPhase: req.NewPhase}
	if err := s.Svc.AddAnnotation(r.Context(), edge.SessionOf(r).Actor, ac.Alliance.ID, &a); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, a)
	return nil
}
