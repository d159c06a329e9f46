package courses

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/audit"
)

// Seat movements. The course's "enrolled" counter is changed only by
// conditional single-document writes; an enrollment's seatPending flag is
// set while its part of a seat change is in flight, so that RepairCourse
// can tell a crash's leftovers from work in progress.

// firstWaiting returns the waitlisted enrollment with the smallest number
// that no promotion has claimed; nil if none.
func (s *Service) firstWaiting(ctx context.Context, courseID string) (*Enrollment, error) {
	var list []Enrollment
	err := s.enrollments.Find(ctx,
		bsonD("courseId", courseID, "status", EnrollmentWaitlisted, "seatPending", false), &list,
		options.Find().SetSort(bsonD("waitlistSeq", 1)).SetLimit(1))
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return &list[0], nil
}

// releaseSeat gives up a seat the counter still holds. With transfer the
// seat passes straight to the first on the waitlist (the counter stays,
// so no newcomer can slip in between); without, or when no one waits, the
// counter goes down by one.
func (s *Service) releaseSeat(ctx context.Context, a *skillcert.Actor, courseID string, transfer bool) error {
	for i := 0; transfer && i < 20; i++ {
		w, err := s.firstWaiting(ctx, courseID)
		if err != nil {
			return err
		}
		if w == nil {
			break
		}
		now := s.now().UTC()
		ok, err := s.updateIf(ctx, s.enrollments, w.ID,
			bsonD("status", EnrollmentWaitlisted, "attempt", w.Attempt, "seatPending", false),
			set(bsonE("status", EnrollmentEnrolled), bsonE("enrolledAt", now), bsonE("updatedAt", now)))
		if err != nil {
			return err
		}
		if ok {
			s.promoted(ctx, a, w)
			return s.leftWaitlist(ctx, courseID)
		}
	}
	_, err := s.updateIf(ctx, s.courses, courseID, bsonD("enrolled", bsonD("$gt", 0)), inc("enrolled", -1))
	return err
}

// promoteIfFree fills free seats of a published course from the waitlist
// and returns how many it promoted.
func (s *Service) promoteIfFree(ctx context.Context, a *skillcert.Actor, courseID string) (int, error) {
	var c Course
	if err := s.courses.FindOne(ctx, byID(courseID), &c, options.FindOne().SetProjection(bsonD("status", 1, "capacity", 1, "enrolled", 1))); err != nil {
		return 0, err
	}
	if c.Status != StatusPublished || c.Enrolled >= c.Capacity {
		return 0, nil
	}
	return s.promote(ctx, a, courseID)
}

// promoteWaitlist fills free seats from the waitlist (after a capacity
// increase, a repair, or a seat freed while someone joined the waitlist).
func (s *Service) promoteWaitlist(ctx context.Context, a *skillcert.Actor, courseID string) error {
	_, err := s.promote(ctx, a, courseID)
	return err
}

// promote moves people from the waitlist into free seats, first number
// first. For each: claim the enrollment (seatPending), take a seat, then
// settle it enrolled; a claimed person who cancelled meanwhile passes the
// seat on.
func (s *Service) promote(ctx context.Context, a *skillcert.Actor, courseID string) (int, error) {
	promoted := 0
	for range 1000 {
		var c Course
		if err := s.courses.FindOne(ctx, byID(courseID), &c, options.FindOne().SetProjection(bsonD("status", 1, "capacity", 1, "enrolled", 1))); err != nil {
			return promoted, err
		}
		if c.Status != StatusPublished || c.Enrolled >= c.Capacity {
			return promoted, nil
		}
		w, err := s.firstWaiting(ctx, courseID)
		if err != nil || w == nil {
			return promoted, err
		}
		now := s.now().UTC()
		claimed, err := s.updateIf(ctx, s.enrollments, w.ID,
			bsonD("status", EnrollmentWaitlisted, "attempt", w.Attempt, "seatPending", false),
			set(bsonE("seatPending", true), bsonE("updatedAt", now)))
		if err != nil {
			return promoted, err
		}
		if !claimed {
			continue
		}
		ok, err := s.takeSeat(ctx, courseID, c.Capacity)
		if err != nil {
			return promoted, err
		}
		if !ok {
			if _, err := s.updateIf(ctx, s.enrollments, w.ID, bsonD("attempt", w.Attempt, "seatPending", true),
				set(bsonE("seatPending", false))); err != nil {
				return promoted, err
			}
			continue
		}
		flipped, err := s.updateIf(ctx, s.enrollments, w.ID,
			bsonD("status", EnrollmentWaitlisted, "attempt", w.Attempt, "seatPending", true),
			set(bsonE("status", EnrollmentEnrolled), bsonE("seatPending", false), bsonE("enrolledAt", now), bsonE("updatedAt", now)))
		if err != nil {
			return promoted, err
		}
		if !flipped {
			// Cancelled while claimed: the seat goes to the next in line,
			// then the claim is cleared.
			if err := s.releaseSeat(ctx, a, courseID, true); err != nil {
				return promoted, err
			}
			if _, err := s.updateIf(ctx, s.enrollments, w.ID, bsonD("attempt", w.Attempt, "seatPending", true, "status", EnrollmentCancelled),
				set(bsonE("seatPending", false))); err != nil {
				return promoted, err
			}
			continue
		}
		promoted++
		s.promoted(ctx, a, w)
		if err := s.leftWaitlist(ctx, courseID); err != nil {
			return promoted, err
		}
	}
	return promoted, nil
}

// promoted tells a person they moved from the waitlist into a seat and
// audits it.
func (s *Service) promoted(ctx context.Context, a *skillcert.Actor, w *Enrollment) {
	s.notifyEnrollment(ctx, w, MessagePromoted, "候补转正",
		"有名额空出，您已由候补转为正式录取，请按时参加培训。")
	if err := s.record(ctx, a, "enrollment.promote", "enrollment", w.ID, audit.ResultOK, "from waitlist"); err != nil {
		s.log.ErrorContext(ctx, "courses: audit promotion", "enrollment", w.ID, "err", err)
	}
}
