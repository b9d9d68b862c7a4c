package views

import (
	"strconv"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/vote"
)

// RuleLabel names a voting rule for people.
func RuleLabel(rule string) string { return vote.Rule(rule).Label() }

// Cadence says how often a committee meets.
func Cadence(c accord.Committee) string {
	switch c.Cadence {
	case accord.CadenceMonthly:
		return "Monthly"
	case accord.CadenceQuarterly:
		return "Quarterly"
	}
	return "Every " + strconv.Itoa(c.CadenceDays) + " days"
}

// QuorumText states a committee's quorum rule, e.g. "4 members present,
// every party represented".
func QuorumText(c accord.Committee) string {
	var parts []string
	if c.QuorumPresent > 0 {
		parts = append(parts, strconv.Itoa(c.QuorumPresent)+" members present")
	}
	if c.QuorumParties {
		parts = append(parts, "every party represented")
	}
	if c.QuorumClinical > 0 {
		n := strconv.Itoa(c.QuorumClinical) + " clinical leader"
		if c.QuorumClinical > 1 {
			n += "s"
		}
		parts = append(parts, n+" present")
	}
	if len(parts) == 0 {
		return "no requirement"
	}
	return strings.Join(parts, ", ")
}

// RolePlural names the holders of a seat role, for tallies.
func RolePlural(r accord.Role) string {
	switch r {
	case accord.RoleFinance, accord.RoleOperations:
		return r.Label() + " seats"
	}
	return r.Label() + "s"
}

// AgendaKind names the kind of an agenda item.
func AgendaKind(kind string) string {
	switch kind {
	case accord.AgendaKPI:
		return "KPI"
	case accord.AgendaAction:
		return "Action item"
	case accord.AgendaCustom:
		return "Item"
	}
	return Humanize(kind)
}

// QuorumData wraps a quorum for the "quorum" template, which also renders
// alone as the live check's answer.
func QuorumData(q QuorumView) PageData { return PageData{Data: q} }
