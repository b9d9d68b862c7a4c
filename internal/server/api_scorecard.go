package server

import (
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
)

// apiTile is one KPI of the scorecard in the API.
type apiTile struct {
	Key         string `json:"key"`
	Name        string `json:"name"`
	Category    string `json:"category"`
	Value       string `json:"value"`
	Period      string `json:"period,omitempty"`
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

func (s *Server) apiScorecard(w http.ResponseWriter, r *http.Request) {
	if err := textParams(r, "segment"); err != nil {
		s.fail(w, r, err)
		return
	}
	ac := allianceOf(r)
	asOf, err := asOfEnd(r.URL.Query().Get("as_of"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	kpis, err := s.svc.ListKPIs(r.Context(), ac.alliance.ID, accord.KPIFilter{Status: accord.KPIApproved})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sh, err := s.sharingFor(r, kpis)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cats, err := s.buildTiles(r.Context(), ac.alliance.ID, kpis, r.URL.Query().Get("segment"), asOf, sh)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []apiTile{}
	for _, c := range cats {
		for _, t := range c.Tiles {
			at := apiTile{Key: t.KPI.Key, Name: t.KPI.Name, Category: string(t.KPI.Category), Value: t.Value, Period: t.Period, Target: t.Target,
				Status: string(t.Status), Late: t.Late != "", LateNote: t.Late, Shared: sh.shared(t.KPI), SharingNote: t.SharingNote}
			if at.Status == "" {
				at.Status = "none"
			}
			if !t.Updated.IsZero() {
				at.LastUpdated = t.Updated.UTC().Format(time.RFC3339)
			}
			out = append(out, at)
		}
	}
	writeJSON(w, http.StatusOK, listOf(out))
}

// textParams refuses query parameters that are not storable text, the
// same on both databases.
func textParams(r *http.Request, names ...string) error {
	for _, n := range names {
		if !storable(r.URL.Query().Get(n)) {
			return accord.FieldError(n, "is not valid text")
		}
	}
	return nil
}

func (s *Server) apiKPIs(w http.ResponseWriter, r *http.Request) {
	if err := textParams(r, "status", "category"); err != nil {
		s.fail(w, r, err)
		return
	}
	f := accord.KPIFilter{Status: r.URL.Query().Get("status"), Category: accord.Category(r.URL.Query().Get("category"))}
	ks, err := s.svc.ListKPIs(r.Context(), allianceOf(r).alliance.ID, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(ks))
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

func (s *Server) apiKPICreate(w http.ResponseWriter, r *http.Request) {
	var req kpiRequest
	if err := decodeJSON(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	k := accord.KPI{Key: req.Key, Name: req.Name, Category: req.Category, Unit: req.Unit, Direction: req.Direction, Frequency: req.Frequency,
		OwnerPartyID: req.OwnerPartyID, Numerator: req.Numerator, Denominator: req.Denominator, Exclusions: req.Exclusions,
		SourceSystem: req.SourceSystem, Description: req.Description, IsRatio: req.IsRatio, Scale: req.Scale, Formula: req.Formula,
		MeasureURL: req.MeasureURL, SegmentBy: req.SegmentBy, GraceDays: 30}
	if req.GraceDays != nil {
		k.GraceDays = *req.GraceDays
	}
	ac := allianceOf(r)
	k.AllianceID = ac.alliance.ID
	if k.OwnerPartyID == "" {
		k.OwnerPartyID = ac.member.PartyID
	}
	if err := s.svc.ProposeKPI(r.Context(), sessionOf(r).actor, ac.member.PartyID, &k); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, k)
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

func (s *Server) apiKPI(w http.ResponseWriter, r *http.Request) {
	k, err := s.svc.KPIByKey(r.Context(), allianceOf(r).alliance.ID, r.PathValue("key"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sh, err := s.sharingFor(r, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := apiKPIDetail{KPI: k, Shared: sh.shared(k), SharingNote: sh.note(k)}
	if d.Approvals, err = s.svc.Approvals(r.Context(), "kpi", k.ID); err == nil {
		d.Targets, err = s.svc.ListTargets(r.Context(), k.ID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Approvals == nil {
		d.Approvals = []accord.Approval{}
	}
	if d.Targets == nil {
		d.Targets = []accord.Target{}
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *Server) apiApprove(w http.ResponseWriter, r *http.Request, subjectType, subjectID string) {
	ac := allianceOf(r)
	status, err := s.svc.Approve(r.Context(), sessionOf(r).actor, ac.alliance.ID, subjectType, subjectID, ac.member.PartyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": status})
}

func (s *Server) apiKPIApprove(w http.ResponseWriter, r *http.Request) {
	k, err := s.svc.KPIByKey(r.Context(), allianceOf(r).alliance.ID, r.PathValue("key"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.apiApprove(w, r, "kpi", k.ID)
}

func (s *Server) apiTargetApprove(w http.ResponseWriter, r *http.Request) {
	s.apiApprove(w, r, "target", r.PathValue("id"))
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

func (s *Server) apiTargets(w http.ResponseWriter, r *http.Request) {
	k, err := s.svc.KPIByKey(r.Context(), allianceOf(r).alliance.ID, r.PathValue("key"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ts, err := s.svc.ListTargets(r.Context(), k.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(ts))
}

func (s *Server) apiTargetCreate(w http.ResponseWriter, r *http.Request) {
	ac := allianceOf(r)
	k, err := s.svc.KPIByKey(r.Context(), ac.alliance.ID, r.PathValue("key"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var req targetRequest
	if err := decodeJSON(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	from, err := k.Frequency.ParsePeriod(req.EffectiveFrom)
	if err != nil {
		s.fail(w, r, accord.FieldError("effective_from", "%s", accord.ErrorMessage(err)))
		return
	}
	if req.Amber == nil {
		s.fail(w, r, accord.FieldError("amber", "is required"))
		return
	}
	t := accord.Target{KPIID: k.ID, EffectiveAt: from, Value: req.Value, Green: req.Green, Amber: *req.Amber, Low: req.Low, High: req.High}
	if err := s.svc.ProposeTarget(r.Context(), sessionOf(r).actor, ac.alliance.ID, ac.member.PartyID, &t); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, t)
}

func (s *Server) apiObservations(w http.ResponseWriter, r *http.Request) {
	k, err := s.svc.KPIByKey(r.Context(), allianceOf(r).alliance.ID, r.PathValue("key"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	var asOf *time.Time
	if v := q.Get("as_of"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			d, derr := time.Parse("2006-01-02", v)
			if derr != nil {
				s.fail(w, r, accord.FieldError("as_of", "must be a date (YYYY-MM-DD) or an RFC 3339 time"))
				return
			}
			t = d.AddDate(0, 0, 1)
		}
		asOf = &t
	}
	obs, err := s.svc.Observations(r.Context(), k.ID, asOf, q.Get("history") == "true")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sh, err := s.sharingFor(r, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, observationList{Items: listOf(sh.observations(k, obs)).Items, Shared: sh.shared(k), SharingNote: sh.note(k)})
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
func (s *Server) apiObservationBatch(w http.ResponseWriter, r *http.Request) {
	var b observationBatch
	if err := decodeJSON(r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	if len(b.Observations) == 0 {
		s.fail(w, r, accord.FieldError("observations", "holds no rows"))
		return
	}
	rows := make([]accord.ObservationInput, len(b.Observations))
	for i, o := range b.Observations {
		rows[i] = accord.ObservationInput{KPI: strings.ToLower(o.KPI), Period: o.Period, Segment: o.Segment, Value: o.Value, Numerator: o.Numerator, Denominator: o.Denominator, Line: i + 1, Source: "api"}
	}
	ac := allianceOf(r)
	rep, err := s.svc.ImportObservations(r.Context(), sessionOf(r).actor, accord.ImportRequest{AllianceID: ac.alliance.ID, Format: "json", Filename: "request", Rows: rows, PartyID: submitterParty(ac), DryRun: b.DryRun})
	s.afterImport(r.Context(), ac.alliance.ID, rep, err)
	if err == nil {
		err = s.withholdImport(r, nil, rows, &rep)
	}
	s.writeImport(w, r, rep, err)
}

// apiImport imports a file sent as the request body: CSV, or FHIR
// MeasureReports as JSON, a Bundle or NDJSON.
func (s *Server) apiImport(w http.ResponseWriter, r *http.Request) {
	if err := textParams(r, "filename"); err != nil {
		s.fail(w, r, err)
		return
	}
	content, err := io.ReadAll(r.Body)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := filepath.Base(r.URL.Query().Get("filename"))
	if name == "." || name == "/" {
		name = "upload"
	}
	if ct := r.Header.Get("Content-Type"); name == "upload" && (strings.Contains(ct, "json")) {
		name = "upload.json"
	}
	ac := allianceOf(r)
	rep, _, _, err := s.runImport(r, ac, name, content, r.URL.Query().Get("dry_run") == "true")
	s.writeImport(w, r, rep, err)
}

func (s *Server) writeImport(w http.ResponseWriter, r *http.Request, rep accord.ImportReport, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
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
	writeJSON(w, status, rep)
}

func (s *Server) apiAnnotations(w http.ResponseWriter, r *http.Request) {
	k, err := s.svc.KPIByKey(r.Context(), allianceOf(r).alliance.ID, r.PathValue("key"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	as, err := s.svc.Annotations(r.Context(), k.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(as))
}

func (s *Server) apiAnnotationCreate(w http.ResponseWriter, r *http.Request) {
	ac := allianceOf(r)
	k, err := s.svc.KPIByKey(r.Context(), ac.alliance.ID, r.PathValue("key"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var req struct {
		Period   string `json:"period"`
		Label    string `json:"label"`
		NewPhase bool   `json:"new_phase"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := k.Frequency.ParsePeriod(req.Period)
	if err != nil {
		s.fail(w, r, accord.FieldError("period", "%s", accord.ErrorMessage(err)))
		return
	}
	a := accord.Annotation{KPIID: k.ID, Period: p, Label: req.Label, NewPhase: req.NewPhase}
	if err := s.svc.AddAnnotation(r.Context(), sessionOf(r).actor, ac.alliance.ID, &a); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, a)
}
