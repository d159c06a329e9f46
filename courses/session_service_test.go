package courses_test

import (
	"strings"
	"testing"

	"skillcert"
	"skillcert/courses"
)

func TestSessionClashes(t *testing.T) {
	f := newFixture(t)
	x := f.course(wzStaff)
	f.session(wzStaff, x.ID, sessionIn("2026-12-14", "09:00", "11:30", "t-li", "乌镇成校 305室"))
	y := f.course(wzStaff, func(in *courses.CourseInput) { in.Title = "育婴员班" })
	const (
		teacherClash = "教师李老师在 2026-12-14 09:00–11:30 已有课次（课程：电工初级班），与本次时间冲突"
		venueClash   = "场地“乌镇成校 305室”在 2026-12-14 09:00–11:30 已有课次（课程：电工初级班），与本次时间冲突"
	)
	cases := []struct {
		name string
		in   courses.SessionInput
		code string
		msg  string
	}{
		{"same teacher, overlapping", sessionIn("2026-12-14", "10:00", "12:00", "t-li", "乌镇文化站"), skillcert.ECONFLICT, teacherClash},
		{"same room typed differently", sessionIn("2026-12-14", "11:00", "12:00", "t-wu", "乌镇成校３０５室"), skillcert.ECONFLICT, venueClash},
		{"both", sessionIn("2026-12-14", "08:00", "09:30", "t-li", " 乌镇成校  305室 "), skillcert.ECONFLICT, teacherClash + "；" + venueClash},
		{"back to back", sessionIn("2026-12-14", "11:30", "13:00", "t-li", "乌镇成校 305室"), "", ""},
		{"same time, next day", sessionIn("2026-12-15", "09:00", "11:30", "t-li", "乌镇成校 305室"), "", ""},
		{"in the past", sessionIn("2026-11-30", "09:00", "11:30", "t-wu", "乌镇文化站"), skillcert.EINVALID, "上课时间 2026-11-30 09:00–11:30 已过，请安排以后的时间"},
		{"unknown teacher", sessionIn("2026-12-20", "09:00", "11:30", "t-nobody", "乌镇文化站"), skillcert.EINVALID, "授课教师不存在"},
		{"invalid times", sessionIn("2026-12-20", "11:00", "09:00", "t-li", "乌镇文化站"), skillcert.EINVALID, "结束时间（09:00）应晚于开始时间（11:00）"},
	}
	for _, c := range cases {
		_, err := f.svc.AddSession(f.ctx, wzStaff, y.ID, c.in)
		if c.code == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		wantErr(t, err, c.code, c.msg)
	}
	// An edit does not clash with the session itself.
	d, err := f.svc.GetCourse(f.ctx, wzStaff, x.ID)
	if err != nil {
		t.Fatal(err)
	}
	moved := sessionIn("2026-12-14", "09:30", "11:30", "t-li", "乌镇成校 305室")
	if _, err := f.svc.UpdateSession(f.ctx, wzStaff, d.Sessions[0].ID, moved); err != nil {
		t.Fatalf("edit in place: %v", err)
	}
	// A cancelled course books no one.
	if _, err := f.svc.TransitionCourse(f.ctx, wzStaff, x.ID, courses.StatusCancelled); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AddSession(f.ctx, wzStaff, y.ID, sessionIn("2026-12-14", "10:00", "11:00", "t-li", "乌镇成校 305室")); err != nil {
		t.Fatalf("clash with a cancelled course's session: %v", err)
	}
	_, err = f.svc.AddSession(f.ctx, wzStaff, x.ID, sessionIn("2026-12-21", "10:00", "11:00", "t-li", "x"))
	wantErr(t, err, skillcert.ECONFLICT, "课程状态为“已取消”，不能调整课次")
}

func TestSessionChangesNotifyEnrolled(t *testing.T) {
	f := newFixture(t)
	c := f.published(wzStaff, func(in *courses.CourseInput) { in.Capacity = 1 })
	second := f.session(wzStaff, c.ID, sessionIn("2026-12-22", "14:00", "16:00", "t-wu", "乌镇文化站"))
	in, out := f.person("WZ", "WZ01"), f.person("WZ", "WZ01")
	for _, p := range []string{in, out} {
		if _, err := f.svc.Enroll(f.ctx, trainee(p), c.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.svc.UpdateSession(f.ctx, wzStaff, second.ID, sessionIn("2026-12-23", "14:00", "16:00", "t-wu", "乌镇文化站")); err != nil {
		t.Fatal(err)
	}
	var body string
	for _, m := range f.messages(in) {
		if m.Kind == courses.MessageSessionChanged {
			body = m.Body
		}
	}
	if !strings.Contains(body, "原 2026-12-22 14:00–16:00") || !strings.Contains(body, "现 2026-12-23 14:00–16:00，地点：乌镇文化站，授课教师：吴老师") {
		t.Fatalf("change message = %q", body)
	}
	if hasMessage(f.messages(out), courses.MessageSessionChanged) {
		t.Fatal("the waitlisted person was told of a session change")
	}
	if err := f.svc.DeleteSession(f.ctx, wzStaff, second.ID); err != nil {
		t.Fatal(err)
	}
	d, err := f.svc.GetCourse(f.ctx, wzStaff, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Sessions) != 1 {
		t.Fatalf("%d sessions after delete", len(d.Sessions))
	}
	err = f.svc.DeleteSession(f.ctx, wzStaff, d.Sessions[0].ID)
	wantErr(t, err, skillcert.ECONFLICT, "课程已发布，至少须保留一个课次")
	err = f.svc.DeleteSession(f.ctx, pyStaff, d.Sessions[0].ID)
	wantErr(t, err, skillcert.ENOTFOUND, "")
	f.clock.Set(d.Sessions[0].Start)
	_, err = f.svc.UpdateSession(f.ctx, wzStaff, d.Sessions[0].ID, sessionIn("2026-12-29", "14:00", "16:00", "t-wu", "乌镇文化站"))
	wantErr(t, err, skillcert.ECONFLICT, "课次 "+d.Sessions[0].TimeRange()+" 已开始，不能修改或删除")
}
