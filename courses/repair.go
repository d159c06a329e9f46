package courses

import (
	"context"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/audit"
)

// StaleAfter is how long a seat change may stay in flight before the
// repair pass takes it for a crash's leftover. A request finishes in
// milliseconds and is cut off by its own timeout long before this.
const StaleAfter = time.Minute

// RepairReport says what RepairCourse found and did.
type RepairReport struct {
	CourseID string `json:"courseId"`
	// EnrolledBefore and EnrolledAfter are the course's seat counter
	// before and after the recount.
	EnrolledBefore int `json:"enrolledBefore"`
	EnrolledAfter  int `json:"enrolledAfter"`
	// WaitingBefore and WaitingAfter are the waitlist counter before and
	// after the recount.
	WaitingBefore int `json:"waitingBefore"`
	WaitingAfter  int `json:"waitingAfter"`
	// Settled counts stale pending enrollments completed (enrolled or
	// waitlisted) or abandoned; Cleared stale flags of cancellations and
	// promotions; Promoted people moved from the waitlist into free seats.
	Settled  int `json:"settled"`
	Cleared  int `json:"cleared"`
	Promoted int `json:"promoted"`
}

// RepairCourse brings a course's seats back in line after a crash cut an
// operation short, without transactions:
//
//  1. It reads the seat and waitlist counters, counts the enrolled and
//     waitlisted enrollments and, if no seat change is in flight (no
//     seatPending flag younger than StaleAfter), sets the counters to the
//     counts, conditional on both being unchanged since they were read.
//     A seat change that began after the check moves a counter and so
//     fails the condition, and the recount is tried again. (The waitlist
//     counter only gives a joiner their position; a leave racing the
//     recount can leave it off by one until the next repair, while
//     positions shown later are always counted.)
//  2. It completes stale pending enrollments as the enrollment would have
//     (a seat or a waitlist number; abandoned if the course no longer
//     takes enrollments) and clears stale flags of cancellations and
//     promotions, whose seat the recount has already accounted for.
//  3. It fills free seats from the waitlist.
//
// It is safe to run at any time and any number of times; it returns
// ECONFLICT while a seat change is in flight.
func (s *Service) RepairCourse(ctx context.Context, courseID string) (*RepairReport, error) {
	rep := &RepairReport{CourseID: courseID}
	var c *Course
	for attempt := 0; ; attempt++ {
		var err error
		if c, err = s.findCourse(ctx, courseID); err != nil {
			return nil, err
		}
		n, err := s.enrollments.Count(ctx, bsonD("courseId", courseID, "status", EnrollmentEnrolled))
		if err != nil {
			return nil, err
		}
		w, err := s.enrollments.Count(ctx, bsonD("courseId", courseID, "status", EnrollmentWaitlisted))
		if err != nil {
			return nil, err
		}
		cutoff := s.now().Add(-StaleAfter).UTC()
		busy, err := s.enrollments.Count(ctx, bsonD("courseId", courseID, "seatPending", true, "updatedAt", bsonD("$gte", cutoff)))
		if err != nil {
			return nil, err
		}
		if busy > 0 {
			return nil, skillcert.Errorf(skillcert.ECONFLICT, "该课程有报名操作正在进行，请稍后再修复")
		}
		rep.EnrolledBefore, rep.EnrolledAfter = c.Enrolled, int(n)
		rep.WaitingBefore, rep.WaitingAfter = c.Waiting, int(w)
		if c.Enrolled == int(n) && c.Waiting == int(w) {
			break
		}
		ok, err := s.updateIf(ctx, s.courses, courseID, bsonD("enrolled", c.Enrolled, "waiting", c.Waiting),
			set(bsonE("enrolled", int(n)), bsonE("waiting", int(w))))
		if err != nil {
			return nil, err
		}
		if ok {
			c.Enrolled, c.Waiting = int(n), int(w)
			break
		}
		if attempt == 4 {
			return nil, skillcert.Errorf(skillcert.ECONFLICT, "该课程报名人数变动频繁，请稍后再修复")
		}
	}
	var stale []Enrollment
	cutoff := s.now().Add(-StaleAfter).UTC()
	if err := s.enrollments.Find(ctx, bsonD("courseId", courseID, "seatPending", true, "updatedAt", bsonD("$lt", cutoff)), &stale,
		options.Find().SetSort(bsonD("createdAt", 1))); err != nil {
		return nil, err
	}
	for i := range stale {
		e := &stale[i]
		if e.Status == EnrollmentPending {
			if c.Status != StatusPublished {
				s.abandon(ctx, e, "报名未完成，课程已停止报名")
			} else if _, err := s.place(ctx, nil, courseID, c.Capacity, e); err != nil && skillcert.ErrorCode(err) == skillcert.EINTERNAL {
				return nil, err
			}
			rep.Settled++
			continue
		}
		ok, err := s.updateIf(ctx, s.enrollments, e.ID, bsonD("attempt", e.Attempt, "seatPending", true, "updatedAt", e.UpdatedAt),
			set(bsonE("seatPending", false)))
		if err != nil {
			return nil, err
		}
		if ok {
			rep.Cleared++
		}
	}
	promoted, err := s.promote(ctx, nil, courseID)
	if err != nil {
		return nil, err
	}
	rep.Promoted = promoted
	if rep.EnrolledBefore != rep.EnrolledAfter || rep.WaitingBefore != rep.WaitingAfter || rep.Settled+rep.Cleared+rep.Promoted > 0 {
		detail := "enrolled " + strconv.Itoa(rep.EnrolledBefore) + "→" + strconv.Itoa(rep.EnrolledAfter) +
			", waiting " + strconv.Itoa(rep.WaitingBefore) + "→" + strconv.Itoa(rep.WaitingAfter) +
			", settled " + strconv.Itoa(rep.Settled) + ", cleared " + strconv.Itoa(rep.Cleared) + ", promoted " + strconv.Itoa(rep.Promoted)
		if err := s.record(ctx, nil, "course.repair", "course", courseID, audit.ResultOK, detail); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// RepairStale runs RepairCourse on every course with a seat change left
// in flight longer than StaleAfter; the server calls it periodically. It
// returns the reports of the courses repaired.
func (s *Service) RepairStale(ctx context.Context) ([]RepairReport, error) {
	var rows []struct {
		CourseID string `bson:"courseId"`
	}
	cutoff := s.now().Add(-StaleAfter).UTC()
	if err := s.enrollments.Find(ctx, bson.D{{Key: "seatPending", Value: true}, {Key: "updatedAt", Value: bsonD("$lt", cutoff)}}, &rows,
		options.Find().SetProjection(bsonD("courseId", 1))); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []RepairReport
	for _, r := range rows {
		if seen[r.CourseID] {
			continue
		}
		seen[r.CourseID] = true
		rep, err := s.RepairCourse(ctx, r.CourseID)
		if skillcert.ErrorCode(err) == skillcert.ECONFLICT {
			continue // busy; the next run gets it
		}
		if err != nil {
			return out, err
		}
		out = append(out, *rep)
	}
	return out, nil
}
