package courses

import (
	"time"
)

// EnrollmentStatus is where a person's enrollment in a course stands.
type EnrollmentStatus string

// The enrollment statuses. Pending lasts the few milliseconds between
// writing the enrollment and taking a seat or a waitlist number; one that
// stays pending was cut off by a crash and is completed by RepairCourse.
const (
	EnrollmentPending    EnrollmentStatus = "pending"    // 处理中
	EnrollmentEnrolled   EnrollmentStatus = "enrolled"   // 已录取
	EnrollmentWaitlisted EnrollmentStatus = "waitlisted" // 候补
	EnrollmentCancelled  EnrollmentStatus = "cancelled"  // 已取消
)

// Label is the status's name in Chinese.
func (s EnrollmentStatus) Label() string {
	switch s {
	case EnrollmentPending:
		return "处理中"
	case EnrollmentEnrolled:
		return "已录取"
	case EnrollmentWaitlisted:
		return "候补"
	case EnrollmentCancelled:
		return "已取消"
	}
	return string(s)
}

// Valid reports whether s is one of the defined statuses.
func (s EnrollmentStatus) Valid() bool {
	return s == EnrollmentPending || s == EnrollmentEnrolled || s == EnrollmentWaitlisted || s == EnrollmentCancelled
}

// Active reports whether the enrollment holds or awaits a seat.
func (s EnrollmentStatus) Active() bool { return s != EnrollmentCancelled && s != "" }

// EnrollmentSource says who made an enrollment.
type EnrollmentSource string

// The sources.
const (
	SourceSelf  EnrollmentSource = "self"  // 学员自行报名
	SourceStaff EnrollmentSource = "staff" // 工作人员代为报名
)

// Enrollment is one person's place in one course. Its ID is
// EnrollmentID(course, person), so a person has at most one enrollment per
// course however many requests race; a cancelled one is reused when the
// person enrolls again.
type Enrollment struct {
	ID       string `bson:"_id" json:"id"`
	CourseID string `bson:"courseId" json:"courseId"`
	PersonID string `bson:"personId" json:"personId"`
	// Name, IDMasked, Town and Village are copied from the register when
	// the person enrolls, for lists.
	Name     string           `bson:"name" json:"name"`
	IDMasked string           `bson:"idMasked" json:"idMasked"`
	Town     string           `bson:"town" json:"town"`
	Village  string           `bson:"village" json:"village"`
	Status   EnrollmentStatus `bson:"status" json:"status"`
	// WaitlistSeq orders the waitlist; the position shown is 1 + the number
	// of waitlisted enrollments with a smaller number.
	WaitlistSeq int64 `bson:"waitlistSeq" json:"waitlistSeq,omitempty"`
	// Attempt identifies the request that last (re)opened the enrollment;
	// every later write of that request is conditional on it.
	Attempt string `bson:"attempt" json:"-"`
	// SeatPending is set while a change of the course's seat count for
	// this enrollment is in flight (taking, releasing or being promoted
	// into a seat); the repair pass looks for ones left set by a crash.
	SeatPending  bool             `bson:"seatPending" json:"-"`
	Source       EnrollmentSource `bson:"source" json:"source"`
	EnrolledBy   string           `bson:"enrolledBy" json:"enrolledBy"` // account ID
	CreatedAt    time.Time        `bson:"createdAt" json:"createdAt"`
	UpdatedAt    time.Time        `bson:"updatedAt" json:"updatedAt"`
	EnrolledAt   time.Time        `bson:"enrolledAt,omitempty" json:"enrolledAt,omitzero"`
	WaitlistedAt time.Time        `bson:"waitlistedAt,omitempty" json:"waitlistedAt,omitzero"`
	CancelledAt  time.Time        `bson:"cancelledAt,omitempty" json:"cancelledAt,omitzero"`
	CancelledBy  string           `bson:"cancelledBy,omitempty" json:"cancelledBy,omitempty"`
	CancelReason string           `bson:"cancelReason,omitempty" json:"cancelReason,omitempty"`
	// Score is the assessment score, where the course has a pass score.
	Score *int `bson:"score,omitempty" json:"score,omitempty"`
	// Completion is the latest evaluation under the course's rule.
	Completion  *Completion `bson:"completion,omitempty" json:"completion,omitempty"`
	EvaluatedAt time.Time   `bson:"evaluatedAt,omitempty" json:"evaluatedAt,omitzero"`
	// Rated is set once the trainee rated the course (rating.go).
	Rated bool `bson:"rated,omitempty" json:"rated,omitempty"`
}

// EnrollmentID is the natural key of a person's enrollment in a course.
func EnrollmentID(courseID, personID string) string { return courseID + ":" + personID }

// AttendanceID is the natural key of a person's mark at a session.
func AttendanceID(sessionID, personID string) string { return sessionID + ":" + personID }
