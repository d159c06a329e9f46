package main

import (
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/courses"
	"skillcert/orgs"
)

// coursesNav is each role's menu items of the courses.
func coursesNav(r skillcert.Role) []navItem {
	switch r {
	case skillcert.RoleCityAdmin, skillcert.RoleTownStaff:
		return []navItem{{Key: "courses-manage", Label: "课程管理", Href: "/manage/courses", Hint: "开设课程、安排课次、报名与考勤"},
			{Key: "courses", Label: "课程目录", Href: "/courses", Hint: "报名中和进行中的课程"}}
	case skillcert.RoleVillageStaff:
		return []navItem{{Key: "courses", Label: "课程目录", Href: "/courses", Hint: "为本村（社区）居民代为报名"}}
	case skillcert.RoleInstructor:
		return []navItem{{Key: "courses-manage", Label: "我的授课", Href: "/manage/courses", Hint: "授课课程、点名与签到码"}}
	case skillcert.RoleTrainee:
		return []navItem{
			{Key: "courses", Label: "课程目录", Href: "/courses", Hint: "查找并报名培训课程"},
			{Key: "my-courses", Label: "我的课程", Href: "/my/courses", Hint: "已报名和候补的课程"},
			{Key: "my-attendance", Label: "我的考勤", Href: "/my/courses#attendance", Hint: "出勤情况与结业要求"},
		}
	}
	return []navItem{{Key: "courses", Label: "课程目录", Href: "/courses"}}
}

// option is one choice of a select.
type option struct{ Value, Label string }

func typeOptions() []option {
	out := []option{}
	for _, t := range courses.Types {
		out = append(out, option{string(t), t.Label()})
	}
	return out
}

func levelOptions() []option {
	out := []option{}
	for _, l := range courses.Levels {
		out = append(out, option{string(l), l.Label()})
	}
	return out
}

// groupOptions are the target groups a course may be open to.
var groupOptions = []option{
	{"enterprise_worker", "企业职工"}, {"landless_farmer", "被征地农民"}, {"zero_employment", "城镇零就业家庭"},
	{"rural_low_income", "农村低保家庭"}, {"employment_difficulty", "就业困难人员"},
	{"platform_staff", "基层平台工作人员"}, {"enterprise_retiree", "企业退休人员"},
}

func markOptions() []option {
	out := []option{}
	for _, m := range courses.Marks {
		out = append(out, option{string(m), m.Label()})
	}
	return out
}

// catalogPage is the public catalog with its filters.
type catalogPage struct {
	Page   skillcert.Page[courseCard]
	Pager  pager
	Towns  []orgs.Unit
	City   orgs.Unit
	Types  []option
	Filter courses.CourseFilter
}

// pageCatalog is the public catalog of published courses.
func (a *App) pageCatalog(c *fiber.Ctx) error {
	f, err := courseFilter(c)
	if err != nil {
		return err
	}
	f.Status = ""
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Courses.Catalog(c.UserContext(), f, page)
	if err != nil {
		return err
	}
	cards := a.courseCards(res)
	return a.render(c, "pages/courses_catalog", "课程目录", "courses", catalogPage{Page: cards,
		Pager: newPager(c, cards.Page, cards.Pages()), Towns: a.Orgs.Towns(), City: a.Orgs.City(), Types: typeOptions(), Filter: f})
}

// coursePage is a course's public page.
type coursePage struct {
	Detail      *courses.CourseDetail
	Card        courseCard
	Mine        *courses.EnrollmentRow
	Groups      []string
	IsTrainee   bool
	CanEnroll   bool // the caller is a trainee who may press the button
	CanCancel   bool
	CanBulk     bool // staff may enroll others
	CanTeach    bool
	Bulk        []courses.BulkLine
	BulkRan     bool
	People      *personPicker // staff's person search for enrolling others
	ResidencyOK string
}

func (a *App) coursePageData(c *fiber.Ctx) (*coursePage, error) {
	actor := actorOf(c)
	d, err := a.Courses.GetCourse(c.UserContext(), actor, c.Params("id"))
	if err != nil {
		return nil, err
	}
	p := &coursePage{Detail: d, Card: a.courseCard(d.Course, a.Courses.Now()), CanTeach: d.CanManage}
	for _, g := range d.Course.TargetGroups {
		for _, o := range groupOptions {
			if o.Value == g {
				p.Groups = append(p.Groups, o.Label)
			}
		}
	}
	if actor != nil && actor.Role == skillcert.RoleTrainee {
		p.IsTrainee = true
		if p.Mine, err = a.Courses.MyEnrollment(c.UserContext(), actor, d.Course.ID); err != nil {
			return nil, err
		}
		active := p.Mine != nil && p.Mine.Status.Active()
		p.CanEnroll = !active && p.Card.Open
		p.CanCancel = active && d.Course.Status == courses.StatusPublished
	}
	if actor != nil && actor.Role.IsStaff() && d.Course.Status == courses.StatusPublished &&
		(actor.Role == skillcert.RoleCityAdmin || d.Course.Town == "" || d.Course.Town == actor.Town) {
		p.CanBulk = true
		if p.People, err = a.pickPerson(c); err != nil {
			return nil, err
		}
	}
	if actor != nil && actor.Role == skillcert.RoleInstructor {
		for _, ss := range d.Sessions {
			if ss.InstructorID == actor.AccountID {
				p.CanTeach = true
			}
		}
	}
	return p, nil
}

// pageCourse is a course's page: sessions, seats left, the enroll button
// with the waitlist position, and staff's bulk enrollment.
func (a *App) pageCourse(c *fiber.Ctx) error {
	p, err := a.coursePageData(c)
	if err != nil {
		return err
	}
	return a.render(c, "pages/courses_course", p.Detail.Course.Title, "courses", p)
}

func coursePagePath(id string) string { return "/courses/" + url.PathEscape(id) }

func (a *App) pageEnroll(c *fiber.Ctx) error {
	id := c.Params("id")
	res, err := a.Courses.Enroll(c.UserContext(), actorOf(c), id)
	if err != nil {
		if userFacing(err) {
			return a.redirectWithFlash(c, coursePagePath(id), "error", "报名未成功："+skillcert.ErrorMessage(err))
		}
		return err
	}
	return a.redirectWithFlash(c, coursePagePath(id), "ok", a.withCourseTitle(c, id, res.Message))
}

func (a *App) pageCancelOwn(c *fiber.Ctx) error {
	id, actor := c.Params("id"), actorOf(c)
	if _, err := a.Courses.CancelEnrollment(c.UserContext(), actor, id, actor.PersonID, c.FormValue("reason")); err != nil {
		if userFacing(err) {
			return a.redirectWithFlash(c, coursePagePath(id), "error", skillcert.ErrorMessage(err))
		}
		return err
	}
	return a.redirectWithFlash(c, coursePagePath(id), "ok", a.withCourseTitle(c, id, "已取消报名"))
}

// formValues returns every value of a repeated form field.
func formValues(c *fiber.Ctx, name string) []string {
	var out []string
	for _, v := range c.Context().PostArgs().PeekMulti(name) {
		if s := strings.TrimSpace(string(v)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// splitIDNumbers reads ID numbers typed one a line (or separated by
// commas, spaces or semicolons).
func splitIDNumbers(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == '\n' || r == '\r' || r == ',' || r == '，' || r == ';' || r == '；' || r == ' ' || r == '\t' || r == '、'
	})
}

// pageEnrollBulk enrolls the ID numbers typed by staff and shows a line
// per person.
func (a *App) pageEnrollBulk(c *fiber.Ctx) error {
	id := c.Params("id")
	var lines []courses.BulkLine
	var err error
	if picked := formValues(c, "personId"); len(picked) > 0 {
		lines, err = a.Courses.EnrollPeople(c.UserContext(), actorOf(c), id, picked)
	} else {
		lines, err = a.Courses.EnrollByIDNumbers(c.UserContext(), actorOf(c), id, splitIDNumbers(c.FormValue("idNumbers")))
	}
	if err != nil {
		if userFacing(err) {
			return a.redirectWithFlash(c, coursePagePath(id), "error", skillcert.ErrorMessage(err))
		}
		return err
	}
	p, err := a.coursePageData(c)
	if err != nil {
		return err
	}
	p.Bulk, p.BulkRan = lines, true
	return a.render(c, "pages/courses_course", p.Detail.Course.Title, "courses", p)
}

// myCoursesPage is the trainee's courses, messages and calendar address.
type myCoursesPage struct {
	Page     skillcert.Page[courses.MyCourse]
	Pager    pager
	Messages []courses.Message
	Unread   int64
	FeedURL  string
	// Today is today's sessions of the trainee's courses, each with a
	// check-in code box while its window is open.
	Today []courses.DaySession
	// CertificateNotes says, per completed course without a certificate
	// yet, when and from whom it comes.
	CertificateNotes map[string]string
	// CourseTitles names each message's course.
	CourseTitles map[string]string
}

func (a *App) pageMyCourses(c *fiber.Ctx) error {
	ctx, actor := c.UserContext(), actorOf(c)
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Courses.MyCourses(ctx, actor, page)
	if err != nil {
		return err
	}
	msgs, err := a.Courses.ListMessages(ctx, actor, false, skillcert.PageRequest{Page: 1, Size: 10})
	if err != nil {
		return err
	}
	unread, err := a.Courses.UnreadCount(ctx, actor)
	if err != nil {
		return err
	}
	today, err := a.Courses.MySessionsOn(ctx, actor, a.Courses.Now())
	if err != nil {
		return err
	}
	certs, err := a.Certificates.Mine(ctx, actor, skillcert.PageRequest{Page: 1, Size: skillcert.MaxPageSize})
	if err != nil {
		return err
	}
	issued := map[string]bool{}
	for _, ct := range certs.Items {
		issued[ct.CourseID] = true
	}
	notes := map[string]string{}
	for _, mc := range res.Items {
		if n := certificateNote(mc, issued, a.courseCard(mc.Course, a.Courses.Now()).Organizer); n != "" {
			notes[mc.Course.ID] = n
		}
	}
	return a.render(c, "pages/courses_mine", "我的课程", "my-courses", myCoursesPage{Page: res,
		Pager: newPager(c, res.Page, res.Pages()), Messages: msgs.Items, Unread: unread, FeedURL: a.feedURL(actor), Today: today,
		CertificateNotes: notes, CourseTitles: a.courseTitles(c, msgs.Items)})
}

func (a *App) pageMyAttendance(c *fiber.Ctx) error {
	res, err := a.Courses.MyAttendance(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return a.render(c, "pages/courses_attendance", "我的考勤", "my-attendance", res)
}

// checkinPage is the phone check-in page.
type checkinPage struct {
	// Session is the session when it is one of the trainee's today, with
	// its check-in window.
	Session   *courses.DaySession
	SessionID string
	Code      string
	Result    *courses.CheckinResult
	Error     string
}

func (a *App) pageCheckin(c *fiber.Ctx) error {
	p := checkinPage{SessionID: c.Params("id"), Code: c.Query("code")}
	today, err := a.Courses.MySessionsOn(c.UserContext(), actorOf(c), a.Courses.Now())
	if err != nil {
		return err
	}
	for i := range today {
		if today[i].ID == p.SessionID {
			p.Session = &today[i]
		}
	}
	return a.render(c, "pages/courses_checkin", "课堂签到", "my-courses", p)
}

func (a *App) pageCheckinSubmit(c *fiber.Ctx) error {
	p := checkinPage{SessionID: c.Params("id"), Code: strings.TrimSpace(c.FormValue("code"))}
	res, err := a.Courses.SelfCheckin(c.UserContext(), actorOf(c), p.SessionID, p.Code)
	switch {
	case err == nil:
		p.Result = res
	case userFacing(err):
		p.Error = skillcert.ErrorMessage(err)
		c.Status(statusOf[skillcert.ErrorCode(err)])
	default:
		return err
	}
	return a.render(c, "pages/courses_checkin", "课堂签到", "my-courses", p)
}

// userFacing reports whether err is one to tell the user on the page
// rather than an error page.
func userFacing(err error) bool {
	switch skillcert.ErrorCode(err) {
	case skillcert.EINVALID, skillcert.ECONFLICT, skillcert.EFORBIDDEN, skillcert.ERATELIMITED, skillcert.ETOOLARGE:
		return true
	}
	return false
}
