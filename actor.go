package skillcert

import "context"

// Role is what an account may do on the platform.
type Role string

// The roles. Staff roles are scoped to an org unit; a trainee to their own
// person; the auditor reads the audit trail and nothing else (MLPS 等保
// separation of duties).
const (
	RoleCityAdmin    Role = "city_admin"    // 市人力社保局管理员
	RoleTownStaff    Role = "town_staff"    // 镇（街道）人力社保管理所工作人员
	RoleVillageStaff Role = "village_staff" // 村（社区）人力社保工作站工作人员
	RoleInstructor   Role = "instructor"    // 授课教师
	RoleTrainee      Role = "trainee"       // 学员
	RoleAuditor      Role = "auditor"       // 安全审计员
)

// Roles lists every role in display order.
var Roles = []Role{RoleCityAdmin, RoleTownStaff, RoleVillageStaff, RoleInstructor, RoleTrainee, RoleAuditor}

// Label is the role's name in Chinese.
func (r Role) Label() string {
	switch r {
	case RoleCityAdmin:
		return "市局管理员"
	case RoleTownStaff:
		return "镇（街道）工作人员"
	case RoleVillageStaff:
		return "村（社区）工作人员"
	case RoleInstructor:
		return "授课教师"
	case RoleTrainee:
		return "学员"
	case RoleAuditor:
		return "安全审计员"
	}
	return string(r)
}

// Valid reports whether r is one of the defined roles.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// IsStaff reports whether the role works for the city, a town or a village.
func (r Role) IsStaff() bool {
	return r == RoleCityAdmin || r == RoleTownStaff || r == RoleVillageStaff
}

// Actor is the authenticated caller of an operation: who, in which role,
// scoped to which org unit, from where. Services take it from the context
// to decide scope and to write the audit trail.
type Actor struct {
	AccountID string
	Username  string
	Name      string
	Role      Role
	// Town and Village are the org unit codes of the account's scope:
	// both empty for the city, Village empty for a town's staff.
	Town    string
	Village string
	// PersonID links a trainee (or a staff member who is also in the
	// register) to their person record.
	PersonID  string
	SessionID string
	IP        string
	// MustChangePassword is set while the account still has a password
	// someone else chose (a new account, an office's reset): until it is
	// changed, only the password page and logout are open.
	MustChangePassword bool
}

// OrgUnit returns the code of the actor's own org unit: the village, else
// the town, else "" for the city.
func (a *Actor) OrgUnit() string {
	if a.Village != "" {
		return a.Village
	}
	return a.Town
}

type actorKey struct{}

// WithActor returns a context carrying the actor.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or nil for an anonymous caller.
func ActorFrom(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}
