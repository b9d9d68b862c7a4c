package views

import (
	"net/http"
	"strconv"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/settle"
)

// WhatIf is a settled period's summary settled again under other terms:
// an agreed version's or a pending amendment's. Nothing is stored.
type WhatIf struct {
	Contract   accord.Contract
	Settlement accord.Settlement
	// Under names the alternative: "version 3" or "amendment 4".
	Under string
	// Version or Amendment is the number of the alternative.
	Version, Amendment int
	Result             settle.Result
	Rows               []CompareRow
}

// WhatIfOf reads ?settlement= and ?version= or ?amendment= and settles the
// settlement's summary under those terms.
func (s *Loader) WhatIfOf(r *http.Request) (WhatIf, error) {
	c, err := s.ContractOf(r)
	if err != nil {
		return WhatIf{}, err
	}
	q := r.URL.Query()
	st, err := s.Svc.Settlement(r.Context(), c.ID, q.Get("settlement"))
	if err != nil {
		return WhatIf{}, err
	}
	wi := WhatIf{Contract: c, Settlement: st}
	var terms string
	if n, err := strconv.Atoi(q.Get("amendment")); err == nil {
		a, err := s.Svc.Amendment(r.Context(), c.ID, n)
		if err != nil {
			return WhatIf{}, err
		}
		wi.Amendment, wi.Under, terms = n, "amendment "+strconv.Itoa(n), a.Terms
	} else {
		n, err := strconv.Atoi(q.Get("version"))
		if err != nil {
			return WhatIf{}, accord.FieldError("version", "give ?version=N or ?amendment=N: the terms to settle under")
		}
		vs, err := s.Svc.ContractVersions(r.Context(), c.ID)
		if err != nil {
			return WhatIf{}, err
		}
		for _, v := range vs {
			if v.Number == n {
				wi.Version, wi.Under, terms = n, "version "+strconv.Itoa(n), v.Terms
			}
		}
		if terms == "" {
			return WhatIf{}, accord.Errorf(accord.ENOTFOUND, "version %d not found", n)
		}
	}
	if wi.Result, err = accord.SettleTerms(terms, st.Summary); err != nil {
		return WhatIf{}, err
	}
	wi.Rows = CompareResults(st.Result, wi.Result)
	return wi, nil
}
