package views

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
)

// HealthAddition is what an admin adds to an instrument to make its next
// version: a statement to an existing factor (Factor names it), or a new
// factor (FactorName) with its first statement.
type HealthAddition struct {
	InstrumentID string `json:"instrument_id"`
	Factor       string `json:"factor,omitempty"`
	FactorName   string `json:"factor_name,omitempty"`
	Text         string `json:"text"`
	Kind         string `json:"kind,omitempty"`
	Reverse      bool   `json:"reverse,omitempty"`
}

var nonKey = regexp.MustCompile(`[^a-z0-9]+`)

// keyOf makes a key from a name: "Data quality" → "data_quality".
func keyOf(name string) string {
	k := strings.Trim(nonKey.ReplaceAllString(strings.ToLower(name), "_"), "_")
	if k == "" || k[0] < 'a' || k[0] > 'z' {
		k = "f_" + k
	}
	return strings.TrimSuffix(k[:min(len(k), 40)], "_")
}

// NextVersion returns the instrument with the addition made, as its next
// version (the store numbers it): existing factors and statements keep
// their keys and wording, so results compare like with like; the new
// statement's key is its factor's key, a dot and a number not used yet.
func NextVersion(in accord.Instrument, add HealthAddition) (accord.Instrument, error) {
	next := accord.Instrument{AllianceID: in.AllianceID, Key: in.Key, Name: in.Name}
	used := map[string]bool{}
	for _, f := range in.Factors {
		used[f.Key] = true
		nf := f
		nf.Items = append([]accord.HealthItem(nil), f.Items...)
		for _, it := range f.Items {
			used[it.Key] = true
		}
		next.Factors = append(next.Factors, nf)
	}
	at := -1
	switch {
	case add.Factor != "":
		for i, f := range next.Factors {
			if f.Key == add.Factor {
				at = i
			}
		}
		if at < 0 {
			return next, accord.FieldError("factor", "%q is not a factor of this instrument", add.Factor)
		}
	case strings.TrimSpace(add.FactorName) != "":
		key := keyOf(add.FactorName)
		for n := 2; used[key]; n++ {
			key = fmt.Sprintf("%s_%d", keyOf(add.FactorName), n)
		}
		used[key] = true
		next.Factors = append(next.Factors, accord.HealthFactor{Key: key, Name: strings.TrimSpace(add.FactorName)})
		at = len(next.Factors) - 1
	default:
		return next, accord.FieldError("factor", "choose the factor the statement measures, or name a new one")
	}
	f := &next.Factors[at]
	key := ""
	for n := len(f.Items) + 1; key == "" || used[key]; n++ {
		key = fmt.Sprintf("%s.item%d", f.Key, n)
	}
	f.Items = append(f.Items, accord.HealthItem{Key: key, Text: add.Text, Kind: add.Kind, Reverse: add.Reverse})
	return next, nil
}

// AddToInstrument stores the instrument version with the addition made as
// the next version of its key.
func (s *Loader) AddToInstrument(ctx context.Context, actor accord.Actor, allianceID string, add HealthAddition) (accord.Instrument, error) {
	in, err := s.Svc.Instrument(ctx, allianceID, add.InstrumentID)
	if accord.ErrorCode(err) == accord.ENOTFOUND {
		return in, accord.FieldError("instrument_id", "is not a survey instrument of this alliance")
	}
	if err != nil {
		return in, err
	}
	next, err := NextVersion(in, add)
	if err != nil {
		return next, err
	}
	return next, additionField(s.Svc.CreateInstrument(ctx, actor, &next))
}

// additionField names the addition's field in an error about the new
// version ("factors[10].items[0].text" is the statement's text).
func additionField(err error) error {
	f := accord.ErrorField(err)
	for suffix, field := range map[string]string{".text": "text", ".name": "factor_name", ".kind": "kind", ".items": "factor"} {
		if strings.HasPrefix(f, "factors[") && strings.HasSuffix(f, suffix) {
			return accord.FieldError(field, "%s", accord.ErrorMessage(err))
		}
	}
	return err
}
