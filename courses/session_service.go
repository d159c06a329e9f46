package courses

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/audit"
	"skillcert/store"
)

// AddSession schedules a session of a course the actor runs. It refuses a
// session in the past and one that clashes with another session of the
// same instructor or venue; the people enrolled in a published course are
// told.
func (s *Service) AddSession(ctx context.Context, a *skillcert.Actor, courseID string, in SessionInput) (*Session, error) {
	c, err := s.findCourse(ctx, courseID)
	if err != nil {
		return nil, err
	}
	if err := canManage(a, c); err != nil {
		return nil, s.denied(ctx, a, "session.create", "course", courseID, err)
	}
	if err := sessionsEditable(c); err != nil {
		return nil, err
	}
	ss := &Session{ID: skillcert.NewID(), CourseID: c.ID, CourseTitle: c.Title}
	if err := s.prepareSession(ctx, ss, in); err != nil {
		return nil, err
	}
	if err := s.sessions.InsertOne(ctx, ss); err != nil {
		return nil, err
	}
	if err := s.record(ctx, a, "session.create", "session", ss.ID, audit.ResultOK, c.ID+" "+ss.TimeRange()); err != nil {
		return nil, err
	}
	if c.Status.Active() {
		s.notifyCourse(ctx, c, MessageSessionChanged, "课程新增课次",
			"您报名的课程“"+c.Title+"”新增课次："+describeSession(*ss)+"。", s.now(), EnrollmentEnrolled)
	}
	return ss, nil
}

// UpdateSession changes a session that has not ended, with the same
// checks as AddSession; the people enrolled in a published course are told
// the old and the new time and place.
func (s *Service) UpdateSession(ctx context.Context, a *skillcert.Actor, sessionID string, in SessionInput) (*Session, error) {
	old, c, err := s.sessionToEdit(ctx, a, sessionID, "session.update")
	if err != nil {
		return nil, err
	}
	ss := *old
	if err := s.prepareSession(ctx, &ss, in); err != nil {
		return nil, err
	}
	if _, err := s.sessions.ReplaceOne(ctx, byID(ss.ID), &ss); err != nil {
		return nil, err
	}
	if err := s.record(ctx, a, "session.update", "session", ss.ID, audit.ResultOK,
		old.TimeRange()+" "+old.Venue+" → "+ss.TimeRange()+" "+ss.Venue); err != nil {
		return nil, err
	}
	if c.Status.Active() && (ss.Start != old.Start || ss.End != old.End || ss.Venue != old.Venue || ss.InstructorID != old.InstructorID) {
		s.notifyCourse(ctx, c, MessageSessionChanged, "课次调整",
			"您报名的课程“"+c.Title+"”课次调整：原 "+describeSession(*old)+"，现 "+describeSession(ss)+"。", s.now(), EnrollmentEnrolled)
	}
	return &ss, nil
}

// DeleteSession removes a session that has not ended and has no
// attendance; a published course keeps at least one session.
func (s *Service) DeleteSession(ctx context.Context, a *skillcert.Actor, sessionID string) error {
	ss, c, err := s.sessionToEdit(ctx, a, sessionID, "session.delete")
	if err != nil {
		return err
	}
	marks, err := s.attendance.Count(ctx, bson.D{{Key: "sessionId", Value: sessionID}})
	if err != nil {
		return err
	}
	if marks > 0 {
		return skillcert.Errorf(skillcert.ECONFLICT, "课次 %s 已有出勤记录，不能删除", ss.TimeRange())
	}
	if c.Status != StatusDraft {
		n, err := s.sessions.Count(ctx, bson.D{{Key: "courseId", Value: c.ID}})
		if err != nil {
			return err
		}
		if n <= 1 {
			return skillcert.Errorf(skillcert.ECONFLICT, "课程已发布，至少须保留一个课次")
		}
	}
	if _, err := s.sessions.DeleteOne(ctx, byID(sessionID)); err != nil {
		return err
	}
	if err := s.record(ctx, a, "session.delete", "session", sessionID, audit.ResultOK, c.ID+" "+ss.TimeRange()); err != nil {
		return err
	}
	if c.Status.Active() {
		s.notifyCourse(ctx, c, MessageSessionChanged, "课次取消",
			"您报名的课程“"+c.Title+"”课次 "+describeSession(*ss)+" 已取消。", s.now(), EnrollmentEnrolled)
	}
	return nil
}

// sessionToEdit loads a session and its course for a change by the actor.
func (s *Service) sessionToEdit(ctx context.Context, a *skillcert.Actor, sessionID, action string) (*Session, *Course, error) {
	ss, err := s.findSession(ctx, sessionID)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.findCourse(ctx, ss.CourseID)
	if err != nil {
		return nil, nil, err
	}
	if err := canManage(a, c); err != nil {
		return nil, nil, s.denied(ctx, a, action, "session", sessionID, err)
	}
	if err := sessionsEditable(c); err != nil {
		return nil, nil, err
	}
	if !s.now().Before(ss.Start) {
		return nil, nil, skillcert.Errorf(skillcert.ECONFLICT, "课次 %s 已开始，不能修改或删除", ss.TimeRange())
	}
	return ss, c, nil
}

func sessionsEditable(c *Course) error {
	if c.Status == StatusCompleted || c.Status == StatusCancelled {
		return skillcert.Errorf(skillcert.ECONFLICT, "课程状态为“%s”，不能调整课次", c.Status.Label())
	}
	return nil
}

// prepareSession validates the input onto ss, looks up the instructor's
// name and checks that the time is ahead and free of clashes.
func (s *Service) prepareSession(ctx context.Context, ss *Session, in SessionInput) error {
	if err := in.Validate(); err != nil {
		return err
	}
	in.Apply(ss)
	if !ss.Start.After(s.now()) {
		return skillcert.Invalid("date", "上课时间 %s 已过，请安排以后的时间", ss.TimeRange())
	}
	name, err := s.instructors.InstructorName(ctx, ss.InstructorID)
	if err != nil {
		if store.IsNotFound(err) {
			return skillcert.Invalid("instructorId", "授课教师不存在")
		}
		return err
	}
	ss.InstructorName = name
	return s.checkClashes(ctx, *ss)
}

// checkClashes compares a session with the same instructor's and the same
// venue's sessions of its day (a session never passes midnight, so no
// other day can overlap); sessions of cancelled courses do not count.
func (s *Service) checkClashes(ctx context.Context, cand Session) error {
	day := cand.Start.In(shanghai)
	from := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, shanghai).UTC()
	sameDay := bson.D{{Key: "$gte", Value: from}, {Key: "$lt", Value: from.AddDate(0, 0, 1)}}
	var byInstructor, byVenue []Session
	if err := s.sessions.Find(ctx, bson.D{{Key: "instructorId", Value: cand.InstructorID}, {Key: "start", Value: sameDay}}, &byInstructor); err != nil {
		return err
	}
	if err := s.sessions.Find(ctx, bson.D{{Key: "venueKey", Value: cand.VenueKey}, {Key: "start", Value: sameDay}}, &byVenue); err != nil {
		return err
	}
	seen := map[string]bool{}
	var existing []Session
	var courseIDs []string
	for _, o := range append(byInstructor, byVenue...) {
		if seen[o.ID] || o.ID == cand.ID || !cand.Overlaps(o) {
			continue
		}
		seen[o.ID] = true
		existing = append(existing, o)
		courseIDs = append(courseIDs, o.CourseID)
	}
	if len(existing) == 0 {
		return nil
	}
	cs, err := s.coursesByID(ctx, courseIDs)
	if err != nil {
		return err
	}
	live := existing[:0]
	for _, o := range existing {
		if c, ok := cs[o.CourseID]; ok && c.Status != StatusCancelled {
			live = append(live, o)
		}
	}
	return ClashError(FindClashes(cand, live))
}

// describeSession is a session's time, place and teacher for a message.
func describeSession(ss Session) string {
	d := ss.TimeRange() + "，地点：" + ss.Venue
	if ss.InstructorName != "" {
		d += "，授课教师：" + ss.InstructorName
	}
	return d
}
