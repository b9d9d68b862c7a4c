package fhir

import (
	"fmt"

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

// readCounts reads the counts of the populations accord uses, by code.
func readCounts(pops []population, path string) (map[string]number.Decimal, []problem) {
	counts := map[string]number.Decimal{}
	var probs []problem
	for i, p := range pops {
		code := populationCode(p.Code)
		if !wanted(code) {
			continue
		}
		field := fmt.Sprintf("%s.population[%d]", path, i)
		if _, dup := counts[code]; dup {
			probs = append(probs, problemf(field+".code", "a second %s population; each may appear once", code))
			continue
		}
		n, err := parseCount(p.Count)
		if err != nil {
			probs = append(probs, problemf(field+".count", "count %s", err.Error()))
			continue
		}
		counts[code] = n
	}
	return counts, probs
}

// ratio applies the proportion and ratio scoring of FHIR quality measures
// (see docs/fhir.md for the source):
//
//	numerator   = numerator - numerator-exclusion
//	denominator = denominator - denominator-exclusion - denominator-exception
//
// with the initial population standing in for a missing denominator, as a
// measure's denominator defaults to its initial population.
func ratio(counts map[string]number.Decimal, path string) (num, den number.Decimal, probs []problem) {
	n, ok := counts[popNumerator]
	if !ok {
		probs = append(probs, problemf(path+".population", "has no numerator population (code %s of %s)", popNumerator, populationSystem))
	}
	d, ok := counts[popDenominator]
	if !ok {
		if d, ok = counts[popInitial]; !ok {
			probs = append(probs, problemf(path+".population", "has no denominator or initial-population population"))
		}
	}
	if len(probs) > 0 {
		return 0, 0, probs
	}
	num = n - counts[popNumExcl]
	den = d - counts[popDenExcl] - counts[popDenExcep]
	if num < 0 {
		probs = append(probs, problemf(path+".population", "numerator-exclusion (%s) is larger than numerator (%s)", counts[popNumExcl], n))
	}
	if den < 0 {
		probs = append(probs, problemf(path+".population", "denominator-exclusion and denominator-exception (%s) are larger than denominator (%s)", counts[popDenExcl]+counts[popDenExcep], d))
	}
	return num, den, probs
}
