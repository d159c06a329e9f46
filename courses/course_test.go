package courses

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"skillcert"
)

func validCourseInput(t *testing.T) CourseInput {
	return CourseInput{
		Title:        "电工初级班",
		Type:         TypeVocational,
		Trade:        "电工",
		Level:        LevelJunior,
		Town:         "wuzhen",
		TargetGroups: []string{"landless_farmer"},
		Residency:    ResidencyTown,
		Capacity:     40,
		EnrollOpens:  at(t, "2026-12-01 09:00"),
		EnrollCloses: at(t, "2026-12-10 17:00"),
		ClassHours:   24,
		Description:  "安全用电与低压电工作业",
	}
}

func TestCourseInputValidate(t *testing.T) {
	now := at(t, "2026-11-20 10:00")
	tests := []struct {
		name   string
		change func(*CourseInput)
		field  string
		msg    string
	}{
		{"valid", func(*CourseInput) {}, "", ""},
		{"job post without trade or level", func(in *CourseInput) {
			in.Type, in.Trade, in.Level = TypeJobPost, "", ""
		}, "", ""},
		{"city course open to all", func(in *CourseInput) {
			in.Town, in.Residency, in.TargetGroups = "", "", nil
		}, "", ""},
		{"pass score 0 and 100 are allowed", func(in *CourseInput) { in.PassScore = ptr(100) }, "", ""},
		{"title blank", func(in *CourseInput) { in.Title = "  \u3000" }, "title", "请填写课程名称"},
		{"title 61 chars", func(in *CourseInput) { in.Title = strings.Repeat("电", 61) }, "title", "课程名称不能超过 60 个字（现为 61 个字）"},
		{"title 60 chars", func(in *CourseInput) { in.Title = strings.Repeat("电", 60) }, "", ""},
		{"type missing", func(in *CourseInput) { in.Type = "" }, "type", "请选择培训类型"},
		{"type unknown", func(in *CourseInput) { in.Type = "leisure" }, "type", "培训类型“leisure”无效"},
		{"vocational without trade", func(in *CourseInput) { in.Trade = " " }, "trade", "职业技能培训须填写工种"},
		{"trade too long", func(in *CourseInput) { in.Trade = strings.Repeat("工", 31) }, "trade", "工种不能超过 30 个字（现为 31 个字）"},
		{"vocational without level", func(in *CourseInput) { in.Level = "" }, "level", "职业技能培训须选择等级（初级、中级、高级或专项能力）"},
		{"level unknown", func(in *CourseInput) { in.Level = "expert" }, "level", "等级“expert”无效"},
		{"target group unknown", func(in *CourseInput) { in.TargetGroups = []string{"landless_farmer", "students"} }, "targetGroups", "培训对象“students”无法识别，可填写：企业职工、被征地农民、城镇零就业家庭、农村低保家庭、就业困难人员、基层平台工作人员、企业退休人员"},
		{"residency unknown", func(in *CourseInput) { in.Residency = "village" }, "residency", "报名范围“village”无效"},
		{"town-only course of the city", func(in *CourseInput) { in.Town = "" }, "residency", "市级课程不能限定为本镇（街道）户籍居民，请选择全市居民"},
		{"capacity 0", func(in *CourseInput) { in.Capacity = 0 }, "capacity", "招生人数应在 1 到 1000 之间（现为 0）"},
		{"capacity 1001", func(in *CourseInput) { in.Capacity = 1001 }, "capacity", "招生人数应在 1 到 1000 之间（现为 1001）"},
		{"capacity 1", func(in *CourseInput) { in.Capacity = 1 }, "", ""},
		{"opens missing", func(in *CourseInput) { in.EnrollOpens = time.Time{} }, "enrollOpens", "请填写报名开始时间"},
		{"closes missing", func(in *CourseInput) { in.EnrollCloses = time.Time{} }, "enrollCloses", "请填写报名截止时间"},
		{"closes equal to opens", func(in *CourseInput) { in.EnrollCloses = in.EnrollOpens }, "enrollCloses",
			"报名截止时间（2026-12-01 09:00）应晚于报名开始时间（2026-12-01 09:00）"},
		{"closes already past", func(in *CourseInput) {
			in.EnrollOpens, in.EnrollCloses = at(t, "2026-11-01 09:00"), at(t, "2026-11-20 10:00")
		}, "enrollCloses", "报名截止时间（2026-11-20 10:00）已过，请重新填写"},
		{"opens in the past is fine", func(in *CourseInput) { in.EnrollOpens = at(t, "2026-11-01 09:00") }, "", ""},
		{"class hours 0", func(in *CourseInput) { in.ClassHours = 0 }, "classHours", "总课时应在 1 到 1000 之间（现为 0）"},
		{"attendance 101", func(in *CourseInput) { in.MinAttendancePercent = 101 }, "minAttendancePercent", "结业出勤率要求应在 1% 到 100% 之间（现为 101%）"},
		{"attendance negative", func(in *CourseInput) { in.MinAttendancePercent = -5 }, "minAttendancePercent", "结业出勤率要求应在 1% 到 100% 之间（现为 -5%）"},
		{"pass score 101", func(in *CourseInput) { in.PassScore = ptr(101) }, "passScore", "合格分数线应在 0 到 100 分之间（现为 101 分）"},
		{"pass score negative", func(in *CourseInput) { in.PassScore = ptr(-1) }, "passScore", "合格分数线应在 0 到 100 分之间（现为 -1 分）"},
		{"excused rule unknown", func(in *CourseInput) { in.ExcusedCountsAs = "attended" }, "excusedCountsAs", "请假计算方式“attended”无效"},
		{"validity 121 months", func(in *CourseInput) { in.CertificateValidityMonths = ptr(121) }, "certificateValidityMonths",
			"证书有效期应在 0 到 120 个月之间（0 表示长期有效，现为 121）"},
		{"validity negative", func(in *CourseInput) { in.CertificateValidityMonths = ptr(-1) }, "certificateValidityMonths",
			"证书有效期应在 0 到 120 个月之间（0 表示长期有效，现为 -1）"},
		{"description too long", func(in *CourseInput) { in.Description = strings.Repeat("课", 2001) }, "description",
			"课程介绍不能超过 2000 个字（现为 2001 个字）"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := validCourseInput(t)
			tt.change(&in)
			checkErr(t, in.Validate(now), skillcert.EINVALID, tt.field, tt.msg)
		})
	}
}

func TestCourseInputApplyDefaults(t *testing.T) {
	in := validCourseInput(t)
	in.Title = "  电工初级班 "
	in.TargetGroups = []string{" landless_farmer", "landless_farmer", "", "employment_difficulty"}
	c := Course{ID: "c1", Status: StatusPublished}
	in.Apply(&c)
	if c.ID != "c1" || c.Status != StatusPublished {
		t.Errorf("Apply changed ID or status: %q %q", c.ID, c.Status)
	}
	if c.Title != "电工初级班" {
		t.Errorf("title = %q", c.Title)
	}
	if want := []string{"landless_farmer", "employment_difficulty"}; !reflect.DeepEqual(c.TargetGroups, want) {
		t.Errorf("groups = %q, want %q", c.TargetGroups, want)
	}
	if c.Completion.MinAttendancePercent != 80 || c.Completion.ExcusedCountsAs != ExcusedAsAbsent || c.Completion.PassScore != nil {
		t.Errorf("completion = %+v, want 80%%, absent, no pass score", c.Completion)
	}
	if c.CertificateValidityMonths != 0 {
		t.Errorf("vocational validity = %d, want 0", c.CertificateValidityMonths)
	}
	if c.EnrollOpens.Location() != time.UTC || !c.EnrollOpens.Equal(at(t, "2026-12-01 09:00")) {
		t.Errorf("opens = %v, want 2026-12-01 01:00 UTC", c.EnrollOpens)
	}

	in.Type, in.Residency, in.Town = TypeJobPost, "", ""
	in.PassScore = ptr(60)
	in.Apply(&c)
	if c.CertificateValidityMonths != 36 {
		t.Errorf("job-post validity = %d, want 36", c.CertificateValidityMonths)
	}
	if c.Residency != ResidencyCity {
		t.Errorf("residency = %q, want city", c.Residency)
	}
	*in.PassScore = 90 // the course must not share the input's pointer
	if c.Completion.PassScore == nil || *c.Completion.PassScore != 60 {
		t.Errorf("pass score = %v, want 60", c.Completion.PassScore)
	}
	in.CertificateValidityMonths = ptr(0)
	in.Apply(&c)
	if c.CertificateValidityMonths != 0 {
		t.Errorf("explicit 0 validity = %d, want 0", c.CertificateValidityMonths)
	}
}

func TestEnrollmentOpen(t *testing.T) {
	c := Course{EnrollOpens: at(t, "2026-12-01 09:00"), EnrollCloses: at(t, "2026-12-10 17:00")}
	tests := []struct {
		now  string
		want bool
	}{
		{"2026-12-01 08:59:59", false},
		{"2026-12-01 09:00:00", true},
		{"2026-12-10 16:59:59", true},
		{"2026-12-10 17:00:00", false},
	}
	for _, tt := range tests {
		if got := c.EnrollmentOpen(at(t, tt.now)); got != tt.want {
			t.Errorf("EnrollmentOpen(%s) = %v, want %v", tt.now, got, tt.want)
		}
	}
}

func TestLabels(t *testing.T) {
	for _, ty := range Types {
		if !ty.Valid() || ty.Label() == string(ty) {
			t.Errorf("type %q: valid %v label %q", ty, ty.Valid(), ty.Label())
		}
	}
	for _, l := range Levels {
		if !l.Valid() || l.Label() == string(l) {
			t.Errorf("level %q: valid %v label %q", l, l.Valid(), l.Label())
		}
	}
	if Type("x").Valid() || Level("x").Valid() || Residency("x").Valid() {
		t.Error("unknown codes reported valid")
	}
	if got := groupLabel("zero_employment"); got != "城镇零就业家庭" {
		t.Errorf("groupLabel = %q", got)
	}
}
