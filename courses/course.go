// Package courses is training courses: what a course is and its
// lifecycle, its sessions (课次) and scheduling clashes, who may enroll,
// enrollment with capacity and an ordered waitlist, notifications,
// attendance and self check-in, completion, and the iCalendar feed. The
// rules are pure functions and types; Service runs them on the database
// (MongoDB or the embedded engine, without transactions). HTTP lives in
// package server.
package courses

import (
	"strings"
	"time"
	"unicode/utf8"

	"skillcert"
	"skillcert/roster"
)

// Type is the kind of training a course gives.
type Type string

// The course types.
const (
	TypeVocational       Type = "vocational"       // 职业技能培训
	TypeJobPost          Type = "job_post"         // 岗位培训
	TypeEntrepreneurship Type = "entrepreneurship" // 创业培训
)

// Types lists every course type in display order.
var Types = []Type{TypeVocational, TypeJobPost, TypeEntrepreneurship}

// Label is the type's name in Chinese.
func (t Type) Label() string {
	switch t {
	case TypeVocational:
		return "职业技能培训"
	case TypeJobPost:
		return "岗位培训"
	case TypeEntrepreneurship:
		return "创业培训"
	}
	return string(t)
}

// Valid reports whether t is one of the defined types.
func (t Type) Valid() bool {
	return t == TypeVocational || t == TypeJobPost || t == TypeEntrepreneurship
}

// Level is the skill level a vocational course trains for.
type Level string

// The levels.
const (
	LevelJunior       Level = "junior"       // 初级
	LevelIntermediate Level = "intermediate" // 中级
	LevelSenior       Level = "senior"       // 高级
	LevelSpecial      Level = "special"      // 专项能力
)

// Levels lists every level in display order.
var Levels = []Level{LevelJunior, LevelIntermediate, LevelSenior, LevelSpecial}

// Label is the level's name in Chinese.
func (l Level) Label() string {
	switch l {
	case LevelJunior:
		return "初级"
	case LevelIntermediate:
		return "中级"
	case LevelSenior:
		return "高级"
	case LevelSpecial:
		return "专项能力"
	}
	return string(l)
}

// Valid reports whether l is one of the defined levels.
func (l Level) Valid() bool {
	return l == LevelJunior || l == LevelIntermediate || l == LevelSenior || l == LevelSpecial
}

// SuggestedTrades are trades (工种) offered in the course editor; the trade
// is free text, so a town may type one that is not listed.
var SuggestedTrades = []string{
	"电工", "焊工", "育婴员", "家政服务员", "中式烹调师", "中式面点师",
	"养老护理员", "电子商务师", "美容师", "美发师", "茶艺师", "保安员",
}

// groupLabel returns the Chinese name of a target-group code.
func groupLabel(code string) string { return roster.TargetGroup(code).Label() }

// Residency says whose residents may enroll.
type Residency string

// The residency rules.
const (
	ResidencyCity Residency = "city" // 全市居民均可报名
	ResidencyTown Residency = "town" // 仅主办镇（街道）户籍居民
)

// Valid reports whether r is one of the defined residency rules.
func (r Residency) Valid() bool { return r == ResidencyCity || r == ResidencyTown }

// Label is the residency rule in Chinese.
func (r Residency) Label() string {
	switch r {
	case ResidencyCity:
		return "全市居民"
	case ResidencyTown:
		return "仅限本镇（街道）户籍居民"
	}
	return string(r)
}

// Defaults and limits of a course.
const (
	DefaultMinAttendancePercent  = 80 // 结业出勤率要求
	DefaultJobPostValidityMonths = 36 // 岗位培训证书有效期
	MaxCapacity                  = 1000
	MaxClassHours                = 1000
	MaxValidityMonths            = 120
	maxTitleRunes                = 60
	maxTradeRunes                = 30
	maxDescriptionRunes          = 2000
)

// Course is a training course offered by the city or a town.
type Course struct {
	ID    string `bson:"_id" json:"id"`
	Title string `bson:"title" json:"title"`
	Type  Type   `bson:"type" json:"type"`
	Trade string `bson:"trade" json:"trade"` // 工种; may be empty outside vocational training
	Level Level  `bson:"level" json:"level"` // may be empty outside vocational training
	// Town is the organizer's town code; "" means the city bureau.
	Town string `bson:"town" json:"town"`
	// TargetGroups lists the target-group codes that may enroll; empty
	// means everyone.
	TargetGroups []string  `bson:"targetGroups" json:"targetGroups"`
	Residency    Residency `bson:"residency" json:"residency"`
	Capacity     int       `bson:"capacity" json:"capacity"`
	// The enrollment window is [EnrollOpens, EnrollCloses).
	EnrollOpens  time.Time      `bson:"enrollOpens" json:"enrollOpens"`
	EnrollCloses time.Time      `bson:"enrollCloses" json:"enrollCloses"`
	ClassHours   int            `bson:"classHours" json:"classHours"` // 总课时
	Completion   CompletionRule `bson:"completion" json:"completion"`
	// CertificateValidityMonths is how long a certificate of this course is
	// valid; 0 means it does not expire.
	CertificateValidityMonths int    `bson:"certificateValidityMonths" json:"certificateValidityMonths"`
	Description               string `bson:"description" json:"description"`
	Status                    Status `bson:"status" json:"status"`
	// Enrolled counts the seats taken. Only the enrollment service changes
	// it, by conditional increments; editing a course never writes it.
	Enrolled int `bson:"enrolled" json:"enrolled"`
	// WaitlistSeq is the last waitlist number handed out; numbers only
	// grow, so they order the waitlist.
	WaitlistSeq int64 `bson:"waitlistSeq" json:"-"`
	// Waiting counts the people on the waitlist; it is incremented with
	// WaitlistSeq, so whoever joins learns their position from the same
	// atomic write. RepairCourse recounts it.
	Waiting   int       `bson:"waiting" json:"waiting"`
	CreatedBy string    `bson:"createdBy" json:"createdBy"` // account ID
	CreatedAt time.Time `bson:"createdAt" json:"createdAt"`
	UpdatedAt time.Time `bson:"updatedAt" json:"updatedAt"`

	// Evaluation is the latest completion evaluation's marker (evaluation.go);
	// nil before the first.
	Evaluation *Evaluation `bson:"evaluation,omitempty" json:"evaluation,omitempty"`
}

// SeatsLeft is the number of free seats, never below zero.
func (c Course) SeatsLeft() int { return max(c.Capacity-c.Enrolled, 0) }

// EnrollmentOpen reports whether now is inside the enrollment window.
func (c Course) EnrollmentOpen(now time.Time) bool {
	return !now.Before(c.EnrollOpens) && now.Before(c.EnrollCloses)
}

// CourseInput is what the course editor submits. Status is not part of it:
// it changes only through Transition.
type CourseInput struct {
	Title                string      `json:"title"`
	Type                 Type        `json:"type"`
	Trade                string      `json:"trade"`
	Level                Level       `json:"level"`
	Town                 string      `json:"town"`
	TargetGroups         []string    `json:"targetGroups"`
	Residency            Residency   `json:"residency"` // "" means city-wide
	Capacity             int         `json:"capacity"`
	EnrollOpens          time.Time   `json:"enrollOpens"`
	EnrollCloses         time.Time   `json:"enrollCloses"`
	ClassHours           int         `json:"classHours"`
	MinAttendancePercent int         `json:"minAttendancePercent"` // 0 means the default 80
	PassScore            *int        `json:"passScore"`            // nil means no assessment
	ExcusedCountsAs      ExcusedRule `json:"excusedCountsAs"`      // "" means ExcusedAsAbsent
	// CertificateValidityMonths nil means the default of the type: 36 for
	// job-post training, otherwise 0 (no expiry).
	CertificateValidityMonths *int   `json:"certificateValidityMonths"`
	Description               string `json:"description"`
}

// normalized returns the input trimmed, de-duplicated and with defaults.
func (in CourseInput) normalized() CourseInput {
	in.Title = strings.TrimSpace(in.Title)
	in.Trade = strings.TrimSpace(in.Trade)
	in.Town = strings.TrimSpace(in.Town)
	in.Description = strings.TrimSpace(in.Description)
	var groups []string
	seen := map[string]bool{}
	for _, g := range in.TargetGroups {
		g = strings.TrimSpace(g)
		if tg, err := roster.ParseTargetGroup(g); err == nil {
			g = string(tg) // the code, whether the code or the label was given
		}
		if g != "" && !seen[g] {
			seen[g] = true
			groups = append(groups, g)
		}
	}
	in.TargetGroups = groups
	if in.Residency == "" {
		in.Residency = ResidencyCity
	}
	if in.MinAttendancePercent == 0 {
		in.MinAttendancePercent = DefaultMinAttendancePercent
	}
	if in.ExcusedCountsAs == "" {
		in.ExcusedCountsAs = ExcusedAsAbsent
	}
	if in.CertificateValidityMonths == nil {
		months := 0
		if in.Type == TypeJobPost {
			months = DefaultJobPostValidityMonths
		}
		in.CertificateValidityMonths = &months
	}
	return in
}

// Validate checks the input field by field, in the editor's order, and
// returns the first fault as an EINVALID error naming the field. now is
// used to refuse an enrollment window that has already closed.
func (in CourseInput) Validate(now time.Time) error {
	in = in.normalized()
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		return skillcert.Invalid("title", "请填写课程名称")
	case n > maxTitleRunes:
		return skillcert.Invalid("title", "课程名称不能超过 %d 个字（现为 %d 个字）", maxTitleRunes, n)
	}
	if in.Type == "" {
		return skillcert.Invalid("type", "请选择培训类型")
	}
	if !in.Type.Valid() {
		return skillcert.Invalid("type", "培训类型“%s”无效", in.Type)
	}
	if in.Trade == "" && in.Type == TypeVocational {
		return skillcert.Invalid("trade", "职业技能培训须填写工种")
	}
	if n := utf8.RuneCountInString(in.Trade); n > maxTradeRunes {
		return skillcert.Invalid("trade", "工种不能超过 %d 个字（现为 %d 个字）", maxTradeRunes, n)
	}
	if in.Level == "" && in.Type == TypeVocational {
		return skillcert.Invalid("level", "职业技能培训须选择等级（初级、中级、高级或专项能力）")
	}
	if in.Level != "" && !in.Level.Valid() {
		return skillcert.Invalid("level", "等级“%s”无效", in.Level)
	}
	for _, g := range in.TargetGroups {
		if !roster.TargetGroup(g).Valid() {
			return skillcert.Invalid("targetGroups", "培训对象“%s”无法识别，可填写：%s", g, roster.TargetGroupChoices())
		}
	}
	if !in.Residency.Valid() {
		return skillcert.Invalid("residency", "报名范围“%s”无效", in.Residency)
	}
	if in.Residency == ResidencyTown && in.Town == "" {
		return skillcert.Invalid("residency", "市级课程不能限定为本镇（街道）户籍居民，请选择全市居民")
	}
	if in.Capacity < 1 || in.Capacity > MaxCapacity {
		return skillcert.Invalid("capacity", "招生人数应在 1 到 %d 之间（现为 %d）", MaxCapacity, in.Capacity)
	}
	if in.EnrollOpens.IsZero() {
		return skillcert.Invalid("enrollOpens", "请填写报名开始时间")
	}
	if in.EnrollCloses.IsZero() {
		return skillcert.Invalid("enrollCloses", "请填写报名截止时间")
	}
	if !in.EnrollCloses.After(in.EnrollOpens) {
		return skillcert.Invalid("enrollCloses", "报名截止时间（%s）应晚于报名开始时间（%s）",
			formatMinute(in.EnrollCloses), formatMinute(in.EnrollOpens))
	}
	if !in.EnrollCloses.After(now) {
		return skillcert.Invalid("enrollCloses", "报名截止时间（%s）已过，请重新填写", formatMinute(in.EnrollCloses))
	}
	if in.ClassHours < 1 || in.ClassHours > MaxClassHours {
		return skillcert.Invalid("classHours", "总课时应在 1 到 %d 之间（现为 %d）", MaxClassHours, in.ClassHours)
	}
	if err := in.rule().Validate(); err != nil {
		return err
	}
	if m := *in.CertificateValidityMonths; m < 0 || m > MaxValidityMonths {
		return skillcert.Invalid("certificateValidityMonths", "证书有效期应在 0 到 %d 个月之间（0 表示长期有效，现为 %d）", MaxValidityMonths, m)
	}
	if n := utf8.RuneCountInString(in.Description); n > maxDescriptionRunes {
		return skillcert.Invalid("description", "课程介绍不能超过 %d 个字（现为 %d 个字）", maxDescriptionRunes, n)
	}
	return nil
}

func (in CourseInput) rule() CompletionRule {
	r := CompletionRule{MinAttendancePercent: in.MinAttendancePercent, ExcusedCountsAs: in.ExcusedCountsAs}
	if in.PassScore != nil {
		s := *in.PassScore
		r.PassScore = &s
	}
	return r
}

// Apply copies the validated input, trimmed and with its defaults, onto c.
// ID, Status and the timestamps are left as they are.
func (in CourseInput) Apply(c *Course) {
	in = in.normalized()
	c.Title = in.Title
	c.Type = in.Type
	c.Trade = in.Trade
	c.Level = in.Level
	c.Town = in.Town
	c.TargetGroups = in.TargetGroups
	c.Residency = in.Residency
	c.Capacity = in.Capacity
	c.EnrollOpens = in.EnrollOpens.UTC()
	c.EnrollCloses = in.EnrollCloses.UTC()
	c.ClassHours = in.ClassHours
	c.Completion = in.rule()
	c.CertificateValidityMonths = *in.CertificateValidityMonths
	c.Description = in.Description
}
