package courses

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/auth"
)

// errCourseNotVisible hides whether a course outside the caller's reach
// exists.
var errCourseNotVisible = &skillcert.Error{Code: skillcert.ENOTFOUND, Message: "课程不存在或不在您的管辖范围内"}

// canManage decides whether the actor runs the course: edits it and its
// sessions, manages its enrollments, takes the roll as staff. The city
// runs every course; a town's staff the courses their town organizes.
func canManage(a *skillcert.Actor, c *Course) error {
	if err := auth.CheckScope(a, c.Town, ""); err != nil {
		return errCourseNotVisible
	}
	return nil
}

// canCreate decides whether the actor may create courses at all.
func canCreate(a *skillcert.Actor) error {
	if a != nil && (a.Role == skillcert.RoleCityAdmin || a.Role == skillcert.RoleTownStaff) {
		return nil
	}
	return skillcert.Errorf(skillcert.EFORBIDDEN, "只有市局管理员和镇（街道）工作人员可以开设课程")
}

// Public reports whether a course is in the public catalog.
func (c Course) Public() bool { return c.Status == StatusPublished || c.Status == StatusInProgress }

// teaches reports whether the actor is an instructor of one of the
// course's sessions.
func (s *Service) teaches(ctx context.Context, a *skillcert.Actor, courseID string) (bool, error) {
	if a == nil || a.Role != skillcert.RoleInstructor || a.AccountID == "" {
		return false, nil
	}
	n, err := s.sessions.Count(ctx, bson.D{{Key: "courseId", Value: courseID}, {Key: "instructorId", Value: a.AccountID}})
	return n > 0, err
}

// canRead decides whether the actor may see the course: anyone sees a
// course in the catalog; staff the courses they run; an instructor the
// courses they teach in; a trainee the courses they enrolled in.
func (s *Service) canRead(ctx context.Context, a *skillcert.Actor, c *Course) error {
	if c.Public() || canManage(a, c) == nil {
		return nil
	}
	if ok, err := s.teaches(ctx, a, c.ID); err != nil || ok {
		return err
	}
	if a != nil && a.PersonID != "" {
		n, err := s.enrollments.Count(ctx, bson.D{{Key: "_id", Value: EnrollmentID(c.ID, a.PersonID)}})
		if err != nil || n > 0 {
			return err
		}
	}
	return errCourseNotVisible
}

// canSeeEnrollments decides whether the actor may read the course's
// enrollment list and rolls: its staff and its instructors.
func (s *Service) canSeeEnrollments(ctx context.Context, a *skillcert.Actor, c *Course) error {
	if canManage(a, c) == nil {
		return nil
	}
	ok, err := s.teaches(ctx, a, c.ID)
	if err != nil {
		return err
	}
	if !ok {
		return errCourseNotVisible
	}
	return nil
}

// canEnrollOthers decides whether staff may enroll people into the course:
// the city into any course; a town's or village's staff into their town's
// courses and the city's. Which people they may enroll is checked per
// person with canEnrollPerson.
func canEnrollOthers(a *skillcert.Actor, c *Course) error {
	if a == nil || !a.Role.IsStaff() {
		return skillcert.Errorf(skillcert.EFORBIDDEN, "只有工作人员可以代为报名")
	}
	if a.Role == skillcert.RoleCityAdmin || c.Town == "" || c.Town == a.Town {
		return nil
	}
	return errCourseNotVisible
}

// canEnrollPerson decides whether staff may enroll this person: the city
// anyone, a town's staff their town's residents, a village's staff their
// village's.
func canEnrollPerson(a *skillcert.Actor, p Candidate) error {
	if err := auth.CheckScope(a, p.Town, p.Village); err != nil {
		return skillcert.Errorf(skillcert.EFORBIDDEN, "%s不是您所辖范围内的居民，不能代为报名", p.Name)
	}
	return nil
}
