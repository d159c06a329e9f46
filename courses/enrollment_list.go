package courses

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
)

// EnrollmentRow is one line of a course's enrollment list; Position is
// the waitlist position of a waitlisted person.
type EnrollmentRow struct {
	Enrollment
	Position int `json:"position,omitempty"`
}

// ListEnrollments lists a course's enrollments for its staff and
// instructors: with a status, that status only (the waitlist in order);
// without, every enrollment by the time it was made.
func (s *Service) ListEnrollments(ctx context.Context, a *skillcert.Actor, courseID string, status EnrollmentStatus, page skillcert.PageRequest) (skillcert.Page[EnrollmentRow], error) {
	c, err := s.findCourse(ctx, courseID)
	if err != nil {
		return skillcert.Page[EnrollmentRow]{}, err
	}
	if err := s.canSeeEnrollments(ctx, a, c); err != nil {
		return skillcert.Page[EnrollmentRow]{}, err
	}
	q := bson.D{{Key: "courseId", Value: courseID}}
	sort := bsonD("createdAt", 1, "_id", 1)
	if status != "" {
		if !status.Valid() {
			return skillcert.Page[EnrollmentRow]{}, skillcert.Invalid("status", "报名状态“%s”无效", status)
		}
		q = append(q, bson.E{Key: "status", Value: status})
		if status == EnrollmentWaitlisted {
			sort = bsonD("waitlistSeq", 1)
		}
	}
	var list []Enrollment
	if err := s.enrollments.Find(ctx, q, &list, options.Find().SetSort(sort).SetSkip(page.Skip()).SetLimit(page.Limit())); err != nil {
		return skillcert.Page[EnrollmentRow]{}, err
	}
	total, err := s.enrollments.Count(ctx, q)
	if err != nil {
		return skillcert.Page[EnrollmentRow]{}, err
	}
	rows := make([]EnrollmentRow, len(list))
	for i, e := range list {
		rows[i] = EnrollmentRow{Enrollment: e}
		switch {
		case e.Status != EnrollmentWaitlisted:
		case status == EnrollmentWaitlisted:
			rows[i].Position = int(page.Skip()) + i + 1
		default:
			if rows[i].Position, err = s.position(ctx, courseID, e.WaitlistSeq); err != nil {
				return skillcert.Page[EnrollmentRow]{}, err
			}
		}
	}
	return skillcert.NewPage(rows, total, page), nil
}

// MyCourse is a course of the acting trainee with their enrollment.
type MyCourse struct {
	Course     Course     `json:"course"`
	Enrollment Enrollment `json:"enrollment"`
	Position   int        `json:"position,omitempty"`
}

// MyCourses lists the acting trainee's enrollments that are not
// cancelled, newest first, with their courses.
func (s *Service) MyCourses(ctx context.Context, a *skillcert.Actor, page skillcert.PageRequest) (skillcert.Page[MyCourse], error) {
	if a == nil || a.PersonID == "" {
		return skillcert.NewPage[MyCourse](nil, 0, page), nil
	}
	return s.coursesOfPerson(ctx, a.PersonID, page)
}

// PersonCourses lists a person's enrollments that are not cancelled,
// newest first, with their courses, for staff whose register holds the
// person (the caller checks that scope).
func (s *Service) PersonCourses(ctx context.Context, a *skillcert.Actor, personID string, page skillcert.PageRequest) (skillcert.Page[MyCourse], error) {
	if a == nil || !a.Role.IsStaff() {
		return skillcert.Page[MyCourse]{}, skillcert.Errorf(skillcert.EFORBIDDEN, "只有工作人员可以查看他人的课程")
	}
	return s.coursesOfPerson(ctx, personID, page)
}

func (s *Service) coursesOfPerson(ctx context.Context, personID string, page skillcert.PageRequest) (skillcert.Page[MyCourse], error) {
	q := bsonD("personId", personID, "status", inList([]EnrollmentStatus{EnrollmentPending, EnrollmentEnrolled, EnrollmentWaitlisted}))
	var list []Enrollment
	if err := s.enrollments.Find(ctx, q, &list, options.Find().SetSort(bsonD("createdAt", -1, "_id", 1)).
		SetSkip(page.Skip()).SetLimit(page.Limit())); err != nil {
		return skillcert.Page[MyCourse]{}, err
	}
	total, err := s.enrollments.Count(ctx, q)
	if err != nil {
		return skillcert.Page[MyCourse]{}, err
	}
	ids := make([]string, len(list))
	for i, e := range list {
		ids[i] = e.CourseID
	}
	cs, err := s.coursesByID(ctx, ids)
	if err != nil {
		return skillcert.Page[MyCourse]{}, err
	}
	items := make([]MyCourse, 0, len(list))
	for _, e := range list {
		c, ok := cs[e.CourseID]
		if !ok {
			continue
		}
		mc := MyCourse{Course: *c, Enrollment: e}
		if e.Status == EnrollmentWaitlisted {
			if mc.Position, err = s.position(ctx, e.CourseID, e.WaitlistSeq); err != nil {
				return skillcert.Page[MyCourse]{}, err
			}
		}
		items = append(items, mc)
	}
	return skillcert.NewPage(items, total, page), nil
}

// MyEnrollment returns the acting trainee's enrollment in a course with
// their waitlist position, or nil if they never enrolled (for the course
// page's button).
func (s *Service) MyEnrollment(ctx context.Context, a *skillcert.Actor, courseID string) (*EnrollmentRow, error) {
	if a == nil || a.PersonID == "" {
		return nil, nil
	}
	e, err := s.findEnrollment(ctx, EnrollmentID(courseID, a.PersonID))
	if err != nil || e == nil {
		return nil, err
	}
	row := &EnrollmentRow{Enrollment: *e}
	if e.Status == EnrollmentWaitlisted {
		if row.Position, err = s.position(ctx, courseID, e.WaitlistSeq); err != nil {
			return nil, err
		}
	}
	return row, nil
}
