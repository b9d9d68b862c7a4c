package ui

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
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/scorecard"
	"github.com/accord-alliance/accord/internal/views"
)

type kpiView struct {
	KPI       accord.KPI
	Charts    views.KPICharts
	Targets   []accord.Target
	Approvals []accord.Approval
	// Motions put the KPI to the committee that approves the scorecard.
	Motions []accord.Motion
	// Changes are the changes proposed to its definition, newest first.
	Changes     []views.KPIChangeView
	Annotations []accord.Annotation
	Table       obsTable
	All         bool
	AsOf        string
	CanApprove  bool
	CanSubmit   bool
	CanWithdraw bool
	CanPropose  bool
	Unit        string
	Direction   string
	Segments    []string
	Fresh       scorecard.Freshness
	Late        string
	Body        template.HTML
	// Shared is false when the viewer's party may see none of the KPI's
	// figures; Sharing says why whenever some or all are withheld.
	Shared  bool
	Sharing string
}

// obsTable is the observation table: one row per period, newest first,
// one column per segment (the whole-alliance figure first).
type obsTable struct {
	Segments []string
	Rows     []obsRow
	Hidden   int // older periods left out unless all are asked for
}

// obsRow is one period of the table.
type obsRow struct {
	Period string
	Cells  []obsCell
}

// obsCell is one figure, with the revisions it replaced.
type obsCell struct {
	Figure   string
	Revision int
	Earlier  string
	Recorded string
	// Provisional marks a figure from a pending FHIR report, kept until
	// a complete one replaces it.
	Provisional bool
}

func (s *App) kpiPage(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	q := r.URL.Query()
	asOf, all := q.Get("as_of"), q.Get("all") == "1"
	if asOf != "" {
		if _, err := time.Parse(time.DateOnly, asOf); err != nil {
			return accord.FieldError("as_of", "must be a date (YYYY-MM-DD)")
		}
	}
	d, err := s.kpiData(r, r.PathValue("key"), asOf, all)
	if err != nil {
		return err
	}
	k := d.view.KPI
	v := d.view
	v.Body, v.Segments = d.body, d.segments
	scope := edge.SessionOf(r).Actor.Scope
	v.CanPropose = access.Allowed(ac.Member.Roles, scope, access.ProposeKPI)
	v.CanSubmit = canSubmit(ac, scope, k) && k.Status == accord.KPIApproved && k.Formula == ""
	v.CanWithdraw = access.Allowed(ac.Member.Roles, scope, access.WithdrawData) && k.Formula == ""
	v.CanApprove = access.Allowed(ac.Member.Roles, scope, access.ApproveKPI) && k.Status == accord.KPIProposed && !views.ApprovedBy(v.Approvals, ac.Member.PartyID)
	canApproveTargets := access.Allowed(ac.Member.Roles, scope, access.ApproveKPI)
	// The whole page body depends only on the data and on what the viewer
	// may do here, so it is cached per combination of those.
	key := d.key + "\x00" + ac.Member.PartyID + "\x00" + strconv.FormatBool(v.CanPropose) + strconv.FormatBool(v.CanSubmit) + strconv.FormatBool(v.CanWithdraw) + strconv.FormatBool(v.CanApprove) + strconv.FormatBool(canApproveTargets)
	body, ok := s.Frags.Get(key)
	if !ok {
		pd := views.PageData{Alliance: &ac.Alliance, Member: &ac.Member, Data: v,
			Allow: func(a access.Action) bool { return access.Allowed(ac.Member.Roles, scope, a) }}
		html, err := s.fragment("kpi", "kpi_page", pd)
		if err != nil {
			return err
		}
		body = pageBody(html)
		s.Frags.Put(key, body)
	}
	s.render(w, r, "kpi", views.PageData{Title: k.Name, Nav: "scorecard", Data: body})
	return nil
}

// kpiData is the cached, data-only part of a KPI page: the KPI with its
// targets, approvals and annotations, and the rendered charts and table.
type kpiData struct {
	key      string
	view     kpiView
	body     template.HTML
	segments []string
}

// kpiData loads and renders a KPI page's data once per version of the
// alliance's scorecard (every change to KPIs, targets, approvals,
// annotations or observations bumps it), day, as-of date and table length.
func (s *App) kpiData(r *http.Request, keyParam, asOfParam string, all bool) (kpiData, error) {
	ac, ctx := edge.AllianceOf(r), r.Context()
	key := strings.Join([]string{"kpi", ac.Alliance.ID, keyParam, strconv.FormatInt(ac.Alliance.ScorecardVersion, 10), s.Now().UTC().Format(time.DateOnly), asOfParam, strconv.FormatBool(all), viewerKey(ac)}, "\x00")
	if d, ok := s.Frags.Get(key); ok {
		return d.(kpiData), nil
	}
	k, err := s.Svc.KPIByKey(ctx, ac.Alliance.ID, keyParam)
	if err != nil {
		return kpiData{}, err
	}
	v := kpiView{KPI: k, Unit: views.UnitLabel(k.Unit), Direction: views.DirectionLabel(k.Direction), AsOf: asOfParam, All: all}
	if v.Targets, err = s.Svc.ListTargets(ctx, k.ID); err != nil {
		return kpiData{}, err
	}
	if v.Approvals, err = s.Svc.Approvals(ctx, "kpi", k.ID); err != nil {
		return kpiData{}, err
	}
	if v.Motions, err = s.Svc.ListMotions(ctx, accord.DecisionFilter{AllianceID: k.AllianceID, Subject: accord.SubjectKPI + ":" + k.ID}, ""); err != nil {
		return kpiData{}, err
	}
	if v.Changes, err = s.KPIChanges(ctx, k); err != nil {
		return kpiData{}, err
	}
	if v.Annotations, err = s.Svc.Annotations(ctx, k.ID); err != nil {
		return kpiData{}, err
	}
	var asOf *time.Time
	if asOfParam != "" {
		t, _ := time.Parse(time.DateOnly, asOfParam)
		end := t.AddDate(0, 0, 1) // as of the end of that day
		asOf = &end
	}
	obs, err := s.Svc.Observations(ctx, k.ID, asOf, false)
	if err != nil {
		return kpiData{}, err
	}
	hist, err := s.Svc.Observations(ctx, k.ID, nil, true)
	if err != nil {
		return kpiData{}, err
	}
	sh, err := s.SharingFor(r, nil)
	if err != nil {
		return kpiData{}, err
	}
	v.Sharing, v.Shared = sh.Note(k), sh.SeesKPI(k)
	settings, err := s.Svc.SPCSettings(ctx, ac.Alliance.ID)
	if err != nil {
		return kpiData{}, err
	}
	if k.Formula == "" {
		// The charts of the alliance series use only periods whose
		// whole-alliance figure is shared; the rest, each figure shared.
		v.Charts = views.BuildCharts(k, sh.WholePeriods(k, obs), v.Targets, v.Annotations, settings)
		obs, hist = sh.Observations(k, obs), sh.Observations(k, hist)
		v.Charts.Multiples = views.SegmentMultiples(k, obs)
	} else {
		v.Charts = s.derivedCharts(r, k, v.Targets, v.Annotations, sh, settings)
	}
	d := kpiData{key: key, view: v}
	v.Table, d.segments = observationTable(k, obs, hist, v.All)
	if k.Formula == "" && k.Status == accord.KPIApproved {
		var latest time.Time
		for _, o := range obs {
			if o.Period.After(latest) {
				latest = o.Period
			}
		}
		v.Fresh = scorecard.Due(k, latest, s.Now().UTC())
		switch {
		case !sh.SeesAll(k) && !sh.SeesPeriod(k, "", v.Fresh.Expected):
			// Whether data is due or late is the viewer's business only
			// for a period whose figures it would see.
			v.Fresh = scorecard.Freshness{}
		case v.Fresh.Late:
			v.Late = views.LateText(k, v.Fresh)
		}
	}
	if d.body, err = s.fragment("kpi", "kpi_data", views.PageData{Alliance: &ac.Alliance, Data: v}); err != nil {
		return kpiData{}, err
	}
	s.Frags.Put(key, d)
	return d, nil
}

// derivedCharts draws a derived KPI from the alliance series of its
// inputs, in the periods the viewer may see it and every input (sh).
func (s *App) derivedCharts(r *http.Request, k accord.KPI, targets []accord.Target, notes []accord.Annotation, sh views.Sharing, settings accord.SPCSettings) views.KPICharts {
	ac := edge.AllianceOf(r)
	kpis, _ := s.Svc.ListKPIs(r.Context(), ac.Alliance.ID, accord.KPIFilter{Status: accord.KPIApproved})
	totals, _ := s.Svc.PeriodTotals(r.Context(), ac.Alliance.ID, time.Time{}, "")
	kpis = append(kpis, k)
	series := views.SeriesFor(kpis, sh.Totals(kpis, totals, ""))
	var obs []accord.Observation
	for _, p := range sh.Points(k, "", series[k.Key]) {
		if p.OK {
			d := number.Decimal(p.Value * number.DecimalScale)
			obs = append(obs, accord.Observation{KPIID: k.ID, Period: p.Period, Value: &d})
		}
	}
	plain := k
	plain.IsRatio, plain.Formula = false, ""
	return views.BuildCharts(plain, obs, targets, notes, settings)
}

// tablePeriods is how many periods the observation table shows at first.
const tablePeriods = 24

// observationTable lays out the shown observations by period and segment,
// each cell with its earlier revisions.
func observationTable(k accord.KPI, obs, hist []accord.Observation, all bool) (obsTable, []string) {
	earlier := map[accord.ObservationKey][]string{}
	for _, o := range hist {
		if o.SupersededAt != nil {
			fig := figureText(k, o)
			if o.Withdrawn {
				fig = "withdrawn, " + o.Source
			}
			earlier[o.Key()] = append(earlier[o.Key()], "rev "+strconv.Itoa(o.Revision)+": "+fig+" ("+o.RecordedAt.Format("2 Jan 2006")+", "+o.SubmittedBy+")")
		}
	}
	segSet, periodSet := map[string]bool{}, map[time.Time]bool{}
	cells := map[accord.ObservationKey]accord.Observation{}
	for _, o := range obs {
		segSet[o.Segment], periodSet[o.Period] = true, true
		cells[o.Key()] = o
	}
	var t obsTable
	for s := range segSet {
		t.Segments = append(t.Segments, s)
	}
	sort.Strings(t.Segments) // "" (whole alliance) sorts first
	var periods []time.Time
	for p := range periodSet {
		periods = append(periods, p)
	}
	sort.Slice(periods, func(i, j int) bool { return periods[i].After(periods[j]) })
	if !all && len(periods) > tablePeriods {
		t.Hidden, periods = len(periods)-tablePeriods, periods[:tablePeriods]
	}
	for _, p := range periods {
		row := obsRow{Period: k.Frequency.FormatPeriod(p)}
		for _, seg := range t.Segments {
			key := accord.ObservationKey{KPIID: k.ID, Period: p, Segment: seg}
			o, ok := cells[key]
			if !ok {
				row.Cells = append(row.Cells, obsCell{Figure: "—"})
				continue
			}
			row.Cells = append(row.Cells, obsCell{Figure: figureText(k, o), Revision: o.Revision, Earlier: strings.Join(earlier[key], "; "),
				Recorded: o.RecordedAt.Format("2 Jan 2006") + " · " + o.SubmittedBy, Provisional: o.Provisional})
		}
		t.Rows = append(t.Rows, row)
	}
	var named []string
	for _, s := range t.Segments {
		if s != "" {
			named = append(named, s)
		}
	}
	return t, named
}

func figureText(k accord.KPI, o accord.Observation) string {
	if noOne(o) {
		return "0 of 0 (no one in this stratum)"
	}
	v, ok := o.Figure(k.Scale)
	if !ok {
		return "—"
	}
	s := views.FormatValue(k, v)
	if o.Numerator != nil && o.Denominator != nil {
		s += " (" + o.Numerator.String() + " / " + o.Denominator.String() + ")"
	}
	return s
}

// kpiExport writes the KPI's current observations as CSV, in the same
// columns the import reads, so a file can go round trip; text cells are
// neutralised against spreadsheet formulas (csvText).
func (s *App) kpiExport(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	k, err := s.Svc.KPIByKey(r.Context(), ac.Alliance.ID, r.PathValue("key"))
	if err != nil {
		return err
	}
	obs, err := s.Svc.Observations(r.Context(), k.ID, nil, false)
	if err != nil {
		return err
	}
	sh, err := s.SharingFor(r, nil)
	if err != nil {
		return err
	}
	obs = sh.Observations(k, obs)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+k.Key+`.csv"`)
	cw := csv.NewWriter(w)
	cw.Write([]string{"kpi", "period", "segment", "value", "numerator", "denominator", "revision", "recorded_at", "submitted_by", "provisional"})
	str := func(d *number.Decimal) string {
		if d == nil {
			return ""
		}
		return d.String()
	}
	for _, o := range obs {
		cw.Write([]string{csvText(k.Key), k.Frequency.FormatPeriod(o.Period), csvText(o.Segment), str(o.Value), str(o.Numerator), str(o.Denominator),
			strconv.Itoa(o.Revision), o.RecordedAt.UTC().Format(time.RFC3339), csvText(o.SubmittedBy), provisionalCell(o)})
	}
	cw.Flush()
	return nil
}

// noOne says whether an observation is 0 of 0: nobody was in its
// denominator this period. It is a real figure without a rate, left out
// of rates and charts.
func noOne(o accord.Observation) bool {
	return o.Value == nil && o.Numerator != nil && o.Denominator != nil && *o.Denominator == 0 && *o.Numerator == 0
}

// provisionalCell is the export's provisional column: "true" for a figure
// from a pending report, empty for a final one.
func provisionalCell(o accord.Observation) string {
	if o.Provisional {
		return "true"
	}
	return ""
}
