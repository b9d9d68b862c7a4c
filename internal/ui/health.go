package ui

import (
	"encoding/csv"
	"html/template"
	"math"
	"net/http"
	"sort"
	"strconv"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/chart"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// healthView is what health.html shows: the latest closed round's results,
// the charts drawn from them, and the factor whose parties are trended.
type healthView struct {
	views.HealthResults
	Slug                     string
	Radar, Trend, PartyTrend template.HTML
	// PaperworkChart trends each party's paperwork index by month.
	PaperworkChart template.HTML
	// TrendFactor is the factor whose parties' trend is drawn.
	TrendFactor views.HealthFactor
}

// healthPage shows the partnership health results (docs/health.md,
// "Reading the results").
func (s *App) healthPage(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	res, err := s.HealthResults(r.Context(), ac.Alliance, r.URL.Query().Get("round"))
	if err != nil {
		return err
	}
	v := healthView{HealthResults: res, Slug: ac.Alliance.Slug, PaperworkChart: paperworkChart(res.Paperwork)}
	if res.Round != nil {
		v.Radar = healthRadar(res)
		v.Trend = healthTrendChart(res)
		v.TrendFactor, v.PartyTrend = healthPartyTrend(res, r.URL.Query().Get("factor"))
	}
	s.render(w, r, "health", views.PageData{Title: "Partnership health", Nav: "health", Data: v})
	return nil
}

// scoreFormat writes scores on the 1–5 scale with one decimal.
var scoreFormat = chart.Format{Decimals: 1}

func healthRadar(res views.HealthResults) template.HTML {
	o := chart.RadarOptions{ID: "health-radar", Title: "Each party's profile", Subtitle: res.Round.Name + " · 1 at the centre, 5 on the outer ring", Format: scoreFormat}
	for _, f := range res.Factors {
		o.Axes = append(o.Axes, f.Name)
	}
	for _, p := range res.Profiles {
		cp := chart.Profile{Name: p.Party, Note: p.Hidden}
		for _, m := range p.Means {
			cp.Values = append(cp.Values, value(m))
		}
		o.Profiles = append(o.Profiles, cp)
	}
	return chart.Radar(o)
}

// healthTrendChart draws the alliance's score on each factor across the
// rounds of the latest round's instrument version, one run chart a factor.
func healthTrendChart(res views.HealthResults) template.HTML {
	o := chart.MultiplesOptions{ID: "health-trend", Title: "The alliance across rounds", Subtitle: "Mean score, 1 to 5, higher is better · rounds of " + res.Round.Instrument, Format: scoreFormat, Include: []float64{1, 5}}
	for _, t := range res.Trend {
		o.Panels = append(o.Panels, runSeries(t.Name, t.Periods, t.Alliance))
	}
	return chart.SmallMultiples(o)
}

// healthPartyTrend draws each party's score on one factor across rounds:
// the factor asked for, else the first a signal names, else the first.
func healthPartyTrend(res views.HealthResults, key string) (views.HealthFactor, template.HTML) {
	if key == "" {
		for _, sg := range res.Signals {
			if sg.Factor != "" {
				key = sg.Factor
				break
			}
		}
	}
	fi := 0
	for i, f := range res.Factors {
		if f.Key == key {
			fi = i
		}
	}
	if len(res.Trend) <= fi {
		return views.HealthFactor{}, ""
	}
	t := res.Trend[fi]
	o := chart.MultiplesOptions{ID: "health-parties", Title: t.Name + " by party", Subtitle: "Mean score, 1 to 5; a gap where the party's answers were too few to show", Format: scoreFormat, Include: []float64{1, 5}}
	for _, p := range res.Factors[fi].Parties {
		o.Panels = append(o.Panels, runSeries(p.Party, t.Periods, t.Parties[p.Party]))
	}
	return res.Factors[fi], chart.SmallMultiples(o)
}

// paperworkChart draws each party's paperwork index by month, one run
// chart a party; empty when nothing was recorded.
func paperworkChart(ps []views.HealthPaperwork) template.HTML {
	if len(ps) == 0 {
		return ""
	}
	o := chart.MultiplesOptions{ID: "health-paperwork", Title: "Paperwork index by party", Subtitle: "0 no burden to 100 · typed or uploaded data, late arrival, forms per member", Format: chart.Format{Decimals: 0}, Include: []float64{0, 100}}
	for _, p := range ps {
		if n := len(o.Panels); n == 0 || o.Panels[n-1].Name != p.Party {
			o.Panels = append(o.Panels, chart.Series{Name: p.Party})
		}
		se := &o.Panels[len(o.Panels)-1]
		se.Periods = append(se.Periods, p.Month)
		se.Values = append(se.Values, value(p.Index))
	}
	return chart.SmallMultiples(o)
}

func runSeries(name string, periods []string, vs []*float64) chart.Series {
	se := chart.Series{Name: name, Periods: periods}
	for _, v := range vs {
		se.Values = append(se.Values, value(v))
	}
	return se
}

func value(v *float64) float64 {
	if v == nil {
		return math.NaN()
	}
	return *v
}

// healthExport writes the latest round's results as CSV: one row per
// factor and group, a hidden group with its count and reason only.
func (s *App) healthExport(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	res, err := s.HealthResults(r.Context(), ac.Alliance, r.URL.Query().Get("round"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="health-results.csv"`)
	cw := csv.NewWriter(w)
	cw.Write([]string{"round", "factor", "level", "party", "role", "answers", "mean", "sd", "ci_low", "ci_high", "pace", "hidden"})
	if res.Round == nil {
		cw.Flush()
		return cw.Error()
	}
	for _, f := range res.Factors {
		row := func(level string, g views.HealthGroup) {
			cw.Write([]string{csvText(res.Round.Name), csvText(f.Key), level, csvText(g.Party), csvText(g.Role), strconv.Itoa(g.N),
				num(g.Mean), num(g.SD), num(g.Low), num(g.High), g.Pace, csvText(g.Hidden)})
		}
		row("alliance", f.Alliance)
		for _, g := range f.Parties {
			row("party", g)
		}
		for _, g := range f.Breakdown {
			row("party_role", g)
		}
	}
	cw.Flush()
	return cw.Error()
}

func num(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// healthGlanceView is the overview's card of the latest round: the round,
// its signals and the alliance's lowest factors.
type healthGlanceView struct {
	views.HealthResults
	Lowest []views.HealthFactor
}

// healthGlance reads the latest round for the overview; nil when the
// viewer may not read the results.
func (s *App) healthGlance(r *http.Request) (*healthGlanceView, error) {
	ac := edge.AllianceOf(r)
	if !access.Allowed(ac.Member.Roles, edge.SessionOf(r).Actor.Scope, access.ViewHealth) {
		return nil, nil
	}
	res, err := s.HealthResults(r.Context(), ac.Alliance, "")
	if err != nil {
		return nil, err
	}
	v := &healthGlanceView{HealthResults: res}
	for _, f := range res.Factors {
		if f.Alliance.Mean != nil {
			v.Lowest = append(v.Lowest, f)
		}
	}
	sort.SliceStable(v.Lowest, func(i, j int) bool { return *v.Lowest[i].Alliance.Mean < *v.Lowest[j].Alliance.Mean })
	v.Lowest = v.Lowest[:min(3, len(v.Lowest))]
	return v, nil
}
