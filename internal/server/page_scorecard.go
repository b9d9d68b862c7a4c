package server

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/accord"
)

type scorecardView struct {
	Categories []category
	Proposed   []accord.KPI
	Parties    []accord.Party
	Segments   []string
	Filter     struct{ Category, Party, Segment string }
	Count      int
	Late       int
	Red        int
}

// scorecardPage shows every approved KPI as a tile by category, with the
// filters people use to narrow it, and the KPIs waiting for approval.
func (s *Server) scorecardPage(w http.ResponseWriter, r *http.Request) {
	ac, ctx := allianceOf(r), r.Context()
	var v scorecardView
	q := r.URL.Query()
	v.Filter.Category, v.Filter.Party, v.Filter.Segment = q.Get("category"), q.Get("party"), q.Get("segment")
	all, err := s.svc.ListKPIs(ctx, ac.alliance.ID, accord.KPIFilter{})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var shown []accord.KPI
	for _, k := range all {
		switch {
		case k.Status == accord.KPIProposed:
			v.Proposed = append(v.Proposed, k)
		case k.Status != accord.KPIApproved:
		case v.Filter.Category != "" && string(k.Category) != v.Filter.Category:
		case v.Filter.Party != "" && k.OwnerPartyID != v.Filter.Party:
		default:
			shown = append(shown, k)
		}
	}
	if v.Categories, err = s.buildTiles(ctx, ac.alliance.ID, shown, v.Filter.Segment); err != nil {
		s.fail(w, r, err)
		return
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
		s.fail(w, r, err)
		return
	}
	if v.Segments, err = s.svc.Segments(ctx, ac.alliance.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "scorecard", pageData{Title: "Scorecard", Nav: "scorecard", Data: v})
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
