package courses

import (
	"strings"
	"testing"
	"time"

	"skillcert"
)

func TestSessionInputValidate(t *testing.T) {
	valid := SessionInput{Date: "2026-12-03", StartTime: "09:00", EndTime: "11:30",
		Venue: "乌镇镇成校 305 室", InstructorID: "acc-1", Topic: "安全用电", Hours: 3}
	tests := []struct {
		name   string
		change func(*SessionInput)
		field  string
		msg    string
	}{
		{"valid", func(*SessionInput) {}, "", ""},
		{"spaces around values", func(in *SessionInput) { in.Date, in.StartTime = " 2026-12-03 ", " 09:00" }, "", ""},
		{"no topic", func(in *SessionInput) { in.Topic = "" }, "", ""},
		{"date missing", func(in *SessionInput) { in.Date = "" }, "date", "请填写上课日期"},
		{"date with slashes", func(in *SessionInput) { in.Date = "2026/12/03" }, "date", "上课日期“2026/12/03”格式不正确，应为 2026-12-03 这样的日期"},
		{"date impossible", func(in *SessionInput) { in.Date = "2026-02-30" }, "date", "上课日期“2026-02-30”格式不正确，应为 2026-12-03 这样的日期"},
		{"start missing", func(in *SessionInput) { in.StartTime = "" }, "startTime", "请填写开始时间"},
		{"start malformed", func(in *SessionInput) { in.StartTime = "9点" }, "startTime", "开始时间“9点”格式不正确，应为 09:00 这样的时间"},
		{"end 24:00", func(in *SessionInput) { in.EndTime = "24:00" }, "endTime", "结束时间“24:00”格式不正确，应为 09:00 这样的时间"},
		{"end equals start", func(in *SessionInput) { in.EndTime = "09:00" }, "endTime", "结束时间（09:00）应晚于开始时间（09:00）"},
		{"end before start", func(in *SessionInput) { in.EndTime = "08:30" }, "endTime", "结束时间（08:30）应晚于开始时间（09:00）"},
		{"venue blank", func(in *SessionInput) { in.Venue = "\u3000 " }, "venue", "请填写上课地点"},
		{"venue too long", func(in *SessionInput) { in.Venue = strings.Repeat("室", 101) }, "venue", "上课地点不能超过 100 个字（现为 101 个字）"},
		{"instructor missing", func(in *SessionInput) { in.InstructorID = " " }, "instructorId", "请选择授课教师"},
		{"topic too long", func(in *SessionInput) { in.Topic = strings.Repeat("课", 101) }, "topic", "授课内容不能超过 100 个字（现为 101 个字）"},
		{"hours 0", func(in *SessionInput) { in.Hours = 0 }, "hours", "课时应为正整数（现为 0）"},
		{"hours more than the time holds", func(in *SessionInput) { in.Hours = 4 }, "hours",
			"本课次 09:00–11:30 共 150 分钟，最多计 3 课时（每课时不少于 45 分钟），现为 4 课时"},
		{"one class hour in 45 minutes", func(in *SessionInput) { in.EndTime, in.Hours = "09:45", 1 }, "", ""},
		{"one class hour in 44 minutes", func(in *SessionInput) { in.EndTime, in.Hours = "09:44", 1 }, "hours",
			"本课次 09:00–09:44 共 44 分钟，最多计 0 课时（每课时不少于 45 分钟），现为 1 课时"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := valid
			tt.change(&in)
			checkErr(t, in.Validate(), skillcert.EINVALID, tt.field, tt.msg)
		})
	}
}

func TestSessionInputApply(t *testing.T) {
	in := SessionInput{Date: "2026-12-03", StartTime: "09:00", EndTime: "11:30",
		Venue: "  乌镇镇成校\u3000\u3000305 室 ", InstructorID: " acc-1 ", Topic: " 安全用电 ", Hours: 3}
	s := Session{ID: "s1", CourseID: "c1", CourseTitle: "电工初级班"}
	in.Apply(&s)
	if want := time.Date(2026, 12, 3, 1, 0, 0, 0, time.UTC); s.Start != want {
		t.Errorf("start = %v, want %v", s.Start, want)
	}
	if want := time.Date(2026, 12, 3, 3, 30, 0, 0, time.UTC); s.End != want {
		t.Errorf("end = %v, want %v", s.End, want)
	}
	if s.Venue != "乌镇镇成校 305 室" || s.InstructorID != "acc-1" || s.Topic != "安全用电" || s.Hours != 3 {
		t.Errorf("session = %+v", s)
	}
	if s.ID != "s1" || s.CourseTitle != "电工初级班" {
		t.Errorf("Apply changed ID or course: %+v", s)
	}
	if got := s.TimeRange(); got != "2026-12-03 09:00–11:30" {
		t.Errorf("TimeRange = %q", got)
	}
}

func TestSessionLocalDateAcrossUTCMidnight(t *testing.T) {
	// 07:00 in Shanghai is 23:00 the day before in UTC.
	s := sess(t, "s1", "c1", "", "", "", "", "2026-12-03", "07:00", "08:00")
	if s.Start.UTC().Day() != 2 {
		t.Fatalf("fixture: UTC day = %d", s.Start.UTC().Day())
	}
	if got := s.Date(); got != "2026-12-03" {
		t.Errorf("Date = %q, want 2026-12-03", got)
	}
}

func TestSessionEnded(t *testing.T) {
	s := sess(t, "s1", "c1", "", "", "", "", "2026-12-03", "09:00", "11:30")
	if s.Ended(at(t, "2026-12-03 11:29:59")) {
		t.Error("ended a second before the end")
	}
	if !s.Ended(at(t, "2026-12-03 11:30")) {
		t.Error("not ended at the end")
	}
}
