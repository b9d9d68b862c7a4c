package settle

import (
	"fmt"
	"strings"

	"github.com/accord-alliance/accord/internal/number"
)

// qualityNeed says why the terms need to know whether the quality standard
// was met, or "" if they do not.
func (e *engine) qualityNeed() string {
	if e.t.Savings.Quality != QualityIgnored {
		return "savings.quality is " + e.t.Savings.Quality
	}
	if l := e.t.Losses; l != nil && l.RateMethod != LossRateFlat {
		return "losses.rate_method is " + l.RateMethod
	}
	for i, p := range e.t.Payments {
		if p.Earned == EarnedQualityGate {
			return fmt.Sprintf("payments[%d].earned is %s", i, p.Earned)
		}
	}
	return ""
}

// qualityStandard decides whether the quality standard was met: from the
// terms' quality gate over scorecard KPIs when there is one, otherwise from
// the summary; a quality_override in the summary, with its reason, has the
// last word and the worksheet says what it overrode.
func (e *engine) qualityStandard() error {
	s, w := e.s, e.w
	if s.QualityScore != nil {
		w.rate("quality_score", "Quality performance score", *s.QualityScore, "summary.quality_score", "from summary")
	}
	field, formula := "", ""
	switch {
	case e.t.QualityGate != nil:
		g := EvaluateGate(e.t.QualityGate, s.QualityMeasures)
		for i, m := range g.Measures {
			if !m.Known {
				if s.QualityOverride != nil {
					continue // the override decides; the missing value is said in its formula
				}
				return need("quality_measures."+m.KPI, "quality_gate measure")
			}
			w.rate("quality_measure", "Quality measure "+m.Label, m.Value, fmt.Sprintf("quality_gate.measures[%d]", i), m.Formula)
		}
		e.quality, field, formula = g.Met, "quality_gate", g.Formula
		if s.QualityStandardMet != nil {
			e.quality = e.quality && *s.QualityStandardMet
			formula += fmt.Sprintf(", and summary quality_standard_met is %t", *s.QualityStandardMet)
		}
	case s.QualityStandardMet != nil:
		e.quality, field, formula = *s.QualityStandardMet, "summary.quality_standard_met", "from summary"
	case s.QualityOverride == nil:
		if why := e.qualityNeed(); why != "" {
			return need("quality_standard_met", why)
		}
		return nil
	}
	if o := s.QualityOverride; o != nil {
		if field != "" {
			formula = fmt.Sprintf("overridden (%s gave %s): %s", formula, yesNo(e.quality), o.Reason)
		} else {
			formula = "set by override: " + o.Reason
		}
		e.quality, field = o.Met, "summary.quality_override"
	}
	e.qualityKnown = true
	e.r.QualityStandardMet = e.quality
	w.flag("quality_standard", "Quality standard met", e.quality, field, formula)
	return nil
}

func yesNo(b bool) string {
	if b {
		return "met"
	}
	return "not met"
}

// GateResult is a quality gate evaluated over scorecard values: each
// measure against its bound(s) and the standard it gives.
type GateResult struct {
	Measures []GateOutcome
	// Passing counts the measures that pass; Required how many must.
	Passing, Required int
	// Known says every measure had a value, so that Met is decided.
	Known bool
	// Met says whether at least Required measures pass. With values
	// missing it is what the known ones give.
	Met bool
	// Formula says it in words: "2 of 3 measures pass, 2 required".
	Formula string
}

// GateOutcome is one measure of a quality gate.
type GateOutcome struct {
	KPI, Label string
	// Known says the value was given; Value is it.
	Known bool
	Value number.Rate
	// Pass says whether the value is within the bound(s); Formula shows
	// the comparison ("0.6312 ≥ 0.6000: pass") or the bounds alone.
	Pass    bool
	Formula string
}

// EvaluateGate compares each measure's value (by KPI key) with its
// bound(s), inclusive; the standard is met when at least minimum_passing
// measures pass (all, by default).
func EvaluateGate(g *QualityGate, values map[string]number.Rate) GateResult {
	r := GateResult{Known: true, Required: g.MinimumPassing}
	if r.Required == 0 {
		r.Required = len(g.Measures)
	}
	for _, m := range g.Measures {
		o := GateOutcome{KPI: m.KPI, Label: firstNonEmpty(m.Label, m.KPI)}
		v, ok := values[m.KPI]
		if ok {
			o.Known, o.Value = true, v
			o.Pass, o.Formula = gatePasses(m, v)
		} else {
			o.Formula = "no value: " + GateBounds(m)
			r.Known = false
		}
		if o.Pass {
			r.Passing++
		}
		r.Measures = append(r.Measures, o)
	}
	r.Met = r.Passing >= r.Required
	r.Formula = fmt.Sprintf("%d of %d measures pass, %d required", r.Passing, len(g.Measures), r.Required)
	return r
}

// GateBounds writes a measure's bound(s): "≥ 0.6000", "≤ 0.1500".
func GateBounds(m GateMeasure) string {
	var parts []string
	if m.AtLeast != nil {
		parts = append(parts, "≥ "+m.AtLeast.Decimal(4))
	}
	if m.AtMost != nil {
		parts = append(parts, "≤ "+m.AtMost.Decimal(4))
	}
	if len(parts) == 0 {
		return "no bound"
	}
	return strings.Join(parts, " and ")
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// qualityFactor is what the sharing rate is multiplied by for quality:
// 1 or 0 for a gate, the quality score (or 0) when scaled, 1 when quality
// does not matter.
func (e *engine) qualityFactor() (number.Rate, error) {
	switch e.t.Savings.Quality {
	case QualityIgnored:
		return one, nil
	case QualityScaled:
		if !e.quality {
			return number.Rate{}, nil
		}
		return e.qualityScore("savings.quality is scaled")
	}
	if e.quality {
		return one, nil
	}
	return number.Rate{}, nil
}

func gatePasses(m GateMeasure, v number.Rate) (bool, string) {
	pass := true
	formula := v.Decimal(4)
	if m.AtLeast != nil {
		pass = pass && v.Cmp(*m.AtLeast) >= 0
		formula += " ≥ " + m.AtLeast.Decimal(4)
	}
	if m.AtMost != nil {
		pass = pass && v.Cmp(*m.AtMost) <= 0
		formula += " ≤ " + m.AtMost.Decimal(4)
	}
	if pass {
		return true, formula + ": pass"
	}
	return false, formula + ": fail"
}
