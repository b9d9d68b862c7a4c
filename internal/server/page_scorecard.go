package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/accord"
)

type scorecardView struct {
	Categories []category
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
func (s *Server) scorecardPage(w http.ResponseWriter, r *http.Request) {
	ac := allianceOf(r)
	q := r.URL.Query()
	var f scorecardFilter
	f.Category, f.Party, f.Segment, f.AsOf = q.Get("category"), q.Get("party"), q.Get("segment"), q.Get("as_of")
	if err := textParams(r, "category", "party", "segment"); err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := asOfEnd(f.AsOf); err != nil {
		s.fail(w, r, err)
		return
	}
	key := strings.Join([]string{"scorecard", ac.alliance.ID, strconv.FormatInt(ac.alliance.ScorecardVersion, 10), s.now().UTC().Format(time.DateOnly), f.Category, f.Party, f.Segment, f.AsOf, viewerKey(ac)}, "\x00")
	body, ok := s.frags.get(key)
	if !ok {
		v, err := s.scorecardData(r, f)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		html, err := s.fragment("scorecard", "scorecard_body", pageData{Alliance: &ac.alliance, Data: v})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		body = pageBody(html)
		s.frags.put(key, body)
	}
	s.render(w, r, "scorecard", pageData{Title: "Scorecard", Nav: "scorecard", Data: body})
}

type scorecardFilter struct{ Category, Party, Segment, AsOf string }

// asOfEnd reads an as_of date: the data as it stood at the end of that day.
func asOfEnd(v string) (*time.Time, error) {
	if v == "" {
		return nil, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return nil, accord.FieldError("as_of", "must be a date (YYYY-MM-DD)")
	}
	end := t.AddDate(0, 0, 1)
	return &end, nil
}

func (s *Server) scorecardData(r *http.Request, f scorecardFilter) (scorecardView, error) {
	ac, ctx := allianceOf(r), r.Context()
	v := scorecardView{Filter: f}
	all, err := s.svc.ListKPIs(ctx, ac.alliance.ID, accord.KPIFilter{})
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
	sh, err := s.sharingFor(r, all)
	if err != nil {
		return v, err
	}
	asOf, _ := asOfEnd(f.AsOf)
	if v.Categories, err = s.buildTiles(ctx, ac.alliance.ID, shown, f.Segment, asOf, sh); err != nil {
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
	if v.Parties, err = s.svc.ListParties(ctx, ac.alliance.ID); err != nil {
		return v, err
	}
	since := sparkWindow(shown, s.now().UTC())
	segs, err := s.svc.Segments(ctx, ac.alliance.ID, since)
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
func (s *Server) visibleSegments(r *http.Request, sh sharing, kpis []accord.KPI, segs []string, since time.Time, chosen string) ([]string, error) {
	if !sh.on {
		return segs, nil
	}
	var out []string
	for _, seg := range segs {
		if seg == chosen {
			out = append(out, seg)
			continue
		}
		totals, err := s.svc.PeriodTotals(r.Context(), allianceOf(r).alliance.ID, since, seg)
		if err != nil {
			return nil, err
		}
		if len(sh.totals(kpis, onlySegment(totals), seg)) > 0 {
			out = append(out, seg)
		}
	}
	return out, nil
}

// viewerKey is what, beyond the data, a cached scorecard or KPI fragment
// depends on: under sharing by protocol, the viewer's party.
func viewerKey(ac *allianceCtx) string {
	if !ac.alliance.SharingByProtocol {
		return ""
	}
	return "party:" + ac.member.PartyID
}

// approveSubject approves a proposed KPI or target for the viewer's party.
func (s *Server) approveSubject(w http.ResponseWriter, r *http.Request, subjectType, subjectID, back string) {
	ac := allianceOf(r)
	status, err := s.svc.Approve(r.Context(), sessionOf(r).actor, ac.alliance.ID, subjectType, subjectID, ac.member.PartyID)
	if err != nil {
		s.failBack(w, r, back, err)
		return
	}
	msg := "Approved for " + ac.member.PartyName + "."
	if status == accord.KPIApproved {
		msg += " Every party has now approved it: it is official."
	} else {
		msg += " It becomes official when every party has approved it."
	}
	flash(w, msg)
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func (s *Server) kpiApprove(w http.ResponseWriter, r *http.Request) {
	ac := allianceOf(r)
	k, err := s.svc.KPIByKey(r.Context(), ac.alliance.ID, r.PathValue("key"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.approveSubject(w, r, "kpi", k.ID, "/a/"+ac.alliance.Slug+"/kpis/"+k.Key)
}

func (s *Server) targetApprove(w http.ResponseWriter, r *http.Request) {
	ac := allianceOf(r)
	back := "/a/" + ac.alliance.Slug + "/scorecard"
	if k := r.PostFormValue("kpi"); accord.ValidKPIKey(k) {
		back = "/a/" + ac.alliance.Slug + "/kpis/" + k
	}
	s.approveSubject(w, r, "target", r.PathValue("id"), back)
}

// canSubmit reports whether the viewer may submit data for the KPI: people
// of its owning party, and alliance admins.
func canSubmit(ac *allianceCtx, scope string, k accord.KPI) bool {
	if !access.Allowed(ac.member.Roles, scope, access.SubmitData) {
		return false
	}
	return ac.member.Roles.Has(accord.RoleAdmin) || ac.member.PartyID == k.OwnerPartyID
}
