package courses_test

import (
	"bytes"
	"strings"
	"testing"

	"skillcert/courses"
)

func TestCalendars(t *testing.T) {
	f := newFixture(t)
	a := f.published(wzStaff, func(in *courses.CourseInput) { in.Title = "甲班" })
	b := f.published(wzStaff, func(in *courses.CourseInput) { in.Title = "乙班" })
	f.session(wzStaff, b.ID, sessionIn("2026-12-28", "14:00", "16:00", "t-wu", "乌镇文化站"))
	full := f.published(wzStaff, func(in *courses.CourseInput) { in.Title = "丙班"; in.Capacity = 1 })
	p := f.person("WZ", "WZ01")
	f.ok(f.svc.Enroll(f.ctx, trainee(f.person("WZ", "WZ01")), full.ID))
	for _, c := range []string{a.ID, b.ID, full.ID} {
		f.ok(f.svc.Enroll(f.ctx, trainee(p), c)) // waitlisted in 丙班
	}
	f.ok(f.svc.TransitionCourse(f.ctx, wzStaff, a.ID, courses.StatusCancelled))

	events, err := f.svc.TraineeCalendar(f.ctx, trainee(p))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		got = append(got, e.Start.In(cst).Format("01-02 15:04")+" "+e.Summary+map[bool]string{true: " (cancelled)"}[e.Cancelled])
	}
	want := []string{"12-14 09:00 甲班：安全用电 (cancelled)", "12-15 09:00 乙班：安全用电", "12-28 14:00 乙班：安全用电"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("trainee calendar:\n got %v\nwant %v", got, want)
	}
	mine, err := f.svc.InstructorCalendar(f.ctx, teacherWu)
	if err != nil || len(mine) != 1 || mine[0].Location != "乌镇文化站" || !strings.Contains(mine[0].Description, "授课教师：吴老师") {
		t.Fatalf("instructor calendar: %+v, %v", mine, err)
	}
	li, err := f.svc.InstructorCalendar(f.ctx, teacherLi)
	if err != nil || len(li) != 3 {
		t.Fatalf("李老师's calendar: %d events, %v", len(li), err)
	}
	var buf bytes.Buffer
	if err := courses.WriteICS(&buf, "我的课程", events); err != nil {
		t.Fatal(err)
	}
	ics := buf.String()
	if strings.Count(ics, "BEGIN:VEVENT") != 3 || strings.Count(ics, "STATUS:CANCELLED") != 1 ||
		!strings.Contains(ics, "UID:"+events[1].UID) || !strings.HasPrefix(events[1].UID, "session-") {
		t.Fatalf("feed:\n%s", ics)
	}
	if none, err := f.svc.InstructorCalendar(f.ctx, trainee(p)); err != nil || len(none) != 0 {
		t.Fatalf("a trainee's instructor calendar: %+v, %v", none, err)
	}
}
