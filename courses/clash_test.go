package courses

import (
	"reflect"
	"testing"

	"skillcert"
)

func TestFindClashes(t *testing.T) {
	const day = "2026-12-03"
	existing := []Session{
		sess(t, "e1", "c1", "电工初级班", "zhang", "张三", "乌镇镇成校305室", day, "09:00", "11:30"),
		sess(t, "e2", "c2", "育婴员中级班", "li", "李四", "乌镇镇成校 201 室", day, "13:30", "16:00"),
		sess(t, "e3", "c3", "家政服务员初级班", "wang", "王五", "崇福镇社区学校", "2026-12-04", "09:00", "11:30"),
	}
	type want struct {
		kind ClashKind
		id   string
	}
	tests := []struct {
		name      string
		candidate Session
		want      []want
	}{
		{"same instructor overlapping",
			sess(t, "n", "c9", "新课", "zhang", "张三", "洲泉镇文化中心", day, "10:00", "12:00"),
			[]want{{ClashInstructor, "e1"}}},
		{"same instructor touching the end is not a clash",
			sess(t, "n", "c9", "新课", "zhang", "张三", "乌镇镇成校305室", day, "11:30", "13:00"),
			nil},
		{"same venue touching the start is not a clash",
			sess(t, "n", "c9", "新课", "zhao", "赵六", "乌镇镇成校305室", day, "07:30", "09:00"),
			nil},
		{"same venue one minute into the session",
			sess(t, "n", "c9", "新课", "zhao", "赵六", "乌镇镇成校305室", day, "07:30", "09:01"),
			[]want{{ClashVenue, "e1"}}},
		{"venue with full-width digits and spaces",
			sess(t, "n", "c9", "新课", "zhao", "赵六", "\u3000乌镇镇成校\u3000２０１室 ", day, "15:59", "17:00"),
			[]want{{ClashVenue, "e2"}}},
		{"venue spaced differently",
			sess(t, "n", "c9", "新课", "zhao", "赵六", "乌镇镇成校 305 室", day, "10:00", "10:30"),
			[]want{{ClashVenue, "e1"}}},
		{"other room in the same school",
			sess(t, "n", "c9", "新课", "zhao", "赵六", "乌镇镇成校306室", day, "10:00", "10:30"),
			nil},
		{"contained within",
			sess(t, "n", "c9", "新课", "li", "李四", "别处", day, "14:00", "15:00"),
			[]want{{ClashInstructor, "e2"}}},
		{"containing",
			sess(t, "n", "c9", "新课", "li", "李四", "别处", day, "13:00", "17:00"),
			[]want{{ClashInstructor, "e2"}}},
		{"same instructor and venue gives both, in time order",
			sess(t, "n", "c9", "新课", "li", "李四", "乌镇镇成校305室", day, "08:00", "17:00"),
			[]want{{ClashVenue, "e1"}, {ClashInstructor, "e2"}}},
		{"both kinds for one session, instructor first",
			sess(t, "n", "c9", "新课", "zhang", "张三", "乌镇镇成校305室", day, "10:00", "10:45"),
			[]want{{ClashInstructor, "e1"}, {ClashVenue, "e1"}}},
		{"other instructor and venue at the same time",
			sess(t, "n", "c9", "新课", "zhao", "赵六", "屠甸镇成校", day, "09:00", "11:30"),
			nil},
		{"same instructor on another day",
			sess(t, "n", "c9", "新课", "wang", "王五", "崇福镇社区学校", day, "09:00", "11:30"),
			nil},
		{"editing a session does not clash with itself",
			sess(t, "e1", "c1", "电工初级班", "zhang", "张三", "乌镇镇成校305室", day, "09:30", "12:00"),
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []want
			for _, c := range FindClashes(tt.candidate, existing) {
				got = append(got, want{c.Kind, c.With.ID})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("clashes = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestClashMessages(t *testing.T) {
	e := sess(t, "e1", "c1", "电工初级班", "zhang", "张三", "乌镇镇成校305室", "2026-12-03", "09:00", "11:30")
	if got, want := (Clash{Kind: ClashInstructor, With: e}).Message(),
		"教师张三在 2026-12-03 09:00–11:30 已有课次（课程：电工初级班），与本次时间冲突"; got != want {
		t.Errorf("instructor message\n got %q\nwant %q", got, want)
	}
	if got, want := (Clash{Kind: ClashVenue, With: e}).Message(),
		"场地“乌镇镇成校305室”在 2026-12-03 09:00–11:30 已有课次（课程：电工初级班），与本次时间冲突"; got != want {
		t.Errorf("venue message\n got %q\nwant %q", got, want)
	}
	e.InstructorName, e.CourseTitle = "", ""
	if got, want := (Clash{Kind: ClashInstructor, With: e}).Message(),
		"该教师在 2026-12-03 09:00–11:30 已有课次，与本次时间冲突"; got != want {
		t.Errorf("unnamed message\n got %q\nwant %q", got, want)
	}
}

func TestClashError(t *testing.T) {
	if err := ClashError(nil); err != nil {
		t.Fatalf("ClashError(nil) = %v", err)
	}
	a := sess(t, "e1", "c1", "电工初级班", "zhang", "张三", "305室", "2026-12-03", "09:00", "11:30")
	b := sess(t, "e2", "c2", "育婴员中级班", "li", "李四", "201室", "2026-12-03", "11:00", "12:00")
	checkErr(t, ClashError([]Clash{{ClashVenue, a}, {ClashInstructor, b}}), skillcert.ECONFLICT, "venue",
		"场地“305室”在 2026-12-03 09:00–11:30 已有课次（课程：电工初级班），与本次时间冲突；"+
			"教师李四在 2026-12-03 11:00–12:00 已有课次（课程：育婴员中级班），与本次时间冲突")
	checkErr(t, ClashError([]Clash{{ClashInstructor, a}}), skillcert.ECONFLICT, "instructorId",
		"教师张三在 2026-12-03 09:00–11:30 已有课次（课程：电工初级班），与本次时间冲突")
}

func TestVenueKey(t *testing.T) {
	tests := []struct{ a, b string }{
		{"乌镇镇成校305室", " 乌镇镇成校 305室\u3000"},
		{"乌镇镇成校305室", "乌镇镇成校３０５室"},
		{"Room A", "ｒｏｏｍ\u3000ａ"},
	}
	for _, tt := range tests {
		if VenueKey(tt.a) != VenueKey(tt.b) {
			t.Errorf("VenueKey(%q) = %q, VenueKey(%q) = %q", tt.a, VenueKey(tt.a), tt.b, VenueKey(tt.b))
		}
	}
	if VenueKey("305室") == VenueKey("306室") {
		t.Error("different rooms share a key")
	}
	if got := NormalizeVenue("\u3000乌镇镇成校\u3000\u3000305 室 "); got != "乌镇镇成校 305 室" {
		t.Errorf("NormalizeVenue = %q", got)
	}
}
