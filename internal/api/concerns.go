package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// concernCreate is the body of POST …/concerns.
type concernCreate struct {
	Category  string `json:"category"`
	Severity  string `json:"severity"`
	Body      string `json:"body"`
	KPI       string `json:"kpi"`
	Anonymous bool   `json:"anonymous"`
}

// concernRaised answers the raising of a concern. For an anonymous one it
// carries the receipt code, in this answer and nowhere else, and the
// concern carries no reporter.
type concernRaised struct {
	accord.Concern
	Receipt string `json:"receipt,omitempty"`
}

// apiConcernCreate raises a concern. An anonymous one is raised without
// the caller: the store receives no account (as on the page), and the
// request is neither logged nor noted on the caller's token.
func (s *API) apiConcernCreate(w http.ResponseWriter, r *http.Request) error {
	var b concernCreate
	if err := edge.DecodeJSON(r, &b); err != nil {
		return err
	}
	c := accord.Concern{AllianceID: edge.AllianceOf(r).Alliance.ID, Category: b.Category, Severity: b.Severity, Body: b.Body,
		KPIKey: strings.ToLower(strings.TrimSpace(b.KPI)), ReceiptCost: s.Cfg.Password}
	actor := edge.SessionOf(r).Actor
	if b.Anonymous {
		actor = accord.Actor{}
	}
	receipt, err := s.RaiseConcern(r.Context(), actor, &c, b.Anonymous)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, concernRaised{Concern: c, Receipt: receipt})
	return nil
}

// apiConcerns lists the alliance's concerns for its handlers, open ones
// first, the most urgent deadline first; ?status= keeps one status.
func (s *API) apiConcerns(w http.ResponseWriter, r *http.Request) error {
	if err := views.TextParams(r, "status"); err != nil {
		return err
	}
	f := accord.ConcernFilter{AllianceID: edge.AllianceOf(r).Alliance.ID, Status: r.URL.Query().Get("status")}
	if err := f.Normalize(); err != nil {
		return err
	}
	list, err := s.Svc.ListConcerns(r.Context(), f)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, listOf(list))
	return nil
}

// apiConcern answers one concern with its thread.
func (s *API) apiConcern(w http.ResponseWriter, r *http.Request) error {
	c, err := s.Svc.Concern(r.Context(), edge.AllianceOf(r).Alliance.ID, r.PathValue("id"))
	if err != nil {
		return edge.HideNotFound(err)
	}
	edge.WriteJSON(w, http.StatusOK, c)
	return nil
}

// concernReply is the body of a handler's reply.
type concernReply struct {
	Body string `json:"body"`
}

// concernClosing is the body of closing a concern: the reason, which the
// reporter reads.
type concernClosing struct {
	Reason string `json:"reason"`
}

type concernStepFunc func(ctx context.Context, a accord.Actor, allianceID, id string) (accord.Concern, error)

// apiConcernAcknowledge takes no body.
func (s *API) apiConcernAcknowledge(w http.ResponseWriter, r *http.Request) error {
	return s.apiConcernStep(w, r, s.Svc.AcknowledgeConcern)
}

func (s *API) apiConcernReply(w http.ResponseWriter, r *http.Request) error {
	var b concernReply
	if err := edge.DecodeJSON(r, &b); err != nil {
		return err
	}
	return s.apiConcernStep(w, r, func(ctx context.Context, a accord.Actor, allianceID, id string) (accord.Concern, error) {
		return s.Svc.ReplyToConcern(ctx, a, allianceID, id, b.Body)
	})
}

func (s *API) apiConcernClose(w http.ResponseWriter, r *http.Request) error {
	var b concernClosing
	if err := edge.DecodeJSON(r, &b); err != nil {
		return err
	}
	return s.apiConcernStep(w, r, func(ctx context.Context, a accord.Actor, allianceID, id string) (accord.Concern, error) {
		return s.Svc.CloseConcern(ctx, a, allianceID, id, b.Reason)
	})
}

// apiConcernStep takes a handler's step and answers the concern
// afterwards, with its thread.
func (s *API) apiConcernStep(w http.ResponseWriter, r *http.Request, step concernStepFunc) error {
	c, err := step(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"))
	if err != nil {
		return edge.HideNotFound(err)
	}
	edge.WriteJSON(w, http.StatusOK, c)
	return nil
}

// followUp is the body of the reporter's follow-up: the alliance's short
// name and the receipt code; body is the information to add.
type followUp struct {
	Alliance string `json:"alliance"`
	Receipt  string `json:"receipt"`
}

type followUpMessage struct {
	Alliance string `json:"alliance"`
	Receipt  string `json:"receipt"`
	Body     string `json:"body"`
}

// apiFollowUp answers the anonymous concern whose receipt is given, with
// its thread, to whoever holds the receipt: no credentials are needed or
// looked at, nothing is logged, and wrong receipts are throttled per
// client address (see followConcern).
func (s *API) apiFollowUp(w http.ResponseWriter, r *http.Request) error {
	var b followUp
	if err := edge.DecodeJSON(r, &b); err != nil {
		return err
	}
	c, err := s.FollowConcern(r, b.Alliance, b.Receipt, "")
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, c)
	return nil
}

// apiFollowUpMessage adds the reporter's information to the thread; the
// message keeps only its day.
func (s *API) apiFollowUpMessage(w http.ResponseWriter, r *http.Request) error {
	var b followUpMessage
	if err := edge.DecodeJSON(r, &b); err != nil {
		return err
	}
	body, err := accord.CleanMessage(b.Body)
	if err != nil {
		return err
	}
	c, err := s.FollowConcern(r, b.Alliance, b.Receipt, body)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, c)
	return nil
}
