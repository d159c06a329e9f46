package courses

import (
	"context"
	"time"

	"skillcert"
	"skillcert/audit"
	"skillcert/store"
)

// Check-in throttling: a trainee who enters CheckinMaxWrong wrong codes
// for one session within CheckinThrottleWindow is refused further tries
// for that session until the window, which starts at the first wrong
// code, has passed. The counter is one document per trainee and session
// (_id sessionId:personId) holding the window's start and the failures in
// it. A six-digit code changes every 30 s, so five guesses per ten minutes
// give a guesser odds of about 1 in 200,000 per window; expired codes and
// codes outside the check-in window do not count, since they reveal
// nothing. Only enrolled trainees reach the code check at all.
const (
	CheckinMaxWrong       = 5
	CheckinThrottleWindow = 10 * time.Minute
)

type throttleDoc struct {
	ID          string    `bson:"_id"`
	SessionID   string    `bson:"sessionId"`
	PersonID    string    `bson:"personId"`
	WindowStart time.Time `bson:"windowStart"`
	Failures    int       `bson:"failures"`
}

// CheckinDisplay is what the instructor's session page shows: the current
// code, when it changes, and the check-in window.
type CheckinDisplay struct {
	Session   Session   `json:"session"`
	Code      string    `json:"code"`
	ChangesAt time.Time `json:"changesAt"`
	Opens     time.Time `json:"opens"`
	Closes    time.Time `json:"closes"`
	// Open says whether check-in is open now.
	Open bool `json:"open"`
}

// SessionCheckinCode returns the current check-in code of a session, for
// its instructor or the course's staff.
func (s *Service) SessionCheckinCode(ctx context.Context, a *skillcert.Actor, sessionID string) (*CheckinDisplay, error) {
	ss, _, err := s.sessionAndCourse(ctx, a, sessionID, "attendance.code")
	if err != nil {
		return nil, err
	}
	now := s.now()
	code, changes := CurrentCheckinCode(s.secret, ss.ID, now, s.checkin)
	open, closeAt := s.checkin.Window(*ss)
	return &CheckinDisplay{Session: *ss, Code: code, ChangesAt: changes, Opens: open, Closes: closeAt,
		Open: !now.Before(open) && now.Before(closeAt)}, nil
}

// CheckinResult is the outcome of a self check-in.
type CheckinResult struct {
	Mark Mark `json:"mark"`
	// Already says the trainee had checked in (or been marked present or
	// late) before; nothing changed.
	Already bool   `json:"already"`
	Message string `json:"message"`
}

// SelfCheckin checks the acting trainee in to a session with the code
// shown in the room. The trainee must be enrolled (not waitlisted) in the
// course; the code must be right, current and entered within the session's
// check-in window (VerifyCheckin); wrong codes are throttled per trainee
// and session (CheckinMaxWrong per CheckinThrottleWindow). The record is
// keyed sessionId:personId and written only over no mark or a mark of
// absence, so checking in twice, or after being marked present, changes
// nothing.
func (s *Service) SelfCheckin(ctx context.Context, a *skillcert.Actor, sessionID, code string) (*CheckinResult, error) {
	if a == nil || a.Role != skillcert.RoleTrainee || a.PersonID == "" {
		return nil, skillcert.Errorf(skillcert.EFORBIDDEN, "只有已关联人员信息的学员账号可以签到")
	}
	pid := a.PersonID
	ss, err := s.findSession(ctx, sessionID)
	if err != nil {
		return nil, err
	}
	e, err := s.findEnrollment(ctx, EnrollmentID(ss.CourseID, pid))
	if err != nil {
		return nil, err
	}
	switch {
	case e == nil || e.Status == EnrollmentCancelled || e.Status == EnrollmentPending:
		return nil, skillcert.Errorf(skillcert.EFORBIDDEN, "您未报名该课程，不能签到")
	case e.Status == EnrollmentWaitlisted:
		return nil, skillcert.Errorf(skillcert.EFORBIDDEN, "您在候补名单中，尚未录取，不能签到")
	}
	c, err := s.findCourse(ctx, ss.CourseID)
	if err != nil {
		return nil, err
	}
	if !c.Status.Active() {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "课程%s，不能签到", c.Status.Label())
	}
	now := s.now()
	key := AttendanceID(sessionID, pid)
	var th throttleDoc
	if err := s.throttle.FindOne(ctx, byID(key), &th); err != nil && !store.IsNotFound(err) {
		return nil, err
	}
	if th.Failures >= CheckinMaxWrong && now.Before(th.WindowStart.Add(CheckinThrottleWindow)) {
		wait := int((th.WindowStart.Add(CheckinThrottleWindow).Sub(now) + time.Minute - 1) / time.Minute)
		return nil, skillcert.RateLimited(th.WindowStart.Add(CheckinThrottleWindow).Sub(now), "签到码错误次数过多，请 %d 分钟后再试", wait)
	}
	mark, err := VerifyCheckin(s.secret, *ss, code, now, s.checkin)
	if err != nil {
		if isWrongCode(err) {
			if terr := s.countWrongCode(ctx, key, sessionID, pid, now); terr != nil {
				return nil, terr
			}
		}
		return nil, err
	}
	ts := now.UTC()
	change := MarkChange{Mark: mark, MarkedBy: a.AccountID, MarkedAt: ts, Source: SourceSelfCheckin}
	written, err := s.upsertIf(ctx, s.attendance, key,
		bsonD("mark", bsonD("$nin", []Mark{MarkPresent, MarkLate})),
		bsonD("$set", bsonD("courseId", ss.CourseID, "sessionId", sessionID, "personId", pid, "mark", mark,
			"reason", "", "markedBy", a.AccountID, "markedAt", ts, "source", SourceSelfCheckin, "corrected", false),
			"$push", bsonD("history", change)))
	if err != nil {
		return nil, err
	}
	if !written {
		// A record with an attended mark exists: the filter missed it and
		// the upsert collided with its key.
		var rec AttendanceRecord
		if err := s.attendance.FindOne(ctx, byID(key), &rec); err != nil {
			return nil, err
		}
		return &CheckinResult{Mark: rec.Mark, Already: true, Message: "您已签到（" + rec.Mark.Label() + "），无需重复签到"}, nil
	}
	if err := s.record(ctx, a, "attendance.checkin", "session", sessionID, audit.ResultOK, pid+" "+string(mark)); err != nil {
		return nil, err
	}
	msg := "签到成功"
	if mark == MarkLate {
		msg = "签到成功（迟到）"
	}
	return &CheckinResult{Mark: mark, Message: msg}, nil
}

// countWrongCode counts a wrong code in the trainee's current window, or
// starts a new window. Two wrong codes of one trainee at the same instant
// may count once; the limit is a brake on guessing, not an exact quota.
func (s *Service) countWrongCode(ctx context.Context, key, sessionID, personID string, now time.Time) error {
	counted, err := s.updateIf(ctx, s.throttle, key, bsonD("windowStart", bsonD("$gt", now.Add(-CheckinThrottleWindow).UTC())),
		inc("failures", 1))
	if err != nil || counted {
		return err
	}
	_, err = s.upsertIf(ctx, s.throttle, key, nil,
		set(bsonE("sessionId", sessionID), bsonE("personId", personID), bsonE("windowStart", now.UTC()), bsonE("failures", 1)))
	return err
}
