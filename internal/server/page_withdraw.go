package server

import (
	"context"
	"net/http"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
)

// withdrawView is the confirmation of a withdrawal: what will be withdrawn
// and what follows.
type withdrawView struct {
	KPI     accord.KPI
	Period  string // as the KPI writes it
	Segment string
	Figure  string // "" when the viewer's party may not see it
	Reason  string
	Back    string
}

// withdrawFigure withdraws one figure of a KPI, in two steps without
// script: the form posts here and gets a page saying what will happen; its
// button posts again with confirm=yes, which withdraws the figure.
func (s *Server) withdrawFigure(w http.ResponseWriter, r *http.Request) {
	k, back, ok := s.kpiFor(w, r)
	if !ok {
		return
	}
	ac := allianceOf(r)
	wd := accord.Withdrawal{AllianceID: ac.alliance.ID, KPIKey: k.Key, Period: r.PostFormValue("period"),
		Segment: r.PostFormValue("segment"), Reason: r.PostFormValue("reason")}
	if r.PostFormValue("confirm") == "yes" {
		old, err := s.withdraw(r.Context(), sessionOf(r).actor, wd)
		if err != nil {
			s.failBack(w, r, back+"#withdraw", err)
			return
		}
		flash(w, "Withdrawn: "+k.Name+", "+k.Frequency.FormatPeriod(old.Period)+segmentLabel(old.Segment)+
			" now has no data. The figure stays in the history and in views as of earlier dates.")
		http.Redirect(w, r, back+"#observations", http.StatusSeeOther)
		return
	}
	v, err := s.withdrawal(r, k, wd)
	if err != nil {
		s.failBack(w, r, back+"#withdraw", err)
		return
	}
	v.Back = back
	s.render(w, r, "withdraw", pageData{Title: "Withdraw a figure", Nav: "scorecard", Data: v})
}

// withdrawal checks a withdrawal before it is confirmed and finds the
// figure it takes back, shown only if the viewer's party may see it.
func (s *Server) withdrawal(r *http.Request, k accord.KPI, wd accord.Withdrawal) (withdrawView, error) {
	if err := wd.Check(); err != nil {
		return withdrawView{}, err
	}
	period, err := k.Frequency.ParsePeriod(wd.Period)
	if err != nil {
		return withdrawView{}, accord.FieldError("period", "%s", accord.ErrorMessage(err))
	}
	v := withdrawView{KPI: k, Period: k.Frequency.FormatPeriod(period), Segment: wd.Segment, Reason: wd.Reason}
	obs, err := s.svc.Observations(r.Context(), k.ID, nil, false)
	if err != nil {
		return v, err
	}
	for _, o := range obs {
		if o.Period.Equal(period) && o.Segment == wd.Segment {
			sh, err := s.sharingFor(r, nil)
			if err != nil {
				return v, err
			}
			if sh.seesPeriod(k, o.Segment, o.Period) {
				v.Figure = figureText(k, o)
			}
			return v, nil
		}
	}
	return v, accord.FieldError("period", "%s has no figure%s to withdraw", v.Period, segmentLabel(wd.Segment))
}

// withdraw withdraws the figure and evaluates the KPI's signals again, as
// after an import: a withdrawn figure may have raised one.
func (s *Server) withdraw(ctx context.Context, actor accord.Actor, wd accord.Withdrawal) (accord.Observation, error) {
	old, err := s.svc.WithdrawObservation(ctx, actor, wd)
	if err == nil {
		s.afterImport(ctx, wd.AllianceID, accord.ImportReport{Revised: 1, KPIs: []string{wd.KPIKey}}, nil)
	}
	return old, err
}

// segmentLabel names a segment after a period ("" is the whole alliance).
func segmentLabel(seg string) string {
	if strings.TrimSpace(seg) == "" {
		return " for the whole alliance"
	}
	return " in " + strings.TrimSpace(seg)
}

// withdrawalAnswer is the API's answer to a withdrawal: what was withdrawn
// and the revision that withdraws it, without the figure (which the
// caller's party may not see under data sharing).
type withdrawalAnswer struct {
	KPI       string `json:"kpi"`
	Period    string `json:"period"`
	Segment   string `json:"segment"`
	Revision  int    `json:"revision"`
	Withdrawn bool   `json:"withdrawn"`
	Reason    string `json:"reason"`
}

// apiWithdraw is the API twin of withdrawFigure (no confirmation step).
func (s *Server) apiWithdraw(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Period  string `json:"period"`
		Segment string `json:"segment"`
		Reason  string `json:"reason"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	ac := allianceOf(r)
	k, err := s.svc.KPIByKey(r.Context(), ac.alliance.ID, r.PathValue("key"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	wd := accord.Withdrawal{AllianceID: ac.alliance.ID, KPIKey: k.Key, Period: req.Period, Segment: req.Segment, Reason: req.Reason}
	old, err := s.withdraw(r.Context(), sessionOf(r).actor, wd)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, withdrawalAnswer{KPI: k.Key, Period: k.Frequency.FormatPeriod(old.Period), Segment: old.Segment,
		Revision: old.Revision + 1, Withdrawn: true, Reason: strings.TrimSpace(req.Reason)})
}
