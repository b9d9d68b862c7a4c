package initiative

import "github.com/accord-alliance/accord/internal/accord"

// CapacitySites maps the store's sites and teams onto the engine's.
func CapacitySites(ss []accord.Site) []Site {
	out := make([]Site, len(ss))
	for i, s := range ss {
		out[i] = Site{ID: s.ID, Name: s.Name, MaxActive: s.MaxActive, HoursPerWeek: s.StaffHours}
	}
	return out
}

// HoldsCapacity reports whether a phase with this status counts against
// its sites' capacity: planned and running phases do, paused, stopped and
// finished ones do not.
func HoldsCapacity(status string) bool {
	return status == accord.PhasePlanned || status == accord.PhaseActive
}

// CapacityPhases maps the store's phases that hold capacity (of
// initiatives neither stopped nor completed) onto the engine's; the others
// are left out, as the engine expects.
func CapacityPhases(initiatives []accord.Initiative, phases []accord.Phase) []Phase {
	closed := map[string]bool{}
	for _, in := range initiatives {
		closed[in.ID] = in.Closed()
	}
	var out []Phase
	for _, p := range phases {
		if !HoldsCapacity(p.Status) || closed[p.InitiativeID] {
			continue
		}
		out = append(out, CapacityPhase(p))
	}
	return out
}

// CapacityPhase maps one phase onto the engine's, whatever its status.
func CapacityPhase(p accord.Phase) Phase {
	q := Phase{ID: p.ID, Initiative: p.InitiativeID, Name: p.Name, Start: p.StartsOn, End: p.EndsOn}
	for _, s := range p.Sites {
		d := SiteDemand{Site: s.SiteID, BackOffice: s.BackOfficeHours}
		for _, r := range s.Staff {
			d.Staff = append(d.Staff, RoleHours{Role: r.Role, Hours: r.Hours})
		}
		q.Sites = append(q.Sites, d)
	}
	return q
}
