package initiative

// Overload is a site-month that a new or changed phase would take over
// capacity: its load with the phase (Load) and without it (Before).
type Overload struct {
	Load
	Before Load
}

// WouldOverload reports the site-months that phase, new or changed, would
// put over capacity, given every other phase that holds capacity. A phase
// whose ID is among phases replaces that one (a change); otherwise it is
// added. Only the phase's sites and the months it covers are looked at.
// A site-month counts when it is over either limit with the phase and the
// phase makes it worse there: it was not over before, or its hours or its
// count of initiatives grow. So shortening or trimming a phase in a month
// that stays over for other reasons is not refused. The result is ordered
// by the phase's sites as it lists them, then by month; empty means the
// phase fits.
func WouldOverload(sites []Site, phases []Phase, phase Phase) ([]Overload, error) {
	if err := phase.Validate(); err != nil {
		return nil, err
	}
	from := MonthOf(phase.Start)
	months := int(MonthOf(phase.End)-from) + 1
	inScope := make(map[string]bool, len(phase.Sites))
	for _, d := range phase.Sites {
		inScope[d.Site] = true
	}
	var before, after []Phase
	for _, p := range phases {
		if !touches(p, inScope) {
			continue
		}
		before = append(before, p)
		if phase.ID == "" || p.ID != phase.ID {
			after = append(after, p)
		}
	}
	after = append(after, phase)
	was, err := Compute(sites, before, from, months)
	if err != nil {
		return nil, err
	}
	now, err := Compute(sites, after, from, months)
	if err != nil {
		return nil, err
	}
	var out []Overload
	for _, d := range phase.Sites {
		for _, m := range now.Months() {
			l, _ := now.At(d.Site, m)
			b, _ := was.At(d.Site, m)
			if l.Over() && (!b.Over() || l.Hours > b.Hours || l.Active > b.Active) {
				out = append(out, Overload{Load: l, Before: b})
			}
		}
	}
	return out, nil
}

// touches reports whether p has a site in scope.
func touches(p Phase, scope map[string]bool) bool {
	for _, d := range p.Sites {
		if scope[d.Site] {
			return true
		}
	}
	return false
}
