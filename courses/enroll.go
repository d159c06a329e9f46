package courses

import (
	"context"
	"fmt"

	"skillcert"
	"skillcert/audit"
	"skillcert/roster"
	"skillcert/store"
)

// EnrollResult is the outcome of an enrollment: the enrollment, enrolled
// or waitlisted, the waitlist position (from 1) and what to tell the
// person.
type EnrollResult struct {
	Enrollment Enrollment `json:"enrollment"`
	Position   int        `json:"position,omitempty"`
	Message    string     `json:"message"`
	// Warnings are things to fix before the course ends, e.g. a name the
	// certificate cannot print (roster.NameWarnings).
	Warnings []string `json:"warnings,omitempty"`
}

// withWarnings adds the warnings about the enrolled person's name.
func withWarnings(res *EnrollResult, err error) (*EnrollResult, error) {
	if res != nil {
		res.Warnings = roster.NameWarnings(res.Enrollment.Name)
	}
	return res, err
}

// Enroll enrolls the acting trainee in a course. The person must be
// eligible (CheckEligibility: the course published, inside the window, in
// a target group, resident where required, no clash with their other
// active courses) and not enrolled already. When the course is full they
// join the waitlist and are told their position.
func (s *Service) Enroll(ctx context.Context, a *skillcert.Actor, courseID string) (*EnrollResult, error) {
	if a == nil || a.PersonID == "" {
		return nil, skillcert.Errorf(skillcert.EFORBIDDEN, "您的账号尚未关联人员信息，不能报名，请联系所在村（社区）工作站")
	}
	c, err := s.findCourse(ctx, courseID)
	if err != nil {
		return nil, err
	}
	if c.Status == StatusDraft {
		return nil, errCourseNotVisible
	}
	cand, err := s.candidate(ctx, a.PersonID)
	if err != nil {
		return nil, err
	}
	return withWarnings(s.enroll(ctx, a, c, cand, SourceSelf))
}

// EnrollPerson enrolls one person on behalf of staff: the city any person
// in any course; a town's or village's staff the residents of their town
// or village, in their town's courses and the city's. The person must be
// eligible as if they enrolled themselves.
func (s *Service) EnrollPerson(ctx context.Context, a *skillcert.Actor, courseID, personID string) (*EnrollResult, error) {
	c, err := s.findCourse(ctx, courseID)
	if err != nil {
		return nil, err
	}
	if err := canEnrollOthers(a, c); err != nil {
		return nil, s.denied(ctx, a, "enrollment.create", "course", courseID, err)
	}
	cand, err := s.candidate(ctx, personID)
	if err != nil {
		return nil, err
	}
	return withWarnings(s.enrollOther(ctx, a, c, cand))
}

// candidate reads a person from the register.
func (s *Service) candidate(ctx context.Context, personID string) (Candidate, error) {
	cand, err := s.people.Candidate(ctx, personID)
	if err != nil {
		if store.IsNotFound(err) {
			return cand, skillcert.Errorf(skillcert.ENOTFOUND, "人员不存在")
		}
		return cand, err
	}
	cand.PersonID = personID
	return cand, nil
}

// enrollOther enrolls a person on behalf of staff within their scope.
func (s *Service) enrollOther(ctx context.Context, a *skillcert.Actor, c *Course, cand Candidate) (*EnrollResult, error) {
	if err := canEnrollPerson(a, cand); err != nil {
		return nil, s.denied(ctx, a, "enrollment.create", "enrollment", EnrollmentID(c.ID, cand.PersonID), err)
	}
	return s.enroll(ctx, a, c, cand, SourceStaff)
}

// enroll checks eligibility, opens the enrollment and places it.
func (s *Service) enroll(ctx context.Context, a *skillcert.Actor, c *Course, cand Candidate, src EnrollmentSource) (*EnrollResult, error) {
	now := s.now()
	current, mine, listed, err := s.personState(ctx, cand.PersonID, c.ID)
	if err != nil {
		return nil, err
	}
	if current != nil && current.Status.Active() {
		return nil, errAlreadyEnrolled(src, cand.Name, current.Status)
	}
	own, err := s.courseSessions(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	others, err := s.activeSessionsOf(ctx, mine, c.ID)
	if err != nil {
		return nil, err
	}
	if err := CheckEligibility(*c, cand, now, others, own, s.orgs.TownName); err != nil {
		return nil, err
	}
	if !listed {
		if err := s.listCourse(ctx, cand.PersonID, c.ID); err != nil {
			return nil, err
		}
	}
	e, err := s.openEnrollment(ctx, a, c, cand, src)
	if err != nil {
		return nil, err
	}
	res, err := s.place(ctx, a, c.ID, c.Capacity, e)
	if err != nil {
		return nil, err
	}
	detail := string(res.Enrollment.Status)
	if res.Position > 0 {
		detail += fmt.Sprintf(" #%d", res.Position)
	}
	if err := s.record(ctx, a, "enrollment.create", "enrollment", e.ID, audit.ResultOK, detail); err != nil {
		return nil, err
	}
	return res, nil
}

func errAlreadyEnrolled(src EnrollmentSource, name string, st EnrollmentStatus) error {
	who := "您"
	if src == SourceStaff {
		who = name
	}
	msg := who + "已报名该课程"
	if st == EnrollmentWaitlisted {
		msg += "（候补中）"
	}
	return skillcert.Errorf(skillcert.ECONFLICT, "%s", msg)
}

// openEnrollment writes the enrollment as pending under its natural key,
// or reopens the person's cancelled one. Of two racing requests for one
// person exactly one gets here; the other is told they are enrolled.
func (s *Service) openEnrollment(ctx context.Context, a *skillcert.Actor, c *Course, cand Candidate, src EnrollmentSource) (*Enrollment, error) {
	now := s.now().UTC()
	e := &Enrollment{ID: EnrollmentID(c.ID, cand.PersonID), CourseID: c.ID, PersonID: cand.PersonID,
		Name: cand.Name, IDMasked: cand.IDMasked, Town: cand.Town, Village: cand.Village,
		Status: EnrollmentPending, Attempt: skillcert.NewID(), SeatPending: true, Source: src, EnrolledBy: actorID(a),
		CreatedAt: now, UpdatedAt: now}
	err := s.enrollments.InsertOne(ctx, e)
	if err == nil {
		return e, nil
	}
	if !store.IsDuplicate(err) {
		return nil, err
	}
	// The person enrolled before: reopen the enrollment only if it is
	// cancelled and settled, in one conditional write.
	ok, err := s.updateIf(ctx, s.enrollments, e.ID,
		bsonD("status", EnrollmentCancelled, "seatPending", false),
		bsonD("$set", bsonD("status", EnrollmentPending, "attempt", e.Attempt, "seatPending", true,
			"source", src, "enrolledBy", e.EnrolledBy, "name", e.Name, "idMasked", e.IDMasked,
			"town", e.Town, "village", e.Village, "waitlistSeq", 0, "updatedAt", now),
			"$unset", bsonD("enrolledAt", "", "waitlistedAt", "", "cancelledAt", "", "cancelledBy", "",
				"cancelReason", "", "score", "", "completion", "", "evaluatedAt", "")))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errAlreadyEnrolled(src, cand.Name, EnrollmentEnrolled)
	}
	return e, nil
}

// place gives a pending enrollment a seat, or else a waitlist number:
// one conditional increment of the course's seat count (the course still
// published, its capacity as read, a seat free), and when that fails one
// increment of its waitlist counter. Each step is a single-document write
// that is atomic on MongoDB and on the embedded engine; the enrollment is
// settled by a write conditional on its request, so a repair pass that
// settled it first wins and the seat taken here is given back.
func (s *Service) place(ctx context.Context, a *skillcert.Actor, courseID string, capacity int, e *Enrollment) (*EnrollResult, error) {
	for range 5 {
		ok, err := s.takeSeat(ctx, courseID, capacity)
		if err != nil {
			return nil, err
		}
		if ok {
			settled, err := s.settle(ctx, e, EnrollmentEnrolled, 0)
			if err != nil {
				return nil, err
			}
			if !settled {
				if err := s.releaseSeat(ctx, a, courseID, true); err != nil {
					return nil, err
				}
				return s.resultOf(ctx, e.ID)
			}
			s.notifyEnrollment(ctx, e, MessageEnrolled, "报名成功", "您已成功报名课程，请按时参加培训。")
			return &EnrollResult{Enrollment: *e, Message: "报名成功"}, nil
		}
		// Full: draw a waitlist number and a place in the queue in one
		// write, conditional on the capacity the seat attempt used.
		var after Course
		err = s.findAndUpdateIf(ctx, s.courses, courseID, bsonD("status", StatusPublished, "capacity", capacity),
			bsonD("$inc", bsonD("waitlistSeq", 1, "waiting", 1)), &after)
		if store.IsNotFound(err) {
			cur, err := s.findCourse(ctx, courseID)
			if err != nil {
				return nil, err
			}
			if cur.Status != StatusPublished {
				s.abandon(ctx, e, "课程已停止报名")
				return nil, skillcert.Errorf(skillcert.ECONFLICT, "课程已停止报名")
			}
			capacity = cur.Capacity // edited meanwhile; try for a seat again
			continue
		}
		if err != nil {
			return nil, err
		}
		settled, err := s.settle(ctx, e, EnrollmentWaitlisted, after.WaitlistSeq)
		if err != nil {
			return nil, err
		}
		if !settled {
			if err := s.leftWaitlist(ctx, courseID); err != nil {
				return nil, err
			}
			return s.resultOf(ctx, e.ID)
		}
		// A seat freed between the failed increment and now found no one
		// waiting; fill it.
		promoted, err := s.promoteIfFree(ctx, a, courseID)
		if err != nil {
			return nil, err
		}
		if promoted > 0 {
			return s.resultOf(ctx, e.ID)
		}
		pos := after.Waiting
		s.notifyEnrollment(ctx, e, MessageWaitlisted, "已进入候补名单",
			fmt.Sprintf("课程名额已满，您已进入候补名单，当前排第 %d 位；有名额空出时将按顺序递补并通知您。", pos))
		return &EnrollResult{Enrollment: *e, Position: pos, Message: waitlistMessage(pos)}, nil
	}
	s.abandon(ctx, e, "报名人数变动频繁")
	return nil, skillcert.Errorf(skillcert.ECONFLICT, "报名人数变动频繁，请稍后重试")
}

func waitlistMessage(pos int) string {
	return fmt.Sprintf("课程名额已满，您已进入候补名单，当前排第 %d 位", pos)
}

// takeSeat increments the course's seat count if a seat is free.
func (s *Service) takeSeat(ctx context.Context, courseID string, capacity int) (bool, error) {
	return s.updateIf(ctx, s.courses, courseID,
		bsonD("status", StatusPublished, "capacity", capacity, "enrolled", bsonD("$lt", capacity)),
		inc("enrolled", 1))
}

// settle moves the enrollment of this request from pending to enrolled or
// waitlisted; false if it is no longer this request's pending one.
func (s *Service) settle(ctx context.Context, e *Enrollment, to EnrollmentStatus, seq int64) (bool, error) {
	now := s.now().UTC()
	fields := bsonD("status", to, "seatPending", false, "updatedAt", now)
	if to == EnrollmentEnrolled {
		fields = append(fields, bsonD("enrolledAt", now)...)
	} else {
		fields = append(fields, bsonD("waitlistSeq", seq, "waitlistedAt", now)...)
	}
	ok, err := s.updateIf(ctx, s.enrollments, e.ID, bsonD("status", EnrollmentPending, "attempt", e.Attempt),
		bsonD("$set", fields))
	if err != nil || !ok {
		return false, err
	}
	e.Status, e.SeatPending, e.UpdatedAt = to, false, now
	if to == EnrollmentEnrolled {
		e.EnrolledAt = now
	} else {
		e.WaitlistSeq, e.WaitlistedAt = seq, now
	}
	return true, nil
}

// abandon cancels a pending enrollment that could not be placed.
func (s *Service) abandon(ctx context.Context, e *Enrollment, reason string) {
	now := s.now().UTC()
	_, err := s.updateIf(ctx, s.enrollments, e.ID, bsonD("status", EnrollmentPending, "attempt", e.Attempt),
		set(bsonE("status", EnrollmentCancelled), bsonE("seatPending", false), bsonE("cancelledAt", now),
			bsonE("cancelReason", reason), bsonE("updatedAt", now)))
	if err != nil {
		s.log.ErrorContext(ctx, "courses: abandon enrollment", "enrollment", e.ID, "err", err)
	}
}

// resultOf reports an enrollment as it now stands.
func (s *Service) resultOf(ctx context.Context, id string) (*EnrollResult, error) {
	e, err := s.findEnrollment(ctx, id)
	if err != nil {
		return nil, err
	}
	if e == nil {
		return nil, skillcert.Errorf(skillcert.ENOTFOUND, "未找到报名记录")
	}
	res := &EnrollResult{Enrollment: *e}
	switch e.Status {
	case EnrollmentEnrolled:
		res.Message = "报名成功"
	case EnrollmentWaitlisted:
		if res.Position, err = s.position(ctx, e.CourseID, e.WaitlistSeq); err != nil {
			return nil, err
		}
		res.Message = waitlistMessage(res.Position)
	case EnrollmentCancelled:
		res.Message = "报名未成功：" + e.CancelReason
	default:
		res.Message = "报名正在处理中"
	}
	return res, nil
}

// leftWaitlist counts one person off the course's waitlist.
func (s *Service) leftWaitlist(ctx context.Context, courseID string) error {
	_, err := s.updateIf(ctx, s.courses, courseID, bsonD("waiting", bsonD("$gt", 0)), inc("waiting", -1))
	return err
}

// position is the waitlist position of the number seq: 1 + the waitlisted
// enrollments with a smaller number.
func (s *Service) position(ctx context.Context, courseID string, seq int64) (int, error) {
	n, err := s.enrollments.Count(ctx, bsonD("courseId", courseID, "status", EnrollmentWaitlisted, "waitlistSeq", bsonD("$lt", seq)))
	return int(n) + 1, err
}
