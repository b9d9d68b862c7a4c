package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/claims"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/settle"
)

// whatIf is a settled period's summary settled again under other terms:
// an agreed version's or a pending amendment's. Nothing is stored.
type whatIf struct {
	Contract   accord.Contract
	Settlement accord.Settlement
	// Under names the alternative: "version 3" or "amendment 4".
	Under string
	// Version or Amendment is the number of the alternative.
	Version, Amendment int
	Result             settle.Result
	Rows               []compareRow
}

// whatIfOf reads ?settlement= and ?version= or ?amendment= and settles the
// settlement's summary under those terms.
func (s *Server) whatIfOf(r *http.Request) (whatIf, error) {
	c, err := s.contractOf(r)
	if err != nil {
		return whatIf{}, err
	}
	q := r.URL.Query()
	st, err := s.svc.Settlement(r.Context(), c.ID, q.Get("settlement"))
	if err != nil {
		return whatIf{}, err
	}
	wi := whatIf{Contract: c, Settlement: st}
	var terms string
	if n, err := strconv.Atoi(q.Get("amendment")); err == nil {
		a, err := s.svc.Amendment(r.Context(), c.ID, n)
		if err != nil {
			return whatIf{}, err
		}
		wi.Amendment, wi.Under, terms = n, "amendment "+strconv.Itoa(n), a.Terms
	} else {
		n, err := strconv.Atoi(q.Get("version"))
		if err != nil {
			return whatIf{}, accord.FieldError("version", "give ?version=N or ?amendment=N: the terms to settle under")
		}
		vs, err := s.svc.ContractVersions(r.Context(), c.ID)
		if err != nil {
			return whatIf{}, err
		}
		for _, v := range vs {
			if v.Number == n {
				wi.Version, wi.Under, terms = n, "version "+strconv.Itoa(n), v.Terms
			}
		}
		if terms == "" {
			return whatIf{}, accord.Errorf(accord.ENOTFOUND, "version %d not found", n)
		}
	}
	if wi.Result, err = accord.SettleTerms(terms, st.Summary); err != nil {
		return whatIf{}, err
	}
	wi.Rows = compareResults(st.Result, wi.Result)
	return wi, nil
}

// whatIfView is what whatif.html shows.
type whatIfView struct {
	whatIf
	// Charts are the settled waterfall and the alternative's.
	Charts    []settlementChart
	Worksheet []worksheetRow
}

// whatIfPage settles a period's summary under another version's or a
// pending amendment's terms, side by side with the settled figures;
// without ?settlement it shows the form to settle from claims files.
func (s *Server) whatIfPage(w http.ResponseWriter, r *http.Request) {
	if !r.URL.Query().Has("settlement") {
		s.claimsWhatIfForm(w, r)
		return
	}
	wi, err := s.whatIfOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := whatIfView{whatIf: wi, Worksheet: worksheetRows(wi.Result),
		Charts: []settlementChart{
			newSettlementChart("wf-settled", "As settled under version "+strconv.Itoa(wi.Settlement.Version), wi.Settlement.Result),
			newSettlementChart("wf-whatif", "What if under "+wi.Under, wi.Result)}}
	s.render(w, r, "whatif", pageData{Title: "What if · " + wi.Contract.Title, Nav: "contracts", Data: v})
}

// compareFromClaims settles the period of the form from the claims totals
// under the two terms chosen. Expenditure, member months and beneficiaries
// come from the files; the rest of the summary from the form, with the
// quality measures it leaves out read from the scorecard.
func (s *Server) compareFromClaims(r *http.Request, c accord.Contract, form url.Values, t claims.Totals) (*claimsWhatIfResult, error) {
	for _, f := range []string{"actual_expenditure", "member_months", "assigned_beneficiaries"} {
		if strings.TrimSpace(form.Get(f)) != "" {
			return nil, accord.FieldError(f, "comes from the claims files; leave it out")
		}
	}
	doc, err := summaryFromFields(form.Get)
	if err != nil {
		return nil, err
	}
	sum, err := decodeSummary(doc)
	if err != nil {
		return nil, err
	}
	exp := number.Money(t.ExpenditureCents)
	sum.ActualExpenditure, sum.MemberMonths, sum.AssignedBeneficiaries = &exp, t.MemberMonths, t.Beneficiaries
	sum.ExpenditureFrom = "claims files (" + strings.Join(t.FilesRead, ", ") + ")"
	res := &claimsWhatIfResult{Totals: t}
	p, err := settlementPeriod(form.Get("period_start"), form.Get("period_end"))
	if err != nil {
		return nil, err
	}
	g, err := s.readQualityGate(r, c.ID, p.Start, p.End)
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
	res.Rows = compareResults(a, b)
	res.Charts = []settlementChart{newSettlementChart("wf-current", "Under "+res.Current, a), newSettlementChart("wf-alt", "Under "+res.Alt, b)}
	res.Worksheet = worksheetRows(b)
	res.Facts = claimsFacts(t)
	return res, nil
}

// claimsFacts writes what claims files added up to, for people.
func claimsFacts(t claims.Totals) []termRow {
	rows := []termRow{
		{"Beneficiaries enrolled", groupInt(t.Beneficiaries)},
		{"Member months", groupInt(t.MemberMonths)},
		{"Claim lines read", groupInt(t.Lines) + ", of which " + groupInt(t.Counted) + " count"},
	}
	for _, k := range []string{claims.SkipNotEnrolled, claims.SkipOutside, claims.SkipLate, claims.SkipType} {
		if n := t.Skipped[k]; n > 0 {
			rows = append(rows, termRow{"Not counted: " + k, groupInt(n)})
		}
	}
	rows = append(rows, termRow{"Expenditure before truncation", money(number.Money(t.RawExpenditureCents))})
	if t.TruncationCents > 0 {
		rows = append(rows, termRow{"Truncated at", money(number.Money(t.TruncationCents)) + " a beneficiary (" + groupInt(t.Truncated) + " capped)"})
	}
	return append(rows, termRow{"Expenditure settled", money(number.Money(t.ExpenditureCents))})
}

// settleUnder settles the summary under the terms a choice names
// ("version:N" or "amendment:N"), and names them for people.
func (s *Server) settleUnder(r *http.Request, contractID, field, choice string, sum settle.Summary) (string, settle.Result, error) {
	kind, num, _ := strings.Cut(choice, ":")
	n, err := strconv.Atoi(num)
	if err != nil || kind != "version" && kind != "amendment" {
		return "", settle.Result{}, accord.FieldError(field, "choose a version or a pending amendment")
	}
	var terms string
	if kind == "amendment" {
		a, err := s.svc.Amendment(r.Context(), contractID, n)
		if err != nil {
			return "", settle.Result{}, err
		}
		terms = a.Terms
	} else {
		vs, err := s.svc.ContractVersions(r.Context(), contractID)
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
