package initiative

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/number"
)

// Site is a site or team that declares its capacity for change.
type Site struct {
	ID, Name string
	// MaxActive is how many initiatives may be in an active phase at the
	// site at once; HoursPerWeek the staff hours per week it can give to
	// change work. Zero means none: a site with no room for change.
	MaxActive    int
	HoursPerWeek number.Decimal
}

// RoleHours is the staff time a phase asks of one role at a site.
type RoleHours struct {
	Role  string
	Hours number.Decimal // per week
}

// SiteDemand is what a phase asks of one site in its scope: staff hours
// per week by role and back-office hours per week. Both are change work
// the site gives, so both count against its HoursPerWeek.
type SiteDemand struct {
	Site       string
	Staff      []RoleHours
	BackOffice number.Decimal // per week
}

// staff returns the staff hours per week over every role.
func (d SiteDemand) staff() number.Decimal {
	var sum number.Decimal
	for _, r := range d.Staff {
		sum += r.Hours
	}
	return sum
}

// MaxPhaseMonths bounds a phase's length (ten years), so that a mistyped
// year cannot make the load of one phase a grid of centuries.
const MaxPhaseMonths = 120

// Phase is a span of an initiative with the sites in its scope and what it
// asks of each. Only phases that hold capacity are given to the engine:
// planned, starting or running ones, not those paused, stopped or done.
type Phase struct {
	// ID names the phase; a changed phase keeps its ID, a new one may
	// leave it empty.
	ID, Initiative, Name string
	// Start and End are the first and last days of the phase, included.
	Start, End time.Time
	Sites      []SiteDemand
}

// Validate reports the first thing wrong with p.
func (p Phase) Validate() error {
	name := p.Name
	if name == "" {
		name = p.ID
	}
	switch {
	case strings.TrimSpace(p.Initiative) == "":
		return fmt.Errorf("phase %s: the initiative is required", name)
	case p.Start.IsZero() || p.End.IsZero():
		return fmt.Errorf("phase %s: start and end dates are required", name)
	case dayOf(p.End) < dayOf(p.Start):
		return fmt.Errorf("phase %s: it ends (%s) before it starts (%s)", name, p.End.Format(time.DateOnly), p.Start.Format(time.DateOnly))
	case MonthOf(p.End)-MonthOf(p.Start) >= MaxPhaseMonths:
		return fmt.Errorf("phase %s: it runs from %s to %s; a phase lasts at most %d years", name,
			p.Start.Format(time.DateOnly), p.End.Format(time.DateOnly), MaxPhaseMonths/12)
	}
	for i, d := range p.Sites {
		// A phase has a few sites: comparing pairs is quicker than a map.
		for _, e := range p.Sites[:i] {
			if e.Site == d.Site {
				return fmt.Errorf("phase %s: site %s is in scope twice", name, d.Site)
			}
		}
		if d.BackOffice < 0 {
			return fmt.Errorf("phase %s: back-office hours at %s cannot be negative", name, d.Site)
		}
		for _, r := range d.Staff {
			if r.Hours < 0 {
				return fmt.Errorf("phase %s: %s hours at %s cannot be negative", name, r.Role, d.Site)
			}
		}
	}
	return nil
}

// validateSites reports the first thing wrong with the sites' declarations.
func validateSites(sites []Site) (map[string]int, error) {
	index := make(map[string]int, len(sites))
	for i, s := range sites {
		if _, dup := index[s.ID]; dup {
			return nil, fmt.Errorf("site %s is declared twice", s.ID)
		}
		if s.MaxActive < 0 || s.HoursPerWeek < 0 {
			return nil, fmt.Errorf("site %s: its capacity cannot be negative", s.Name)
		}
		index[s.ID] = i
	}
	return index, nil
}

// errNoMonths is returned for an empty window.
var errNoMonths = errors.New("load: the window has no months")
