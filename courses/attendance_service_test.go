package courses_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/audit"
	"skillcert/courses"
	"skillcert/store"
)

// marks reads a session's marks straight from the database, by person.
func (f *fixture) marks(sessionID string) map[string]courses.AttendanceRecord {
	f.t.Helper()
	var list []courses.AttendanceRecord
	if err := f.db.Collection(store.CollAttendance).Find(f.ctx, bson.D{{Key: "sessionId", Value: sessionID}}, &list); err != nil {
		f.t.Fatal(err)
	}
	out := map[string]courses.AttendanceRecord{}
	for _, r := range list {
		out[r.PersonID] = r
	}
	return out
}

// classOf publishes a course with one session on 2026-12-14 09:00–11:30
// (李老师) and enrolls n people; with extra, one more is waitlisted.
func classOf(f *fixture, n int, extra bool) (*courses.Course, *courses.Session, []string, string) {
	f.t.Helper()
	c := f.course(wzStaff, func(in *courses.CourseInput) { in.Capacity = n })
	ss := f.session(wzStaff, c.ID, sessionIn("2026-12-14", "09:00", "11:30", "t-li", "乌镇成校 305室"))
	f.ok(f.svc.TransitionCourse(f.ctx, wzStaff, c.ID, courses.StatusPublished))
	var people []string
	for range n {
		p := f.person("WZ", "WZ01")
		people = append(people, p)
		f.ok(f.svc.Enroll(f.ctx, trainee(p), c.ID))
	}
	waiting := ""
	if extra {
		waiting = f.person("WZ", "WZ01")
		f.ok(f.svc.Enroll(f.ctx, trainee(waiting), c.ID))
	}
	return c, ss, people, waiting
}

func TestRollCall(t *testing.T) {
	f := newFixture(t)
	_, ss, ps, waiting := classOf(f, 3, true)
	a, b, c := ps[0], ps[1], ps[2]
	roll := []courses.MarkInput{
		{PersonID: a, Mark: courses.MarkPresent},
		{PersonID: b, Mark: courses.MarkLate, Reason: "堵车"},
		{PersonID: c, Mark: courses.MarkExcused, Reason: "生病"},
	}
	f.clock.Set(at(t, "2026-12-14 08:00"))
	_, err := f.svc.RollCall(f.ctx, teacherLi, ss.ID, roll)
	wantErr(t, err, skillcert.ECONFLICT, "课次尚未开始，2026-12-14 08:45 起可以点名")
	f.clock.Set(at(t, "2026-12-14 09:10"))
	_, err = f.svc.RollCall(f.ctx, teacherWu, ss.ID, roll)
	wantErr(t, err, skillcert.ENOTFOUND, "课次不存在或不在您的管辖范围内")
	_, err = f.svc.RollCall(f.ctx, teacherLi, ss.ID, []courses.MarkInput{{PersonID: waiting, Mark: courses.MarkPresent}})
	wantErr(t, err, skillcert.EINVALID, "第 1 行：该学员未录取本课程")
	_, err = f.svc.RollCall(f.ctx, teacherLi, ss.ID, []courses.MarkInput{{PersonID: a, Mark: courses.MarkPresent}, {PersonID: c, Mark: courses.MarkExcused}})
	wantErr(t, err, skillcert.EINVALID, "第 2 行：请假须填写原因")
	if len(f.marks(ss.ID)) != 0 {
		t.Fatal("a refused roll call wrote marks")
	}
	res, err := f.svc.RollCall(f.ctx, teacherLi, ss.ID, roll)
	if err != nil || *res != (courses.RollCallResult{Changed: 3}) {
		t.Fatalf("first roll call: %+v, %v", res, err)
	}
	res, err = f.svc.RollCall(f.ctx, teacherLi, ss.ID, roll)
	if err != nil || *res != (courses.RollCallResult{Unchanged: 3}) {
		t.Fatalf("same roll again: %+v, %v", res, err)
	}
	// After the session only staff may change a mark, and it is audited.
	f.clock.Set(at(t, "2026-12-14 12:00"))
	fix := []courses.MarkInput{{PersonID: c, Mark: courses.MarkAbsent}}
	_, err = f.svc.RollCall(f.ctx, teacherLi, ss.ID, fix)
	wantErr(t, err, skillcert.EFORBIDDEN, "课次已结束，修改出勤记录须由主办单位工作人员操作")
	res, err = f.svc.RollCall(f.ctx, wzStaff, ss.ID, fix)
	if err != nil || *res != (courses.RollCallResult{Changed: 1, Corrected: 1}) {
		t.Fatalf("staff correction: %+v, %v", res, err)
	}
	rec := f.marks(ss.ID)[c]
	if rec.Mark != courses.MarkAbsent || !rec.Corrected || rec.MarkedBy != "wz1" || len(rec.History) != 2 ||
		rec.History[0].Mark != courses.MarkExcused || rec.History[0].MarkedBy != "t-li" || rec.History[0].Reason != "生病" {
		t.Fatalf("corrected record: %+v", rec)
	}
	if f.auditCount("attendance.correct", audit.ResultOK) != 1 || f.auditCount("attendance.correct", audit.ResultDenied) != 1 {
		t.Fatal("corrections not audited")
	}
	sheet, err := f.svc.SessionRoll(f.ctx, teacherLi, ss.ID)
	if err != nil || len(sheet.Entries) != 3 || sheet.CanCorrect || sheet.Entries[1].Record.Mark != courses.MarkLate {
		t.Fatalf("roll sheet for the instructor: %+v, %v", sheet, err)
	}
	if sheet, err := f.svc.SessionRoll(f.ctx, wzStaff, ss.ID); err != nil || !sheet.CanCorrect {
		t.Fatalf("roll sheet for staff: %v", err)
	}
}

func TestSelfCheckin(t *testing.T) {
	f := newFixture(t)
	c, ss, ps, waiting := classOf(f, 6, true)
	other := f.session(wzStaff, c.ID, sessionIn("2026-12-15", "09:00", "11:30", "t-li", "乌镇成校 305室"))
	stranger := f.person("WZ", "WZ01")
	code := func(sessionID, when string) string {
		return courses.CheckinCode(secret, sessionID, at(t, when), 30*time.Second, 6)
	}
	wrong := func(sessionID, when string) string {
		if code(sessionID, when) == "000000" {
			return "000001"
		}
		return "000000"
	}
	// ps[5] was marked absent by the roll before arriving.
	f.clock.Set(at(t, "2026-12-14 09:00"))
	f.ok(f.svc.RollCall(f.ctx, teacherLi, ss.ID, []courses.MarkInput{{PersonID: ps[5], Mark: courses.MarkAbsent}}))

	cases := []struct {
		name    string
		actor   *skillcert.Actor
		session string
		now     string
		code    string
		errCode string
		msg     string
		mark    courses.Mark
		already bool
	}{
		{"on time", trainee(ps[0]), ss.ID, "2026-12-14 09:05", code(ss.ID, "2026-12-14 09:05"), "", "签到成功", courses.MarkPresent, false},
		{"twice", trainee(ps[0]), ss.ID, "2026-12-14 09:06", code(ss.ID, "2026-12-14 09:06"), "", "您已签到（出勤），无需重复签到", courses.MarkPresent, true},
		{"previous code still accepted", trainee(ps[1]), ss.ID, "2026-12-14 09:05:40", code(ss.ID, "2026-12-14 09:05"), "", "签到成功", courses.MarkPresent, false},
		{"late", trainee(ps[2]), ss.ID, "2026-12-14 09:20", code(ss.ID, "2026-12-14 09:20"), "", "签到成功（迟到）", courses.MarkLate, false},
		{"after being marked absent", trainee(ps[5]), ss.ID, "2026-12-14 09:07", code(ss.ID, "2026-12-14 09:07"), "", "签到成功", courses.MarkPresent, false},
		{"wrong code", trainee(ps[3]), ss.ID, "2026-12-14 09:05", wrong(ss.ID, "2026-12-14 09:05"), skillcert.EINVALID, "签到码错误", "", false},
		{"expired code", trainee(ps[3]), ss.ID, "2026-12-14 09:20", code(ss.ID, "2026-12-14 09:05"), skillcert.EINVALID, "签到码已过期，请查看最新签到码", "", false},
		{"another session's code", trainee(ps[3]), ss.ID, "2026-12-14 09:05", code(other.ID, "2026-12-14 09:05"), skillcert.EINVALID, "签到码错误", "", false},
		{"too early", trainee(ps[3]), ss.ID, "2026-12-14 08:40", code(ss.ID, "2026-12-14 08:40"), skillcert.EINVALID, "不在签到时间内（本课次签到时间为 08:45–11:30）", "", false},
		{"after the end", trainee(ps[3]), ss.ID, "2026-12-14 11:30", code(ss.ID, "2026-12-14 11:30"), skillcert.EINVALID, "不在签到时间内（本课次签到时间为 08:45–11:30）", "", false},
		{"future session", trainee(ps[3]), other.ID, "2026-12-14 09:05", code(other.ID, "2026-12-14 09:05"), skillcert.EINVALID, "不在签到时间内（本课次签到时间为 2026-12-15 08:45–11:30）", "", false},
		{"not enrolled", trainee(stranger), ss.ID, "2026-12-14 09:05", code(ss.ID, "2026-12-14 09:05"), skillcert.EFORBIDDEN, "您未报名该课程，不能签到", "", false},
		{"waitlisted", trainee(waiting), ss.ID, "2026-12-14 09:05", code(ss.ID, "2026-12-14 09:05"), skillcert.EFORBIDDEN, "您在候补名单中，尚未录取，不能签到", "", false},
		{"staff account", wzStaff, ss.ID, "2026-12-14 09:05", code(ss.ID, "2026-12-14 09:05"), skillcert.EFORBIDDEN, "只有已关联人员信息的学员账号可以签到", "", false},
		{"no such session", trainee(ps[3]), "nope", "2026-12-14 09:05", "123456", skillcert.ENOTFOUND, "课次不存在", "", false},
	}
	for _, c := range cases {
		layout := "2006-01-02 15:04:05"
		if len(c.now) == len("2006-01-02 15:04") {
			c.now += ":00"
		}
		now, _ := time.ParseInLocation(layout, c.now, cst)
		f.clock.Set(now)
		before := f.marks(ss.ID)
		res, err := f.svc.SelfCheckin(f.ctx, c.actor, c.session, c.code)
		if c.errCode != "" {
			wantErr(t, err, c.errCode, c.msg)
			if after := f.marks(ss.ID); len(after) != len(before) || after[ps[3]].Mark != before[ps[3]].Mark {
				t.Errorf("%s: the roll changed", c.name)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if res.Mark != c.mark || res.Already != c.already || res.Message != c.msg {
			t.Errorf("%s: %+v", c.name, res)
		}
		if rec := f.marks(ss.ID)[strings.TrimPrefix(c.actor.PersonID, "")]; rec.Mark != c.mark || rec.Source != courses.SourceSelfCheckin && !c.already {
			t.Errorf("%s: record %+v", c.name, rec)
		}
	}
	if rec := f.marks(ss.ID)[ps[0]]; len(rec.History) != 1 {
		t.Errorf("a repeated check-in wrote history: %+v", rec.History)
	}
	if rec := f.marks(ss.ID)[ps[5]]; len(rec.History) != 2 || rec.History[0].Source != courses.SourceRollCall {
		t.Errorf("absent then checked in: %+v", rec.History)
	}

	// Throttle: the 2 wrong codes above count (the expired and
	// out-of-window ones do not); 3 more lock ps[3] out of this session
	// until 10 minutes after the first, even with the right code.
	f.clock.Set(at(t, "2026-12-14 09:08"))
	for range 3 {
		_, err := f.svc.SelfCheckin(f.ctx, trainee(ps[3]), ss.ID, wrong(ss.ID, "2026-12-14 09:08"))
		wantErr(t, err, skillcert.EINVALID, "签到码错误")
	}
	_, err := f.svc.SelfCheckin(f.ctx, trainee(ps[3]), ss.ID, code(ss.ID, "2026-12-14 09:08"))
	wantErr(t, err, skillcert.ERATELIMITED, "签到码错误次数过多，请 7 分钟后再试")
	if _, ok := f.marks(ss.ID)[ps[3]]; ok {
		t.Fatal("a throttled trainee was marked")
	}
	// Others are not throttled by ps[3]'s guesses.
	if res, err := f.svc.SelfCheckin(f.ctx, trainee(ps[4]), ss.ID, code(ss.ID, "2026-12-14 09:08")); err != nil || res.Mark != courses.MarkPresent {
		t.Fatalf("another trainee: %+v, %v", res, err)
	}
	f.clock.Set(at(t, "2026-12-14 09:15"))
	res, err := f.svc.SelfCheckin(f.ctx, trainee(ps[3]), ss.ID, code(ss.ID, "2026-12-14 09:15"))
	if err != nil || res.Mark != courses.MarkLate {
		t.Fatalf("after the window: %+v, %v", res, err)
	}
	if n, err := f.svc.PurgeExpired(f.ctx); err != nil || n != 0 {
		t.Fatalf("purge inside the window: %d, %v", n, err)
	}
	f.clock.Add(courses.CheckinThrottleWindow)
	if n, err := f.svc.PurgeExpired(f.ctx); err != nil || n != 1 {
		t.Fatalf("purge after the window: %d, %v", n, err)
	}
	disp, err := f.svc.SessionCheckinCode(f.ctx, teacherLi, ss.ID)
	if err != nil || disp.Code != code(ss.ID, "2026-12-14 09:25") || disp.Open != true {
		t.Fatalf("code display: %+v, %v", disp, err)
	}
	_, err = f.svc.SessionCheckinCode(f.ctx, teacherWu, ss.ID)
	wantErr(t, err, skillcert.ENOTFOUND, "")
}

// TestConcurrentCheckins: 200 trainees check in to one session at once →
// 200 present, none lost.
func TestConcurrentCheckins(t *testing.T) {
	t.Run("local", func(t *testing.T) { checkinScenario(t, newFixture(t), 200) })
	t.Run("filter", func(t *testing.T) {
		f := newFixture(t)
		courses.SetLocalCAS(f.svc, false)
		checkinScenario(t, f, 40)
	})
}

func checkinScenario(t *testing.T, f *fixture, n int) {
	c := f.course(wzStaff, func(in *courses.CourseInput) { in.Capacity = n })
	ss := f.session(wzStaff, c.ID, sessionIn("2026-12-14", "09:00", "11:30", "t-li", "乌镇成校 305室"))
	f.ok(f.svc.TransitionCourse(f.ctx, wzStaff, c.ID, courses.StatusPublished))
	// The enrollments are written directly: this test is about check-in.
	people := make([]string, n)
	docs := make([]any, n)
	now := f.clock.Now().UTC()
	for i := range people {
		people[i] = f.person("WZ", "WZ01")
		docs[i] = courses.Enrollment{ID: courses.EnrollmentID(c.ID, people[i]), CourseID: c.ID, PersonID: people[i],
			Status: courses.EnrollmentEnrolled, Attempt: "a", CreatedAt: now, UpdatedAt: now, EnrolledAt: now}
	}
	if _, err := f.db.Collection(store.CollEnrollments).InsertMany(f.ctx, docs); err != nil {
		t.Fatal(err)
	}
	f.clock.Set(at(t, "2026-12-14 09:02"))
	code := courses.CheckinCode(secret, ss.ID, at(t, "2026-12-14 09:02"), 30*time.Second, 6)
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, n)
	for i := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			var res *courses.CheckinResult
			res, errs[i] = f.svc.SelfCheckin(f.ctx, trainee(people[i]), ss.ID, code)
			if errs[i] == nil && (res.Mark != courses.MarkPresent || res.Already) {
				t.Errorf("%s: %+v", people[i], res)
			}
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("%s: %v", people[i], err)
		}
	}
	marks := f.marks(ss.ID)
	if len(marks) != n {
		t.Fatalf("%d marks, want %d", len(marks), n)
	}
	for _, p := range people {
		if marks[p].Mark != courses.MarkPresent {
			t.Fatalf("%s: %q", p, marks[p].Mark)
		}
	}
}

func TestScoresAndCompletion(t *testing.T) {
	f := newFixture(t)
	plain := f.published(wzStaff)
	c := f.course(wzStaff, func(in *courses.CourseInput) { in.PassScore = ptr(60); in.Capacity = 4 })
	var sessions []*courses.Session
	for d := 14; d <= 18; d++ {
		day := at(t, "2026-12-01 00:00").AddDate(0, 0, d-1).Format("2006-01-02")
		sessions = append(sessions, f.session(wzStaff, c.ID, sessionIn(day, "14:00", "16:30", "t-li", "乌镇成校 305室")))
	}
	f.ok(f.svc.TransitionCourse(f.ctx, wzStaff, c.ID, courses.StatusPublished))
	var ps []string
	for range 4 {
		p := f.person("WZ", "WZ01")
		ps = append(ps, p)
		f.ok(f.svc.Enroll(f.ctx, trainee(p), c.ID))
	}
	a, b, cc, d := ps[0], ps[1], ps[2], ps[3]
	// Nothing held yet: no one can complete.
	standing, err := f.svc.MyAttendance(f.ctx, trainee(a), c.ID)
	if err != nil || standing.Standing.Reason != "尚无已结束的课次，暂不能评定结业" {
		t.Fatalf("before the first session: %+v, %v", standing, err)
	}
	marks := map[string][]courses.Mark{
		a:  {"present", "present", "present", "present", "absent"}, // 80% exactly
		b:  {"present", "present", "present", "late", "excused"},   // 80%, score below
		cc: {"present", "present", "present", "absent", "absent"},  // 60%, no score
		d:  {"present", "late", "present", "present", "absent"},    // 80%, score exactly 60
	}
	for i, ss := range sessions {
		f.clock.Set(ss.End.Add(time.Minute))
		var roll []courses.MarkInput
		for _, p := range ps {
			roll = append(roll, courses.MarkInput{PersonID: p, Mark: marks[p][i], Reason: map[bool]string{true: "事假"}[marks[p][i] == courses.MarkExcused]})
		}
		f.ok(f.svc.RollCall(f.ctx, wzStaff, ss.ID, roll))
	}
	_, err = f.svc.SetScores(f.ctx, wzStaff, c.ID, []courses.ScoreInput{{PersonID: a, Score: ptr(101)}})
	wantErr(t, err, skillcert.EINVALID, "第 1 行：考核成绩应为 0 到 100 之间的整数（现为 101）")
	_, err = f.svc.SetScores(f.ctx, wzStaff, c.ID, []courses.ScoreInput{{PersonID: "nobody", Score: ptr(80)}})
	wantErr(t, err, skillcert.EINVALID, "第 1 行：该学员未录取本课程")
	_, err = f.svc.SetScores(f.ctx, teacherWu, c.ID, []courses.ScoreInput{{PersonID: a, Score: ptr(80)}})
	wantErr(t, err, skillcert.ENOTFOUND, "")
	n, err := f.svc.SetScores(f.ctx, teacherLi, c.ID, []courses.ScoreInput{{PersonID: a, Score: ptr(75)}, {PersonID: b, Score: ptr(59)}, {PersonID: d, Score: ptr(60)}})
	if err != nil || n != 3 {
		t.Fatalf("scores: %d, %v", n, err)
	}
	if n, err := f.svc.SetScores(f.ctx, teacherLi, c.ID, []courses.ScoreInput{{PersonID: a, Score: ptr(75)}}); err != nil || n != 0 {
		t.Fatalf("same score again: %d, %v", n, err)
	}
	_, err = f.svc.EvaluateCourse(f.ctx, teacherLi, c.ID)
	wantErr(t, err, skillcert.ENOTFOUND, "")
	results, err := f.svc.EvaluateCourse(f.ctx, wzStaff, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		a:  "",
		b:  "考核成绩 59 分，低于 60 分的合格线",
		cc: "出勤率 60%，低于 80% 的结业要求；尚未录入考核成绩",
		d:  "",
	}
	for _, e := range results {
		if e.Completion == nil || e.Completion.Reason != want[e.PersonID] || e.Completion.Completed != (want[e.PersonID] == "") {
			t.Errorf("%s: %+v", e.PersonID, e.Completion)
		}
	}
	for _, e := range f.enrollments(c.ID) {
		if e.Completion == nil || e.Completion.Reason != want[e.PersonID] || e.EvaluatedAt.IsZero() {
			t.Errorf("stored %s: %+v", e.PersonID, e.Completion)
		}
	}
	mine, err := f.svc.MyAttendance(f.ctx, trainee(cc), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(mine.Sessions) != 5 || mine.Sessions[3].Mark != courses.MarkAbsent || !mine.Sessions[4].Held ||
		mine.Standing.AttendanceText() != "60%" || mine.Rule != "出勤率不低于 80%（请假计为缺勤）；考核成绩不低于 60 分" {
		t.Fatalf("my attendance: %+v", mine)
	}
	_, err = f.svc.PersonAttendance(f.ctx, trainee(a), c.ID, cc)
	wantErr(t, err, skillcert.ENOTFOUND, "")
	if _, err := f.svc.PersonAttendance(f.ctx, teacherLi, c.ID, cc); err != nil {
		t.Fatalf("instructor reads a trainee's attendance: %v", err)
	}
	// A course without a pass score takes no scores.
	_, err = f.svc.SetScores(f.ctx, wzStaff, plain.ID, []courses.ScoreInput{{PersonID: a, Score: ptr(80)}})
	wantErr(t, err, skillcert.ECONFLICT, "该课程未设合格分数线，无需录入考核成绩")
}

func ptr[T any](v T) *T { return &v }
