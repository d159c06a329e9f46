package main

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/auth"
	"skillcert/courses"
)

// manageCoursesPage is the staff's (or the instructor's) course list.
type manageCoursesPage struct {
	Page      skillcert.Page[courseCard]
	Pager     pager
	CanCreate bool
	Statuses  []option
	Status    string
}

func (a *App) pageManageCourses(c *fiber.Ctx) error {
	actor := actorOf(c)
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	f := courses.CourseFilter{Status: courses.Status(c.Query("status"))}
	res, err := a.Courses.ListCourses(c.UserContext(), actor, f, page)
	if err != nil {
		return err
	}
	cards := a.courseCards(res)
	statuses := []option{{"", "全部状态"}}
	for _, s := range []courses.Status{courses.StatusDraft, courses.StatusPublished, courses.StatusInProgress, courses.StatusCompleted, courses.StatusCancelled} {
		statuses = append(statuses, option{string(s), s.Label()})
	}
	title := "课程管理"
	if actor.Role == skillcert.RoleInstructor {
		title = "我的授课"
	}
	return a.render(c, "pages/courses_manage", title, "courses-manage", manageCoursesPage{Page: cards,
		Pager: newPager(c, cards.Page, cards.Pages()), CanCreate: auth.Allowed(actor, auth.PermCoursesManage),
		Statuses: statuses, Status: string(f.Status)})
}

// courseEditorPage is the course editor with its sessions.
type courseEditorPage struct {
	Detail      *courses.CourseDetail
	Card        courseCard
	New         bool
	Editable    bool // the course's own fields may change
	CanManage   bool
	Types       []option
	Levels      []option
	Groups      []option
	Selected    map[string]bool
	Next        []option
	Instructors []option
	Now         time.Time
}

const formMinute = "2006-01-02T15:04"

func courseForm(co *courses.Course) map[string]string {
	m := map[string]string{"residency": "city", "minAttendancePercent": "80", "excusedCountsAs": "absent", "type": "vocational"}
	if co == nil {
		return m
	}
	m["title"], m["type"], m["trade"], m["level"] = co.Title, string(co.Type), co.Trade, string(co.Level)
	m["residency"], m["capacity"] = string(co.Residency), strconv.Itoa(co.Capacity)
	m["enrollOpens"], m["enrollCloses"] = co.EnrollOpens.In(shanghai).Format(formMinute), co.EnrollCloses.In(shanghai).Format(formMinute)
	m["classHours"], m["minAttendancePercent"] = strconv.Itoa(co.ClassHours), strconv.Itoa(co.Completion.MinAttendancePercent)
	if co.Completion.PassScore != nil {
		m["passScore"] = strconv.Itoa(*co.Completion.PassScore)
	}
	m["excusedCountsAs"] = string(co.Completion.ExcusedCountsAs)
	m["certificateValidityMonths"] = strconv.Itoa(co.CertificateValidityMonths)
	m["description"] = co.Description
	return m
}

// parseCourseForm reads the editor's form into a course input.
func parseCourseForm(c *fiber.Ctx) (courses.CourseInput, map[string]string, error) {
	form := map[string]string{}
	for _, k := range []string{"title", "type", "trade", "level", "residency", "capacity", "enrollOpens", "enrollCloses",
		"classHours", "minAttendancePercent", "passScore", "excusedCountsAs", "certificateValidityMonths", "description"} {
		form[k] = strings.TrimSpace(c.FormValue(k))
	}
	in := courses.CourseInput{Title: form["title"], Type: courses.Type(form["type"]), Trade: form["trade"],
		Level: courses.Level(form["level"]), Residency: courses.Residency(form["residency"]), Description: form["description"],
		ExcusedCountsAs: courses.ExcusedRule(form["excusedCountsAs"])}
	if mf, err := c.MultipartForm(); err == nil && mf != nil {
		in.TargetGroups = mf.Value["targetGroups"]
	} else {
		c.Context().PostArgs().VisitAll(func(k, v []byte) {
			if string(k) == "targetGroups" {
				in.TargetGroups = append(in.TargetGroups, string(v))
			}
		})
	}
	num := func(key, label string, dst *int) error {
		if form[key] == "" {
			return nil
		}
		n, err := strconv.Atoi(form[key])
		if err != nil {
			return skillcert.Invalid(key, "%s应为整数（现为“%s”）", label, form[key])
		}
		*dst = n
		return nil
	}
	for _, f := range []struct {
		key, label string
		dst        *int
	}{{"capacity", "招生人数", &in.Capacity}, {"classHours", "总课时", &in.ClassHours}, {"minAttendancePercent", "出勤率要求", &in.MinAttendancePercent}} {
		if err := num(f.key, f.label, f.dst); err != nil {
			return in, form, err
		}
	}
	if form["passScore"] != "" {
		var n int
		if err := num("passScore", "合格分数线", &n); err != nil {
			return in, form, err
		}
		in.PassScore = &n
	}
	if form["certificateValidityMonths"] != "" {
		var n int
		if err := num("certificateValidityMonths", "证书有效期", &n); err != nil {
			return in, form, err
		}
		in.CertificateValidityMonths = &n
	}
	for _, f := range []struct {
		key, label string
		dst        *time.Time
	}{{"enrollOpens", "报名开始时间", &in.EnrollOpens}, {"enrollCloses", "报名截止时间", &in.EnrollCloses}} {
		if form[f.key] == "" {
			return in, form, skillcert.Invalid(f.key, "请填写%s", f.label)
		}
		t, err := time.ParseInLocation(formMinute, form[f.key], shanghai)
		if err != nil {
			return in, form, skillcert.Invalid(f.key, "%s格式不正确（应为 2026-03-01T09:00）", f.label)
		}
		*f.dst = t
	}
	return in, form, nil
}

func (a *App) editorPage(c *fiber.Ctx, d *courses.CourseDetail) *courseEditorPage {
	p := &courseEditorPage{Detail: d, Types: typeOptions(), Levels: levelOptions(), Groups: groupOptions,
		Selected: map[string]bool{}, New: d == nil, Now: a.Courses.Now()}
	actor := actorOf(c)
	if d == nil {
		p.Editable, p.CanManage = true, true
	} else {
		p.Card = a.courseCard(d.Course, a.Courses.Now())
		p.CanManage = d.CanManage
		p.Editable = d.CanManage && (d.Course.Status == courses.StatusDraft || d.Course.Status == courses.StatusPublished)
		for _, g := range d.Course.TargetGroups {
			p.Selected[g] = true
		}
		if d.CanManage {
			for _, s := range courses.NextStatuses(d.Course.Status) {
				p.Next = append(p.Next, option{string(s), statusAction(s)})
			}
		}
	}
	if p.CanManage {
		list, err := a.Auth.ListAccounts(c.UserContext(), actor, auth.AccountFilter{Role: skillcert.RoleInstructor},
			skillcert.PageRequest{Page: 1, Size: skillcert.MaxPageSize})
		if err == nil {
			for _, acc := range list.Items {
				if !acc.Disabled {
					p.Instructors = append(p.Instructors, option{acc.ID, acc.Name + "（" + acc.Username + "）"})
				}
			}
		}
	}
	return p
}

// statusAction is the button that moves a course to status s.
func statusAction(s courses.Status) string {
	switch s {
	case courses.StatusPublished:
		return "发布课程（开放报名）"
	case courses.StatusInProgress:
		return "开课"
	case courses.StatusCompleted:
		return "结业并评定"
	case courses.StatusCancelled:
		return "取消课程"
	}
	return s.Label()
}

func (a *App) pageNewCourse(c *fiber.Ctx) error {
	v := a.view(c, "新建课程", "courses-manage", a.editorPage(c, nil))
	v.Form = courseForm(nil)
	return a.renderView(c, "pages/courses_editor", v)
}

func (a *App) pageCreateCourse(c *fiber.Ctx) error {
	in, form, err := parseCourseForm(c)
	var co *courses.Course
	if err == nil {
		co, err = a.Courses.CreateCourse(c.UserContext(), actorOf(c), in)
	}
	if err != nil {
		if !userFacing(err) {
			return err
		}
		p := a.editorPage(c, nil)
		for _, g := range in.TargetGroups {
			p.Selected[g] = true
		}
		v := a.view(c, "新建课程", "courses-manage", p)
		v.Form = form
		formErrors(v, err)
		c.Status(statusOf[skillcert.ErrorCode(err)])
		return a.renderView(c, "pages/courses_editor", v)
	}
	return a.redirectWithFlash(c, managePath(co.ID), "ok", "课程已创建（草稿），请安排课次后发布")
}

func managePath(id string) string { return "/manage/courses/" + url.PathEscape(id) }

func (a *App) pageEditCourse(c *fiber.Ctx) error {
	d, err := a.Courses.GetCourse(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	if !d.CanManage {
		// An instructor sees the course they teach; others are told it
		// is not theirs.
		if _, err := a.Courses.ListEnrollments(c.UserContext(), actorOf(c), d.Course.ID, courses.EnrollmentEnrolled,
			skillcert.PageRequest{Page: 1, Size: 1}); err != nil {
			return err
		}
	}
	v := a.view(c, d.Course.Title, "courses-manage", a.editorPage(c, d))
	v.Form = courseForm(&d.Course)
	return a.renderView(c, "pages/courses_editor", v)
}

func (a *App) pageUpdateCourse(c *fiber.Ctx) error {
	id := c.Params("id")
	in, form, err := parseCourseForm(c)
	if err == nil {
		_, err = a.Courses.UpdateCourse(c.UserContext(), actorOf(c), id, in)
	}
	if err != nil {
		if !userFacing(err) {
			return err
		}
		d, gerr := a.Courses.GetCourse(c.UserContext(), actorOf(c), id)
		if gerr != nil {
			return gerr
		}
		v := a.view(c, d.Course.Title, "courses-manage", a.editorPage(c, d))
		v.Form = form
		formErrors(v, err)
		c.Status(statusOf[skillcert.ErrorCode(err)])
		return a.renderView(c, "pages/courses_editor", v)
	}
	return a.redirectWithFlash(c, managePath(id), "ok", "课程信息已保存")
}

func (a *App) pageCourseStatus(c *fiber.Ctx) error {
	id := c.Params("id")
	co, err := a.Courses.TransitionCourse(c.UserContext(), actorOf(c), id, courses.Status(c.FormValue("status")))
	if err != nil {
		if userFacing(err) {
			return a.redirectWithFlash(c, managePath(id), "error", skillcert.ErrorMessage(err))
		}
		return err
	}
	return a.redirectWithFlash(c, managePath(id), "ok", "课程状态已变更为“"+co.Status.Label()+"”")
}

func (a *App) pageAddSession(c *fiber.Ctx) error {
	id := c.Params("id")
	hours, _ := strconv.Atoi(strings.TrimSpace(c.FormValue("hours")))
	in := courses.SessionInput{Date: c.FormValue("date"), StartTime: c.FormValue("startTime"), EndTime: c.FormValue("endTime"),
		Venue: c.FormValue("venue"), InstructorID: c.FormValue("instructorId"), Topic: c.FormValue("topic"), Hours: hours}
	if _, err := a.Courses.AddSession(c.UserContext(), actorOf(c), id, in); err != nil {
		if userFacing(err) {
			return a.redirectWithFlash(c, managePath(id)+"#sessions", "error", "课次未添加："+skillcert.ErrorMessage(err))
		}
		return err
	}
	return a.redirectWithFlash(c, managePath(id)+"#sessions", "ok", "课次已添加")
}

func (a *App) pageDeleteSession(c *fiber.Ctx) error {
	back := c.FormValue("course")
	if err := a.Courses.DeleteSession(c.UserContext(), actorOf(c), c.Params("id")); err != nil {
		if userFacing(err) && back != "" {
			return a.redirectWithFlash(c, managePath(back), "error", skillcert.ErrorMessage(err))
		}
		return err
	}
	if back == "" {
		return a.redirectWithFlash(c, "/manage/courses", "ok", "课次已删除")
	}
	return a.redirectWithFlash(c, managePath(back)+"#sessions", "ok", "课次已删除")
}

// enrollmentsPage is a course's enrollment list and waitlist.
type enrollmentsPage struct {
	Detail    *courses.CourseDetail
	Card      courseCard
	Enrolled  skillcert.Page[courses.EnrollmentRow]
	Waitlist  skillcert.Page[courses.EnrollmentRow]
	Pager     pager
	CanBulk   bool
	CanCancel bool
}

func (a *App) pageEnrollments(c *fiber.Ctx) error {
	ctx, actor, id := c.UserContext(), actorOf(c), c.Params("id")
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	enrolled, err := a.Courses.ListEnrollments(ctx, actor, id, courses.EnrollmentEnrolled, page)
	if err != nil {
		return err
	}
	waitlist, err := a.Courses.ListEnrollments(ctx, actor, id, courses.EnrollmentWaitlisted, skillcert.PageRequest{Page: 1, Size: skillcert.MaxPageSize})
	if err != nil {
		return err
	}
	d, err := a.Courses.GetCourse(ctx, actor, id)
	if err != nil {
		return err
	}
	p := enrollmentsPage{Detail: d, Card: a.courseCard(d.Course, a.Courses.Now()), Enrolled: enrolled, Waitlist: waitlist,
		Pager: newPager(c, enrolled.Page, enrolled.Pages()), CanCancel: d.CanManage && d.Course.Status.Active(),
		CanBulk: d.CanManage && d.Course.Status == courses.StatusPublished}
	return a.render(c, "pages/courses_enrollments", d.Course.Title+" · 报名名单", "courses-manage", p)
}

func (a *App) pageCancelEnrollment(c *fiber.Ctx) error {
	id := c.Params("id")
	back := "/manage/courses/" + url.PathEscape(id) + "/enrollments"
	if _, err := a.Courses.CancelEnrollment(c.UserContext(), actorOf(c), id, c.Params("personId"), c.FormValue("reason")); err != nil {
		if userFacing(err) {
			return a.redirectWithFlash(c, back, "error", skillcert.ErrorMessage(err))
		}
		return err
	}
	return a.redirectWithFlash(c, back, "ok", "已取消该学员的报名")
}

// resultsPage is a course's enrolled people with scores and completion.
type resultsPage struct {
	Detail      *courses.CourseDetail
	Rows        []courses.EnrollmentRow
	Completed   int
	CanEvaluate bool
	HasScore    bool
}

func (a *App) resultsData(c *fiber.Ctx) (*resultsPage, error) {
	ctx, actor, id := c.UserContext(), actorOf(c), c.Params("id")
	d, err := a.Courses.GetCourse(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	p := &resultsPage{Detail: d, CanEvaluate: d.CanManage && d.Course.Status != courses.StatusDraft && d.Course.Status != courses.StatusCancelled,
		HasScore: d.Course.Completion.PassScore != nil}
	for page := 1; ; page++ {
		res, err := a.Courses.ListEnrollments(ctx, actor, id, courses.EnrollmentEnrolled, skillcert.PageRequest{Page: page, Size: skillcert.MaxPageSize})
		if err != nil {
			return nil, err
		}
		p.Rows = append(p.Rows, res.Items...)
		if page >= res.Pages() {
			break
		}
	}
	for _, r := range p.Rows {
		if r.Completion != nil && r.Completion.Completed {
			p.Completed++
		}
	}
	return p, nil
}

func (a *App) pageResults(c *fiber.Ctx) error {
	p, err := a.resultsData(c)
	if err != nil {
		return err
	}
	return a.render(c, "pages/courses_results", p.Detail.Course.Title+" · 结业情况", "courses-manage", p)
}

func (a *App) pageEvaluate(c *fiber.Ctx) error {
	id := c.Params("id")
	back := "/manage/courses/" + url.PathEscape(id) + "/results"
	list, err := a.Courses.EvaluateCourse(c.UserContext(), actorOf(c), id)
	if err != nil {
		if userFacing(err) {
			return a.redirectWithFlash(c, back, "error", skillcert.ErrorMessage(err))
		}
		return err
	}
	done := 0
	for _, e := range list {
		if e.Completion != nil && e.Completion.Completed {
			done++
		}
	}
	return a.redirectWithFlash(c, back, "ok", fmt.Sprintf("已评定 %d 人，其中 %d 人结业", len(list), done))
}

func (a *App) pageScores(c *fiber.Ctx) error {
	p, err := a.resultsData(c)
	if err != nil {
		return err
	}
	return a.render(c, "pages/courses_scores", p.Detail.Course.Title+" · 成绩录入", "courses-manage", p)
}

func (a *App) pageScoresSubmit(c *fiber.Ctx) error {
	id := c.Params("id")
	back := "/manage/courses/" + url.PathEscape(id) + "/scores"
	var lines []courses.ScoreInput
	var bad error
	c.Context().PostArgs().VisitAll(func(k, v []byte) {
		pid, ok := strings.CutPrefix(string(k), "score_")
		if !ok || bad != nil {
			return
		}
		line := courses.ScoreInput{PersonID: pid}
		if s := strings.TrimSpace(string(v)); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				bad = skillcert.Invalid("score", "成绩“%s”应为 0–100 的整数", s)
				return
			}
			line.Score = &n
		}
		lines = append(lines, line)
	})
	if bad != nil {
		return a.redirectWithFlash(c, back, "error", skillcert.ErrorMessage(bad))
	}
	n, err := a.Courses.SetScores(c.UserContext(), actorOf(c), id, lines)
	if err != nil {
		if userFacing(err) {
			return a.redirectWithFlash(c, back, "error", skillcert.ErrorMessage(err))
		}
		return err
	}
	return a.redirectWithFlash(c, back, "ok", fmt.Sprintf("已保存 %d 人的成绩", n))
}
