package ui

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/chart"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// portfolioView is what portfolio.html's body shows.
type portfolioView struct {
	views.PortfolioView
	Slug              string
	SiteTimeline, Map template.HTML
	// Ledger: the viewer may read the ledger (observers may not), so the
	// body shows the summary; the cache key holds it.
	ShowLedger bool
}

// The portfolio's charts share a width and a label width so that their
// months line up, one above the other.
const (
	portfolioChartWidth = 960
	portfolioLabelWidth = 200
)

// portfolioPage shows every initiative's phases by site and the capacity
// heatmap over a window of months, the site-months over
// capacity in words, and the ledger summed per party. The body is rendered
// once per version of the alliance's portfolio (which every initiative,
// phase, site, gate, readiness, milestone and ledger write bumps; the
// page shows no scorecard figures) and window, and reused until a change
// bumps the version.
func (s *App) portfolioPage(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	win, err := views.ParsePortfolioWindow(r.URL.Query(), s.Now().UTC())
	if err != nil {
		return err
	}
	ledger := access.Allowed(ac.Member.Roles, edge.SessionOf(r).Actor.Scope, access.ViewLedger)
	key := strings.Join([]string{"portfolio", ac.Alliance.ID, strconv.FormatInt(ac.Alliance.PortfolioVersion, 10),
		win.From.String(), strconv.Itoa(win.Months), strconv.FormatBool(ledger)}, "\x00")
	body, ok := s.Frags.Get(key)
	if !ok {
		pv, err := s.LoadPortfolio(r.Context(), ac.Alliance.ID, win)
		if err != nil {
			return err
		}
		v := portfolioView{PortfolioView: pv, Slug: ac.Alliance.Slug, ShowLedger: ledger}
		v.drawCharts()
		html, err := s.fragment("portfolio", "portfolio_body", views.PageData{Alliance: &ac.Alliance, Data: v})
		if err != nil {
			return err
		}
		body = pageBody(html)
		s.Frags.Put(key, body)
	}
	s.render(w, r, "portfolio", views.PageData{Title: "Portfolio", Nav: "portfolio", Data: body})
	return nil
}

// drawCharts draws the timeline of the phases by site and the heatmap,
// months lined up. (The timeline by initiative is not drawn: with 200
// initiatives it doubles the page for what the by-site lanes and the
// initiatives' own pages show.)
func (v *portfolioView) drawCharts() {
	st := v.Portfolio.SiteTimelineChart()
	st.ID, st.Title, st.Width, st.LabelWidth = "sitetimeline", "Phases by site", portfolioChartWidth, portfolioLabelWidth
	v.SiteTimeline = chart.Timeline(st)
	hm := v.Portfolio.HeatmapChart()
	hm.ID, hm.Title, hm.Width, hm.LabelWidth = "heatmap", "Capacity: load against capacity, site by month", portfolioChartWidth, portfolioLabelWidth
	v.Map = chart.Heatmap(hm)
}
