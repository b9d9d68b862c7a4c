package server

import (
	"context"
	"net/http"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
)

// signalActor is who the trail names for evaluations: the system, not the
// person whose import happened to trigger one.
var signalActor = accord.SystemActor("signals")

// afterImport evaluates the signals of the KPIs an import changed, so a
// shift or a red value is a signal the moment its data arrives. The import
// has succeeded whatever happens here: a failure is logged, and the
// nightly evaluation catches up.
func (s *Server) afterImport(ctx context.Context, allianceID string, rep accord.ImportReport, err error) {
	if err != nil || rep.DryRun || len(rep.Errors) > 0 || rep.New+rep.Revised == 0 || len(rep.KPIs) == 0 {
		return
	}
	if _, err := s.svc.EvaluateSignals(context.WithoutCancel(ctx), signalActor, allianceID, rep.KPIs); err != nil {
		s.log.Error("evaluate signals after import", "alliance", allianceID, "err", err)
	}
}

// signalFilter reads ?status=, ?kpi= and ?kind=.
func signalFilter(r *http.Request) (accord.SignalFilter, error) {
	if err := textParams(r, "status", "kpi", "kind"); err != nil {
		return accord.SignalFilter{}, err
	}
	q := r.URL.Query()
	f := accord.SignalFilter{AllianceID: allianceOf(r).alliance.ID, Status: q.Get("status"), KPIKey: strings.ToLower(q.Get("kpi")), Kind: q.Get("kind")}
	return f, f.Normalize()
}

// withLinks turns the signals' links, which the store gives relative to the
// alliance's address, into paths: a KPI's page, or the page of what a
// signal not about a KPI's data is about.
func withLinks(slug string, gs ...accord.Signal) []accord.Signal {
	for i, g := range gs {
		if g.Link != "" {
			gs[i].Link = "/a/" + slug + "/" + g.Link
		}
	}
	return gs
}

func (s *Server) apiSignals(w http.ResponseWriter, r *http.Request) {
	f, err := signalFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	gs, err := s.svc.ListSignals(r.Context(), f)
	if err == nil {
		gs, err = s.visibleSignals(r, gs)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(withLinks(allianceOf(r).alliance.Slug, gs...)))
}

// signalStep is the optional body of a step in a signal's life.
type signalStep struct {
	Reason string `json:"reason"`
}

func (s *Server) apiSignalAcknowledge(w http.ResponseWriter, r *http.Request) {
	s.apiSignalStep(w, r, func(ctx context.Context, a accord.Actor, allianceID, id, _ string) (accord.Signal, error) {
		return s.svc.AcknowledgeSignal(ctx, a, allianceID, id)
	})
}

func (s *Server) apiSignalResolve(w http.ResponseWriter, r *http.Request) {
	s.apiSignalStep(w, r, s.svc.ResolveSignal)
}

func (s *Server) apiSignalDismiss(w http.ResponseWriter, r *http.Request) {
	s.apiSignalStep(w, r, s.svc.DismissSignal)
}

type signalStepFunc func(ctx context.Context, a accord.Actor, allianceID, id, reason string) (accord.Signal, error)

// apiSignalStep reads the optional {"reason": …} body and takes the step.
func (s *Server) apiSignalStep(w http.ResponseWriter, r *http.Request, step signalStepFunc) {
	var b signalStep
	if r.ContentLength != 0 {
		if err := decodeJSON(r, &b); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if err := s.signalShown(r, r.PathValue("id")); err != nil {
		s.fail(w, r, hideNotFound(err))
		return
	}
	g, err := step(r.Context(), sessionOf(r).actor, allianceOf(r).alliance.ID, r.PathValue("id"), b.Reason)
	if err != nil {
		s.fail(w, r, hideNotFound(err))
		return
	}
	writeJSON(w, http.StatusOK, withLinks(allianceOf(r).alliance.Slug, g)[0])
}
