package store

import "github.com/accord-alliance/accord/internal/accord"

// clearReason says why a live signal's condition no longer holds. The
// evaluation may say so itself: a pattern or a red value last seen in
// data over a year old is stale. A pattern whose opposite holds now (an
// improvement where a deterioration was, on the same KPI and segment) was
// superseded by it: the KPI cannot be both better and worse than before,
// and the latest periods decide.
func clearReason(g liveSignal, conds []accord.SignalCondition, sc signalScope) string {
	for _, c := range conds {
		if c.Stale && c.Key(sc.kpiID) == g.key {
			return accord.ReasonUnseen
		}
	}
	if g.kind != string(accord.SignalSPC) {
		return accord.ReasonCleared
	}
	for _, c := range conds {
		if c.Kind == accord.SignalSPC && !c.Stale && c.AboutKPI() && c.Segment == g.segment && opposite(c.Effect, g.effect) {
			return accord.ReasonSuperseded(c.Effect)
		}
	}
	return accord.ReasonCleared
}

// opposite reports whether one effect is an improvement and the other a
// deterioration.
func opposite(a, b string) bool {
	return a == accord.EffectImprovement && b == accord.EffectDeterioration || a == accord.EffectDeterioration && b == accord.EffectImprovement
}
