package courses

import (
	"context"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"skillcert"
	"skillcert/audit"
)

// canTakeRoll decides whether the actor keeps the session's roll: its
// instructor, or staff who run the course.
func canTakeRoll(a *skillcert.Actor, c *Course, ss *Session) error {
	if a != nil && a.Role == skillcert.RoleInstructor && a.AccountID != "" && a.AccountID == ss.InstructorID {
		return nil
	}
	return canManage(a, c)
}

// sessionAndCourse loads a session and its course for the roll.
func (s *Service) sessionAndCourse(ctx context.Context, a *skillcert.Actor, sessionID, action string) (*Session, *Course, error) {
	ss, err := s.findSession(ctx, sessionID)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.findCourse(ctx, ss.CourseID)
	if err != nil {
		return nil, nil, err
	}
	if err := canTakeRoll(a, c, ss); err != nil {
		return nil, nil, s.denied(ctx, a, action, "session", sessionID, skillcert.Errorf(skillcert.ENOTFOUND, "课次不存在或不在您的管辖范围内"))
	}
	return ss, c, nil
}

// RollEntry is one line of a session's roll: an enrolled person and their
// mark, nil before anyone marked them.
type RollEntry struct {
	PersonID string            `json:"personId"`
	Name     string            `json:"name"`
	IDMasked string            `json:"idMasked"`
	Record   *AttendanceRecord `json:"record,omitempty"`
}

// Roll is a session's roll-call sheet.
type Roll struct {
	Session Session     `json:"session"`
	Course  Course      `json:"course"`
	Entries []RollEntry `json:"entries"`
	// CanCorrect says whether the caller may change marks after the
	// session has ended (staff only).
	CanCorrect bool `json:"canCorrect"`
}

// SessionRoll returns the roll of a session for its instructor or the
// course's staff: every enrolled person, in enrollment order, with their
// mark.
func (s *Service) SessionRoll(ctx context.Context, a *skillcert.Actor, sessionID string) (*Roll, error) {
	ss, c, err := s.sessionAndCourse(ctx, a, sessionID, "attendance.read")
	if err != nil {
		return nil, err
	}
	enrolled, err := s.courseEnrollments(ctx, c.ID, EnrollmentEnrolled)
	if err != nil {
		return nil, err
	}
	existing, err := s.sessionMarks(ctx, sessionID)
	if err != nil {
		return nil, err
	}
	r := &Roll{Session: *ss, Course: *c, Entries: make([]RollEntry, 0, len(enrolled)), CanCorrect: canManage(a, c) == nil}
	for _, e := range enrolled {
		r.Entries = append(r.Entries, RollEntry{PersonID: e.PersonID, Name: e.Name, IDMasked: e.IDMasked, Record: existing[e.PersonID]})
	}
	return r, nil
}

func (s *Service) sessionMarks(ctx context.Context, sessionID string) (map[string]*AttendanceRecord, error) {
	var list []AttendanceRecord
	if err := s.attendance.Find(ctx, bson.D{{Key: "sessionId", Value: sessionID}}, &list); err != nil {
		return nil, err
	}
	out := make(map[string]*AttendanceRecord, len(list))
	for i := range list {
		out[list[i].PersonID] = &list[i]
	}
	return out, nil
}

// RollCallResult counts what a roll call wrote.
type RollCallResult struct {
	Changed   int `json:"changed"`
	Unchanged int `json:"unchanged"`
	// Corrected counts marks changed after the session had ended.
	Corrected int `json:"corrected"`
}

// RollCall records marks for a session in bulk, from the opening of its
// check-in window on. Every line names an enrolled person; a line equal to
// the mark on record changes nothing. Changing a mark after the session
// has ended is a correction: staff only, audited line by line with the
// old and new mark. Every mark written is kept in the record's history
// with who wrote it and when.
func (s *Service) RollCall(ctx context.Context, a *skillcert.Actor, sessionID string, lines []MarkInput) (*RollCallResult, error) {
	if err := ValidateRoll(lines); err != nil {
		return nil, err
	}
	ss, c, err := s.sessionAndCourse(ctx, a, sessionID, "attendance.roll")
	if err != nil {
		return nil, err
	}
	if c.Status == StatusDraft || c.Status == StatusCancelled {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "课程状态为“%s”，不能点名", c.Status.Label())
	}
	now := s.now()
	if open, _ := s.checkin.Window(*ss); now.Before(open) {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "课次尚未开始，%s 起可以点名", formatMinute(open))
	}
	enrolled, err := s.courseEnrollments(ctx, c.ID, EnrollmentEnrolled)
	if err != nil {
		return nil, err
	}
	inCourse := make(map[string]bool, len(enrolled))
	for _, e := range enrolled {
		inCourse[e.PersonID] = true
	}
	existing, err := s.sessionMarks(ctx, sessionID)
	if err != nil {
		return nil, err
	}
	staff := canManage(a, c) == nil
	res := &RollCallResult{}
	var models []mongo.WriteModel
	var keys []string
	var corrections []string
	ts := now.UTC()
	for i, line := range lines {
		pid := strings.TrimSpace(line.PersonID)
		reason := strings.TrimSpace(line.Reason)
		if !inCourse[pid] {
			return nil, skillcert.Invalid("personId", "第 %d 行：该学员未录取本课程", i+1)
		}
		ex := existing[pid]
		if ex != nil && ex.Mark == line.Mark && ex.Reason == reason {
			res.Unchanged++
			continue
		}
		correction := IsCorrection(*ss, ex, now)
		if correction && !staff {
			return nil, s.denied(ctx, a, "attendance.correct", "session", sessionID,
				skillcert.Errorf(skillcert.EFORBIDDEN, "课次已结束，修改出勤记录须由主办单位工作人员操作"))
		}
		if correction {
			res.Corrected++
			corrections = append(corrections, fmt.Sprintf("%s %s→%s %s", pid, ex.Mark, line.Mark, reason))
		}
		res.Changed++
		change := MarkChange{Mark: line.Mark, Reason: reason, MarkedBy: a.AccountID, MarkedAt: ts, Source: SourceRollCall}
		keys = append(keys, AttendanceID(sessionID, pid))
		models = append(models, mongo.NewUpdateOneModel().SetFilter(byID(AttendanceID(sessionID, pid))).SetUpsert(true).
			SetUpdate(bsonD(
				"$set", bsonD("courseId", c.ID, "sessionId", sessionID, "personId", pid, "mark", line.Mark,
					"reason", reason, "markedBy", a.AccountID, "markedAt", ts, "source", SourceRollCall,
					"corrected", correction || (ex != nil && ex.Corrected)),
				"$push", bsonD("history", change))))
	}
	// Marks are conditions of self check-in (cas.go): write them under
	// the same locks.
	unlock := s.lockKeys(s.attendance, keys...)
	_, err = s.attendance.BulkWrite(ctx, models, false)
	unlock()
	if err != nil {
		return nil, err
	}
	for _, d := range corrections {
		if err := s.record(ctx, a, "attendance.correct", "session", sessionID, audit.ResultOK, d); err != nil {
			return nil, err
		}
	}
	if res.Changed > 0 {
		if err := s.record(ctx, a, "attendance.roll", "session", sessionID, audit.ResultOK,
			fmt.Sprintf("changed %d, unchanged %d, corrected %d", res.Changed, res.Unchanged, res.Corrected)); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// ScoreInput is one line of score entry; a nil Score clears the score.
type ScoreInput struct {
	PersonID string `json:"personId"`
	Score    *int   `json:"score"`
}

// SetScores records assessment scores (0–100) of enrolled people in a
// course with a pass score, for its staff and instructors; each change is
// audited. It returns how many scores changed.
func (s *Service) SetScores(ctx context.Context, a *skillcert.Actor, courseID string, lines []ScoreInput) (int, error) {
	c, err := s.findCourse(ctx, courseID)
	if err != nil {
		return 0, err
	}
	if err := s.canSeeEnrollments(ctx, a, c); err != nil {
		return 0, s.denied(ctx, a, "enrollment.score", "course", courseID, err)
	}
	if c.Completion.PassScore == nil {
		return 0, skillcert.Errorf(skillcert.ECONFLICT, "该课程未设合格分数线，无需录入考核成绩")
	}
	if c.Status == StatusDraft || c.Status == StatusCancelled {
		return 0, skillcert.Errorf(skillcert.ECONFLICT, "课程状态为“%s”，不能录入成绩", c.Status.Label())
	}
	enrolled, err := s.courseEnrollments(ctx, courseID, EnrollmentEnrolled)
	if err != nil {
		return 0, err
	}
	byPerson := make(map[string]*Enrollment, len(enrolled))
	for i := range enrolled {
		byPerson[enrolled[i].PersonID] = &enrolled[i]
	}
	seen := map[string]int{}
	var models []mongo.WriteModel
	type change struct{ id, detail string }
	var changes []change
	for i, line := range lines {
		pid := strings.TrimSpace(line.PersonID)
		e := byPerson[pid]
		if e == nil {
			return 0, skillcert.Invalid("personId", "第 %d 行：该学员未录取本课程", i+1)
		}
		if first, ok := seen[pid]; ok {
			return 0, skillcert.Invalid("personId", "第 %d 行与第 %d 行是同一名学员", i+1, first)
		}
		seen[pid] = i + 1
		if line.Score != nil {
			if err := ValidateScore(*line.Score); err != nil {
				return 0, skillcert.Invalid("score", "第 %d 行：%s", i+1, skillcert.ErrorMessage(err))
			}
		}
		if scoreText(e.Score) == scoreText(line.Score) {
			continue
		}
		update := bsonD("$unset", bsonD("score", ""))
		if line.Score != nil {
			update = bsonD("$set", bsonD("score", *line.Score))
		}
		// By key alone: a score written as the person is being cancelled
		// does no harm, and a key-only filter is indexed on both engines.
		models = append(models, mongo.NewUpdateOneModel().SetFilter(byID(e.ID)).SetUpdate(update))
		changes = append(changes, change{e.ID, scoreText(e.Score) + "→" + scoreText(line.Score)})
	}
	if _, err := s.enrollments.BulkWrite(ctx, models, false); err != nil {
		return 0, err
	}
	// One audit entry per change, written in batches rather than one
	// command each (500 scores were 500 round trips).
	items := make([]audit.Item, len(changes))
	for i, ch := range changes {
		items[i] = audit.Item{Action: "enrollment.score", TargetType: "enrollment", TargetID: ch.id, Result: audit.ResultOK, Detail: ch.detail}
	}
	if err := s.audit.RecordMany(ctx, a, items); err != nil {
		return 0, err
	}
	return len(models), nil
}

func scoreText(p *int) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}

// PurgeExpired deletes check-in throttle windows that have run out; the
// server runs it periodically (the embedded engine has no TTL indexes).
func (s *Service) PurgeExpired(ctx context.Context) (int64, error) {
	return s.throttle.DeleteMany(ctx, bsonD("windowStart", bsonD("$lt", s.now().Add(-CheckinThrottleWindow).UTC())))
}
