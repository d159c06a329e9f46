package courses

import (
	"time"

	"skillcert"
)

// Status is where a course is in its lifecycle:
// draft → published → in_progress → completed, and cancelled from any of
// the first three.
type Status string

// The course statuses.
const (
	StatusDraft      Status = "draft"       // 草稿
	StatusPublished  Status = "published"   // 报名中
	StatusInProgress Status = "in_progress" // 进行中
	StatusCompleted  Status = "completed"   // 已结业
	StatusCancelled  Status = "cancelled"   // 已取消
)

// Statuses lists every status in lifecycle order.
var Statuses = []Status{StatusDraft, StatusPublished, StatusInProgress, StatusCompleted, StatusCancelled}

// Label is the status's name in Chinese.
func (s Status) Label() string {
	switch s {
	case StatusDraft:
		return "草稿"
	case StatusPublished:
		return "报名中"
	case StatusInProgress:
		return "进行中"
	case StatusCompleted:
		return "已结业"
	case StatusCancelled:
		return "已取消"
	}
	return string(s)
}

// Valid reports whether s is one of the defined statuses.
func (s Status) Valid() bool {
	_, ok := transitions[s]
	return ok
}

// Active reports whether the course is running or about to run, so that
// its enrollments hold seats and its sessions count for time clashes.
func (s Status) Active() bool { return s == StatusPublished || s == StatusInProgress }

// transitions lists the legal moves. A course in progress may be cancelled
// (the instructor is gone, the venue is lost): its attendance is kept, but
// no one completes it and no certificate is issued.
var transitions = map[Status][]Status{
	StatusDraft:      {StatusPublished, StatusCancelled},
	StatusPublished:  {StatusInProgress, StatusCancelled},
	StatusInProgress: {StatusCompleted, StatusCancelled},
	StatusCompleted:  nil,
	StatusCancelled:  nil,
}

// NextStatuses returns the statuses a course in from may move to.
func NextStatuses(from Status) []Status {
	return append([]Status(nil), transitions[from]...)
}

// Transition returns nil if a course may move from one status to the
// other, else an ECONFLICT error naming both states.
func Transition(from, to Status) error {
	if !from.Valid() {
		return skillcert.Invalid("status", "未知的课程状态“%s”", from)
	}
	if !to.Valid() {
		return skillcert.Invalid("status", "未知的课程状态“%s”", to)
	}
	if from == to {
		return &skillcert.Error{Code: skillcert.ECONFLICT, Field: "status",
			Message: "课程状态已是“" + from.Label() + "”"}
	}
	for _, s := range transitions[from] {
		if s == to {
			return nil
		}
	}
	return &skillcert.Error{Code: skillcert.ECONFLICT, Field: "status",
		Message: "课程状态为“" + from.Label() + "”，不能改为“" + to.Label() + "”"}
}

// CheckPublish returns nil if a draft course may be published: it has at
// least one session and its enrollment window has not closed.
func CheckPublish(c Course, sessions []Session, now time.Time) error {
	if err := Transition(c.Status, StatusPublished); err != nil {
		return err
	}
	if len(sessions) == 0 {
		return skillcert.Invalid("sessions", "课程尚未安排课次，不能发布")
	}
	if !now.Before(c.EnrollCloses) {
		return skillcert.Invalid("enrollCloses", "报名截止时间（%s）已过，不能发布，请先修改报名时间", formatMinute(c.EnrollCloses))
	}
	return nil
}
