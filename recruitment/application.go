package recruitment

import (
	"regexp"
	"strings"
	"time"

	"golang.org/x/text/width"

	"skillcert"
	"skillcert/roster"
)

// ApplicationStatus is where an application stands.
type ApplicationStatus string

// The application statuses. Applications in the pool (applied, proposed)
// can be ranked; a returned one goes back to the pool when the town
// corrects its scores or screening.
const (
	AppApplied   ApplicationStatus = "applied"   // 已报名（已自动审查）
	AppProposed  ApplicationStatus = "proposed"  // 拟录用，待报市局
	AppSubmitted ApplicationStatus = "submitted" // 已报市局审定
	AppApproved  ApplicationStatus = "approved"  // 市局同意，公示
	AppReturned  ApplicationStatus = "returned"  // 市局退回
	AppHired     ApplicationStatus = "hired"     // 已录用
)

// Label is the status in Chinese.
func (s ApplicationStatus) Label() string {
	switch s {
	case AppApplied:
		return "已报名"
	case AppProposed:
		return "拟录用，待报市局"
	case AppSubmitted:
		return "市局审定中"
	case AppApproved:
		return "市局同意"
	case AppReturned:
		return "市局退回"
	case AppHired:
		return "已录用"
	}
	return string(s)
}

// editable reports whether the application's data, screening and scores
// may still change: not while the city reviews it, nor once approved.
func (s ApplicationStatus) editable() bool {
	return s == AppApplied || s == AppProposed || s == AppReturned
}

// Application is one person's application for one post. Its _id is
// postId:personId, so a person applies once per post. Name, masked ID
// number and birth date are copied from the register when the application
// is made or re-screened.
type Application struct {
	ID        string `bson:"_id" json:"id"`
	PostID    string `bson:"postId" json:"postId"`
	PostTitle string `bson:"postTitle" json:"postTitle"`
	PersonID  string `bson:"personId" json:"personId"`
	// Town and Village are the post's, and decide who may see it.
	Town    string `bson:"town" json:"town"`
	Village string `bson:"village,omitempty" json:"village,omitempty"`

	Name          string         `bson:"name" json:"name"`
	IDMasked      string         `bson:"idMasked" json:"idMasked"`
	BirthDate     skillcert.Date `bson:"birthDate" json:"birthDate"`
	HomeTown      string         `bson:"homeTown" json:"homeTown"` // the applicant's town of residence
	Phone         string         `bson:"phone" json:"phone"`
	Education     Education      `bson:"education" json:"education"`
	ComputerSkill ComputerSkill  `bson:"computerSkill" json:"computerSkill"`
	// Declared is what the applicant stated where the register may differ;
	// Education.Level and ComputerSkill above are the facts screened on.
	Declared *Declared `bson:"declared,omitempty" json:"declared,omitempty"`
	// RegisterDifferences says, for the town, where the declaration and
	// the register differ (the register's fact was used).
	RegisterDifferences []string `bson:"registerDifferences,omitempty" json:"registerDifferences,omitempty"`

	Screening Screening `bson:"screening" json:"screening"`
	// DroppedOverrides are the requirements whose override the last
	// re-screening dropped because the facts changed.
	DroppedOverrides []RequirementKey `bson:"droppedOverrides,omitempty" json:"droppedOverrides,omitempty"`
	// NeedsCityReview is set while the screening carries an override.
	NeedsCityReview bool `bson:"needsCityReview" json:"needsCityReview"`

	Written   *Score `bson:"written,omitempty" json:"written,omitempty"`
	Interview *Score `bson:"interview,omitempty" json:"interview,omitempty"`
	Total     Total  `bson:"total" json:"total"`
	Rank      int    `bson:"rank" json:"rank"` // 0 until ranked

	Status      ApplicationStatus `bson:"status" json:"status"`
	SubmittedAt time.Time         `bson:"submittedAt,omitempty" json:"submittedAt,omitzero"`
	Review      *Review           `bson:"review,omitempty" json:"review,omitempty"`
	Hire        *Hire             `bson:"hire,omitempty" json:"hire,omitempty"`

	AppliedBy string    `bson:"appliedBy" json:"appliedBy"` // the account that submitted it
	OnBehalf  bool      `bson:"onBehalf" json:"onBehalf"`   // town staff applied for the person
	CreatedAt time.Time `bson:"createdAt" json:"createdAt"`
	UpdatedAt time.Time `bson:"updatedAt" json:"updatedAt"`
}

// ApplicationID is the natural key of a person's application for a post.
func ApplicationID(postID, personID string) string { return postID + ":" + personID }

// Applicant returns what the screening reads.
func (a *Application) Applicant() Applicant {
	return Applicant{BirthDate: a.BirthDate, Education: a.Education, ComputerSkill: a.ComputerSkill}
}

// Review is the city's decision on a proposed hire (联合审定).
type Review struct {
	Decision Decision  `bson:"decision" json:"decision"`
	Reason   string    `bson:"reason,omitempty" json:"reason,omitempty"`
	By       string    `bson:"by" json:"by"`
	At       time.Time `bson:"at" json:"at"`
}

// Decision is the city's verdict on a proposed hire.
type Decision string

// The decisions.
const (
	DecisionApprove Decision = "approve" // 同意
	DecisionReturn  Decision = "return"  // 退回
)

// Label is the decision in Chinese.
func (d Decision) Label() string {
	switch d {
	case DecisionApprove:
		return "同意"
	case DecisionReturn:
		return "退回"
	}
	return string(d)
}

// Hire records the hire and the on-hire actions: the target group, the
// job-post training enrollment (or the flag that none was open) and the
// staff account, each done once.
type Hire struct {
	At                   time.Time `bson:"at" json:"at"`
	By                   string    `bson:"by" json:"by"`
	PlatformStaffGroup   bool      `bson:"platformStaffGroup" json:"platformStaffGroup"`
	TrainingCourseID     string    `bson:"trainingCourseId,omitempty" json:"trainingCourseId,omitempty"`
	NeedsJobPostTraining bool      `bson:"needsJobPostTraining" json:"needsJobPostTraining"`
	AccountID            string    `bson:"accountId,omitempty" json:"accountId,omitempty"`
	// Pending names the on-hire actions that failed and are retried by
	// the next FinalizeHires.
	Pending []string `bson:"pending,omitempty" json:"pending,omitempty"`
	// LeftOn is the last day on post of a coordinator who left (离岗),
	// and MonthlyPay their actual monthly pay (实际报酬); the town records
	// both (posting_service.go).
	LeftOn     skillcert.Date `bson:"leftOn,omitempty" json:"leftOn,omitzero"`
	MonthlyPay Fen            `bson:"monthlyPayFen,omitempty" json:"monthlyPayFen,omitempty"`
}

// ApplicationInput is the application form. Trainees apply for themselves
// and leave PersonID empty; town staff name the person they apply for.
type ApplicationInput struct {
	PersonID      string        `json:"personId"`
	Phone         string        `json:"phone"`
	Education     Education     `json:"education"`
	ComputerSkill ComputerSkill `json:"computerSkill"`
}

var phoneRe = regexp.MustCompile(`^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$`)

// Validate checks the form; it trims the text fields.
func (in *ApplicationInput) Validate() error {
	in.Phone = strings.TrimSpace(width.Narrow.String(in.Phone)) // full-width digits as in ID numbers
	in.Education.School = strings.TrimSpace(in.Education.School)
	in.Education.Major = strings.TrimSpace(in.Education.Major)
	in.ComputerSkill.CertName = strings.TrimSpace(in.ComputerSkill.CertName)
	if lvl, err := roster.ParseEducation(string(in.Education.Level)); err == nil {
		in.Education.Level = lvl // the code, whether the code or the label was given
	}
	if lvl, err := roster.ParseComputerLevel(string(in.ComputerSkill.Level)); err == nil {
		in.ComputerSkill.Level = lvl
	}
	switch {
	case in.Phone == "":
		return skillcert.Invalid("phone", "请填写联系电话")
	case !phoneRe.MatchString(in.Phone):
		return skillcert.Invalid("phone", "联系电话“%s”无效，应为 11 位手机号或带区号的固定电话", in.Phone)
	}
	if err := in.Education.Validate(); err != nil {
		return err
	}
	if in.ComputerSkill.Level == "" {
		in.ComputerSkill.Level = ComputerNone
	}
	if in.ComputerSkill.Level != ComputerCertified {
		in.ComputerSkill.CertName = ""
	}
	return in.ComputerSkill.Validate()
}

// ScoreEntry is one applicant's scores as typed, e.g. "85.5".
type ScoreEntry struct {
	ApplicationID string `json:"applicationId"`
	Written       string `json:"written"`
	Interview     string `json:"interview"`
}

// ReviewInput is the city's decision on one proposed hire. A return needs
// a reason; so does approving an application with an override (the
// reason is the city's view of the exception).
type ReviewInput struct {
	Decision Decision `json:"decision"`
	Reason   string   `json:"reason"`
}

// StaffAccountInput is what is needed to create a hired coordinator's
// staff account; the role and scope follow from the post.
type StaffAccountInput struct {
	Username string `json:"username"`
	Password string `json:"password"`
}
