package courses

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"skillcert"
	"skillcert/audit"
)

// EvaluateCourse evaluates every enrolled person of a course by its
// completion rule over the sessions held so far, and records the outcome
// (completed, or not with the reason) on each enrollment. It runs when a
// course is completed and on demand by the course's staff.
func (s *Service) EvaluateCourse(ctx context.Context, a *skillcert.Actor, courseID string) ([]Enrollment, error) {
	c, err := s.findCourse(ctx, courseID)
	if err != nil {
		return nil, err
	}
	if err := canManage(a, c); err != nil {
		return nil, s.denied(ctx, a, "course.evaluate", "course", courseID, err)
	}
	if c.Status == StatusDraft || c.Status == StatusCancelled {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "课程状态为“%s”，不能评定结业", c.Status.Label())
	}
	sessions, err := s.courseSessions(ctx, courseID)
	if err != nil {
		return nil, err
	}
	return s.evaluate(ctx, a, c, sessions)
}

func (s *Service) evaluate(ctx context.Context, a *skillcert.Actor, c *Course, sessions []Session) ([]Enrollment, error) {
	now := s.now()
	held := map[string]bool{}
	for _, ss := range sessions {
		if ss.Ended(now) {
			held[ss.ID] = true
		}
	}
	enrolled, err := s.courseEnrollments(ctx, c.ID, EnrollmentEnrolled)
	if err != nil {
		return nil, err
	}
	marks, err := s.courseMarks(ctx, c.ID, held)
	if err != nil {
		return nil, err
	}
	ts := now.UTC()
	models := make([]mongo.WriteModel, 0, len(enrolled))
	completed := 0
	for i := range enrolled {
		e := &enrolled[i]
		comp := EvaluateCompletion(c.Completion, len(held), marks[e.PersonID], e.Score)
		e.Completion, e.EvaluatedAt = &comp, ts
		if comp.Completed {
			completed++
		}
		models = append(models, mongo.NewUpdateOneModel().
			SetFilter(byID(e.ID)). // by key alone, as in SetScores
			SetUpdate(set(bsonE("completion", comp), bsonE("evaluatedAt", ts))))
	}
	if _, err := s.enrollments.BulkWrite(ctx, models, false); err != nil {
		return nil, err
	}
	for i := range enrolled {
		s.written(ctx, s.enrollments, enrolled[i].ID, true)
	}
	if err := s.record(ctx, a, "course.evaluate", "course", c.ID, audit.ResultOK,
		fmt.Sprintf("sessions held %d, completed %d of %d", len(held), completed, len(enrolled))); err != nil {
		return nil, err
	}
	return enrolled, nil
}

// courseMarks reads a course's marks at the given sessions, by person and
// then session.
func (s *Service) courseMarks(ctx context.Context, courseID string, sessions map[string]bool) (map[string]map[string]Mark, error) {
	var list []AttendanceRecord
	if err := s.attendance.Find(ctx, bsonD("courseId", courseID), &list); err != nil {
		return nil, err
	}
	out := map[string]map[string]Mark{}
	for _, r := range list {
		if !sessions[r.SessionID] {
			continue
		}
		if out[r.PersonID] == nil {
			out[r.PersonID] = map[string]Mark{}
		}
		out[r.PersonID][r.SessionID] = r.Mark
	}
	return out, nil
}

// SessionMark is one session of a person's course with their mark; Mark
// is empty where no one has marked them.
type SessionMark struct {
	Session Session `json:"session"`
	Held    bool    `json:"held"` // the session has ended
	Mark    Mark    `json:"mark,omitempty"`
	Reason  string  `json:"reason,omitempty"`
}

// PersonAttendance is what a trainee sees of their attendance in a
// course: each session with their mark, the rule, where they stand now
// and, once evaluated, the recorded outcome.
type PersonAttendance struct {
	Course     Course        `json:"course"`
	Enrollment Enrollment    `json:"enrollment"`
	Sessions   []SessionMark `json:"sessions"`
	Rule       string        `json:"rule"`
	// Standing evaluates the rule over the sessions held so far.
	Standing Completion `json:"standing"`
}

// MyAttendance returns the acting trainee's attendance in a course.
func (s *Service) MyAttendance(ctx context.Context, a *skillcert.Actor, courseID string) (*PersonAttendance, error) {
	if a == nil || a.PersonID == "" {
		return nil, errEnrollmentNotFound
	}
	return s.PersonAttendance(ctx, a, courseID, a.PersonID)
}

// PersonAttendance returns a person's attendance in a course, for the
// person, the course's staff and its instructors.
func (s *Service) PersonAttendance(ctx context.Context, a *skillcert.Actor, courseID, personID string) (*PersonAttendance, error) {
	c, err := s.findCourse(ctx, courseID)
	if err != nil {
		return nil, err
	}
	if a == nil || a.PersonID != personID {
		if err := s.canSeeEnrollments(ctx, a, c); err != nil {
			return nil, err
		}
	}
	e, err := s.findEnrollment(ctx, EnrollmentID(courseID, personID))
	if err != nil {
		return nil, err
	}
	if e == nil {
		return nil, errEnrollmentNotFound
	}
	sessions, err := s.courseSessions(ctx, courseID)
	if err != nil {
		return nil, err
	}
	var recs []AttendanceRecord
	if err := s.attendance.Find(ctx, bsonD("courseId", courseID, "personId", personID), &recs); err != nil {
		return nil, err
	}
	bySession := make(map[string]AttendanceRecord, len(recs))
	for _, r := range recs {
		bySession[r.SessionID] = r
	}
	now := s.now()
	out := &PersonAttendance{Course: *c, Enrollment: *e, Rule: c.Completion.Describe(), Sessions: make([]SessionMark, 0, len(sessions))}
	marks := map[string]Mark{}
	held := 0
	for _, ss := range sessions {
		sm := SessionMark{Session: ss, Held: ss.Ended(now)}
		if r, ok := bySession[ss.ID]; ok {
			sm.Mark, sm.Reason = r.Mark, r.Reason
		}
		if sm.Held {
			held++
			if sm.Mark != "" {
				marks[ss.ID] = sm.Mark
			}
		}
		out.Sessions = append(out.Sessions, sm)
	}
	out.Standing = EvaluateCompletion(c.Completion, held, marks, e.Score)
	return out, nil
}
