package recruitment

import (
	"context"

	"skillcert"
	"skillcert/auth"
	"skillcert/roster"
)

// Person is what recruitment reads of a resident in the register: who they
// are, where they live, and the education and computer skills on record
// (which prefill the application form). BirthDate is derived from the ID
// number by the register; the whole ID number never leaves it.
type Person struct {
	ID            string
	Name          string
	IDMasked      string // first 6 + 8 asterisks + last 4
	BirthDate     skillcert.Date
	Town          string
	Village       string
	Education     roster.Education
	ComputerSkill ComputerSkill
	Mobile        string
}

// Register is what recruitment needs of the register of residents
// (package roster implements it; the lead wires it).
type Register interface {
	// Person returns the person by ID; ENOTFOUND if there is none.
	Person(ctx context.Context, personID string) (Person, error)
	// AddToPlatformStaff adds the target group 基层平台工作人员
	// (platform_staff) to the person; adding it twice changes nothing.
	AddToPlatformStaff(ctx context.Context, personID string) error
}

// Accounts creates platform accounts (*auth.Service implements it). The
// auth policy decides whether the actor may create the account.
type Accounts interface {
	CreateAccount(ctx context.Context, a *skillcert.Actor, in auth.NewAccount) (*auth.Account, error)
}

// JobPostTraining enrolls newly hired coordinators in job-post training
// (岗位培训; package courses implements it, the lead wires it).
type JobPostTraining interface {
	// EnrollInNextJobPostCourse enrolls the person in the next open
	// job-post training course of the town, or else of the city, and
	// returns the course ID; ENOTFOUND when no such course is open.
	EnrollInNextJobPostCourse(ctx context.Context, personID, town string) (courseID string, err error)
}

// StaffCounter counts the staff on post of every town office and village
// station (see AccountStaffCounter for what counts).
type StaffCounter interface {
	// StaffOnPost returns the staff on post by town code and by village
	// code.
	StaffOnPost(ctx context.Context) (towns, villages map[string]int, err error)
}

// Deps are the service's outside dependencies. A nil dependency is "not
// wired yet": the operations that need it fail with ENOTFOUND and a message
// saying so, and the rest of the service works.
type Deps struct {
	Register Register
	Accounts Accounts
	Training JobPostTraining
	Staff    StaffCounter
}

var (
	errNoRegister = skillcert.Errorf(skillcert.ENOTFOUND, "人员登记库尚未接入，无法读取报名人员信息")
	errNoTraining = skillcert.Errorf(skillcert.ENOTFOUND, "培训课程服务尚未接入，无法报名岗位培训")
	errNoAccounts = skillcert.Errorf(skillcert.ENOTFOUND, "账号服务尚未接入，无法创建账号")
)
