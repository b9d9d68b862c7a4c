package api

import (
	"net/http"
	"time"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/roi"
	"github.com/accord-alliance/accord/internal/views"
)

// commitmentJSON is a commitment with its due date as YYYY-MM-DD.
type commitmentJSON struct {
	accord.Commitment
	DueOn string `json:"due_on"`
}

func commitmentOut(c accord.Commitment) commitmentJSON {
	return commitmentJSON{Commitment: c, DueOn: c.DueOn.Format(time.DateOnly)}
}

// contributionJSON is a contribution with its date as YYYY-MM-DD and
// whether it counts in the totals.
type contributionJSON struct {
	accord.Contribution
	On     string `json:"date"`
	Counts bool   `json:"counts"`
}

func contributionOut(x accord.Contribution) contributionJSON {
	return contributionJSON{Contribution: x, On: x.On.Format(time.DateOnly), Counts: x.Counts()}
}

// returnJSON is a return as `accord roi` writes it: dates YYYY-MM-DD or
// null, the IRR null with its reason where no single rate solves it.
type returnJSON = accord.ROIFigure

func returnOut(partyID, party string, r roi.Return) returnJSON {
	return views.ROIFigureOf(partyID, party, r)
}

// ledgerJSON is an initiative's ledger as the API answers it.
type ledgerJSON struct {
	InitiativeID  string               `json:"initiative_id"`
	Commitments   []commitmentJSON     `json:"commitments"`
	Contributions []contributionJSON   `json:"contributions"`
	Lines         []accord.LedgerTotal `json:"lines"`
	Parties       []partyTotalJSON     `json:"parties"`
	Rates         ratesJSON            `json:"rates"`
	Returns       []returnJSON         `json:"returns"`
	Total         *returnJSON          `json:"total"`
	Benefits      []benefitJSON        `json:"benefits"`
	Assessments   []assessmentJSON     `json:"roi_assessments"`
}

type partyTotalJSON struct {
	PartyID  string       `json:"party_id"`
	Party    string       `json:"party"`
	Budget   number.Money `json:"budget"`
	Actual   number.Money `json:"actual"`
	Disputed number.Money `json:"disputed"`
}

type ratesJSON struct {
	Common  float64            `json:"common"`
	Parties map[string]float64 `json:"parties"`
}

func partyTotalsOut(ts []views.PartyTotal) []partyTotalJSON {
	out := make([]partyTotalJSON, len(ts))
	for i, t := range ts {
		out[i] = partyTotalJSON{PartyID: t.PartyID, Party: t.Party, Budget: t.Budget, Actual: t.Actual, Disputed: t.Disputed}
	}
	return out
}

func (s *API) apiLedger(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	rates, err := views.ParseLedgerRates(r.URL.Query())
	if err != nil {
		return err
	}
	sh, err := s.SharingFor(r, nil)
	if err != nil {
		return err
	}
	lv, err := s.LoadLedger(r.Context(), ac.Alliance.ID, r.PathValue("id"), rates, sh)
	if err != nil {
		return err
	}
	out := ledgerJSON{Benefits: benefitsOut(lv.Benefits), Assessments: assessmentsOut(lv.Assessments), InitiativeID: lv.Initiative.ID, Commitments: []commitmentJSON{}, Contributions: []contributionJSON{},
		Lines: lv.Lines, Parties: partyTotalsOut(lv.Totals), Rates: ratesJSON{Common: rates.Common, Parties: rates.Party}, Returns: []returnJSON{}}
	if out.Lines == nil {
		out.Lines = []accord.LedgerTotal{}
	}
	for _, c := range lv.Commitments {
		out.Commitments = append(out.Commitments, commitmentOut(c))
	}
	for _, x := range lv.Contributions {
		out.Contributions = append(out.Contributions, contributionOut(x))
	}
	for _, pr := range lv.Returns {
		out.Returns = append(out.Returns, returnOut(pr.PartyID, pr.Party, pr.Return))
	}
	if lv.Total != nil {
		t := returnOut("", "", *lv.Total)
		out.Total = &t
	}
	edge.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (s *API) apiCommitmentCreate(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	var in views.CommitmentInput
	if err := edge.DecodeJSON(r, &in); err != nil {
		return err
	}
	c, err := in.Commitment(ac.Alliance.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.Svc.AddCommitment(r.Context(), edge.SessionOf(r).Actor, &c); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, commitmentOut(c))
	return nil
}

func (s *API) apiContributionEnter(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	var in views.ContributionInput
	if err := edge.DecodeJSON(r, &in); err != nil {
		return err
	}
	x, err := in.Contribution(ac.Alliance.ID)
	if err != nil {
		return err
	}
	if err := s.CheckCommitment(r.Context(), ac.Alliance.ID, r.PathValue("id"), x.CommitmentID); err != nil {
		return err
	}
	if err := s.Svc.EnterContribution(r.Context(), edge.SessionOf(r).Actor, &x); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, contributionOut(x))
	return nil
}

// contributionStepBody is the body of a dispute (reason) or a resolution
// (resolution and note).
type contributionStepBody struct {
	Reason     string `json:"reason"`
	Resolution string `json:"resolution"`
	Note       string `json:"note"`
}

func (s *API) apiContributionStep(act access.Action) edge.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ac, actor, id := edge.AllianceOf(r), edge.SessionOf(r).Actor, r.PathValue("id")
		var b contributionStepBody
		if r.ContentLength != 0 {
			if err := edge.DecodeJSON(r, &b); err != nil {
				return err
			}
		}
		var x accord.Contribution
		var err error
		switch act {
		case access.AcknowledgeContribution:
			x, err = s.Svc.AcknowledgeContribution(r.Context(), actor, ac.Alliance.ID, id)
		case access.DisputeContribution:
			x, err = s.Svc.DisputeContribution(r.Context(), actor, ac.Alliance.ID, id, b.Reason)
		default:
			x, err = s.Svc.ResolveContribution(r.Context(), actor, ac.Alliance.ID, id, b.Resolution, b.Note)
		}
		if err != nil {
			return err
		}
		edge.WriteJSON(w, http.StatusOK, contributionOut(x))
		return nil
	}
}
