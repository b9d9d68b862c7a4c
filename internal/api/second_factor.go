package api

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// secondFactorRule is the alliance's second-factor rule as the API writes
// it: "nobody" for the rule that asks nothing.
type secondFactorRule struct {
	Require string `json:"require"`
}

func ruleOut(rule string) secondFactorRule {
	if rule == accord.SecondFactorOptional {
		return secondFactorRule{Require: "nobody"}
	}
	return secondFactorRule{Require: rule}
}

func (s *API) apiSecondFactorRule(w http.ResponseWriter, r *http.Request) error {
	rule, err := s.Svc.SecondFactorRule(r.Context(), edge.AllianceOf(r).Alliance.ID)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, ruleOut(rule))
	return nil
}

func (s *API) apiSecondFactorRuleSet(w http.ResponseWriter, r *http.Request) error {
	var in secondFactorRule
	if err := edge.DecodeJSON(r, &in); err != nil {
		return err
	}
	rule := in.Require
	if rule == "nobody" {
		rule = accord.SecondFactorOptional
	} else if rule == accord.SecondFactorOptional || accord.CheckSecondFactorRule(rule) != nil {
		return accord.FieldError("require", "must be nobody, approvers or everyone")
	}
	if err := s.Svc.SetSecondFactorRule(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, rule); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, ruleOut(rule))
	return nil
}
