package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/claims"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/settle"
	"github.com/accord-alliance/accord/internal/views"
)

// whatIfView is what whatif.html shows.
type whatIfView struct {
	views.WhatIf
	// Charts are the settled waterfall and the alternative's.
	Charts    []views.SettlementChart
	Worksheet []views.WorksheetRow
}

// whatIfPage settles a period's summary under another version's or a
// pending amendment's terms, side by side with the settled figures;
// without ?settlement it shows the form to settle from claims files.
func (s *App) whatIfPage(w http.ResponseWriter, r *http.Request) error {
	if !r.URL.Query().Has("settlement") {
		return s.claimsWhatIfForm(w, r)
	}
	wi, err := s.WhatIfOf(r)
	if err != nil {
		return err
	}
	v := whatIfView{WhatIf: wi, Worksheet: views.WorksheetRows(wi.Result),
		Charts: []views.SettlementChart{
			views.NewSettlementChart("wf-settled", "As settled under version "+strconv.Itoa(wi.Settlement.Version), wi.Settlement.Result),
			views.NewSettlementChart("wf-whatif", "What if under "+wi.Under, wi.Result)}}
	s.render(w, r, "whatif", views.PageData{Title: "What if · " + wi.Contract.Title, Nav: "contracts", Data: v})
	return nil
}

// compareFromClaims settles the period of the form from the claims totals
// under the two terms chosen. Expenditure, member months and beneficiaries
// come from the files; the rest of the summary from the form, with the
// quality measures it leaves out read from the scorecard.
func (s *App) compareFromClaims(r *http.Request, c accord.Contract, form url.Values, t claims.Totals) (*claimsWhatIfResult, error) {
	for _, f := range []string{"actual_expenditure", "member_months", "assigned_beneficiaries"} {
		if strings.TrimSpace(form.Get(f)) != "" {
			return nil, accord.FieldError(f, "comes from the claims files; leave it out")
		}
	}
	doc, err := summaryFromFields(form.Get)
	if err != nil {
		return nil, err
	}
	sum, err := views.DecodeSummary(doc)
	if err != nil {
		return nil, err
	}
	exp := number.Money(t.ExpenditureCents)
	sum.ActualExpenditure, sum.MemberMonths, sum.AssignedBeneficiaries = &exp, t.MemberMonths, t.Beneficiaries
	sum.ExpenditureFrom = "claims files (" + strings.Join(t.FilesRead, ", ") + ")"
	res := &claimsWhatIfResult{Totals: t}
	p, err := views.SettlementPeriod(form.Get("period_start"), form.Get("period_end"))
	if err != nil {
		return nil, err
	}
	g, err := s.ReadQualityGate(r, c.ID, p.Start, p.End)
	if err != nil {
		return nil, err
	}
	if g != nil {
		for _, m := range g.Measures {
			if _, typed := sum.QualityMeasures[m.KPI]; m.Read && !typed {
				if sum.QualityMeasures == nil {
					sum.QualityMeasures = map[string]number.Rate{}
				}
				sum.QualityMeasures[m.KPI] = g.Values[m.KPI]
				res.Read = append(res.Read, m.KPI+" = "+m.Value+" ("+m.Method+")")
			}
		}
	}
	res.Summary = sum
	var a, b settle.Result
	if res.Current, a, err = s.settleUnder(r, c.ID, "current", form.Get("current"), sum); err != nil {
		return nil, err
	}
	if res.Alt, b, err = s.settleUnder(r, c.ID, "alternative", form.Get("alternative"), sum); err != nil {
		return nil, err
	}
	res.Rows = views.CompareResults(a, b)
	res.Charts = []views.SettlementChart{views.NewSettlementChart("wf-current", "Under "+res.Current, a), views.NewSettlementChart("wf-alt", "Under "+res.Alt, b)}
	res.Worksheet = views.WorksheetRows(b)
	res.Facts = claimsFacts(t)
	return res, nil
}

// claimsFacts writes what claims files added up to, for people.
func claimsFacts(t claims.Totals) []termRow {
	rows := []termRow{
		{"Beneficiaries enrolled", views.GroupInt(t.Beneficiaries)},
		{"Member months", views.GroupInt(t.MemberMonths)},
		{"Claim lines read", views.GroupInt(t.Lines) + ", of which " + views.GroupInt(t.Counted) + " count"},
	}
	for _, k := range []string{claims.SkipNotEnrolled, claims.SkipOutside, claims.SkipLate, claims.SkipType} {
		if n := t.Skipped[k]; n > 0 {
			rows = append(rows, termRow{"Not counted: " + k, views.GroupInt(n)})
		}
	}
	rows = append(rows, termRow{"Expenditure before truncation", views.Money(number.Money(t.RawExpenditureCents))})
	if t.TruncationCents > 0 {
		rows = append(rows, termRow{"Truncated at", views.Money(number.Money(t.TruncationCents)) + " a beneficiary (" + views.GroupInt(t.Truncated) + " capped)"})
	}
	return append(rows, termRow{"Expenditure settled", views.Money(number.Money(t.ExpenditureCents))})
}

// settleUnder settles the summary under the terms a choice names
// ("version:N" or "amendment:N"), and names them for people.
func (s *App) settleUnder(r *http.Request, contractID, field, choice string, sum settle.Summary) (string, settle.Result, error) {
	kind, num, _ := strings.Cut(choice, ":")
	n, err := strconv.Atoi(num)
	if err != nil || kind != "version" && kind != "amendment" {
		return "", settle.Result{}, accord.FieldError(field, "choose a version or a pending amendment")
	}
	var terms string
	if kind == "amendment" {
		a, err := s.Svc.Amendment(r.Context(), contractID, n)
		if err != nil {
			return "", settle.Result{}, err
		}
		terms = a.Terms
	} else {
		vs, err := s.Svc.ContractVersions(r.Context(), contractID)
		if err != nil {
			return "", settle.Result{}, err
		}
		for _, v := range vs {
			if v.Number == n {
				terms = v.Terms
			}
		}
		if terms == "" {
			return "", settle.Result{}, accord.FieldError(field, "version %d not found", n)
		}
	}
	res, err := accord.SettleTerms(terms, sum)
	return kind + " " + num, res, err
}
