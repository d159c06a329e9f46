package courses

import (
	"context"
	"strings"
	"unicode/utf8"

	"skillcert"
	"skillcert/audit"
	"skillcert/auth"
)

// CancelEnrollment cancels a person's enrollment: the trainee their own
// before the course's first session starts; staff who run the course, or
// who may enroll the person, also later (the seat is then not refilled).
// Before the start a freed seat passes to the first on the waitlist, who
// is told. reason is optional for trainees and kept for the record.
func (s *Service) CancelEnrollment(ctx context.Context, a *skillcert.Actor, courseID, personID, reason string) (*Enrollment, error) {
	reason = strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); n > maxReasonRunes {
		return nil, skillcert.Invalid("reason", "原因不能超过 %d 个字（现为 %d 个字）", maxReasonRunes, n)
	}
	c, err := s.findCourse(ctx, courseID)
	if err != nil {
		return nil, err
	}
	id := EnrollmentID(courseID, personID)
	e, err := s.findEnrollment(ctx, id)
	if err != nil {
		return nil, err
	}
	self := auth.CheckOwner(a, personID) == nil
	if !self && canManage(a, c) != nil {
		// Staff who may enroll the person may also take them off.
		if e == nil || canEnrollOthers(a, c) != nil || canEnrollPerson(a, Candidate{Name: e.Name, Town: e.Town, Village: e.Village}) != nil {
			return nil, s.denied(ctx, a, "enrollment.cancel", "enrollment", id, errEnrollmentNotFound)
		}
	}
	if e == nil {
		return nil, errEnrollmentNotFound
	}
	switch c.Status {
	case StatusCompleted, StatusCancelled:
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "课程%s，不能取消报名", c.Status.Label())
	}
	sessions, err := s.courseSessions(ctx, courseID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	first := firstStart(sessions)
	started := c.Status == StatusInProgress || (!first.IsZero() && !now.Before(first))
	if self && started {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "课程已开课，不能取消报名；如有特殊情况请联系主办单位")
	}
	ts := now.UTC()
	fields := []any{"status", EnrollmentCancelled, "cancelledAt", ts, "cancelledBy", actorID(a), "cancelReason", reason, "updatedAt", ts}
	switch e.Status {
	case EnrollmentCancelled:
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "报名已取消")
	case EnrollmentPending:
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "报名正在处理中，请稍后再试")
	case EnrollmentWaitlisted:
		ok, err := s.updateIf(ctx, s.enrollments, id, bsonD("status", EnrollmentWaitlisted, "attempt", e.Attempt),
			bsonD("$set", bsonD(fields...)))
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errEnrollmentChanged
		}
		if err := s.leftWaitlist(ctx, courseID); err != nil {
			return nil, err
		}
	case EnrollmentEnrolled:
		// Cancel first, keeping the flag up while the seat is released:
		// a crash in between leaves a flagged enrollment for the repair.
		ok, err := s.updateIf(ctx, s.enrollments, id, bsonD("status", EnrollmentEnrolled, "attempt", e.Attempt, "seatPending", false),
			bsonD("$set", bsonD(append(fields, "seatPending", true)...)))
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errEnrollmentChanged
		}
		if err := s.releaseSeat(ctx, a, courseID, c.Status == StatusPublished && !started); err != nil {
			return nil, err
		}
		if _, err := s.updateIf(ctx, s.enrollments, id, bsonD("attempt", e.Attempt, "status", EnrollmentCancelled, "seatPending", true),
			set(bsonE("seatPending", false))); err != nil {
			return nil, err
		}
	}
	detail := string(e.Status) + "→cancelled"
	if reason != "" {
		detail += " " + reason
	}
	if err := s.record(ctx, a, "enrollment.cancel", "enrollment", id, audit.ResultOK, detail); err != nil {
		return nil, err
	}
	body := "您报名的课程“" + c.Title + "”已取消报名。"
	if !self {
		body = "工作人员已为您取消课程“" + c.Title + "”的报名。"
		if reason != "" {
			body += "原因：" + reason
		}
	}
	s.notifyEnrollment(ctx, e, MessageCancelled, "报名已取消", body)
	return s.findEnrollment(ctx, id)
}

var (
	errEnrollmentNotFound = &skillcert.Error{Code: skillcert.ENOTFOUND, Message: "未找到报名记录"}
	errEnrollmentChanged  = &skillcert.Error{Code: skillcert.ECONFLICT, Message: "报名状态已变化，请刷新后重试"}
)
