package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/settle"
	"github.com/accord-alliance/accord/internal/views"
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

func (s *API) apiSettlements(w http.ResponseWriter, r *http.Request) error {
	c, err := s.ContractOf(r)
	if err != nil {
		return err
	}
	sts, err := s.Svc.ListSettlements(r.Context(), c.ID)
	if err != nil {
		return err
	}
	you, err := s.AwaitingYou(r)
	if err != nil {
		return err
	}
	out := make([]apiSettlement, len(sts))
	for i, st := range sts {
		out[i] = toAPISettlement(st)
		out[i].AwaitingYou = you[st.ID]
	}
	edge.WriteJSON(w, http.StatusOK, listOf(out))
	return nil
}

// settlementRequest settles one period.
type settlementRequest struct {
	PeriodStart string          `json:"period_start"`
	PeriodEnd   string          `json:"period_end"`
	Summary     json.RawMessage `json:"summary"`
	// Provisional settles a period that has not ended: an estimate.
	Provisional bool `json:"provisional"`
}

func (s *API) apiSettlementCreate(w http.ResponseWriter, r *http.Request) error {
	var req settlementRequest
	if err := edge.DecodeJSON(r, &req); err != nil {
		return err
	}
	c, err := s.ContractOf(r)
	if err != nil {
		return err
	}
	p, err := views.SettlementPeriod(req.PeriodStart, req.PeriodEnd)
	if err != nil {
		return err
	}
	if len(req.Summary) == 0 {
		return accord.FieldError("summary", "is required: the period's performance summary")
	}
	sum, err := views.DecodeSummary(string(req.Summary))
	if err != nil {
		return err
	}
	// As the settle form does: the quality gate's measures come from the
	// scorecard for the period (what the caller's party may see); a summary
	// departs from them only through its quality_override, with a reason.
	g, err := s.ReadQualityGate(r, c.ID, p.Start, p.End)
	if err == nil {
		err = views.ApplyGate(&sum, g, "", "")
	}
	if err != nil {
		return err
	}
	st, err := s.Svc.SettlePeriod(r.Context(), edge.SessionOf(r).Actor, c.ID, p.Start, p.End, sum, req.Provisional)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, toAPISettlement(st))
	return nil
}

func (s *API) apiSettlement(w http.ResponseWriter, r *http.Request) error {
	c, err := s.ContractOf(r)
	if err != nil {
		return err
	}
	st, err := s.Svc.Settlement(r.Context(), c.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	you, err := s.AwaitingYou(r)
	if err != nil {
		return err
	}
	out := toAPISettlement(st)
	out.AwaitingYou = you[st.ID]
	edge.WriteJSON(w, http.StatusOK, out)
	return nil
}

// apiSettlementSignOff signs a draft settlement off for the caller's party.
func (s *API) apiSettlementSignOff(w http.ResponseWriter, r *http.Request) error {
	c, err := s.ContractOf(r)
	if err != nil {
		return err
	}
	st, err := s.Svc.SignSettlement(r.Context(), edge.SessionOf(r).Actor, c.ID, r.PathValue("id"), edge.AllianceOf(r).Member.PartyID)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, toAPISettlement(st))
	return nil
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

func (s *API) apiWhatIf(w http.ResponseWriter, r *http.Request) error {
	wi, err := s.WhatIfOf(r)
	if err != nil {
		return err
	}
	out := apiWhatIf{Settlement: toAPISettlement(wi.Settlement), Version: wi.Version, Amendment: wi.Amendment, Result: wi.Result, Differences: []apiDifference{}}
	for _, row := range wi.Rows {
		if row.Differs {
			out.Differences = append(out.Differences, apiDifference{row.Label, row.Settled, row.WhatIf})
		}
	}
	edge.WriteJSON(w, http.StatusOK, out)
	return nil
}
