package accord

import (
	"slices"
	"strings"
)

// Role is what a person does in an alliance; a person may hold several.
type Role string

// The roles a person can hold in an alliance.
const (
	RoleAdmin          Role = "admin"
	RoleExecutive      Role = "executive"
	RoleClinicalLeader Role = "clinical_leader"
	RoleFinance        Role = "finance"
	RoleOperations     Role = "operations"
	RoleMember         Role = "member"
	RoleObserver       Role = "observer"
)

// AllRoles lists every role in display order.
func AllRoles() []Role {
	return []Role{RoleAdmin, RoleExecutive, RoleClinicalLeader, RoleFinance, RoleOperations, RoleMember, RoleObserver}
}

// Label returns the role's name for people.
func (r Role) Label() string {
	switch r {
	case RoleClinicalLeader:
		return "Clinical leader"
	case RoleAdmin:
		return "Alliance admin"
	}
	s := string(r)
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool { return slices.Contains(AllRoles(), r) }

// Roles is a set of roles kept sorted in display order without duplicates.
type Roles []Role

// ParseRoles reads a comma-separated list of roles as stored or typed.
func ParseRoles(s string) (Roles, error) {
	var rs Roles
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(strings.ToLower(p))
		p = strings.ReplaceAll(p, " ", "_")
		p = strings.ReplaceAll(p, "-", "_")
		if p == "" {
			continue
		}
		rs = append(rs, Role(p))
	}
	return NormalizeRoles(rs)
}

// NormalizeRoles validates rs, removes duplicates and orders them; a person
// must hold at least one role.
func NormalizeRoles(rs []Role) (Roles, error) {
	var out Roles
	for _, r := range AllRoles() {
		if slices.Contains(rs, r) {
			out = append(out, r)
		}
	}
	for _, r := range rs {
		if !r.Valid() {
			return nil, FieldError("roles", "%q is not a role; use one of admin, executive, clinical_leader, finance, operations, member, observer", string(r))
		}
	}
	if len(out) == 0 {
		return nil, FieldError("roles", "at least one role is required")
	}
	return out, nil
}

// String joins the roles with commas, the stored form.
func (rs Roles) String() string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = string(r)
	}
	return strings.Join(parts, ",")
}

// Has reports whether the set contains r.
func (rs Roles) Has(r Role) bool { return slices.Contains(rs, r) }

// PartyRole is the part an organisation takes in an alliance.
type PartyRole string

// The parts an organisation can take in an alliance.
const (
	PartyPayer        PartyRole = "payer"
	PartyProvider     PartyRole = "provider"
	PartyInvestor     PartyRole = "investor"
	PartyHealthSystem PartyRole = "health_system"
	PartyVendor       PartyRole = "vendor"
	PartyOther        PartyRole = "other"
)

// AllPartyRoles lists every party role in display order.
func AllPartyRoles() []PartyRole {
	return []PartyRole{PartyPayer, PartyProvider, PartyInvestor, PartyHealthSystem, PartyVendor, PartyOther}
}

// Valid reports whether p is a known party role.
func (p PartyRole) Valid() bool { return slices.Contains(AllPartyRoles(), p) }

// Label returns the party role's name for people.
func (p PartyRole) Label() string {
	switch p {
	case PartyHealthSystem:
		return "Health system"
	case "":
		return ""
	}
	return strings.ToUpper(string(p[:1])) + string(p[1:])
}
