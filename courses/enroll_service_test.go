package courses_test

import (
	"fmt"
	"strings"
	"testing"

	"skillcert"
	"skillcert/audit"
	"skillcert/courses"
)

// TestEnrollRefusals: every refusal through the service, with its 4xx
// code and Chinese reason, and nothing written for it.
func TestEnrollRefusals(t *testing.T) {
	f := newFixture(t)
	landless := f.published(wzStaff, func(in *courses.CourseInput) { in.TargetGroups = []string{"landless_farmer"} })
	townOnly := f.published(wzStaff, func(in *courses.CourseInput) { in.Residency = courses.ResidencyTown })
	later := f.published(wzStaff, func(in *courses.CourseInput) { in.EnrollOpens = at(t, "2026-12-05 08:00") })
	closing := f.published(wzStaff, func(in *courses.CourseInput) { in.EnrollCloses = at(t, "2026-12-02 00:00") })
	draft := f.course(wzStaff)
	started := f.published(wzStaff)
	f.ok(f.svc.TransitionCourse(f.ctx, wzStaff, started.ID, courses.StatusInProgress))
	cancelled := f.published(wzStaff)
	f.ok(f.svc.TransitionCourse(f.ctx, wzStaff, cancelled.ID, courses.StatusCancelled))

	// Two courses on one afternoon, in different rooms with different teachers.
	first := f.course(wzStaff, func(in *courses.CourseInput) { in.Title = "家政服务员班" })
	f.session(wzStaff, first.ID, sessionIn("2026-12-20", "13:00", "15:30", "t-li", "乌镇成校 305室"))
	f.ok(f.svc.TransitionCourse(f.ctx, wzStaff, first.ID, courses.StatusPublished))
	overlapping := f.course(wzStaff, func(in *courses.CourseInput) { in.Title = "茶艺师班" })
	f.session(wzStaff, overlapping.ID, sessionIn("2026-12-20", "15:00", "17:00", "t-wu", "乌镇文化站"))
	f.ok(f.svc.TransitionCourse(f.ctx, wzStaff, overlapping.ID, courses.StatusPublished))

	worker := f.person("WZ", "WZ01", "enterprise_worker")
	farmer := f.person("WZ", "WZ01", "landless_farmer")
	elsewhere := f.person("PY", "PY01", "landless_farmer")
	busy := f.person("WZ", "WZ02")
	f.ok(f.svc.Enroll(f.ctx, trainee(busy), first.ID))
	f.ok(f.svc.Enroll(f.ctx, trainee(farmer), landless.ID))

	cases := []struct {
		name   string
		actor  *skillcert.Actor
		course string
		code   string
		msg    string
	}{
		{"not in the target group", trainee(worker), landless.ID, skillcert.EINVALID, "不符合报名条件：该课程仅面向被征地农民"},
		{"lives in another town", trainee(elsewhere), townOnly.ID, skillcert.EINVALID, "不符合报名条件：该课程仅面向乌镇镇户籍居民"},
		{"window not open", trainee(worker), later.ID, skillcert.EINVALID, "报名尚未开始，将于 2026-12-05 08:00 开始"},
		{"draft course", trainee(worker), draft.ID, skillcert.ENOTFOUND, "课程不存在或不在您的管辖范围内"},
		{"course started", trainee(worker), started.ID, skillcert.ECONFLICT, "课程已开课，不能再报名"},
		{"course cancelled", trainee(worker), cancelled.ID, skillcert.ECONFLICT, "课程已取消，不能报名"},
		{"no such course", trainee(worker), "nope", skillcert.ENOTFOUND, "课程不存在或不在您的管辖范围内"},
		{"time clash", trainee(busy), overlapping.ID, skillcert.ECONFLICT,
			"时间冲突：本课程 2026-12-20 15:00–17:00 的课次与您已报名的课程“家政服务员班”（2026-12-20 13:00–15:30）时间冲突"},
		{"already enrolled", trainee(farmer), landless.ID, skillcert.ECONFLICT, "您已报名该课程"},
		{"account without a person", &skillcert.Actor{AccountID: "x", Role: skillcert.RoleTrainee}, landless.ID, skillcert.EFORBIDDEN,
			"您的账号尚未关联人员信息，不能报名，请联系所在村（社区）工作站"},
		{"person not in the register", trainee("ghost"), landless.ID, skillcert.ENOTFOUND, "人员不存在"},
	}
	for _, c := range cases {
		before := len(f.enrollments(c.course))
		_, err := f.svc.Enroll(f.ctx, c.actor, c.course)
		wantErr(t, err, c.code, c.msg)
		if after := len(f.enrollments(c.course)); after != before {
			t.Errorf("%s: %d enrollments written", c.name, after-before)
		}
	}
	f.clock.Set(at(t, "2026-12-02 00:00"))
	_, err := f.svc.Enroll(f.ctx, trainee(worker), closing.ID)
	wantErr(t, err, skillcert.EINVALID, "报名已截止（截止时间：2026-12-02 00:00）")
	f.clock.Set(at(t, "2026-12-01 10:00"))

	// The clash goes once the other enrollment or course is no longer active.
	f.ok(f.svc.CancelEnrollment(f.ctx, trainee(busy), first.ID, busy, ""))
	if _, err := f.svc.Enroll(f.ctx, trainee(busy), overlapping.ID); err != nil {
		t.Fatalf("after cancelling the clashing enrollment: %v", err)
	}
}

func TestReEnrollAfterCancellation(t *testing.T) {
	f := newFixture(t)
	c := f.published(wzStaff, func(in *courses.CourseInput) { in.Capacity = 1 })
	p, q := f.person("WZ", "WZ01"), f.person("WZ", "WZ01")
	for range 2 {
		res, err := f.svc.Enroll(f.ctx, trainee(p), c.ID)
		if err != nil || res.Enrollment.Status != courses.EnrollmentEnrolled || res.Message != "报名成功" {
			t.Fatalf("enroll: %+v, %v", res, err)
		}
		e, err := f.svc.CancelEnrollment(f.ctx, trainee(p), c.ID, p, "")
		if err != nil || e.Status != courses.EnrollmentCancelled {
			t.Fatalf("cancel: %+v, %v", e, err)
		}
	}
	_, err := f.svc.CancelEnrollment(f.ctx, trainee(p), c.ID, p, "")
	wantErr(t, err, skillcert.ECONFLICT, "报名已取消")
	f.ok(f.svc.Enroll(f.ctx, trainee(q), c.ID))
	res, err := f.svc.Enroll(f.ctx, trainee(p), c.ID)
	if err != nil || res.Enrollment.Status != courses.EnrollmentWaitlisted || res.Position != 1 ||
		res.Message != "课程名额已满，您已进入候补名单，当前排第 1 位" {
		t.Fatalf("re-enroll into a full course: %+v, %v", res, err)
	}
	list := f.enrollments(c.ID)
	if len(list) != 2 {
		t.Fatalf("%d enrollment documents, want 2 (one per person)", len(list))
	}
	if got := f.get(c.ID); got.Enrolled != 1 || got.Waiting != 1 {
		t.Fatalf("counters: enrolled %d waiting %d", got.Enrolled, got.Waiting)
	}
	if n := f.auditCount("enrollment.cancel", audit.ResultOK); n != 2 {
		t.Errorf("audited cancellations = %d", n)
	}
}

func TestStaffEnrollScope(t *testing.T) {
	f := newFixture(t)
	wzCourse := f.published(wzStaff)
	pyCourse := f.published(pyStaff)
	cityCourse := f.published(cityAdmin)
	farmerOnly := f.published(wzStaff, func(in *courses.CourseInput) { in.TargetGroups = []string{"landless_farmer"} })
	wz01, wz02, py := f.person("WZ", "WZ01"), f.person("WZ", "WZ02"), f.person("PY", "PY01")
	cases := []struct {
		name   string
		actor  *skillcert.Actor
		course string
		person string
		code   string
		msg    string
	}{
		{"town staff, own resident, own course", wzStaff, wzCourse.ID, wz01, "", ""},
		{"town staff, own resident, city course", wzStaff, cityCourse.ID, wz02, "", ""},
		{"town staff, other town's resident", wzStaff, cityCourse.ID, py, skillcert.EFORBIDDEN, "学员" + py + "不是您所辖范围内的居民，不能代为报名"},
		{"town staff, other town's course", wzStaff, pyCourse.ID, wz02, skillcert.ENOTFOUND, "课程不存在或不在您的管辖范围内"},
		{"village staff, own village", wzVillage, wzCourse.ID, f.person("WZ", "WZ01"), "", ""},
		{"village staff, other village", wzVillage, wzCourse.ID, wz02, skillcert.EFORBIDDEN, "学员" + wz02 + "不是您所辖范围内的居民，不能代为报名"},
		{"city, anyone anywhere", cityAdmin, wzCourse.ID, py, "", ""},
		{"instructor", teacherLi, wzCourse.ID, wz02, skillcert.EFORBIDDEN, "只有工作人员可以代为报名"},
		{"trainee for someone else", trainee(wz01), wzCourse.ID, wz02, skillcert.EFORBIDDEN, "只有工作人员可以代为报名"},
		{"already enrolled", wzStaff, wzCourse.ID, wz01, skillcert.ECONFLICT, "学员" + wz01 + "已报名该课程"},
		{"not eligible", wzStaff, farmerOnly.ID, wz01, skillcert.EINVALID, "不符合报名条件：该课程仅面向被征地农民"},
		{"unknown person", wzStaff, wzCourse.ID, "nobody", skillcert.ENOTFOUND, "人员不存在"},
	}
	for _, c := range cases {
		res, err := f.svc.EnrollPerson(f.ctx, c.actor, c.course, c.person)
		if c.code == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			} else if res.Enrollment.Source != courses.SourceStaff || res.Enrollment.EnrolledBy != c.actor.AccountID {
				t.Errorf("%s: source %s by %s", c.name, res.Enrollment.Source, res.Enrollment.EnrolledBy)
			}
			continue
		}
		wantErr(t, err, c.code, c.msg)
	}
	if n := f.auditCount("enrollment.create", audit.ResultDenied); n != 5 {
		t.Errorf("audited refusals = %d, want 5", n)
	}
	// Staff who may enroll a person may take them off; others may not.
	_, err := f.svc.CancelEnrollment(f.ctx, pyStaff, cityCourse.ID, wz02, "")
	wantErr(t, err, skillcert.ENOTFOUND, "未找到报名记录")
	_, err = f.svc.CancelEnrollment(f.ctx, trainee(wz01), cityCourse.ID, wz02, "")
	wantErr(t, err, skillcert.ENOTFOUND, "未找到报名记录")
	if _, err := f.svc.CancelEnrollment(f.ctx, wzStaff, cityCourse.ID, wz02, "本人要求"); err != nil {
		t.Fatal(err)
	}
	var told string
	for _, m := range f.messages(wz02) {
		if m.Kind == courses.MessageCancelled {
			told = m.Body
		}
	}
	if told != "工作人员已为您取消课程“电工初级班”的报名。原因：本人要求" {
		t.Fatalf("cancellation message = %q", told)
	}
}

func TestBulkEnrollByIDNumbers(t *testing.T) {
	f := newFixture(t)
	c := f.published(wzStaff, func(in *courses.CourseInput) { in.Capacity = 2; in.TargetGroups = []string{"landless_farmer"} })
	a, b, cc := f.person("WZ", "WZ01", "landless_farmer"), f.person("WZ", "WZ02", "landless_farmer"), f.person("WZ", "WZ03", "landless_farmer")
	worker := f.person("WZ", "WZ01", "enterprise_worker")
	other := f.person("PY", "PY01", "landless_farmer")
	numbers := []string{idNumberOf(f, a), idNumberOf(f, b), " " + strings.ToLower(idNumberOf(f, cc)) + " ", idNumberOf(f, worker),
		idNumberOf(f, other), "330483199912319999", idNumberOf(f, a), ""}
	lines, err := f.svc.EnrollByIDNumbers(f.ctx, wzStaff, c.ID, numbers)
	if err != nil {
		t.Fatal(err)
	}
	notFound := "人员名册中没有该身份证号，或该人员不在您的管辖范围内"
	want := []courses.BulkLine{
		{PersonID: a, Outcome: courses.BulkEnrolled},
		{PersonID: b, Outcome: courses.BulkEnrolled},
		{PersonID: cc, Outcome: courses.BulkWaitlisted, Position: 1},
		{PersonID: worker, Outcome: courses.BulkRefused, Reason: "不符合报名条件：该课程仅面向被征地农民"},
		{Outcome: courses.BulkRefused, Reason: notFound},
		{Outcome: courses.BulkRefused, Reason: notFound},
	}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d: %+v", len(lines), len(want), lines)
	}
	for i, w := range want {
		got := lines[i]
		if got.PersonID != w.PersonID || got.Outcome != w.Outcome || got.Position != w.Position || got.Reason != w.Reason {
			t.Errorf("line %d: %+v, want %+v", i+1, got, w)
		}
		if w.PersonID != "" && got.Name != "学员"+w.PersonID {
			t.Errorf("line %d: name %q", i+1, got.Name)
		}
	}
	if lines[0].IDMasked != "330483********"+idNumberOf(f, a)[14:] || lines[5].IDMasked != "330483********9999" {
		t.Errorf("masked numbers: %q, %q", lines[0].IDMasked, lines[5].IDMasked)
	}
	again, err := f.svc.EnrollByIDNumbers(f.ctx, wzStaff, c.ID, numbers[:3])
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range []string{"学员" + a + "已报名该课程", "学员" + b + "已报名该课程", "学员" + cc + "已报名该课程（候补中）"} {
		if again[i].Outcome != courses.BulkRefused || again[i].Reason != w {
			t.Errorf("second run line %d: %+v", i+1, again[i])
		}
	}
	many := make([]string, courses.MaxBulkEnroll+1)
	for i := range many {
		many[i] = fmt.Sprintf("3304831990%08d", 90000+i)
	}
	_, err = f.svc.EnrollByIDNumbers(f.ctx, wzStaff, c.ID, many)
	wantErr(t, err, skillcert.ETOOLARGE, "一次最多批量报名 500 人（现为 501 人），请分批提交")
	_, err = f.svc.EnrollByIDNumbers(f.ctx, wzStaff, c.ID, []string{" ", ""})
	wantErr(t, err, skillcert.EINVALID, "请至少填写一名人员")
	_, err = f.svc.EnrollByIDNumbers(f.ctx, pyStaff, c.ID, numbers)
	wantErr(t, err, skillcert.ENOTFOUND, "课程不存在或不在您的管辖范围内")
	lines, err = f.svc.EnrollPeople(f.ctx, cityAdmin, c.ID, []string{other, other})
	if err != nil || len(lines) != 1 || lines[0].Outcome != courses.BulkWaitlisted || lines[0].Position != 2 {
		t.Fatalf("enroll by person ID: %+v, %v", lines, err)
	}
}

func TestCancellationRules(t *testing.T) {
	f := newFixture(t)
	c := f.published(wzStaff, func(in *courses.CourseInput) { in.Capacity = 1 })
	p, q := f.person("WZ", "WZ01"), f.person("WZ", "WZ01")
	f.ok(f.svc.Enroll(f.ctx, trainee(p), c.ID))
	f.ok(f.svc.Enroll(f.ctx, trainee(q), c.ID))
	d, err := f.svc.GetCourse(f.ctx, wzStaff, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Set(d.Sessions[0].Start)
	_, err = f.svc.CancelEnrollment(f.ctx, trainee(p), c.ID, p, "")
	wantErr(t, err, skillcert.ECONFLICT, "课程已开课，不能取消报名；如有特殊情况请联系主办单位")
	_, err = f.svc.CancelEnrollment(f.ctx, trainee(q), c.ID, p, "")
	wantErr(t, err, skillcert.ENOTFOUND, "未找到报名记录")
	// Staff may take someone off after the start; the seat is not refilled.
	if _, err := f.svc.CancelEnrollment(f.ctx, wzStaff, c.ID, p, "长期缺课"); err != nil {
		t.Fatal(err)
	}
	row, err := f.svc.MyEnrollment(f.ctx, trainee(q), c.ID)
	if err != nil || row.Status != courses.EnrollmentWaitlisted {
		t.Fatalf("waitlisted after a cancellation past the start: %+v, %v", row, err)
	}
	if got := f.get(c.ID); got.Enrolled != 0 || got.Waiting != 1 {
		t.Fatalf("counters: enrolled %d waiting %d", got.Enrolled, got.Waiting)
	}
	_, err = f.svc.CancelEnrollment(f.ctx, wzStaff, c.ID, p, strings.Repeat("很", 201))
	wantErr(t, err, skillcert.EINVALID, "原因不能超过 200 个字（现为 201 个字）")
}

func TestMyCoursesAndEnrollment(t *testing.T) {
	f := newFixture(t)
	a := f.published(wzStaff, func(in *courses.CourseInput) { in.Capacity = 1; in.Title = "甲班" })
	b := f.published(wzStaff, func(in *courses.CourseInput) { in.Title = "乙班" })
	other, p := f.person("WZ", "WZ01"), f.person("WZ", "WZ01")
	f.ok(f.svc.Enroll(f.ctx, trainee(other), a.ID))
	f.ok(f.svc.Enroll(f.ctx, trainee(p), a.ID))
	f.clock.Add(1e9)
	f.ok(f.svc.Enroll(f.ctx, trainee(p), b.ID))
	page, err := f.svc.MyCourses(f.ctx, trainee(p), skillcert.PageRequest{})
	if err != nil || page.Total != 2 || page.Items[0].Course.Title != "乙班" || page.Items[1].Position != 1 {
		t.Fatalf("my courses: %+v, %v", page, err)
	}
	row, err := f.svc.MyEnrollment(f.ctx, trainee(p), b.ID)
	if err != nil || row == nil || row.Status != courses.EnrollmentEnrolled {
		t.Fatalf("my enrollment: %+v, %v", row, err)
	}
	none, err := f.svc.MyEnrollment(f.ctx, trainee(f.person("WZ", "")), b.ID)
	if err != nil || none != nil {
		t.Fatalf("never enrolled: %+v, %v", none, err)
	}
	all, err := f.svc.ListEnrollments(f.ctx, wzStaff, a.ID, "", skillcert.PageRequest{})
	if err != nil || all.Total != 2 || all.Items[1].Position != 1 || all.Items[0].Position != 0 {
		t.Fatalf("enrollment list: %+v, %v", all, err)
	}
	_, err = f.svc.ListEnrollments(f.ctx, wzStaff, a.ID, "unknown", skillcert.PageRequest{})
	wantErr(t, err, skillcert.EINVALID, "报名状态“unknown”无效")
}
