// Package access is accord's access policy in one place: it answers "may a
// person holding these roles do this in this alliance". Every HTML and JSON
// handler asks it; nothing else decides.
package access

import (
	"slices"

	"github.com/accord-alliance/accord/internal/accord"
)

// Action is something a person may try to do inside an alliance.
type Action string

// The actions the policy knows.
const (
	ViewAlliance  Action = "alliance.view"
	EditCharter   Action = "charter.edit"
	ManageParties Action = "parties.manage"
	ViewPeople    Action = "people.view"
	ManagePeople  Action = "people.manage"
	ViewAudit     Action = "audit.view"
	// ViewInvitations reads pending and past invitations (admins only).
	ViewInvitations Action = "invitations.view"
)

// Actions lists every action, for tests and documentation.
func Actions() []Action {
	return []Action{ViewAlliance, EditCharter, ManageParties, ViewPeople, ManagePeople, ViewAudit, ViewInvitations}
}

var (
	everyone = accord.AllRoles()
	leaders  = []accord.Role{accord.RoleAdmin, accord.RoleExecutive}
	admins   = []accord.Role{accord.RoleAdmin}
)

// policy maps each action to the roles that may take it. Observers can read
// what every member reads and change nothing.
func policy(a Action) []accord.Role {
	switch a {
	case ViewAlliance, ViewPeople:
		return everyone
	case EditCharter:
		return leaders
	case ManageParties, ManagePeople, ViewAudit, ViewInvitations:
		return admins
	}
	return nil
}

// Writes reports whether the action changes data, which read-scoped API
// tokens may never do.
func Writes(a Action) bool {
	switch a {
	case ViewAlliance, ViewPeople, ViewAudit, ViewInvitations:
		return false
	}
	return true
}

// Allowed reports whether an active member with roles may take action a,
// acting with a token of the given scope ("" for a browser session).
func Allowed(roles accord.Roles, scope string, a Action) bool {
	if scope == accord.ScopeRead && Writes(a) {
		return false
	}
	for _, r := range roles {
		if slices.Contains(policy(a), r) {
			return true
		}
	}
	return false
}
