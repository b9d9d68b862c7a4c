package api

import (
	"net/http"
	"net/url"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/views"
)

// benefitJSON is a benefit as the ledger answers it: what was agreed and,
// once approved, what it has brought in. A KPI benefit's figures (the
// measured baseline, each period's value, change and units) are left out
// for a viewer whose party may not see the KPI's figures; the money is
// not.
type benefitJSON struct {
	ID               string                `json:"id"`
	InitiativeID     string                `json:"initiative_id"`
	Kind             string                `json:"kind"`
	Title            string                `json:"title,omitempty"`
	Status           string                `json:"status"`
	KPIID            string                `json:"kpi_id,omitempty"`
	Baseline         *number.Decimal       `json:"baseline,omitempty"`
	BaselineFrom     *string               `json:"baseline_from,omitempty"`
	BaselineTo       *string               `json:"baseline_to,omitempty"`
	MeasureFrom      *string               `json:"measure_from,omitempty"`
	UnitValue        *number.Money         `json:"unit_value,omitempty"`
	Shares           []accord.BenefitShare `json:"shares,omitempty"`
	ContractID       string                `json:"contract_id,omitempty"`
	SavingsPercent   *number.Decimal       `json:"savings_percent,omitempty"`
	ProposedBy       string                `json:"proposed_by"`
	ProposedParty    string                `json:"proposed_by_party_id"`
	ApprovedBy       string                `json:"approved_by,omitempty"`
	ApprovedParty    string                `json:"approved_by_party_id,omitempty"`
	ApprovedAt       *time.Time            `json:"approved_at,omitempty"`
	FiguresShared    *bool                 `json:"figures_shared,omitempty"`
	MeasuredBaseline *number.Decimal       `json:"measured_baseline,omitempty"`
	Periods          []benefitPeriodJSON   `json:"periods,omitempty"`
	Settled          []savingsCreditJSON   `json:"settled,omitempty"`
	Pending          []savingsCreditJSON   `json:"pending,omitempty"`
	Total            number.Money          `json:"total"`
	Note             string                `json:"note,omitempty"`
}

type benefitPeriodJSON struct {
	Period  string            `json:"period"`
	PaidOn  string            `json:"paid_on"`
	Value   *number.Decimal   `json:"value,omitempty"`
	Change  *number.Decimal   `json:"change,omitempty"`
	Units   *number.Decimal   `json:"units,omitempty"`
	Amount  number.Money      `json:"amount"`
	Parties []partyAmountJSON `json:"parties"`
}

type partyAmountJSON struct {
	PartyID string       `json:"party_id,omitempty"`
	Party   string       `json:"party,omitempty"`
	Amount  number.Money `json:"amount"`
}

type savingsCreditJSON struct {
	SettlementID string            `json:"settlement_id"`
	PeriodStart  string            `json:"period_start"`
	PeriodEnd    string            `json:"period_end"`
	Status       string            `json:"status"`
	Provisional  bool              `json:"provisional"`
	Total        number.Money      `json:"total"`
	Parties      []partyAmountJSON `json:"parties"`
}

// assessmentJSON is an ROI assessment as submitted, with its review.
type assessmentJSON = accord.ROIAssessment

func dayOut(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.Format(time.DateOnly)
	return &s
}

func benefitOut(b views.BenefitView) benefitJSON {
	o := benefitJSON{ID: b.ID, InitiativeID: b.InitiativeID, Kind: b.Kind, Title: b.Title, Status: b.Status, KPIID: b.KPIID,
		Baseline: b.Baseline, BaselineFrom: dayOut(b.BaselineFrom), BaselineTo: dayOut(b.BaselineTo), MeasureFrom: dayOut(b.MeasureFrom),
		Shares: b.Shares, ContractID: b.ContractID, ProposedBy: b.ProposedByName, ProposedParty: b.ProposedPartyID,
		ApprovedBy: b.ApprovedByName, ApprovedParty: b.ApprovedPartyID, ApprovedAt: b.ApprovedAt, Total: b.Total, Note: b.Note}
	if b.Kind == accord.BenefitKPI {
		uv, sees := b.UnitValue, b.SeesFigures
		o.UnitValue, o.FiguresShared = &uv, &sees
		if sees && b.Baselined {
			mb := b.Measured.Baseline
			o.MeasuredBaseline = &mb
		}
	} else {
		sp := b.SavingsPercent
		o.SavingsPercent = &sp
	}
	for _, p := range b.Measured.Periods {
		x := benefitPeriodJSON{Period: b.KPI.Frequency.FormatPeriod(p.Period), PaidOn: p.PaidOn.Format(time.DateOnly), Amount: p.Amount, Parties: []partyAmountJSON{}}
		if b.SeesFigures {
			v, c, u := p.Value, p.Change, p.Units
			x.Value, x.Change, x.Units = &v, &c, &u
		}
		for _, pa := range p.Parties {
			x.Parties = append(x.Parties, partyAmountJSON{PartyID: pa.Party, Amount: pa.Amount})
		}
		o.Periods = append(o.Periods, x)
	}
	credits := func(cs []views.SavingsCredit) []savingsCreditJSON {
		var out []savingsCreditJSON
		for _, c := range cs {
			x := savingsCreditJSON{SettlementID: c.Settlement.ID, PeriodStart: c.Settlement.PeriodStart.Format(time.DateOnly),
				PeriodEnd: c.Settlement.PeriodEnd.Format(time.DateOnly), Status: c.Settlement.Status, Provisional: c.Settlement.Provisional,
				Total: c.Total, Parties: []partyAmountJSON{}}
			for _, p := range c.Parties {
				x.Parties = append(x.Parties, partyAmountJSON{Party: p.Party, Amount: p.Amount})
			}
			out = append(out, x)
		}
		return out
	}
	o.Settled, o.Pending = credits(b.Settled), credits(b.Pending)
	return o
}

func benefitsOut(bs []views.BenefitView) []benefitJSON {
	out := make([]benefitJSON, 0, len(bs))
	for _, b := range bs {
		out = append(out, benefitOut(b))
	}
	return out
}

func assessmentsOut(as []accord.ROIAssessment) []assessmentJSON {
	if as == nil {
		return []assessmentJSON{}
	}
	return as
}

// benefitRequest proposes a benefit; decimals and amounts are strings
// ("48.5", "1250.00"), periods YYYY-MM or dates.
type benefitRequest struct {
	Kind         string `json:"kind"`
	KPIID        string `json:"kpi_id"`
	Baseline     string `json:"baseline"`
	BaselineFrom string `json:"baseline_from"`
	BaselineTo   string `json:"baseline_to"`
	MeasureFrom  string `json:"measure_from"`
	UnitValue    string `json:"unit_value"`
	Shares       []struct {
		PartyID string `json:"party_id"`
		Percent string `json:"percent"`
	} `json:"shares"`
	ContractID     string `json:"contract_id"`
	SavingsPercent string `json:"savings_percent"`
}

func (s *API) apiBenefitCreate(w http.ResponseWriter, r *http.Request) error {
	var q benefitRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	f := url.Values{"kind": {q.Kind}, "kpi_id": {q.KPIID}, "baseline": {q.Baseline}, "baseline_from": {q.BaselineFrom}, "baseline_to": {q.BaselineTo},
		"measure_from": {q.MeasureFrom}, "unit_value": {q.UnitValue}, "contract_id": {q.ContractID}, "savings_percent": {q.SavingsPercent}}
	for _, sh := range q.Shares {
		if sh.PartyID == "" || f.Has("share_"+sh.PartyID) {
			return accord.FieldError("shares", "name each party once, by its party_id")
		}
		f.Set("share_"+sh.PartyID, sh.Percent)
	}
	b, err := views.BenefitForm(f)
	if err != nil {
		return err
	}
	b.AllianceID, b.InitiativeID = edge.AllianceOf(r).Alliance.ID, r.PathValue("id")
	if err := s.Svc.ProposeBenefit(r.Context(), edge.SessionOf(r).Actor, &b); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, benefitOut(views.BenefitView{Benefit: b}))
	return nil
}

func (s *API) apiBenefitApprove(w http.ResponseWriter, r *http.Request) error {
	b, err := s.Svc.ApproveBenefit(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, benefitOut(views.BenefitView{Benefit: b}))
	return nil
}

// assessmentRequest submits an ROI assessment at the rates given, as the
// ledger takes them (rate, rates=PARTY_ID=RATE,...).
type assessmentRequest struct {
	Rate  string `json:"rate"`
	Rates string `json:"rates"`
}

func (s *API) apiROISubmit(w http.ResponseWriter, r *http.Request) error {
	var q assessmentRequest
	if r.ContentLength != 0 {
		if err := edge.DecodeJSON(r, &q); err != nil {
			return err
		}
	}
	a, err := s.SubmitAssessment(r, url.Values{"rate": {q.Rate}, "rates": {q.Rates}})
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, a)
	return nil
}

// roiReviewRequest is the clinical lead's review of an ROI assessment.
type roiReviewRequest struct {
	Review string `json:"review"`
	Note   string `json:"note"`
}

func (s *API) apiROIReview(w http.ResponseWriter, r *http.Request) error {
	var q roiReviewRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	a, err := s.Svc.ReviewROIAssessment(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"), q.Review, q.Note)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, a)
	return nil
}
