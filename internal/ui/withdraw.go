package ui

import (
	"net/http"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
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
func (s *App) withdrawFigure(w http.ResponseWriter, r *http.Request) error {
	k, back, err := s.kpiFor(r)
	if err != nil {
		return err
	}
	ac := edge.AllianceOf(r)
	wd := accord.Withdrawal{AllianceID: ac.Alliance.ID, KPIKey: k.Key, Period: r.PostFormValue("period"),
		Segment: r.PostFormValue("segment"), Reason: r.PostFormValue("reason")}
	if r.PostFormValue("confirm") == "yes" {
		old, err := s.Withdraw(r.Context(), edge.SessionOf(r).Actor, wd)
		if err != nil {
			return backTo(back+"#withdraw", err)
		}
		flash(w, "Withdrawn: "+k.Name+", "+k.Frequency.FormatPeriod(old.Period)+segmentLabel(old.Segment)+
			" now has no data. The figure stays in the history and in views as of earlier dates.")
		http.Redirect(w, r, back+"#observations", http.StatusSeeOther)
		return nil
	}
	v, err := s.withdrawal(r, k, wd)
	if err != nil {
		return backTo(back+"#withdraw", err)
	}
	v.Back = back
	s.render(w, r, "withdraw", views.PageData{Title: "Withdraw a figure", Nav: "scorecard", Data: v})
	return nil
}

// withdrawal checks a withdrawal before it is confirmed and finds the
// figure it takes back, shown only if the viewer's party may see it.
func (s *App) withdrawal(r *http.Request, k accord.KPI, wd accord.Withdrawal) (withdrawView, error) {
	if err := wd.Check(); err != nil {
		return withdrawView{}, err
	}
	period, err := k.Frequency.ParsePeriod(wd.Period)
	if err != nil {
		return withdrawView{}, accord.FieldError("period", "%s", accord.ErrorMessage(err))
	}
	v := withdrawView{KPI: k, Period: k.Frequency.FormatPeriod(period), Segment: wd.Segment, Reason: wd.Reason}
	obs, err := s.Svc.Observations(r.Context(), k.ID, nil, false)
	if err != nil {
		return v, err
	}
	for _, o := range obs {
		if o.Period.Equal(period) && o.Segment == wd.Segment {
			sh, err := s.SharingFor(r, nil)
			if err != nil {
				return v, err
			}
			if sh.SeesPeriod(k, o.Segment, o.Period) {
				v.Figure = figureText(k, o)
			}
			return v, nil
		}
	}
	return v, accord.FieldError("period", "%s has no figure%s to withdraw", v.Period, segmentLabel(wd.Segment))
}

// segmentLabel names a segment after a period ("" is the whole alliance).
func segmentLabel(seg string) string {
	if strings.TrimSpace(seg) == "" {
		return " for the whole alliance"
	}
	return " in " + strings.TrimSpace(seg)
}
