package courses_test

import (
	"testing"
	"time"

	"skillcert"
	"skillcert/audit"
	"skillcert/courses"
)

func TestCreateCourseSetsOrganizer(t *testing.T) {
	f := newFixture(t)
	// A town that is not the creator's unit is refused, never ignored.
	_, err := f.svc.CreateCourse(f.ctx, wzStaff, input(f, func(in *courses.CourseInput) { in.Town = "PY" }))
	wantErr(t, err, skillcert.EINVALID, "只能创建本镇（街道）举办的课程，不能指定“PY”")
	_, err = f.svc.CreateCourse(f.ctx, cityAdmin, input(f, func(in *courses.CourseInput) { in.Town = "WZ" }))
	wantErr(t, err, skillcert.EINVALID, "市局创建的课程由市局举办，不能指定镇（街道）“WZ”；镇（街道）的课程请由该镇（街道）工作人员创建")
	town := f.course(wzStaff, func(in *courses.CourseInput) { in.Town = "WZ" })
	if town.Town != "WZ" || town.Status != courses.StatusDraft || town.Enrolled != 0 || town.CreatedBy != "wz1" {
		t.Fatalf("town staff's course: %+v", town)
	}
	city := f.course(cityAdmin)
	if city.Town != "" {
		t.Fatalf("city course organizer = %q, want the city", city.Town)
	}
	for _, a := range []*skillcert.Actor{teacherLi, trainee("p1"), wzVillage, nil} {
		_, err := f.svc.CreateCourse(f.ctx, a, input(f))
		wantErr(t, err, skillcert.EFORBIDDEN, "只有市局管理员和镇（街道）工作人员可以开设课程")
	}
	_, err = f.svc.CreateCourse(f.ctx, wzStaff, input(f, func(in *courses.CourseInput) { in.Capacity = 0 }))
	wantErr(t, err, skillcert.EINVALID, "招生人数应在 1 到 1000 之间（现为 0）")
	if n := f.auditCount("course.create", audit.ResultOK); n != 2 {
		t.Errorf("audited creations = %d, want 2", n)
	}
	if n := f.auditCount("course.create", audit.ResultDenied); n != 4 {
		t.Errorf("audited refusals = %d, want 4", n)
	}
}

func TestTransitionCourse(t *testing.T) {
	f := newFixture(t)
	c := f.course(wzStaff)
	_, err := f.svc.TransitionCourse(f.ctx, wzStaff, c.ID, courses.StatusPublished)
	wantErr(t, err, skillcert.EINVALID, "课程尚未安排课次，不能发布")
	f.session(wzStaff, c.ID, sessionIn("2026-12-14", "09:00", "11:30", "t-li", "乌镇成校 305室"))
	_, err = f.svc.TransitionCourse(f.ctx, pyStaff, c.ID, courses.StatusPublished)
	wantErr(t, err, skillcert.ENOTFOUND, "课程不存在或不在您的管辖范围内")
	steps := []struct {
		to       courses.Status
		code     string
		msg      string
		advance  time.Duration
		wantNext courses.Status
	}{
		{to: courses.StatusPublished, wantNext: courses.StatusPublished},
		{to: courses.StatusPublished, code: skillcert.ECONFLICT, msg: "课程状态已是“报名中”"},
		{to: courses.StatusCompleted, code: skillcert.ECONFLICT, msg: "课程状态为“报名中”，不能改为“已结业”"},
		{to: courses.StatusInProgress, wantNext: courses.StatusInProgress},
		{to: courses.StatusCompleted, code: skillcert.ECONFLICT, msg: "课次 2026-12-14 09:00–11:30 尚未结束，不能结业"},
		{to: courses.StatusCompleted, advance: 14 * 24 * time.Hour, wantNext: courses.StatusCompleted},
		{to: courses.StatusCancelled, code: skillcert.ECONFLICT, msg: "课程状态为“已结业”，不能改为“已取消”"},
	}
	p := f.person("WZ", "WZ01")
	for i, st := range steps {
		f.clock.Add(st.advance)
		got, err := f.svc.TransitionCourse(f.ctx, wzStaff, c.ID, st.to)
		if st.code != "" {
			wantErr(t, err, st.code, st.msg)
			continue
		}
		if err != nil {
			t.Fatalf("step %d → %s: %v", i, st.to, err)
		}
		if got.Status != st.wantNext || f.get(c.ID).Status != st.wantNext {
			t.Fatalf("step %d: status %s", i, got.Status)
		}
		if st.to == courses.StatusPublished {
			if _, err := f.svc.Enroll(f.ctx, trainee(p), c.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Completing evaluated the enrollment: no attendance, not completed.
	e := f.enrollments(c.ID)[0]
	if e.Completion == nil || e.Completion.Completed || e.Completion.Reason != "出勤率 0%，低于 80% 的结业要求" {
		t.Fatalf("completion = %+v", e.Completion)
	}
	if n := f.auditCount("course.status", audit.ResultOK); n != 3 {
		t.Errorf("audited transitions = %d, want 3", n)
	}
}

func TestCancelCourseNotifiesEnrolledAndWaiting(t *testing.T) {
	f := newFixture(t)
	c := f.published(wzStaff, func(in *courses.CourseInput) { in.Capacity = 1 })
	p1, p2, p3 := f.person("WZ", "WZ01"), f.person("WZ", "WZ01"), f.person("WZ", "WZ01")
	for _, p := range []string{p1, p2, p3} {
		if _, err := f.svc.Enroll(f.ctx, trainee(p), c.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.svc.CancelEnrollment(f.ctx, trainee(p3), c.ID, p3, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.TransitionCourse(f.ctx, wzStaff, c.ID, courses.StatusCancelled); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]bool{p1: true, p2: true, p3: false} {
		if got := hasMessage(f.messages(p), courses.MessageCourseCancelled); got != want {
			t.Errorf("%s told of the cancellation: %v, want %v", p, got, want)
		}
	}
	// The trainee still sees the cancelled course they were in.
	if _, err := f.svc.GetCourse(f.ctx, trainee(p1), c.ID); err != nil {
		t.Fatalf("enrolled trainee reads cancelled course: %v", err)
	}
	_, err := f.svc.GetCourse(f.ctx, trainee(f.person("WZ", "")), c.ID)
	wantErr(t, err, skillcert.ENOTFOUND, "")
}

func TestUpdateCourse(t *testing.T) {
	f := newFixture(t)
	c := f.published(wzStaff, func(in *courses.CourseInput) { in.Capacity = 2 })
	var ps []string
	for range 4 {
		p := f.person("WZ", "WZ01")
		ps = append(ps, p)
		if _, err := f.svc.Enroll(f.ctx, trainee(p), c.ID); err != nil {
			t.Fatal(err)
		}
	}
	_, err := f.svc.UpdateCourse(f.ctx, wzStaff, c.ID, input(f, func(in *courses.CourseInput) { in.Capacity = 1 }))
	wantErr(t, err, skillcert.EINVALID, "招生人数（1）不能少于已录取人数（2 人）")
	_, err = f.svc.UpdateCourse(f.ctx, pyStaff, c.ID, input(f))
	wantErr(t, err, skillcert.ENOTFOUND, "课程不存在或不在您的管辖范围内")
	if n := f.auditCount("course.update", audit.ResultDenied); n != 1 {
		t.Errorf("audited refusals = %d, want 1", n)
	}
	got, err := f.svc.UpdateCourse(f.ctx, wzStaff, c.ID, input(f, func(in *courses.CourseInput) {
		in.Capacity, in.Title, in.Town = 3, "电工初级班（第二期）", "PY"
	}))
	if err != nil {
		t.Fatal(err)
	}
	if got.Town != "WZ" || got.Capacity != 3 || got.Enrolled != 3 || got.Waiting != 1 {
		t.Fatalf("after update: town %s capacity %d enrolled %d waiting %d", got.Town, got.Capacity, got.Enrolled, got.Waiting)
	}
	row, err := f.svc.MyEnrollment(f.ctx, trainee(ps[2]), c.ID)
	if err != nil || row.Status != courses.EnrollmentEnrolled {
		t.Fatalf("first waitlisted after a larger capacity: %+v, %v", row, err)
	}
	if !hasMessage(f.messages(ps[2]), courses.MessagePromoted) {
		t.Fatal("no promotion message")
	}
	d, err := f.svc.GetCourse(f.ctx, wzStaff, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Sessions[0].CourseTitle != "电工初级班（第二期）" || d.SeatsLeft != 0 || !d.CanManage || d.Organizer != "乌镇镇" {
		t.Fatalf("detail: %+v", d)
	}
	if _, err := f.svc.TransitionCourse(f.ctx, wzStaff, c.ID, courses.StatusInProgress); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.UpdateCourse(f.ctx, wzStaff, c.ID, input(f))
	wantErr(t, err, skillcert.ECONFLICT, "课程状态为“进行中”，不能修改课程信息")
}

// TestCourseScope: who sees and changes which course.
func TestCourseScope(t *testing.T) {
	f := newFixture(t)
	draftWZ := f.course(wzStaff, func(in *courses.CourseInput) { in.Title = "乌镇草稿" })
	pubWZ := f.published(wzStaff, func(in *courses.CourseInput) { in.Title = "乌镇电工" })
	pubPY := f.published(pyStaff, func(in *courses.CourseInput) {
		in.Title, in.Type, in.Trade, in.Level = "濮院协理员岗位培训", courses.TypeJobPost, "", ""
	})
	pubCity := f.published(cityAdmin, func(in *courses.CourseInput) { in.Title, in.Trade = "市级育婴员", "育婴员" })
	draftPY := f.course(pyStaff, func(in *courses.CourseInput) { in.Title = "濮院草稿" })
	f.session(pyStaff, draftPY.ID, sessionIn("2026-12-30", "14:00", "16:00", "t-wu", "濮院社区学校"))

	titles := func(p skillcert.Page[courses.Course]) map[string]bool {
		out := map[string]bool{}
		for _, c := range p.Items {
			out[c.Title] = true
		}
		return out
	}
	lists := []struct {
		name   string
		actor  *skillcert.Actor
		filter courses.CourseFilter
		want   []string
	}{
		{"city sees all", cityAdmin, courses.CourseFilter{}, []string{"乌镇草稿", "乌镇电工", "濮院协理员岗位培训", "市级育婴员", "濮院草稿"}},
		{"city, city courses", cityAdmin, courses.CourseFilter{Town: "TX"}, []string{"市级育婴员"}},
		{"city, drafts", cityAdmin, courses.CourseFilter{Status: courses.StatusDraft}, []string{"乌镇草稿", "濮院草稿"}},
		{"town staff, own town", wzStaff, courses.CourseFilter{}, []string{"乌镇草稿", "乌镇电工"}},
		{"town staff asking for another town", wzStaff, courses.CourseFilter{Town: "PY"}, nil},
		{"other town", pyStaff, courses.CourseFilter{}, []string{"濮院协理员岗位培训", "濮院草稿"}},
		{"instructor of the helper sessions", teacherLi, courses.CourseFilter{}, []string{"乌镇电工", "濮院协理员岗位培训", "市级育婴员"}},
		{"instructor of one draft", teacherWu, courses.CourseFilter{}, []string{"濮院草稿"}},
		{"trainee sees the catalog", trainee("p1"), courses.CourseFilter{}, []string{"乌镇电工", "濮院协理员岗位培训", "市级育婴员"}},
		{"village staff sees the catalog", wzVillage, courses.CourseFilter{}, []string{"乌镇电工", "濮院协理员岗位培训", "市级育婴员"}},
		{"catalog by town", nil, courses.CourseFilter{Town: "WZ"}, []string{"乌镇电工"}},
		{"catalog by type", nil, courses.CourseFilter{Type: courses.TypeJobPost}, []string{"濮院协理员岗位培训"}},
		{"catalog by trade", nil, courses.CourseFilter{Trade: "育婴员"}, []string{"市级育婴员"}},
		{"catalog open for enrollment", nil, courses.CourseFilter{Open: true}, []string{"乌镇电工", "濮院协理员岗位培训", "市级育婴员"}},
	}
	for _, l := range lists {
		page, err := f.svc.ListCourses(f.ctx, l.actor, l.filter, skillcert.PageRequest{})
		if err != nil {
			t.Fatalf("%s: %v", l.name, err)
		}
		got := titles(page)
		if len(got) != len(l.want) || page.Total != int64(len(l.want)) {
			t.Errorf("%s: got %v (total %d), want %v", l.name, got, page.Total, l.want)
			continue
		}
		for _, w := range l.want {
			if !got[w] {
				t.Errorf("%s: missing %s in %v", l.name, w, got)
			}
		}
	}
	page, err := f.svc.Catalog(f.ctx, courses.CourseFilter{}, skillcert.PageRequest{Page: 2, Size: 2})
	if err != nil || page.Total != 3 || len(page.Items) != 1 || page.Pages() != 2 {
		t.Fatalf("catalog page 2: %+v, %v", page, err)
	}
	_, err = f.svc.Catalog(f.ctx, courses.CourseFilter{Status: courses.StatusDraft}, skillcert.PageRequest{})
	wantErr(t, err, skillcert.EINVALID, "课程目录只包含报名中和进行中的课程")
	_, err = f.svc.Catalog(f.ctx, courses.CourseFilter{Town: "XX"}, skillcert.PageRequest{})
	wantErr(t, err, skillcert.EINVALID, "镇（街道）“XX”不存在")
	f.clock.Set(at(t, "2026-12-10 00:00"))
	page, err = f.svc.Catalog(f.ctx, courses.CourseFilter{Open: true}, skillcert.PageRequest{})
	if err != nil || page.Total != 0 {
		t.Fatalf("open for enrollment after the window: %d, %v", page.Total, err)
	}
	f.clock.Set(at(t, "2026-12-01 10:00"))

	hidden := skillcert.ENOTFOUND
	access := []struct {
		name  string
		actor *skillcert.Actor
		do    func(a *skillcert.Actor) error
		code  string
	}{
		{"other town reads a draft", pyStaff, func(a *skillcert.Actor) error { _, err := f.svc.GetCourse(f.ctx, a, draftWZ.ID); return err }, hidden},
		{"other town reads a published course", pyStaff, func(a *skillcert.Actor) error { _, err := f.svc.GetCourse(f.ctx, a, pubWZ.ID); return err }, ""},
		{"other town edits", pyStaff, func(a *skillcert.Actor) error { _, err := f.svc.UpdateCourse(f.ctx, a, pubWZ.ID, input(f)); return err }, hidden},
		{"other town adds a session", pyStaff, func(a *skillcert.Actor) error {
			_, err := f.svc.AddSession(f.ctx, a, pubWZ.ID, sessionIn("2026-12-28", "09:00", "10:00", "t-wu", "x"))
			return err
		}, hidden},
		{"other town reads enrollments", pyStaff, func(a *skillcert.Actor) error {
			_, err := f.svc.ListEnrollments(f.ctx, a, pubWZ.ID, "", skillcert.PageRequest{})
			return err
		}, hidden},
		{"other town evaluates", pyStaff, func(a *skillcert.Actor) error { _, err := f.svc.EvaluateCourse(f.ctx, a, pubWZ.ID); return err }, hidden},
		{"town staff edits a city course", wzStaff, func(a *skillcert.Actor) error {
			_, err := f.svc.UpdateCourse(f.ctx, a, pubCity.ID, input(f))
			return err
		}, hidden},
		{"instructor reads a draft not theirs", teacherWu, func(a *skillcert.Actor) error { _, err := f.svc.GetCourse(f.ctx, a, draftWZ.ID); return err }, hidden},
		{"instructor reads the draft they teach", teacherWu, func(a *skillcert.Actor) error { _, err := f.svc.GetCourse(f.ctx, a, draftPY.ID); return err }, ""},
		{"instructor reads enrollments of their course", teacherLi, func(a *skillcert.Actor) error {
			_, err := f.svc.ListEnrollments(f.ctx, a, pubWZ.ID, "", skillcert.PageRequest{})
			return err
		}, ""},
		{"instructor reads enrollments of another's", teacherWu, func(a *skillcert.Actor) error {
			_, err := f.svc.ListEnrollments(f.ctx, a, pubWZ.ID, "", skillcert.PageRequest{})
			return err
		}, hidden},
		{"instructor edits", teacherLi, func(a *skillcert.Actor) error { _, err := f.svc.UpdateCourse(f.ctx, a, pubWZ.ID, input(f)); return err }, hidden},
		{"trainee reads a draft", trainee("p1"), func(a *skillcert.Actor) error { _, err := f.svc.GetCourse(f.ctx, a, draftWZ.ID); return err }, hidden},
		{"anonymous reads a published course", nil, func(a *skillcert.Actor) error { _, err := f.svc.GetCourse(f.ctx, a, pubPY.ID); return err }, ""},
		{"anonymous reads a draft", nil, func(a *skillcert.Actor) error { _, err := f.svc.GetCourse(f.ctx, a, draftPY.ID); return err }, hidden},
		{"city edits a town's course", cityAdmin, func(a *skillcert.Actor) error {
			_, err := f.svc.UpdateCourse(f.ctx, a, draftWZ.ID, input(f))
			return err
		}, ""},
	}
	for _, c := range access {
		err := c.do(c.actor)
		if c.code == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if skillcert.ErrorCode(err) != c.code {
			t.Errorf("%s: got %v, want %s", c.name, err, c.code)
		}
	}
	if n := f.auditCount("course.update", audit.ResultDenied); n != 3 {
		t.Errorf("audited denied edits = %d, want 3", n)
	}
}
