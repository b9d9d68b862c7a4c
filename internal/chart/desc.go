package chart

import (
	"fmt"
	"slices"
	"strings"
)

// describe writes the text alternative of a series: what it covers, where
// it stands now against its lines, and every signal and annotation.
func describe(se Series, fm Format) string {
	first, last := se.dataRange()
	if first < 0 {
		return se.name() + ": " + strings.ToLower(se.emptyText()[:1]) + se.emptyText()[1:] + "."
	}
	var b strings.Builder
	count, missing := 0, 0
	for i := first; i <= last; i++ {
		if finite(se.value(i)) {
			count++
		} else {
			missing++
		}
	}
	fmt.Fprintf(&b, "%s: %d %s", se.name(), count, plural(count, "value", "values"))
	if count > 1 {
		fmt.Fprintf(&b, " from %s to %s", se.period(first), se.period(last))
	}
	fmt.Fprintf(&b, ". Latest %s in %s", fm.Value(se.value(last)), se.period(last))
	if se.provisional(last) {
		b.WriteString(", provisional")
	}
	b.WriteString(".")
	if n := se.provisionalCount(); n > 0 {
		fmt.Fprintf(&b, " %d provisional %s, not final yet.", n, plural(n, "value", "values"))
	}
	lines := []struct {
		name string
		l    Line
	}{{se.centreLabel(), se.Centre}, {"Target", se.Target}}
	for _, ln := range lines {
		if v := ln.l.at(last); finite(v) {
			fmt.Fprintf(&b, " %s %s.", ln.name, fm.Value(v))
		}
	}
	lo, hi := se.LCL.at(last), se.UCL.at(last)
	switch {
	case finite(lo) && finite(hi):
		fmt.Fprintf(&b, " Control limits %s to %s", fm.Value(lo), fm.Value(hi))
		if len(se.UCL) > 1 || len(se.LCL) > 1 {
			b.WriteString(" at the latest period; they vary from period to period")
		}
		b.WriteString(".")
	case finite(hi):
		fmt.Fprintf(&b, " Upper control limit %s.", fm.Value(hi))
	case finite(lo):
		fmt.Fprintf(&b, " Lower control limit %s.", fm.Value(lo))
	}
	if missing > 0 {
		fmt.Fprintf(&b, " %d %s without data.", missing, plural(missing, "period", "periods"))
	}
	for _, sig := range se.Signals {
		b.WriteString(" " + describeSignal(se, sig))
	}
	idx, notes := se.annotationsAt()
	for k, a := range notes {
		fmt.Fprintf(&b, " Note at %s: %s.", se.period(idx[k]), strings.TrimRight(a.Label, "."))
	}
	return b.String()
}

// describeSignal names a signal and the periods it spans.
func describeSignal(se Series, sig Signal) string {
	pts := slices.Clone(sig.Points)
	pts = slices.DeleteFunc(pts, func(p int) bool { return p < 0 || p >= se.len() })
	slices.Sort(pts)
	what := sig.Effect.String()
	if sig.Label != "" {
		what += " (" + strings.TrimRight(sig.Label, ".") + ")"
	}
	switch len(pts) {
	case 0:
		return what + "."
	case 1:
		return fmt.Sprintf("%s at %s.", what, se.period(pts[0]))
	}
	return fmt.Sprintf("%s from %s to %s.", what, se.period(pts[0]), se.period(pts[len(pts)-1]))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
