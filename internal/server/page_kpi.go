package server

import (
	"encoding/csv"
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/scorecard"
)

type kpiView struct {
	KPI         accord.KPI
	Charts      kpiCharts
	Targets     []accord.Target
	Approvals   []accord.Approval
	Annotations []accord.Annotation
	Rows        []obsRow
	AsOf        string
	CanApprove  bool
	CanSubmit   bool
	CanPropose  bool
	Unit        string
	Direction   string
	Segments    []string
	Fresh       scorecard.Freshness
	Late        string
	Body        template.HTML
}

// obsRow is one line of the observation table: the figure shown and the
// earlier revisions it replaced.
type obsRow struct {
	Obs     accord.Observation
	Period  string
	Figure  string
	Earlier []string
}

func (s *Server) kpiPage(w http.ResponseWriter, r *http.Request) {
	ac, ctx := allianceOf(r), r.Context()
	k, err := s.svc.KPIByKey(ctx, ac.alliance.ID, r.PathValue("key"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := kpiView{KPI: k, Unit: unitLabel(k.Unit), Direction: directionLabel(k.Direction), AsOf: r.URL.Query().Get("as_of")}
	if v.AsOf != "" {
		if _, err := time.Parse(time.DateOnly, v.AsOf); err != nil {
			s.fail(w, r, accord.FieldError("as_of", "must be a date (YYYY-MM-DD)"))
			return
		}
	}
	if v.Targets, err = s.svc.ListTargets(ctx, k.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Approvals, err = s.svc.Approvals(ctx, "kpi", k.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Annotations, err = s.svc.Annotations(ctx, k.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := s.kpiData(r, v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Body, v.Segments = data.body, data.segments
	scope := sessionOf(r).actor.Scope
	v.CanPropose = access.Allowed(ac.member.Roles, scope, access.ProposeKPI)
	v.CanSubmit = canSubmit(ac, scope, k) && k.Status == accord.KPIApproved && k.Formula == ""
	v.CanApprove = access.Allowed(ac.member.Roles, scope, access.ApproveKPI) && k.Status == accord.KPIProposed && !approvedBy(v.Approvals, ac.member.PartyID)
	s.render(w, r, "kpi", pageData{Title: k.Name, Nav: "scorecard", Data: v})
}

// kpiData is the cached, data-only part of a KPI page.
type kpiData struct {
	body     template.HTML
	segments []string
}

// kpiData renders the charts and observation table of a KPI once per
// version of the alliance's scorecard, day and as-of date.
func (s *Server) kpiData(r *http.Request, v kpiView) (kpiData, error) {
	ac, ctx, k := allianceOf(r), r.Context(), v.KPI
	version, err := s.svc.ScorecardVersion(ctx, ac.alliance.ID)
	if err != nil {
		return kpiData{}, err
	}
	key := strings.Join([]string{"kpi", ac.alliance.ID, k.ID, strconv.FormatInt(version, 10), s.now().UTC().Format(time.DateOnly), v.AsOf}, "\x00")
	if d, ok := s.frags.get(key); ok {
		return d.(kpiData), nil
	}
	var asOf *time.Time
	if v.AsOf != "" {
		t, _ := time.Parse(time.DateOnly, v.AsOf)
		end := t.AddDate(0, 0, 1) // as of the end of that day
		asOf = &end
	}
	obs, err := s.svc.Observations(ctx, k.ID, asOf, false)
	if err != nil {
		return kpiData{}, err
	}
	hist, err := s.svc.Observations(ctx, k.ID, nil, true)
	if err != nil {
		return kpiData{}, err
	}
	if k.Formula == "" {
		v.Charts = buildCharts(k, obs, v.Targets, v.Annotations)
	} else {
		v.Charts = s.derivedCharts(r, k, v.Targets, v.Annotations)
	}
	var d kpiData
	v.Rows, d.segments = observationRows(k, obs, hist)
	if k.Formula == "" && k.Status == accord.KPIApproved {
		var latest time.Time
		for _, o := range obs {
			if o.Period.After(latest) {
				latest = o.Period
			}
		}
		v.Fresh = scorecard.Due(k, latest, s.now().UTC())
		if v.Fresh.Late {
			v.Late = lateText(k, v.Fresh)
		}
	}
	if d.body, err = s.fragment("kpi", "kpi_data", pageData{Alliance: &ac.alliance, Data: v}); err != nil {
		return kpiData{}, err
	}
	s.frags.put(key, d)
	return d, nil
}

// derivedCharts draws a derived KPI from the alliance series of its inputs.
func (s *Server) derivedCharts(r *http.Request, k accord.KPI, targets []accord.Target, notes []accord.Annotation) kpiCharts {
	ac := allianceOf(r)
	kpis, _ := s.svc.ListKPIs(r.Context(), ac.alliance.ID, accord.KPIFilter{Status: accord.KPIApproved})
	totals, _ := s.svc.PeriodTotals(r.Context(), ac.alliance.ID, time.Time{}, "")
	series := seriesFor(append(kpis, k), totals)
	var obs []accord.Observation
	for _, p := range series[k.Key] {
		if p.OK {
			d := accord.Decimal(p.Value * accord.DecimalScale)
			obs = append(obs, accord.Observation{KPIID: k.ID, Period: p.Period, Value: &d})
		}
	}
	plain := k
	plain.IsRatio, plain.Formula = false, ""
	return buildCharts(plain, obs, targets, notes)
}

func approvedBy(apps []accord.Approval, partyID string) bool {
	for _, a := range apps {
		if a.PartyID == partyID {
			return true
		}
	}
	return false
}

// observationRows lists the shown observations, newest period first, each
// with the revisions it replaced.
func observationRows(k accord.KPI, obs, hist []accord.Observation) ([]obsRow, []string) {
	earlier := map[accord.ObservationKey][]accord.Observation{}
	for _, o := range hist {
		if o.SupersededAt != nil {
			earlier[o.Key()] = append(earlier[o.Key()], o)
		}
	}
	segs := map[string]bool{}
	rows := make([]obsRow, 0, len(obs))
	for _, o := range obs {
		segs[o.Segment] = true
		row := obsRow{Obs: o, Period: k.Frequency.FormatPeriod(o.Period), Figure: figureText(k, o)}
		for _, e := range earlier[o.Key()] {
			if e.Revision < o.Revision {
				row.Earlier = append(row.Earlier, "rev "+strconv.Itoa(e.Revision)+": "+figureText(k, e)+" ("+e.RecordedAt.Format("2 Jan 2006")+", "+e.SubmittedBy+")")
			}
		}
		rows = append(rows, row)
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Obs.Period.After(rows[j].Obs.Period) })
	var names []string
	for s := range segs {
		names = append(names, s)
	}
	sort.Strings(names)
	return rows, names
}

func figureText(k accord.KPI, o accord.Observation) string {
	v, ok := o.Figure(k.Scale)
	if !ok {
		return "—"
	}
	s := formatValue(k, v)
	if o.Numerator != nil && o.Denominator != nil {
		s += " (" + o.Numerator.String() + " / " + o.Denominator.String() + ")"
	}
	return s
}

// kpiExport writes the KPI's current observations as CSV, in the same
// columns the import reads, so a file can go round trip.
func (s *Server) kpiExport(w http.ResponseWriter, r *http.Request) {
	ac := allianceOf(r)
	k, err := s.svc.KPIByKey(r.Context(), ac.alliance.ID, r.PathValue("key"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	obs, err := s.svc.Observations(r.Context(), k.ID, nil, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+k.Key+`.csv"`)
	cw := csv.NewWriter(w)
	cw.Write([]string{"kpi", "period", "segment", "value", "numerator", "denominator", "revision", "recorded_at", "submitted_by"})
	str := func(d *accord.Decimal) string {
		if d == nil {
			return ""
		}
		return d.String()
	}
	for _, o := range obs {
		cw.Write([]string{k.Key, k.Frequency.FormatPeriod(o.Period), o.Segment, str(o.Value), str(o.Numerator), str(o.Denominator),
			strconv.Itoa(o.Revision), o.RecordedAt.UTC().Format(time.RFC3339), o.SubmittedBy})
	}
	cw.Flush()
}
