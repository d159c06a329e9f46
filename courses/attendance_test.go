package courses

import (
	"strings"
	"testing"

	"skillcert"
)

func TestMarkInputValidate(t *testing.T) {
	tests := []struct {
		name  string
		in    MarkInput
		field string
		msg   string
	}{
		{"present", MarkInput{PersonID: "p1", Mark: MarkPresent}, "", ""},
		{"late with a reason", MarkInput{PersonID: "p1", Mark: MarkLate, Reason: "公交晚点"}, "", ""},
		{"absent", MarkInput{PersonID: "p1", Mark: MarkAbsent}, "", ""},
		{"excused with a reason", MarkInput{PersonID: "p1", Mark: MarkExcused, Reason: "住院"}, "", ""},
		{"excused without a reason", MarkInput{PersonID: "p1", Mark: MarkExcused, Reason: " \u3000"}, "reason", "请假须填写原因"},
		{"no person", MarkInput{Mark: MarkPresent}, "personId", "缺少学员"},
		{"no mark", MarkInput{PersonID: "p1"}, "mark", "请选择出勤情况"},
		{"unknown mark", MarkInput{PersonID: "p1", Mark: "sick"}, "mark", "出勤情况“sick”无效，应为出勤、迟到、缺勤或请假"},
		{"reason of 200 chars", MarkInput{PersonID: "p1", Mark: MarkExcused, Reason: strings.Repeat("病", 200)}, "", ""},
		{"reason of 201 chars", MarkInput{PersonID: "p1", Mark: MarkExcused, Reason: strings.Repeat("病", 201)}, "reason", "原因不能超过 200 个字（现为 201 个字）"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, tt.in.Validate(), skillcert.EINVALID, tt.field, tt.msg)
		})
	}
}

func TestValidateRoll(t *testing.T) {
	ok := []MarkInput{{PersonID: "p1", Mark: MarkPresent}, {PersonID: "p2", Mark: MarkAbsent}}
	checkErr(t, ValidateRoll(ok), "", "", "")
	checkErr(t, ValidateRoll(append(ok, MarkInput{PersonID: "p3", Mark: MarkExcused})),
		skillcert.EINVALID, "reason", "第 3 行：请假须填写原因")
	checkErr(t, ValidateRoll(append(ok, MarkInput{PersonID: " p1", Mark: MarkLate})),
		skillcert.EINVALID, "personId", "第 3 行与第 1 行是同一名学员")
}

func TestMarkAttended(t *testing.T) {
	want := map[Mark]bool{MarkPresent: true, MarkLate: true, MarkAbsent: false, MarkExcused: false}
	for _, m := range Marks {
		if m.Attended() != want[m] {
			t.Errorf("%s.Attended() = %v", m, m.Attended())
		}
		if !m.Valid() || m.Label() == string(m) {
			t.Errorf("%s: valid %v label %q", m, m.Valid(), m.Label())
		}
	}
}

func TestCheckinChanges(t *testing.T) {
	tests := []struct {
		existing *AttendanceRecord
		want     bool
	}{
		{nil, true},
		{&AttendanceRecord{Mark: MarkAbsent}, true},
		{&AttendanceRecord{Mark: MarkExcused, Reason: "病假"}, true},
		{&AttendanceRecord{Mark: MarkPresent}, false},
		{&AttendanceRecord{Mark: MarkLate}, false},
	}
	for _, tt := range tests {
		name := "none"
		if tt.existing != nil {
			name = string(tt.existing.Mark)
		}
		if got := CheckinChanges(tt.existing); got != tt.want {
			t.Errorf("CheckinChanges(%s) = %v, want %v", name, got, tt.want)
		}
	}
}

func TestIsCorrection(t *testing.T) {
	s := sess(t, "s1", "c1", "", "", "", "", "2026-12-03", "09:00", "11:30")
	rec := &AttendanceRecord{Mark: MarkAbsent}
	tests := []struct {
		name     string
		existing *AttendanceRecord
		now      string
		want     bool
	}{
		{"change during the session", rec, "2026-12-03 11:29:59", false},
		{"change at the end", rec, "2026-12-03 11:30", true},
		{"first mark after the session", nil, "2026-12-04 10:00", false},
	}
	for _, tt := range tests {
		if got := IsCorrection(s, tt.existing, at(t, tt.now)); got != tt.want {
			t.Errorf("%s: IsCorrection = %v, want %v", tt.name, got, tt.want)
		}
	}
}
