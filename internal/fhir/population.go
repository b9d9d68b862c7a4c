package fhir

import (
	"fmt"
	"math/big"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
)

// populationSystem is the code system of MeasureReport population codes.
// Codes without a system are accepted too, as several engines write them
// so; codes of any other system are not accord's to read.
const populationSystem = "http://terminology.hl7.org/CodeSystem/measure-population"

// The population codes accord reads.
const (
	popInitial     = "initial-population"
	popNumerator   = "numerator"
	popNumExcl     = "numerator-exclusion"
	popDenominator = "denominator"
	popDenExcl     = "denominator-exclusion"
	popDenExcep    = "denominator-exception"
)

func wanted(code string) bool {
	switch code {
	case popInitial, popNumerator, popNumExcl, popDenominator, popDenExcl, popDenExcep:
		return true
	}
	return false
}

// populationCode returns the measure-population code of a population, or
// "" when it has none.
func populationCode(cc *codeableConcept) string {
	if cc == nil {
		return ""
	}
	for _, c := range cc.Coding {
		if c.System == populationSystem || c.System == "" {
			return c.Code
		}
	}
	return ""
}

// popCounts are the counts of the populations accord uses, by code, and
// the populations given without a count (FHIR allows it): those are
// ignored unless accord needs them.
type popCounts struct {
	n       map[string]number.Decimal
	noCount map[string]string // code -> field of the population
}

// readCounts reads the counts of the populations accord uses, by code. An
// individual report is one patient: a count above 1 is refused.
func readCounts(pops []population, path string, individual bool) (popCounts, []problem) {
	pc := popCounts{n: map[string]number.Decimal{}, noCount: map[string]string{}}
	var probs []problem
	for i, p := range pops {
		code := populationCode(p.Code)
		if !wanted(code) {
			continue
		}
		field := fmt.Sprintf("%s.population[%d]", path, i)
		_, dup := pc.n[code]
		if _, dup2 := pc.noCount[code]; dup || dup2 {
			probs = append(probs, problemf(field+".code", "a second %s population; each may appear once", code))
			continue
		}
		if len(p.Count) == 0 || string(p.Count) == "null" {
			pc.noCount[code] = field
			continue
		}
		n, err := parseCount(p.Count)
		if err != nil {
			probs = append(probs, problemf(field+".count", "count %s", err.Error()))
			continue
		}
		if individual && n > number.DecimalScale {
			probs = append(probs, problemf(field+".count", "count %s is above 1: an individual report is one patient, who is in a population (1) or not (0)", n))
			continue
		}
		pc.n[code] = n
	}
	return pc, probs
}

// need returns the count of a population accord needs: a population given
// without a count is a problem then, and ok is false when it is absent.
func (pc popCounts) need(code, path string, probs *[]problem) (n number.Decimal, ok bool) {
	if field, found := pc.noCount[code]; found {
		*probs = append(*probs, problemf(field+".count", "the %s population has no count, and accord needs it to compute the figures", code))
		return 0, false
	}
	n, ok = pc.n[code]
	return n, ok
}

// ratio applies the proportion and ratio scoring of FHIR quality measures
// (see docs/fhir.md for the source):
//
//	numerator   = numerator - numerator-exclusion
//	denominator = denominator - denominator-exclusion - denominator-exception
//
// with the initial population standing in for a missing denominator, as a
// measure's denominator defaults to its initial population.
func ratio(pc popCounts, path string, t Target) (num, den number.Decimal, probs []problem) {
	n, hasNum := pc.need(popNumerator, path, &probs)
	_, numNoCount := pc.noCount[popNumerator]
	d, hasDen := pc.need(popDenominator, path, &probs)
	_, denNoCount := pc.noCount[popDenominator]
	if !hasDen && !denNoCount {
		d, hasDen = pc.need(popInitial, path, &probs)
		_, denNoCount = pc.noCount[popInitial]
	}
	switch {
	case !hasNum && !numNoCount && len(pc.n) == 1 && hasDen && pc.n[popInitial] == d:
		probs = append(probs, problemf(path+".population", "has only an initial-population count: a cohort report, which feeds a KPI of unit count; KPI %s is a rate of numerator and denominator", t.KPI))
	case !hasNum && !numNoCount:
		probs = append(probs, problemf(path+".population", "has no numerator population (code %s of %s)", popNumerator, populationSystem))
	}
	if !hasDen && !denNoCount {
		probs = append(probs, problemf(path+".population", "has no denominator or initial-population population"))
	}
	numExcl, _ := pc.need(popNumExcl, path, &probs)
	denExcl, _ := pc.need(popDenExcl, path, &probs)
	denExcep, _ := pc.need(popDenExcep, path, &probs)
	if len(probs) > 0 {
		return 0, 0, probs
	}
	num = n - numExcl
	den = d - denExcl - denExcep
	if num < 0 {
		probs = append(probs, problemf(path+".population", "numerator-exclusion (%s) is larger than numerator (%s)", numExcl, n))
	}
	if den < 0 {
		probs = append(probs, problemf(path+".population", "denominator-exclusion and denominator-exception (%s) are larger than denominator (%s)", denExcl+denExcep, d))
	}
	return num, den, probs
}

// plausible checks a numerator against its denominator: a numerator over
// nobody is impossible, and for a percent KPI (a proportion) a numerator
// above its denominator is too. A ratio measure (a rate per 1,000, a
// count per visit) may well exceed its denominator.
func plausible(num, den number.Decimal, t Target, path string) []problem {
	switch {
	case den == 0 && num != 0:
		return []problem{problemf(path+".population", "numerator %s over a denominator of 0: with nobody in the denominator the numerator is 0 too", num)}
	case t.Unit == accord.UnitPercent && num > den:
		return []problem{problemf(path+".population", "numerator %s is above its denominator %s (%s %%): a proportion counts part of its denominator, so the populations disagree",
			num, den, percentOf(num, den))}
	}
	return nil
}

// cohort reads a cohort report's figure for a count KPI: the
// initial-population count (a cohort measure has no numerator, no
// denominator and usually no measureScore).
func cohort(pops []population, t Target, path string) (number.Decimal, []problem) {
	pc, probs := readCounts(pops, path, false)
	if len(probs) > 0 {
		return 0, probs
	}
	n, ok := pc.need(popInitial, path, &probs)
	if len(probs) > 0 {
		return 0, probs
	}
	if !ok {
		return 0, []problem{problemf(path+".measureScore", "measureScore is missing and there is no initial-population count: KPI %s takes a value, read from measureScore or, for a count KPI, from a cohort's initial-population", t.KPI)}
	}
	return n, nil
}

// percentOf writes num/den as a percentage with two decimals, for messages.
func percentOf(num, den number.Decimal) string {
	r := new(big.Rat).SetFrac(big.NewInt(int64(num)), big.NewInt(int64(den)))
	return r.Mul(r, big.NewRat(100, 1)).FloatString(2)
}
