package ui

import (
	"net/http"
	"slices"
	"strings"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// ledgerView is what ledger.html shows: the initiative's ledger and, per
// contribution, what the viewer may do with it now.
type ledgerView struct {
	views.LedgerView
	Slug, Base   string
	ViewerParty  string
	Rows         []contributionRow
	Own          []accord.Commitment // the viewer's party's commitments, to contribute against
	Kinds        []string
	RateCommon   string
	PartyRateVal map[string]string
	// KPIs are the initiative's KPIs and Contracts the alliance's, for
	// the form that proposes a benefit.
	KPIs      []accord.KPI
	Contracts []accord.Contract
	// Approve holds the proposed benefits the viewer may approve (another
	// party's); Submit and Review say whether the viewer may submit an
	// ROI assessment (a sponsor's finance or executive) and review one
	// (the initiative's clinical lead).
	Approve        map[string]bool
	Submit, Review bool
	// Query is the rates the page was valued at, for the assessment form.
	Query map[string]string
}

// contributionRow is one contribution with the forms the viewer may use.
type contributionRow struct {
	accord.Contribution
	Against                      string
	Acknowledge, Dispute, Settle bool
}

// ledgerPage shows an initiative's commitments and contributions, budget
// against actual per phase and party, and each party's return on what it
// has put in at the discount rates the viewer gives (a GET form).
func (s *App) ledgerPage(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	rates, err := views.ParseLedgerRates(r.URL.Query())
	if err != nil {
		return err
	}
	kpis, err := s.Svc.ListKPIs(r.Context(), ac.Alliance.ID, accord.KPIFilter{})
	if err != nil {
		return err
	}
	sh, err := s.SharingFor(r, kpis)
	if err != nil {
		return err
	}
	lv, err := s.LoadLedger(r.Context(), ac.Alliance.ID, r.PathValue("id"), rates, sh)
	if err != nil {
		return err
	}
	contracts, err := s.Svc.ListContracts(r.Context(), ac.Alliance.ID)
	if err != nil {
		return err
	}
	scope := edge.SessionOf(r).Actor.Scope
	can := func(a access.Action) bool { return access.Allowed(ac.Member.Roles, scope, a) }
	v := ledgerView{LedgerView: lv, Slug: ac.Alliance.Slug, Base: "/a/" + ac.Alliance.Slug + "/initiatives/" + lv.Initiative.ID,
		ViewerParty: ac.Member.PartyID, Kinds: []string{accord.CommitCash, accord.CommitInKind, accord.CommitStaffTime},
		RateCommon: r.URL.Query().Get("rate"), PartyRateVal: map[string]string{}, Contracts: contracts, Approve: map[string]bool{},
		Submit: can(access.SubmitROI) && slices.Contains(lv.Initiative.SponsorIDs, ac.Member.PartyID),
		Review: can(access.ReviewROI) && ac.Member.ID == lv.Initiative.ClinicalLeadID, Query: map[string]string{}}
	for k, vs := range r.URL.Query() {
		if (k == "rate" || strings.HasPrefix(k, "rate_")) && len(vs) > 0 && vs[0] != "" {
			v.Query[k] = vs[0]
		}
	}
	for _, p := range lv.Parties {
		v.PartyRateVal[p.ID] = r.URL.Query().Get("rate_" + p.ID)
	}
	for _, k := range kpis {
		if slices.ContainsFunc(lv.Initiative.KPIs, func(ik accord.InitiativeKPI) bool { return ik.KPIID == k.ID }) {
			v.KPIs = append(v.KPIs, k)
		}
	}
	for _, b := range lv.Benefits {
		v.Approve[b.ID] = b.Status == accord.BenefitProposed && b.ProposedPartyID != ac.Member.PartyID && can(access.AgreeBenefits)
	}
	for _, c := range lv.Commitments {
		if c.PartyID == ac.Member.PartyID {
			v.Own = append(v.Own, c)
		}
	}
	for _, x := range lv.Contributions {
		other := x.PartyID != ac.Member.PartyID
		open := x.Disputed && x.Resolution == ""
		v.Rows = append(v.Rows, contributionRow{Contribution: x, Against: lv.CommitmentName(x.CommitmentID),
			Acknowledge: other && can(access.AcknowledgeContribution) && x.AcknowledgedAt == nil && !open && x.Resolution != accord.ResolutionWithdrawn,
			Dispute:     other && can(access.DisputeContribution) && !x.Disputed,
			Settle:      open && can(access.ResolveContribution)})
	}
	s.render(w, r, "ledger", views.PageData{Title: "Ledger: " + lv.Initiative.Name, Nav: "portfolio", Data: v})
	return nil
}

// ledgerBack is the ledger page a form on it goes back to.
func ledgerBack(r *http.Request) string {
	return "/a/" + edge.AllianceOf(r).Alliance.Slug + "/initiatives/" + r.PathValue("id") + "/ledger"
}

func (s *App) commitmentCreate(w http.ResponseWriter, r *http.Request) error {
	ac, back := edge.AllianceOf(r), ledgerBack(r)
	r.ParseForm()
	in, err := views.CommitmentForm(r.PostForm)
	if err != nil {
		return backTo(back, err)
	}
	c, err := in.Commitment(ac.Alliance.ID, r.PathValue("id"))
	if err == nil {
		err = s.Svc.AddCommitment(r.Context(), edge.SessionOf(r).Actor, &c)
	}
	if err != nil {
		return backTo(back, edge.HideNotFound(err))
	}
	flash(w, "Commitment recorded: "+views.Money(c.Amount)+".")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

func (s *App) contributionEnter(w http.ResponseWriter, r *http.Request) error {
	ac, back := edge.AllianceOf(r), ledgerBack(r)
	r.ParseForm()
	in, err := views.ContributionForm(r.PostForm)
	if err != nil {
		return backTo(back, err)
	}
	x, err := in.Contribution(ac.Alliance.ID)
	if err == nil {
		err = s.CheckCommitment(r.Context(), ac.Alliance.ID, r.PathValue("id"), x.CommitmentID)
	}
	if err == nil {
		err = s.Svc.EnterContribution(r.Context(), edge.SessionOf(r).Actor, &x)
	}
	if err != nil {
		return backTo(back, edge.HideNotFound(err))
	}
	flash(w, "Contribution entered: "+views.Money(x.Amount)+". Another party acknowledges it.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

func (s *App) contributionAcknowledge(w http.ResponseWriter, r *http.Request) error {
	return s.contributionStep(w, r, "Contribution acknowledged.", func(a accord.Actor, allianceID, id string) (accord.Contribution, error) {
		return s.Svc.AcknowledgeContribution(r.Context(), a, allianceID, id)
	})
}

func (s *App) contributionDispute(w http.ResponseWriter, r *http.Request) error {
	return s.contributionStep(w, r, "Contribution disputed: it stays out of the totals until the dispute is resolved.", func(a accord.Actor, allianceID, id string) (accord.Contribution, error) {
		return s.Svc.DisputeContribution(r.Context(), a, allianceID, id, r.PostFormValue("reason"))
	})
}

func (s *App) contributionResolve(w http.ResponseWriter, r *http.Request) error {
	if !confirmed(r) {
		return backTo(ledgerBack(r), errNotConfirmed("resolve this dispute"))
	}
	return s.contributionStep(w, r, "Dispute resolved.", func(a accord.Actor, allianceID, id string) (accord.Contribution, error) {
		return s.Svc.ResolveContribution(r.Context(), a, allianceID, id, r.PostFormValue("resolution"), r.PostFormValue("note"))
	})
}

// contributionStep takes one step in a contribution's life from a form on
// the ledger page, and goes back to it.
func (s *App) contributionStep(w http.ResponseWriter, r *http.Request, done string, step func(a accord.Actor, allianceID, id string) (accord.Contribution, error)) error {
	ac, back := edge.AllianceOf(r), ledgerBack(r)
	if _, err := step(edge.SessionOf(r).Actor, ac.Alliance.ID, r.PathValue("cid")); err != nil {
		return backTo(back, edge.HideNotFound(err))
	}
	flash(w, done)
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// benefitCreate proposes a benefit of the initiative for the viewer's
// party.
func (s *App) benefitCreate(w http.ResponseWriter, r *http.Request) error {
	ac, back := edge.AllianceOf(r), ledgerBack(r)+"#ben-h"
	r.ParseForm()
	b, err := views.BenefitForm(r.PostForm)
	if err != nil {
		return backTo(back, err)
	}
	b.AllianceID, b.InitiativeID = ac.Alliance.ID, r.PathValue("id")
	if err := s.Svc.ProposeBenefit(r.Context(), edge.SessionOf(r).Actor, &b); err != nil {
		return backTo(back, edge.HideNotFound(err))
	}
	flash(w, "Benefit proposed. It counts in the returns once another party approves it.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// benefitApprove approves another party's proposed benefit, behind a
// confirmation box: an approval is not taken back.
func (s *App) benefitApprove(w http.ResponseWriter, r *http.Request) error {
	back := ledgerBack(r) + "#ben-h"
	if !confirmed(r) {
		return backTo(back, errNotConfirmed("approve this benefit"))
	}
	if _, err := s.Svc.ApproveBenefit(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("bid")); err != nil {
		return backTo(back, edge.HideNotFound(err))
	}
	flash(w, "Benefit approved: its flows are now in every party's return.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// roiSubmit submits the ledger's returns, at the rates the page was
// valued at, as an ROI assessment for the clinical lead to review.
func (s *App) roiSubmit(w http.ResponseWriter, r *http.Request) error {
	back := ledgerBack(r) + "#roi-h"
	r.ParseForm()
	if _, err := s.SubmitAssessment(r, r.PostForm); err != nil {
		return backTo(back, edge.HideNotFound(err))
	}
	flash(w, "ROI assessment submitted. The clinical lead reviews it before a gate that commits more money goes to a vote.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// roiReview records the clinical lead's review of an assessment, behind a
// confirmation box: a review is final.
func (s *App) roiReview(w http.ResponseWriter, r *http.Request) error {
	back := ledgerBack(r) + "#roi-h"
	if !confirmed(r) {
		return backTo(back, errNotConfirmed("record this review"))
	}
	if _, err := s.Svc.ReviewROIAssessment(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("rid"),
		r.PostFormValue("review"), r.PostFormValue("note")); err != nil {
		return backTo(back, edge.HideNotFound(err))
	}
	flash(w, "Review recorded. It goes with the assessment into the next gate's evidence.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
