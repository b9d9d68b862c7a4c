package ui

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

type scorecardView struct {
	Categories []views.Category
	Proposed   []accord.KPI
	Parties    []accord.Party
	Segments   []string
	Filter     scorecardFilter
	Count      int
	Late       int
	Red        int
}

// scorecardPage shows every approved KPI as a tile by category, with the
// filters people use to narrow it, and the KPIs waiting for approval. The
// data part is rendered once per version of the alliance's scorecard (and
// per day, since lateness depends on the date) and reused until it changes.
func (s *App) scorecardPage(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	q := r.URL.Query()
	var f scorecardFilter
	f.Category, f.Party, f.Segment, f.AsOf = q.Get("category"), q.Get("party"), q.Get("segment"), q.Get("as_of")
	if err := views.TextParams(r, "category", "party", "segment"); err != nil {
		return err
	}
	if _, err := views.AsOfEnd(f.AsOf); err != nil {
		return err
	}
	key := strings.Join([]string{"scorecard", ac.Alliance.ID, strconv.FormatInt(ac.Alliance.ScorecardVersion, 10), s.Now().UTC().Format(time.DateOnly), f.Category, f.Party, f.Segment, f.AsOf, viewerKey(ac)}, "\x00")
	body, ok := s.Frags.Get(key)
	if !ok {
		v, err := s.scorecardData(r, f)
		if err != nil {
			return err
		}
		html, err := s.fragment("scorecard", "scorecard_body", views.PageData{Alliance: &ac.Alliance, Data: v})
		if err != nil {
			return err
		}
		body = pageBody(html)
		s.Frags.Put(key, body)
	}
	s.render(w, r, "scorecard", views.PageData{Title: "Scorecard", Nav: "scorecard", Data: body})
	return nil
}

type scorecardFilter struct{ Category, Party, Segment, AsOf string }

func (s *App) scorecardData(r *http.Request, f scorecardFilter) (scorecardView, error) {
	ac, ctx := edge.AllianceOf(r), r.Context()
	v := scorecardView{Filter: f}
	all, err := s.Svc.ListKPIs(ctx, ac.Alliance.ID, accord.KPIFilter{})
	if err != nil {
		return v, err
	}
	var shown []accord.KPI
	for _, k := range all {
		switch {
		case k.Status == accord.KPIProposed:
			v.Proposed = append(v.Proposed, k)
		case k.Status != accord.KPIApproved:
		case f.Category != "" && string(k.Category) != f.Category:
		case f.Party != "" && k.OwnerPartyID != f.Party:
		default:
			shown = append(shown, k)
		}
	}
	sh, err := s.SharingFor(r, all)
	if err != nil {
		return v, err
	}
	asOf, _ := views.AsOfEnd(f.AsOf)
	if v.Categories, err = s.BuildTiles(ctx, ac.Alliance.ID, shown, f.Segment, asOf, sh); err != nil {
		return v, err
	}
	for _, c := range v.Categories {
		for _, t := range c.Tiles {
			v.Count++
			if t.Late != "" {
				v.Late++
			}
			if t.Status == "red" {
				v.Red++
			}
		}
	}
	if v.Parties, err = s.Svc.ListParties(ctx, ac.Alliance.ID); err != nil {
		return v, err
	}
	since := views.SparkWindow(shown, s.Now().UTC())
	segs, err := s.Svc.Segments(ctx, ac.Alliance.ID, since)
	if err != nil {
		return v, err
	}
	v.Segments, err = s.visibleSegments(r, sh, shown, segs, since, f.Segment)
	return v, err
}

// visibleSegments keeps the segments the filter offers: under sharing by
// protocol, those with a figure since the window's start the viewer may
// see (one question per segment, asked only when the page is not cached),
// and the one chosen.
func (s *App) visibleSegments(r *http.Request, sh views.Sharing, kpis []accord.KPI, segs []string, since time.Time, chosen string) ([]string, error) {
	if !sh.On {
		return segs, nil
	}
	var out []string
	for _, seg := range segs {
		if seg == chosen {
			out = append(out, seg)
			continue
		}
		totals, err := s.Svc.PeriodTotals(r.Context(), edge.AllianceOf(r).Alliance.ID, since, seg)
		if err != nil {
			return nil, err
		}
		if len(sh.Totals(kpis, views.OnlySegment(totals), seg)) > 0 {
			out = append(out, seg)
		}
	}
	return out, nil
}

// viewerKey is what, beyond the data, a cached scorecard or KPI fragment
// depends on: under sharing by protocol, the viewer's party.
func viewerKey(ac *edge.AllianceCtx) string {
	if !ac.Alliance.SharingByProtocol {
		return ""
	}
	return "party:" + ac.Member.PartyID
}

// approveSubject approves a proposed KPI or target for the viewer's party.
func (s *App) approveSubject(w http.ResponseWriter, r *http.Request, subjectType, subjectID, back string) error {
	ac := edge.AllianceOf(r)
	status, err := s.Svc.Approve(r.Context(), edge.SessionOf(r).Actor, ac.Alliance.ID, subjectType, subjectID, ac.Member.PartyID)
	if err != nil {
		return backTo(back, err)
	}
	msg := "Approved for " + ac.Member.PartyName + "."
	if status == accord.KPIApproved {
		msg += " Every party has now approved it: it is official."
	} else {
		msg += " It becomes official when every party has approved it."
	}
	flash(w, msg)
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

func (s *App) kpiApprove(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	k, err := s.Svc.KPIByKey(r.Context(), ac.Alliance.ID, r.PathValue("key"))
	if err != nil {
		return err
	}
	return s.approveSubject(w, r, "kpi", k.ID, "/a/"+ac.Alliance.Slug+"/kpis/"+k.Key)
}

func (s *App) targetApprove(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	back := "/a/" + ac.Alliance.Slug + "/scorecard"
	if k := r.PostFormValue("kpi"); accord.ValidKPIKey(k) {
		back = "/a/" + ac.Alliance.Slug + "/kpis/" + k
	}
	return s.approveSubject(w, r, "target", r.PathValue("id"), back)
}

// canSubmit reports whether the viewer may submit data for the KPI: people
// of its owning party, and alliance admins.
func canSubmit(ac *edge.AllianceCtx, scope string, k accord.KPI) bool {
	if !access.Allowed(ac.Member.Roles, scope, access.SubmitData) {
		return false
	}
	return ac.Member.Roles.Has(accord.RoleAdmin) || ac.Member.PartyID == k.OwnerPartyID
}
