package server

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/settle"
)

// apiSettlement is a settled period in the API, dates as YYYY-MM-DD and
// money as the engine writes it (dollars with two decimals).
type apiSettlement struct {
	ID          string         `json:"id"`
	PeriodStart string         `json:"period_start"`
	PeriodEnd   string         `json:"period_end"`
	Version     int            `json:"version"`
	Summary     settle.Summary `json:"summary"`
	Result      settle.Result  `json:"result"`
	SettledBy   string         `json:"settled_by"`
	CreatedAt   string         `json:"created_at"`
	// Provisional, Status and StatusText say where it stands: a
	// provisional estimate, a draft awaiting sign-offs, or final.
	Provisional bool              `json:"provisional"`
	Status      string            `json:"status"`
	StatusText  string            `json:"status_text"`
	FinalAt     *string           `json:"final_at"`
	SignOffs    []apiSignOff      `json:"sign_offs"`
	Awaiting    []accord.PartyRef `json:"awaiting"`
	// AwaitingYou says the caller may sign it off for their party and has not.
	AwaitingYou bool `json:"awaiting_your_sign_off"`
}

// apiSignOff is one party's sign-off of a settlement.
type apiSignOff struct {
	PartyID   string `json:"party_id"`
	PartyName string `json:"party_name"`
	SignedBy  string `json:"signed_by"`
	SignedAt  string `json:"signed_at"`
}

func toAPISettlement(st accord.Settlement) apiSettlement {
	out := apiSettlement{ID: st.ID, PeriodStart: st.PeriodStart.Format(time.DateOnly), PeriodEnd: st.PeriodEnd.Format(time.DateOnly),
		Version: st.Version, Summary: st.Summary, Result: st.Result, SettledBy: st.SettledBy, CreatedAt: st.CreatedAt.UTC().Format(time.RFC3339),
		Provisional: st.Provisional, Status: st.Status, StatusText: st.StatusLabel(), SignOffs: []apiSignOff{}, Awaiting: st.Awaiting}
	if st.FinalAt != nil {
		f := st.FinalAt.UTC().Format(time.RFC3339)
		out.FinalAt = &f
	}
	for _, so := range st.SignOffs {
		out.SignOffs = append(out.SignOffs, apiSignOff{so.PartyID, so.PartyName, so.UserName, so.SignedAt.UTC().Format(time.RFC3339)})
	}
	if out.Awaiting == nil {
		out.Awaiting = []accord.PartyRef{}
	}
	return out
}

// awaitingYou returns the settlements (by id) awaiting the viewer's
// sign-off for their party.
func (s *Server) awaitingYou(r *http.Request) (map[string]bool, error) {
	sess := sessionOf(r)
	if sess.actor.UserID == "" {
		return map[string]bool{}, nil
	}
	sts, err := s.svc.SettlementsAwaitingSignOff(r.Context(), allianceOf(r).alliance.ID, sess.actor.UserID)
	out := map[string]bool{}
	for _, st := range sts {
		out[st.ID] = true
	}
	return out, err
}

func (s *Server) apiSettlements(w http.ResponseWriter, r *http.Request) {
	c, err := s.contractOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sts, err := s.svc.ListSettlements(r.Context(), c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	you, err := s.awaitingYou(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiSettlement, len(sts))
	for i, st := range sts {
		out[i] = toAPISettlement(st)
		out[i].AwaitingYou = you[st.ID]
	}
	writeJSON(w, http.StatusOK, listOf(out))
}

// settlementRequest settles one period.
type settlementRequest struct {
	PeriodStart string          `json:"period_start"`
	PeriodEnd   string          `json:"period_end"`
	Summary     json.RawMessage `json:"summary"`
	// Provisional settles a period that has not ended: an estimate.
	Provisional bool `json:"provisional"`
}

func (s *Server) apiSettlementCreate(w http.ResponseWriter, r *http.Request) {
	var req settlementRequest
	if err := decodeJSON(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.contractOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := settlementPeriod(req.PeriodStart, req.PeriodEnd)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(req.Summary) == 0 {
		s.fail(w, r, accord.FieldError("summary", "is required: the period's performance summary"))
		return
	}
	sum, err := decodeSummary(string(req.Summary))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// As the settle form does: the quality gate's measures come from the
	// scorecard for the period (what the caller's party may see); a summary
	// departs from them only through its quality_override, with a reason.
	g, err := s.readQualityGate(r, c.ID, p.Start, p.End)
	if err == nil {
		err = applyGate(&sum, g, "", "")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := s.svc.SettlePeriod(r.Context(), sessionOf(r).actor, c.ID, p.Start, p.End, sum, req.Provisional)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toAPISettlement(st))
}

func (s *Server) apiSettlement(w http.ResponseWriter, r *http.Request) {
	c, err := s.contractOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := s.svc.Settlement(r.Context(), c.ID, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	you, err := s.awaitingYou(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := toAPISettlement(st)
	out.AwaitingYou = you[st.ID]
	writeJSON(w, http.StatusOK, out)
}

// apiSettlementSignOff signs a draft settlement off for the caller's party.
func (s *Server) apiSettlementSignOff(w http.ResponseWriter, r *http.Request) {
	c, err := s.contractOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := s.svc.SignSettlement(r.Context(), sessionOf(r).actor, c.ID, r.PathValue("id"), allianceOf(r).member.PartyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPISettlement(st))
}

// apiWhatIf is a settlement's summary settled under other terms.
type apiWhatIf struct {
	Settlement  apiSettlement   `json:"settlement"`
	Version     int             `json:"version,omitempty"`
	Amendment   int             `json:"amendment,omitempty"`
	Result      settle.Result   `json:"result"`
	Differences []apiDifference `json:"differences"`
}

// apiDifference is a headline figure that differs under the other terms.
type apiDifference struct {
	Figure  string `json:"figure"`
	Settled string `json:"settled"`
	WhatIf  string `json:"what_if"`
}

func (s *Server) apiWhatIf(w http.ResponseWriter, r *http.Request) {
	wi, err := s.whatIfOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := apiWhatIf{Settlement: toAPISettlement(wi.Settlement), Version: wi.Version, Amendment: wi.Amendment, Result: wi.Result, Differences: []apiDifference{}}
	for _, row := range wi.Rows {
		if row.Differs {
			out.Differences = append(out.Differences, apiDifference{row.Label, row.Settled, row.WhatIf})
		}
	}
	writeJSON(w, http.StatusOK, out)
}
