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
	PermStatusRead     Permission = "status.read"     // the database's engine, size and record counts

	// Certificates. Download: list and download one's own certificates
	// (any account linked to a person) and, for staff, those in scope
	// (CheckCertificate). Manage: issue, revoke, reissue, a course's list
	// and zip, the expiry list.
	PermCertificatesDownload Permission = "certificates.download"
	PermCertificatesManage   Permission = "certificates.manage"

	// Coordinator recruitment (package recruitment). Records are further
	// checked against the post's town by the recruitment service.
	PermRecruitmentRead    Permission = "recruitment.read"    // posts, and a trainee's own applications
	PermRecruitmentApply   Permission = "recruitment.apply"   // file and edit applications: a trainee for themselves, town staff on someone's behalf
	PermRecruitmentRun     Permission = "recruitment.run"     // a town's posts: open, close, re-screen, override, scores, selection, submission
	PermRecruitmentOversee Permission = "recruitment.oversee" // screening board, ranking, policy versions, holiday calendars, staffing norms
	PermRecruitmentReview  Permission = "recruitment.review"  // the city's joint review (联合审定) and the public notice
	PermRecruitmentHire    Permission = "recruitment.hire"    // make hires final, create the hired coordinators' accounts
	PermPolicyManage       Permission = "policy.manage"       // add policy parameter versions, set holiday calendars

	// The register of residents (package roster).
	PermRosterRead    Permission = "roster.read"    // list, read and export persons in scope
	PermRosterManage  Permission = "roster.manage"  // create, change, delete and import persons in scope
	PermRosterReveal  Permission = "roster.reveal"  // see a whole ID number (audited): staff in scope, a trainee their own
	PermRosterConfirm Permission = "roster.confirm" // confirm or reject self-registered persons of the town
	PermProfile       Permission = "profile"        // a trainee's own person record (我的资料)

	// Training courses (package courses). The courses service further
	// decides scope: a town's staff their town's courses, an instructor the
	// courses they teach a session of, a trainee their own enrollments.
	PermCoursesManage       Permission = "courses.manage"        // create and edit courses and sessions, change status, evaluate completion
	PermCoursesTeach        Permission = "courses.teach"         // course lists, enrollment lists, roll call, check-in code, scores
	PermCoursesEnrollOthers Permission = "courses.enroll_others" // enroll residents in scope, one or in bulk by ID number
	PermCoursesLearn        Permission = "courses.learn"         // a trainee's own: enroll, my courses, check in, my attendance, messages
	PermCoursesCancel       Permission = "courses.cancel"        // cancel an enrollment: a trainee their own, staff those they may enroll
	PermCoursesCalendar     Permission = "courses.calendar"      // the address of one's own calendar (.ics) feed

	// The city's desk (package reports): coverage figures and outreach
	// lists of the units in scope; the reports service further checks
	// the unit with CheckScope. Rebuild: recompute the summaries.
	PermReportsRead    Permission = "reports.read"
	PermReportsRebuild Permission = "reports.rebuild"
	// Assess: the towns' yearly scorecards and ranking; a town its own.
	PermReportsAssess Permission = "reports.assess"
	// Rate a completed course (服务对象评议): a trainee, their own.
	PermCoursesRate Permission = "courses.rate"

	// Subsidies (经费补助, package subsidies): read the construction
	// subsidy and the ledgers (the city all, a town its own); a town
	// applies, generates and submits its ledgers and records its
	// coordinators' departures; the city approves, returns and reverses.
	PermSubsidyRead    Permission = "subsidy.read"
	PermSubsidyApply   Permission = "subsidy.apply"
	PermSubsidyApprove Permission = "subsidy.approve"
)

// rolePermissions says which roles hold which permissions.
var rolePermissions = map[Permission][]skillcert.Role{
	PermAccountsRead:   {skillcert.RoleCityAdmin, skillcert.RoleTownStaff},
	PermAccountsManage: {skillcert.RoleCityAdmin, skillcert.RoleTownStaff},
	PermAuditRead:      {skillcert.RoleAuditor},
	PermStatusRead:     {skillcert.RoleCityAdmin},
	PermCertificatesDownload: {skillcert.RoleCityAdmin, skillcert.RoleTownStaff, skillcert.RoleVillageStaff,
		skillcert.RoleInstructor, skillcert.RoleTrainee},
	PermCertificatesManage: {skillcert.RoleCityAdmin, skillcert.RoleTownStaff},

	PermRecruitmentRead:    {skillcert.RoleCityAdmin, skillcert.RoleTownStaff, skillcert.RoleTrainee},
	PermRecruitmentApply:   {skillcert.RoleTownStaff, skillcert.RoleTrainee},
	PermRecruitmentRun:     {skillcert.RoleTownStaff},
	PermRecruitmentOversee: {skillcert.RoleCityAdmin, skillcert.RoleTownStaff},
	PermRecruitmentReview:  {skillcert.RoleCityAdmin},
	PermRecruitmentHire:    {skillcert.RoleCityAdmin, skillcert.RoleTownStaff},
	PermPolicyManage:       {skillcert.RoleCityAdmin},

	// The city reads the whole register; towns and villages keep theirs.
	PermRosterRead:    {skillcert.RoleCityAdmin, skillcert.RoleTownStaff, skillcert.RoleVillageStaff},
	PermRosterManage:  {skillcert.RoleTownStaff, skillcert.RoleVillageStaff},
	PermRosterReveal:  {skillcert.RoleCityAdmin, skillcert.RoleTownStaff, skillcert.RoleVillageStaff, skillcert.RoleTrainee},
	PermRosterConfirm: {skillcert.RoleTownStaff},
	PermProfile:       {skillcert.RoleTrainee},

	PermCoursesManage:       {skillcert.RoleCityAdmin, skillcert.RoleTownStaff},
	PermCoursesTeach:        {skillcert.RoleCityAdmin, skillcert.RoleTownStaff, skillcert.RoleInstructor},
	PermCoursesEnrollOthers: {skillcert.RoleCityAdmin, skillcert.RoleTownStaff, skillcert.RoleVillageStaff},
	PermCoursesLearn:        {skillcert.RoleTrainee},
	PermCoursesCancel:       {skillcert.RoleCityAdmin, skillcert.RoleTownStaff, skillcert.RoleVillageStaff, skillcert.RoleTrainee},
	PermCoursesCalendar:     {skillcert.RoleInstructor, skillcert.RoleTrainee},

	PermReportsRead:    {skillcert.RoleCityAdmin, skillcert.RoleTownStaff, skillcert.RoleVillageStaff},
	PermReportsRebuild: {skillcert.RoleCityAdmin},
	PermReportsAssess:  {skillcert.RoleCityAdmin, skillcert.RoleTownStaff},
	PermCoursesRate:    {skillcert.RoleTrainee},

	PermSubsidyRead:    {skillcert.RoleCityAdmin, skillcert.RoleTownStaff},
	PermSubsidyApply:   {skillcert.RoleTownStaff},
	PermSubsidyApprove: {skillcert.RoleCityAdmin},
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

// CheckCertificate decides whether an actor may read and download a
// certificate: its holder may; so may staff whose scope covers the town
// that organized the course or the holder's town and village. Changing a
// certificate is decided by CheckScope on the organizing town alone.
func CheckCertificate(a *skillcert.Actor, holderPersonID, organizerTown, holderTown, holderVillage string) error {
	if CheckOwner(a, holderPersonID) == nil || CheckScope(a, organizerTown, "") == nil ||
		CheckScope(a, holderTown, holderVillage) == nil {
		return nil
	}
	return errOutOfScope
}

// CheckPersonAccess decides whether an actor may reach one person's
// record: staff by the person's town and village (CheckScope), a trainee
// only their own record (CheckOwner).
func CheckPersonAccess(a *skillcert.Actor, personID, town, village string) error {
	if a != nil && a.Role == skillcert.RoleTrainee {
		return CheckOwner(a, personID)
	}
	return CheckScope(a, town, village)
}

// CanSeeFullIDNumbers reports whether the actor's role may see whole ID
// numbers of the records in its scope (each showing is audited).
func CanSeeFullIDNumbers(a *skillcert.Actor) bool {
	return a != nil && a.Role.IsStaff() && Allowed(a, PermRosterReveal)
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

// CheckAccountCare decides whether an actor may look after an existing
// account (disable, enable, unlock, reset its password): the city every
// account; a town's staff the village staff and instructors of their
// town, and the trainee accounts their office looks after (officeTown).
func CheckAccountCare(a *skillcert.Actor, role skillcert.Role, town, officeTown string) error {
	if a != nil && a.Role == skillcert.RoleTownStaff && role == skillcert.RoleTrainee {
		if officeTown != "" && officeTown == a.Town {
			return nil
		}
		return errOutOfScope
	}
	return CheckAccountManagement(a, role, town)
}
