package recruitment

import (
	"skillcert"
	"skillcert/auth"
)

// Who may do what with posts and applications. The routes check the role
// (auth.Allowed); these check the record against the actor's scope with
// the auth policy, and hide records out of reach as "not found".

var (
	errPostNotVisible = &skillcert.Error{Code: skillcert.ENOTFOUND, Message: "岗位不存在或不在您的管辖范围内"}
	errAppNotVisible  = &skillcert.Error{Code: skillcert.ENOTFOUND, Message: "报名记录不存在或不在您的管辖范围内"}
)

// canRunPost decides whether the actor runs the post's recruitment: the
// staff of the post's town office (择优录用 is the town's task).
func canRunPost(a *skillcert.Actor, p *Post) error {
	if a == nil || a.Role != skillcert.RoleTownStaff || auth.CheckScope(a, p.Town, "") != nil {
		return errPostNotVisible
	}
	return nil
}

// canOverseePost decides whether the actor sees everything of the post:
// the city, and the staff of the post's town.
func canOverseePost(a *skillcert.Actor, p *Post) error {
	if a == nil || (a.Role != skillcert.RoleCityAdmin && a.Role != skillcert.RoleTownStaff) {
		return errPostNotVisible
	}
	if auth.CheckScope(a, p.Town, "") != nil {
		return errPostNotVisible
	}
	return nil
}

// canSeeApplication decides whether the actor may read the application:
// the city, the staff of the post's town, and the applicant.
func canSeeApplication(a *skillcert.Actor, app *Application) error {
	if a == nil {
		return errAppNotVisible
	}
	switch a.Role {
	case skillcert.RoleCityAdmin, skillcert.RoleTownStaff:
		if auth.CheckScope(a, app.Town, "") == nil {
			return nil
		}
	case skillcert.RoleTrainee:
		if auth.CheckOwner(a, app.PersonID) == nil {
			return nil
		}
	}
	return errAppNotVisible
}

// isCity reports whether the actor is a city administrator.
func isCity(a *skillcert.Actor) bool { return a != nil && a.Role == skillcert.RoleCityAdmin }

// canHire decides whether the actor finalizes the post's hires and
// creates the hired coordinators' accounts: the city, or the town's staff.
func canHire(a *skillcert.Actor, p *Post) error { return canOverseePost(a, p) }

func cityOnly(a *skillcert.Actor, what string) error {
	if isCity(a) {
		return nil
	}
	return skillcert.Errorf(skillcert.EFORBIDDEN, "只有市局管理员可以%s", what)
}
