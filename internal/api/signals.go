package api

import (
	"context"
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

func (s *API) apiSignals(w http.ResponseWriter, r *http.Request) error {
	f, err := views.SignalFilter(r)
	if err != nil {
		return err
	}
	gs, err := s.Svc.ListSignals(r.Context(), f)
	if err == nil {
		gs, err = s.VisibleSignals(r, gs)
	}
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, listOf(views.WithLinks(edge.AllianceOf(r).Alliance.Slug, gs...)))
	return nil
}

// signalStep is the optional body of a step in a signal's life.
type signalStep struct {
	Reason string `json:"reason"`
}

func (s *API) apiSignalAcknowledge(w http.ResponseWriter, r *http.Request) error {
	return s.apiSignalStep(w, r, func(ctx context.Context, a accord.Actor, allianceID, id, _ string) (accord.Signal, error) {
		return s.Svc.AcknowledgeSignal(ctx, a, allianceID, id)
	})
}

func (s *API) apiSignalResolve(w http.ResponseWriter, r *http.Request) error {
	return s.apiSignalStep(w, r, s.Svc.ResolveSignal)
}

func (s *API) apiSignalDismiss(w http.ResponseWriter, r *http.Request) error {
	return s.apiSignalStep(w, r, s.Svc.DismissSignal)
}

type signalStepFunc func(ctx context.Context, a accord.Actor, allianceID, id, reason string) (accord.Signal, error)

// apiSignalStep reads the optional {"reason": …} body and takes the step.
func (s *API) apiSignalStep(w http.ResponseWriter, r *http.Request, step signalStepFunc) error {
	var b signalStep
	if r.ContentLength != 0 {
		if err := edge.DecodeJSON(r, &b); err != nil {
			return err
		}
	}
	if err := s.SignalShown(r, r.PathValue("id")); err != nil {
		return edge.HideNotFound(err)
	}
	g, err := step(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"), b.Reason)
	if err != nil {
		return edge.HideNotFound(err)
	}
	edge.WriteJSON(w, http.StatusOK, views.WithLinks(edge.AllianceOf(r).Alliance.Slug, g)[0])
	return nil
}
