package auth

import (
	"skillcert"
)

// Permission names an action on a kind of record. The route table gives
// each route one permission; the role check below and the scope check in
// CheckScope are the one place where access is decided.
type Permission string

// Permissions. Later features add theirs here and to rolePermissions.
const (
	PermPublic         Permission = "public"          // anyone, logged in or not
	PermSelf           Permission = "self"            // any logged-in account, on itself
	PermAccountsRead   Permission = "accounts.read"   // list and read accounts in scope
	PermAccountsManage Permission = "accounts.manage" // create and disable accounts in scope
	PermAuditRead      Permission = "audit.read"      // read the audit trail
)

// rolePermissions says which roles hold which permissions.
var rolePermissions = map[Permission][]skillcert.Role{
	PermAccountsRead:   {skillcert.RoleCityAdmin, skillcert.RoleTownStaff},
	PermAccountsManage: {skillcert.RoleCityAdmin, skillcert.RoleTownStaff},
	PermAuditRead:      {skillcert.RoleAuditor},
}

// Allowed reports whether an actor (nil = anonymous) may use a route
// guarded by p. It answers the role question only; records are further
// checked against the actor's scope with CheckScope.
func Allowed(a *skillcert.Actor, p Permission) bool {
	if p == PermPublic {
		return true
	}
	if a == nil {
		return false
	}
	if p == PermSelf {
		return true
	}
	for _, r := range rolePermissions[p] {
		if r == a.Role {
			return true
		}
	}
	return false
}

// RolesWith lists the roles holding p (the OpenAPI document and the
// authorization table test read it).
func RolesWith(p Permission) []skillcert.Role {
	switch p {
	case PermPublic, PermSelf:
		return append([]skillcert.Role(nil), skillcert.Roles...)
	}
	return rolePermissions[p]
}

// errOutOfScope hides whether a record outside the caller's scope exists.
var errOutOfScope = &skillcert.Error{Code: skillcert.ENOTFOUND, Message: "记录不存在或不在您的管辖范围内"}

// CheckScope decides whether an actor may see a record that belongs to an
// org unit (town, and village where the record has one): the city sees
// everything, a town's staff their town, a village's staff their village.
// Other roles see no org-scoped records (their own records are checked by
// owner, with CheckOwner).
func CheckScope(a *skillcert.Actor, town, village string) error {
	if a == nil {
		return errOutOfScope
	}
	switch a.Role {
	case skillcert.RoleCityAdmin:
		return nil
	case skillcert.RoleTownStaff:
		if town != "" && town == a.Town {
			return nil
		}
	case skillcert.RoleVillageStaff:
		if town != "" && town == a.Town && village != "" && village == a.Village {
			return nil
		}
	}
	return errOutOfScope
}

// CheckOwner decides whether a trainee may see a record of a person.
func CheckOwner(a *skillcert.Actor, personID string) error {
	if a != nil && a.PersonID != "" && a.PersonID == personID {
		return nil
	}
	return errOutOfScope
}

// Scope is the part of the network a list query is limited to.
type Scope struct {
	All     bool   // the whole city
	Town    string // a town ("" with All)
	Village string // a village of Town, or "" for the whole town
	None    bool   // nothing at all
}

// ListScope returns the scope a list query of org-scoped records must be
// limited to for this actor.
func ListScope(a *skillcert.Actor) Scope {
	if a == nil {
		return Scope{None: true}
	}
	switch a.Role {
	case skillcert.RoleCityAdmin:
		return Scope{All: true}
	case skillcert.RoleTownStaff:
		return Scope{Town: a.Town}
	case skillcert.RoleVillageStaff:
		return Scope{Town: a.Town, Village: a.Village}
	}
	return Scope{None: true}
}

// CheckAccountManagement decides whether an actor may create or change an
// account with the given role and scope: the city manages every account;
// a town's staff manage village staff and instructors of their own town.
func CheckAccountManagement(a *skillcert.Actor, role skillcert.Role, town string) error {
	if a == nil {
		return errOutOfScope
	}
	switch a.Role {
	case skillcert.RoleCityAdmin:
		return nil
	case skillcert.RoleTownStaff:
		if town != a.Town {
			return errOutOfScope
		}
		if role == skillcert.RoleVillageStaff || role == skillcert.RoleInstructor {
			return nil
		}
		return skillcert.Errorf(skillcert.EFORBIDDEN, "镇（街道）工作人员只能创建本镇的村（社区）工作人员和授课教师账号")
	}
	return skillcert.Errorf(skillcert.EFORBIDDEN, "您没有管理账号的权限")
}
