package settle

import "fmt"

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
// the summary.
func (e *engine) qualityStandard() error {
	s, w := e.s, e.w
	if s.QualityScore != nil {
		w.rate("quality_score", "Quality performance score", *s.QualityScore, "summary.quality_score", "from summary")
	}
	if g := e.t.QualityGate; g != nil {
		passing := 0
		for i, m := range g.Measures {
			v, ok := s.QualityMeasures[m.KPI]
			if !ok {
				return need("quality_measures."+m.KPI, "quality_gate measure")
			}
			pass, formula := gatePasses(m, v)
			if pass {
				passing++
			}
			label := m.Label
			if label == "" {
				label = m.KPI
			}
			w.rate("quality_measure", "Quality measure "+label, v, fmt.Sprintf("quality_gate.measures[%d]", i), formula)
		}
		required := g.MinimumPassing
		if required == 0 {
			required = len(g.Measures)
		}
		e.quality = passing >= required
		formula := fmt.Sprintf("%d of %d measures pass, %d required", passing, len(g.Measures), required)
		if s.QualityStandardMet != nil {
			e.quality = e.quality && *s.QualityStandardMet
			formula += fmt.Sprintf(", and summary quality_standard_met is %t", *s.QualityStandardMet)
		}
		e.qualityKnown = true
		w.flag("quality_standard", "Quality standard met", e.quality, "quality_gate", formula)
		e.r.QualityStandardMet = e.quality
		return nil
	}
	if s.QualityStandardMet == nil {
		if why := e.qualityNeed(); why != "" {
			return need("quality_standard_met", why)
		}
		return nil
	}
	e.quality, e.qualityKnown = *s.QualityStandardMet, true
	e.r.QualityStandardMet = e.quality
	w.flag("quality_standard", "Quality standard met", e.quality, "summary.quality_standard_met", "from summary")
	return nil
}

func gatePasses(m GateMeasure, v Rate) (bool, string) {
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

// qualityFactor is what the sharing rate is multiplied by for quality:
// 1 or 0 for a gate, the quality score (or 0) when scaled, 1 when quality
// does not matter.
func (e *engine) qualityFactor() (Rate, error) {
	switch e.t.Savings.Quality {
	case QualityIgnored:
		return one, nil
	case QualityScaled:
		if !e.quality {
			return Rate{}, nil
		}
		return e.qualityScore("savings.quality is scaled")
	}
	if e.quality {
		return one, nil
	}
	return Rate{}, nil
}
