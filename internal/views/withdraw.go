package views

import (
	"context"

	"github.com/accord-alliance/accord/internal/accord"
)

// Withdraw withdraws the figure and evaluates the KPI's signals again, as
// after an import: a withdrawn figure may have raised one.
func (s *Loader) Withdraw(ctx context.Context, actor accord.Actor, wd accord.Withdrawal) (accord.Observation, error) {
	old, err := s.Svc.WithdrawObservation(ctx, actor, wd)
	if err == nil {
		s.AfterImport(ctx, wd.AllianceID, accord.ImportReport{Revised: 1, KPIs: []string{wd.KPIKey}}, nil)
	}
	return old, err
}

// WithdrawalAnswer is the API's answer to a withdrawal: what was withdrawn
// and the revision that withdraws it, without the figure (which the
// caller's party may not see under data sharing).
type WithdrawalAnswer struct {
	KPI       string `json:"kpi"`
	Period    string `json:"period"`
	Segment   string `json:"segment"`
	Revision  int    `json:"revision"`
	Withdrawn bool   `json:"withdrawn"`
	Reason    string `json:"reason"`
}
