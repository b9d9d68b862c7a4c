package api

import (
	"net/http"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// apiWithdraw is the API twin of withdrawFigure (no confirmation step).
func (s *API) apiWithdraw(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Period  string `json:"period"`
		Segment string `json:"segment"`
		Reason  string `json:"reason"`
	}
	if err := edge.DecodeJSON(r, &req); err != nil {
		return err
	}
	ac := edge.AllianceOf(r)
	k, err := s.Svc.KPIByKey(r.Context(), ac.Alliance.ID, r.PathValue("key"))
	if err != nil {
		return err
	}
	wd := accord.Withdrawal{AllianceID: ac.Alliance.ID, KPIKey: k.Key, Period: req.Period, Segment: req.Segment, Reason: req.Reason}
	old, err := s.Withdraw(r.Context(), edge.SessionOf(r).Actor, wd)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, views.WithdrawalAnswer{KPI: k.Key, Period: k.Frequency.FormatPeriod(old.Period), Segment: old.Segment,
		Revision: old.Revision + 1, Withdrawn: true, Reason: strings.TrimSpace(req.Reason)})
	return nil
}
