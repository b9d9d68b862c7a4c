package server

import (
	"net/http"
	"strconv"

	"github.com/accord-alliance/accord/internal/accord"
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
// pending amendment's terms, side by side with the settled figures.
func (s *Server) whatIfPage(w http.ResponseWriter, r *http.Request) {
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
