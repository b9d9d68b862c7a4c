package views

import (
	"context"
	"net/http"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// signalActor is who the trail names for evaluations: the system, not the
// person whose import happened to trigger one.
var signalActor = accord.SystemActor("signals")

// AfterImport evaluates the signals of the KPIs an import changed, so a
// shift or a red value is a signal the moment its data arrives. The import
// has succeeded whatever happens here: a failure is logged, and the
// nightly evaluation catches up.
func (s *Loader) AfterImport(ctx context.Context, allianceID string, rep accord.ImportReport, err error) {
	if err != nil || rep.DryRun || len(rep.Errors) > 0 || rep.New+rep.Revised == 0 || len(rep.KPIs) == 0 {
		return
	}
	if _, err := s.Svc.EvaluateSignals(context.WithoutCancel(ctx), signalActor, allianceID, rep.KPIs); err != nil {
		s.Log.Error("evaluate signals after import", "alliance", allianceID, "err", err)
	}
}

// SignalFilter reads ?status=, ?kpi= and ?kind=.
func SignalFilter(r *http.Request) (accord.SignalFilter, error) {
	if err := TextParams(r, "status", "kpi", "kind"); err != nil {
		return accord.SignalFilter{}, err
	}
	q := r.URL.Query()
	f := accord.SignalFilter{AllianceID: edge.AllianceOf(r).Alliance.ID, Status: q.Get("status"), KPIKey: strings.ToLower(q.Get("kpi")), Kind: q.Get("kind")}
	return f, f.Normalize()
}

// WithLinks turns the signals' links, which the store gives relative to the
// alliance's address, into paths: a KPI's page, or the page of what a
// signal not about a KPI's data is about.
func WithLinks(slug string, gs ...accord.Signal) []accord.Signal {
	for i, g := range gs {
		if g.Link != "" {
			gs[i].Link = "/a/" + slug + "/" + g.Link
		}
	}
	return gs
}
