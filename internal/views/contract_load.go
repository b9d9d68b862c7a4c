package views

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// ParseDate reads a YYYY-MM-DD field; "" gives nil.
func ParseDate(field, s string) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return nil, accord.FieldError(field, "must be a date (YYYY-MM-DD)")
	}
	return &t, nil
}

// AmendmentRequest proposes the next version of a contract.
type AmendmentRequest struct {
	Summary       string          `json:"summary"`
	Text          string          `json:"text"`
	Terms         json.RawMessage `json:"terms"`
	EffectiveFrom string          `json:"effective_from"`
}

// Amendment checks the request and makes the amendment it asks for.
func (q AmendmentRequest) Amendment() (accord.Amendment, error) {
	from, err := ParseDate("effective_from", q.EffectiveFrom)
	if err != nil {
		return accord.Amendment{}, err
	}
	terms, err := termsDocument(q.Terms)
	if err != nil {
		return accord.Amendment{}, err
	}
	a := accord.Amendment{Summary: q.Summary, Text: q.Text, Terms: terms}
	if from != nil {
		a.EffectiveFrom = *from
	}
	return a, nil
}

// termsDocument reads a request's terms: a JSON object is the terms
// document itself; a string holds a YAML (or JSON) document, the way a
// YAML file is sent inside a JSON request.
func termsDocument(raw json.RawMessage) (string, error) {
	var doc string
	if err := json.Unmarshal(raw, &doc); err == nil {
		return doc, nil
	}
	if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] != '{' && !bytes.Equal(t, []byte("null")) {
		return "", accord.FieldError("terms", "must be a terms object, or a string holding a YAML or JSON terms document")
	}
	return string(raw), nil
}

// ContractOf loads the contract named by {contract}.
func (s *Loader) ContractOf(r *http.Request) (accord.Contract, error) {
	return s.Svc.ContractByKey(r.Context(), edge.AllianceOf(r).Alliance.ID, r.PathValue("contract"))
}

// ContractHistory reads a contract's versions and amendments.
func (s *Loader) ContractHistory(r *http.Request, contractID string) ([]accord.ContractVersion, []accord.Amendment, error) {
	vs, err := s.Svc.ContractVersions(r.Context(), contractID)
	if err != nil {
		return nil, nil, err
	}
	as, err := s.Svc.ListAmendments(r.Context(), contractID)
	return vs, as, err
}

// AmendmentNumber reads {number}; anything else is a not-found amendment.
func AmendmentNumber(r *http.Request) (int, error) {
	n, err := strconv.Atoi(r.PathValue("number"))
	if err != nil || n < 1 {
		return 0, accord.Errorf(accord.ENOTFOUND, "amendment not found")
	}
	return n, nil
}

// AmendmentWithBase reads an amendment and the version it amends (empty
// for the original agreement).
func (s *Loader) AmendmentWithBase(r *http.Request, contractID string, n int) (accord.Amendment, accord.ContractVersion, error) {
	a, err := s.Svc.Amendment(r.Context(), contractID, n)
	if err != nil || a.BaseVersion == 0 {
		return a, accord.ContractVersion{}, err
	}
	vs, err := s.Svc.ContractVersions(r.Context(), contractID)
	if err != nil {
		return a, accord.ContractVersion{}, err
	}
	for _, v := range vs {
		if v.Number == a.BaseVersion {
			return a, v, nil
		}
	}
	return a, accord.ContractVersion{}, nil
}
