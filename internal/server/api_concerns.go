package server

import (
	"context"
	"net/http"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
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
func (s *Server) apiConcernCreate(w http.ResponseWriter, r *http.Request) {
	var b concernCreate
	if err := decodeJSON(r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	c := accord.Concern{AllianceID: allianceOf(r).alliance.ID, Category: b.Category, Severity: b.Severity, Body: b.Body,
		KPIKey: strings.ToLower(strings.TrimSpace(b.KPI)), ReceiptCost: s.cfg.Password}
	actor := sessionOf(r).actor
	if b.Anonymous {
		actor = accord.Actor{}
	}
	receipt, err := s.raiseConcern(r.Context(), actor, &c, b.Anonymous)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, concernRaised{Concern: c, Receipt: receipt})
}

// apiConcerns lists the alliance's concerns for its handlers, open ones
// first, the most urgent deadline first; ?status= keeps one status.
func (s *Server) apiConcerns(w http.ResponseWriter, r *http.Request) {
	if err := textParams(r, "status"); err != nil {
		s.fail(w, r, err)
		return
	}
	f := accord.ConcernFilter{AllianceID: allianceOf(r).alliance.ID, Status: r.URL.Query().Get("status")}
	if err := f.Normalize(); err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.svc.ListConcerns(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(list))
}

// apiConcern answers one concern with its thread.
func (s *Server) apiConcern(w http.ResponseWriter, r *http.Request) {
	c, err := s.svc.Concern(r.Context(), allianceOf(r).alliance.ID, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, hideNotFound(err))
		return
	}
	writeJSON(w, http.StatusOK, c)
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
func (s *Server) apiConcernAcknowledge(w http.ResponseWriter, r *http.Request) {
	s.apiConcernStep(w, r, s.svc.AcknowledgeConcern)
}

func (s *Server) apiConcernReply(w http.ResponseWriter, r *http.Request) {
	var b concernReply
	if err := decodeJSON(r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	s.apiConcernStep(w, r, func(ctx context.Context, a accord.Actor, allianceID, id string) (accord.Concern, error) {
		return s.svc.ReplyToConcern(ctx, a, allianceID, id, b.Body)
	})
}

func (s *Server) apiConcernClose(w http.ResponseWriter, r *http.Request) {
	var b concernClosing
	if err := decodeJSON(r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	s.apiConcernStep(w, r, func(ctx context.Context, a accord.Actor, allianceID, id string) (accord.Concern, error) {
		return s.svc.CloseConcern(ctx, a, allianceID, id, b.Reason)
	})
}

// apiConcernStep takes a handler's step and answers the concern
// afterwards, with its thread.
func (s *Server) apiConcernStep(w http.ResponseWriter, r *http.Request, step concernStepFunc) {
	c, err := step(r.Context(), sessionOf(r).actor, allianceOf(r).alliance.ID, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, hideNotFound(err))
		return
	}
	writeJSON(w, http.StatusOK, c)
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
func (s *Server) apiFollowUp(w http.ResponseWriter, r *http.Request) {
	var b followUp
	if err := decodeJSON(r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.followConcern(r, b.Alliance, b.Receipt, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

// apiFollowUpMessage adds the reporter's information to the thread; the
// message keeps only its day.
func (s *Server) apiFollowUpMessage(w http.ResponseWriter, r *http.Request) {
	var b followUpMessage
	if err := decodeJSON(r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	body, err := accord.CleanMessage(b.Body)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.followConcern(r, b.Alliance, b.Receipt, body)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}
