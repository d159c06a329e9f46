package certificates

import (
	"context"

	"skillcert"
)

// Completions is what the certificates need of the courses and the
// register: who completed (结业) which course, with the facts a certificate
// prints. The courses package decides completion; the certificates only
// read it.
type Completions interface {
	// CompletedEnrollment returns one enrollment's completion: ENOTFOUND
	// if there is no such enrollment, EINVALID (naming the person) if it
	// is not completed.
	CompletedEnrollment(ctx context.Context, enrollmentID string) (Completion, error)
	// CompletedEnrollments returns a course and its completed enrollments
	// in the order their certificates are numbered; ENOTFOUND if there is
	// no such course.
	CompletedEnrollments(ctx context.Context, courseID string) (CourseFacts, []Completion, error)
	// CompletedEnrollmentIDs is CompletedEnrollments without the holders'
	// facts: the course and the IDs of its completed enrollments, for
	// counting (no read of the register per holder).
	CompletedEnrollmentIDs(ctx context.Context, courseID string) (CourseFacts, []string, error)
}

// CourseFacts is what a certificate tells of the course.
type CourseFacts struct {
	ID         string         `json:"id"`
	Title      string         `json:"title"`
	Kind       Kind           `json:"kind"`  // the course type: vocational, job_post, entrepreneurship
	Trade      string         `json:"trade"` // 工种, as printed; may be empty
	Level      string         `json:"level"` // as printed (初级, 中级, 高级, 专项能力); may be empty
	ClassHours int            `json:"classHours"`
	Start      skillcert.Date `json:"start"` // the first session's day
	End        skillcert.Date `json:"end"`   // the last session's day
	// Town is the organizer's town code; "" means the city bureau.
	Town string `json:"town"`
	// ValidityMonths is how long a certificate of the course is valid;
	// 0 means it does not expire (长期有效).
	ValidityMonths int `json:"validityMonths"`
}

// Completion is one completed enrollment with the holder's facts.
type Completion struct {
	EnrollmentID string `json:"enrollmentId"`
	PersonID     string `json:"personId"`
	HolderName   string `json:"holderName"`
	Gender       string `json:"gender"`   // GenderMale or GenderFemale
	IDMasked     string `json:"idMasked"` // e.g. 330483********123X
	// HolderTown and HolderVillage are the holder's residence, for the
	// scope of staff and the expiry lists.
	HolderTown    string      `json:"holderTown"`
	HolderVillage string      `json:"holderVillage"`
	Course        CourseFacts `json:"course"`
}

// NoCompletions stands in for the courses until they are wired: every
// look-up is ENOTFOUND, so nothing can be issued, while everything issued
// before stays readable, downloadable and verifiable.
type NoCompletions struct{}

var errNoCompletions = skillcert.Errorf(skillcert.ENOTFOUND, "课程结业数据尚未接入，暂不能发证")

// CompletedEnrollment implements Completions.
func (NoCompletions) CompletedEnrollment(context.Context, string) (Completion, error) {
	return Completion{}, errNoCompletions
}

// CompletedEnrollments implements Completions.
func (NoCompletions) CompletedEnrollments(context.Context, string) (CourseFacts, []Completion, error) {
	return CourseFacts{}, nil, errNoCompletions
}

// CompletedEnrollmentIDs implements Completions.
func (NoCompletions) CompletedEnrollmentIDs(context.Context, string) (CourseFacts, []string, error) {
	return CourseFacts{}, nil, errNoCompletions
}
