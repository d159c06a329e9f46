package courses

import (
	"fmt"
	"strings"

	"skillcert"
)

// ExcusedRule says how an excused absence (请假) counts towards the
// attendance requirement.
//
// The default, ExcusedAsAbsent, counts the session as held but not
// attended: the requirement is a share of all sessions held (“≥ 80% of all
// sessions”), and the 20% it leaves is the room for illness and family
// matters. A town office can defend it to the auditor and to the trainee
// alike: subsidised training is paid for hours actually attended, and an
// excuse explains an absence without turning it into attendance; the mark
// still shows on the record that the trainee was not truant.
// ExcusedExcluded is for courses whose organizer must excuse absences on
// official duty (job-post training of platform staff): the session leaves
// the count altogether, and the share is taken of the remaining sessions.
type ExcusedRule string

// The rules for excused absences.
const (
	ExcusedAsAbsent ExcusedRule = "absent"   // 请假计为缺勤（默认）
	ExcusedExcluded ExcusedRule = "excluded" // 请假课次不计入应出勤课次
)

// Valid reports whether r is one of the defined rules.
func (r ExcusedRule) Valid() bool { return r == ExcusedAsAbsent || r == ExcusedExcluded }

// Label is the rule in Chinese.
func (r ExcusedRule) Label() string {
	switch r {
	case ExcusedAsAbsent:
		return "请假计为缺勤"
	case ExcusedExcluded:
		return "请假课次不计入应出勤课次"
	}
	return string(r)
}

// CompletionRule is what a trainee must achieve to complete a course
// (结业): attend at least MinAttendancePercent of the sessions held, present
// or late, and, where PassScore is set, score at least PassScore.
type CompletionRule struct {
	MinAttendancePercent int         `bson:"minAttendancePercent" json:"minAttendancePercent"`
	PassScore            *int        `bson:"passScore,omitempty" json:"passScore,omitempty"`
	ExcusedCountsAs      ExcusedRule `bson:"excusedCountsAs" json:"excusedCountsAs"`
}

// withDefaults fills an unset minimum (80%) and excused rule (absent).
func (r CompletionRule) withDefaults() CompletionRule {
	if r.MinAttendancePercent == 0 {
		r.MinAttendancePercent = DefaultMinAttendancePercent
	}
	if r.ExcusedCountsAs == "" {
		r.ExcusedCountsAs = ExcusedAsAbsent
	}
	return r
}

// Validate checks the rule; an unset minimum and excused rule take their
// defaults.
func (r CompletionRule) Validate() error {
	r = r.withDefaults()
	if r.MinAttendancePercent < 1 || r.MinAttendancePercent > 100 {
		return skillcert.Invalid("minAttendancePercent", "结业出勤率要求应在 1%% 到 100%% 之间（现为 %d%%）", r.MinAttendancePercent)
	}
	if r.PassScore != nil && (*r.PassScore < 0 || *r.PassScore > 100) {
		return skillcert.Invalid("passScore", "合格分数线应在 0 到 100 分之间（现为 %d 分）", *r.PassScore)
	}
	if !r.ExcusedCountsAs.Valid() {
		return skillcert.Invalid("excusedCountsAs", "请假计算方式“%s”无效", r.ExcusedCountsAs)
	}
	return nil
}

// Describe states the rule for trainees, e.g.
// 出勤率不低于 80%（请假计为缺勤）；考核成绩不低于 60 分.
func (r CompletionRule) Describe() string {
	r = r.withDefaults()
	s := fmt.Sprintf("出勤率不低于 %d%%（%s）", r.MinAttendancePercent, r.ExcusedCountsAs.Label())
	if r.PassScore != nil {
		s += fmt.Sprintf("；考核成绩不低于 %d 分", *r.PassScore)
	}
	return s
}

// ValidateScore checks an assessment score entered for a trainee.
func ValidateScore(score int) error {
	if score < 0 || score > 100 {
		return skillcert.Invalid("score", "考核成绩应为 0 到 100 之间的整数（现为 %d）", score)
	}
	return nil
}

// Completion is the outcome of a trainee's course under its rule.
type Completion struct {
	Completed bool `bson:"completed" json:"completed"`
	Attended  int  `bson:"attended" json:"attended"` // sessions present or late
	Excused   int  `bson:"excused" json:"excused"`
	// Required is the number of sessions the share is taken of: all held,
	// or those not excused under ExcusedExcluded.
	Required int `bson:"required" json:"required"`
	// AttendanceTenths is the attendance share in tenths of a percent,
	// 667 for 66.7%.
	AttendanceTenths int `bson:"attendanceTenths" json:"attendanceTenths"`
	// Reason says why the course is not completed; empty when it is.
	Reason string `bson:"reason" json:"reason"`
}

// AttendanceText shows the attendance share, as 80% or 66.7%.
func (c Completion) AttendanceText() string { return tenthsText(c.AttendanceTenths) }

// Summary tells the trainee where they stand, e.g.
// 出勤 7 次，请假 1 次，应出勤 10 次，出勤率 70%.
func (c Completion) Summary() string {
	return fmt.Sprintf("出勤 %d 次，请假 %d 次，应出勤 %d 次，出勤率 %s", c.Attended, c.Excused, c.Required, c.AttendanceText())
}

func tenthsText(t int) string {
	if t%10 == 0 {
		return fmt.Sprintf("%d%%", t/10)
	}
	return fmt.Sprintf("%d.%d%%", t/10, t%10)
}

// EvaluateCompletion decides whether a trainee completed a course.
// sessionsHeld is the number of sessions that have taken place; marks are
// the trainee's marks at those sessions by session ID, a session without a
// mark counting as absent. Present and late count as attended; excused
// counts by the rule's ExcusedCountsAs. The requirement is compared in
// integers (attended × 100 ≥ minimum × required), so 8 of 10 and 4 of 5
// meet 80% exactly. The share is shown to one decimal, rounded half up,
// except that a share short of the minimum is never shown as reaching it
// (79.96% shows as 79.9%, not 80%). All unmet requirements are given in
// Reason, separated by “；”.
func EvaluateCompletion(rule CompletionRule, sessionsHeld int, marks map[string]Mark, score *int) Completion {
	rule = rule.withDefaults()
	if sessionsHeld <= 0 {
		return Completion{Reason: "尚无已结束的课次，暂不能评定结业"}
	}
	var c Completion
	for _, m := range marks {
		switch {
		case m.Attended():
			c.Attended++
		case m == MarkExcused:
			c.Excused++
		}
	}
	// Marks beyond the sessions held are a caller's mistake; never let
	// them lift the share above 100%.
	c.Attended = min(c.Attended, sessionsHeld)
	c.Excused = min(c.Excused, sessionsHeld-c.Attended)
	c.Required = sessionsHeld
	if rule.ExcusedCountsAs == ExcusedExcluded {
		c.Required -= c.Excused
	}
	var reasons []string
	if c.Required == 0 {
		reasons = append(reasons, fmt.Sprintf("全部 %d 个课次均已请假，没有出勤记录", sessionsHeld))
	} else {
		meets := c.Attended*100 >= rule.MinAttendancePercent*c.Required
		c.AttendanceTenths = (c.Attended*2000 + c.Required) / (2 * c.Required)
		if !meets && c.AttendanceTenths >= rule.MinAttendancePercent*10 {
			c.AttendanceTenths = c.Attended * 1000 / c.Required
		}
		if !meets {
			reasons = append(reasons, fmt.Sprintf("出勤率 %s，低于 %d%% 的结业要求", c.AttendanceText(), rule.MinAttendancePercent))
		}
	}
	if rule.PassScore != nil {
		switch {
		case score == nil:
			reasons = append(reasons, "尚未录入考核成绩")
		case *score < *rule.PassScore:
			reasons = append(reasons, fmt.Sprintf("考核成绩 %d 分，低于 %d 分的合格线", *score, *rule.PassScore))
		}
	}
	c.Reason = strings.Join(reasons, "；")
	c.Completed = len(reasons) == 0
	return c
}
