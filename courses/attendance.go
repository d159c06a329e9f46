package courses

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"skillcert"
)

// Mark is a trainee's attendance at one session.
type Mark string

// The marks. Present and late count as attended.
const (
	MarkPresent Mark = "present" // 出勤
	MarkLate    Mark = "late"    // 迟到
	MarkAbsent  Mark = "absent"  // 缺勤
	MarkExcused Mark = "excused" // 请假
)

// Marks lists every mark in roll-call order.
var Marks = []Mark{MarkPresent, MarkLate, MarkAbsent, MarkExcused}

// Label is the mark's name in Chinese.
func (m Mark) Label() string {
	switch m {
	case MarkPresent:
		return "出勤"
	case MarkLate:
		return "迟到"
	case MarkAbsent:
		return "缺勤"
	case MarkExcused:
		return "请假"
	}
	return string(m)
}

// Valid reports whether m is one of the defined marks.
func (m Mark) Valid() bool {
	return m == MarkPresent || m == MarkLate || m == MarkAbsent || m == MarkExcused
}

// Attended reports whether the trainee was at the session: present or late.
func (m Mark) Attended() bool { return m == MarkPresent || m == MarkLate }

// Source says how a mark was recorded.
type Source string

// The sources of a mark.
const (
	SourceRollCall    Source = "roll_call"    // 点名
	SourceSelfCheckin Source = "self_checkin" // 学员扫码签到
	SourceImport      Source = "import"       // 离线点名表导入
)

// AttendanceRecord is the mark of one person at one session, with who
// recorded it, when and how. Corrected is set when the mark was changed
// after the session had ended.
type AttendanceRecord struct {
	ID        string    `bson:"_id" json:"id"`
	CourseID  string    `bson:"courseId" json:"courseId"`
	SessionID string    `bson:"sessionId" json:"sessionId"`
	PersonID  string    `bson:"personId" json:"personId"`
	Mark      Mark      `bson:"mark" json:"mark"`
	Reason    string    `bson:"reason,omitempty" json:"reason,omitempty"`
	MarkedBy  string    `bson:"markedBy" json:"markedBy"` // account ID
	MarkedAt  time.Time `bson:"markedAt" json:"markedAt"`
	Source    Source    `bson:"source" json:"source"`
	Corrected bool      `bson:"corrected" json:"corrected"`
	// History lists every mark written, oldest first, so who marked what
	// and when is kept after a correction.
	History []MarkChange `bson:"history,omitempty" json:"history,omitempty"`
}

// MarkChange is one mark written to an attendance record.
type MarkChange struct {
	Mark     Mark      `bson:"mark" json:"mark"`
	Reason   string    `bson:"reason,omitempty" json:"reason,omitempty"`
	MarkedBy string    `bson:"markedBy" json:"markedBy"`
	MarkedAt time.Time `bson:"markedAt" json:"markedAt"`
	Source   Source    `bson:"source" json:"source"`
}

const maxReasonRunes = 200

// MarkInput is one line of a roll call.
type MarkInput struct {
	PersonID string `json:"personId"`
	Mark     Mark   `json:"mark"`
	Reason   string `json:"reason"`
}

// Validate checks the line: a known mark, and a reason for an excused
// absence. A reason may accompany any mark (why someone was late).
func (in MarkInput) Validate() error {
	if strings.TrimSpace(in.PersonID) == "" {
		return skillcert.Invalid("personId", "缺少学员")
	}
	if in.Mark == "" {
		return skillcert.Invalid("mark", "请选择出勤情况")
	}
	if !in.Mark.Valid() {
		return skillcert.Invalid("mark", "出勤情况“%s”无效，应为出勤、迟到、缺勤或请假", in.Mark)
	}
	reason := strings.TrimSpace(in.Reason)
	if in.Mark == MarkExcused && reason == "" {
		return skillcert.Invalid("reason", "请假须填写原因")
	}
	if n := utf8.RuneCountInString(reason); n > maxReasonRunes {
		return skillcert.Invalid("reason", "原因不能超过 %d 个字（现为 %d 个字）", maxReasonRunes, n)
	}
	return nil
}

// ValidateRoll checks every line of a roll call and that no person appears
// twice; the first fault names the line (counting from 1).
func ValidateRoll(lines []MarkInput) error {
	seen := make(map[string]int, len(lines))
	for i, in := range lines {
		if err := in.Validate(); err != nil {
			var e *skillcert.Error
			errors.As(err, &e)
			return skillcert.Invalid(e.Field, "第 %d 行：%s", i+1, e.Message)
		}
		id := strings.TrimSpace(in.PersonID)
		if first, ok := seen[id]; ok {
			return skillcert.Invalid("personId", "第 %d 行与第 %d 行是同一名学员", i+1, first)
		}
		seen[id] = i + 1
	}
	return nil
}

// CheckinChanges reports whether a successful self check-in should write
// its mark over the existing record (nil if none). Checking in again
// changes nothing; arriving after being marked absent or excused records
// the attendance; a mark never goes from attended to not attended by a
// check-in, nor from late to present.
func CheckinChanges(existing *AttendanceRecord) bool {
	return existing == nil || !existing.Mark.Attended()
}

// IsCorrection reports whether writing a mark at now changes an existing
// record after the session has ended; such a change is for staff only and
// is audited.
func IsCorrection(s Session, existing *AttendanceRecord, now time.Time) bool {
	return existing != nil && s.Ended(now)
}
