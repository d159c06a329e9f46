package roster

import "slices"

// EmploymentStatus is a person's current work situation (就业状态).
type EmploymentStatus string

// The employment statuses, codes stored in the database.
const (
	EmployedStatus     EmploymentStatus = "employed"      // 在职: employed by a unit
	FlexibleStatus     EmploymentStatus = "flexible"      // 灵活就业
	SelfEmployedStatus EmploymentStatus = "self_employed" // 自主创业 (个体经营)
	FarmingStatus      EmploymentStatus = "farming"       // 务农
	UnemployedStatus   EmploymentStatus = "unemployed"    // 失业: lost a job, seeking work
	NotEmployedStatus  EmploymentStatus = "not_employed"  // 未就业: never worked yet, e.g. school leavers
	StudentStatus      EmploymentStatus = "student"       // 在校学生
	RetiredStatus      EmploymentStatus = "retired"       // 退休
)

// EmploymentStatuses lists the statuses in display order.
var EmploymentStatuses = []EmploymentStatus{
	EmployedStatus, FlexibleStatus, SelfEmployedStatus, FarmingStatus,
	UnemployedStatus, NotEmployedStatus, StudentStatus, RetiredStatus,
}

var employmentAliases = map[string]EmploymentStatus{
	"就业":   EmployedStatus,
	"在岗":   EmployedStatus,
	"单位就业": EmployedStatus,
	"自由职业": FlexibleStatus,
	"个体经营": SelfEmployedStatus,
	"个体":   SelfEmployedStatus,
	"创业":   SelfEmployedStatus,
	"农业":   FarmingStatus,
	"登记失业": UnemployedStatus,
	"无业":   NotEmployedStatus,
	"学生":   StudentStatus,
	"在读":   StudentStatus,
	"已退休":  RetiredStatus,
}

// Label is the status in Chinese.
func (s EmploymentStatus) Label() string {
	switch s {
	case EmployedStatus:
		return "在职"
	case FlexibleStatus:
		return "灵活就业"
	case SelfEmployedStatus:
		return "自主创业"
	case FarmingStatus:
		return "务农"
	case UnemployedStatus:
		return "失业"
	case NotEmployedStatus:
		return "未就业"
	case StudentStatus:
		return "在校学生"
	case RetiredStatus:
		return "退休"
	}
	return string(s)
}

// Valid reports whether s is one of the statuses.
func (s EmploymentStatus) Valid() bool { return slices.Contains(EmploymentStatuses, s) }

// Working reports whether the person has work: employed, flexible,
// self-employed or farming.
func (s EmploymentStatus) Working() bool {
	return s == EmployedStatus || s == FlexibleStatus || s == SelfEmployedStatus || s == FarmingStatus
}

// ParseEmploymentStatus reads a status from its Chinese label, a common
// variant or its code.
func ParseEmploymentStatus(s string) (EmploymentStatus, error) {
	if e, ok := parseEnum(s, EmploymentStatuses, EmploymentStatus.Label, employmentAliases); ok {
		return e, nil
	}
	return "", enumError(FieldEmployment, s, EmploymentStatuses, EmploymentStatus.Label)
}
