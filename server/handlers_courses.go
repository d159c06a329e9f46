package main

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/courses"
)

// courseCard is a course in a list: the record with what a reader needs
// beside it (organizer's name, type and status in Chinese, seats left,
// whether enrollment is open now).
type courseCard struct {
	courses.Course
	Organizer   string `json:"organizer"`
	TypeLabel   string `json:"typeLabel"`
	LevelLabel  string `json:"levelLabel,omitempty"`
	StatusLabel string `json:"statusLabel"`
	SeatsLeft   int    `json:"seatsLeft"`
	Open        bool   `json:"open"`
}

func (a *App) courseCards(p skillcert.Page[courses.Course]) skillcert.Page[courseCard] {
	now := a.Courses.Now()
	items := make([]courseCard, len(p.Items))
	for i, c := range p.Items {
		items[i] = a.courseCard(c, now)
	}
	return skillcert.Page[courseCard]{Items: items, Total: p.Total, Page: p.Page, Size: p.Size}
}

func (a *App) courseCard(c courses.Course, now time.Time) courseCard {
	cc := courseCard{Course: c, Organizer: a.organizerName(c.Town), TypeLabel: c.Type.Label(),
		StatusLabel: c.Status.Label(), SeatsLeft: c.SeatsLeft(),
		Open: c.Status == courses.StatusPublished && c.EnrollmentOpen(now)}
	if c.Level != "" {
		cc.LevelLabel = c.Level.Label()
	}
	return cc
}

func (a *App) organizerName(town string) string {
	if town == "" {
		return "桐乡市人力社保局"
	}
	return a.Orgs.TownName(town)
}

// courseFilter reads the list filters of the query.
func courseFilter(c *fiber.Ctx) (courses.CourseFilter, error) {
	f := courses.CourseFilter{Town: strings.TrimSpace(c.Query("town")), Type: courses.Type(c.Query("type")),
		Trade: strings.TrimSpace(c.Query("trade")), Status: courses.Status(c.Query("status"))}
	switch c.Query("open") {
	case "", "0", "false":
	case "1", "true":
		f.Open = true
	default:
		return f, skillcert.Invalid("open", "参数 open 应为 true 或 false")
	}
	return f, nil
}

func (a *App) apiCatalog(c *fiber.Ctx) error {
	f, err := courseFilter(c)
	if err != nil {
		return err
	}
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Courses.Catalog(c.UserContext(), f, page)
	if err != nil {
		return err
	}
	return c.JSON(a.courseCards(res))
}

func (a *App) apiListCourses(c *fiber.Ctx) error {
	f, err := courseFilter(c)
	if err != nil {
		return err
	}
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Courses.ListCourses(c.UserContext(), actorOf(c), f, page)
	if err != nil {
		return err
	}
	return c.JSON(a.courseCards(res))
}

func (a *App) apiGetCourse(c *fiber.Ctx) error {
	d, err := a.Courses.GetCourse(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(d)
}

func (a *App) apiCreateCourse(c *fiber.Ctx) error {
	var in courses.CourseInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	co, err := a.Courses.CreateCourse(c.UserContext(), actorOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(co)
}

func (a *App) apiUpdateCourse(c *fiber.Ctx) error {
	var in courses.CourseInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	co, err := a.Courses.UpdateCourse(c.UserContext(), actorOf(c), c.Params("id"), in)
	if err != nil {
		return err
	}
	return c.JSON(co)
}

func (a *App) apiCourseStatus(c *fiber.Ctx) error {
	var in statusRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	co, err := a.Courses.TransitionCourse(c.UserContext(), actorOf(c), c.Params("id"), in.Status)
	if err != nil {
		return err
	}
	return c.JSON(co)
}

func (a *App) apiAddSession(c *fiber.Ctx) error {
	var in courses.SessionInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	ss, err := a.Courses.AddSession(c.UserContext(), actorOf(c), c.Params("id"), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(ss)
}

func (a *App) apiUpdateSession(c *fiber.Ctx) error {
	var in courses.SessionInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	ss, err := a.Courses.UpdateSession(c.UserContext(), actorOf(c), c.Params("id"), in)
	if err != nil {
		return err
	}
	return c.JSON(ss)
}

func (a *App) apiDeleteSession(c *fiber.Ctx) error {
	if err := a.Courses.DeleteSession(c.UserContext(), actorOf(c), c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (a *App) apiListEnrollments(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Courses.ListEnrollments(c.UserContext(), actorOf(c), c.Params("id"), courses.EnrollmentStatus(c.Query("status")), page)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiEnrollPerson(c *fiber.Ctx) error {
	var in enrollPersonRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	res, err := a.Courses.EnrollPerson(c.UserContext(), actorOf(c), c.Params("id"), strings.TrimSpace(in.PersonID))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(res)
}

func (a *App) apiEnrollBulk(c *fiber.Ctx) error {
	var in bulkEnrollRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	lines, err := a.Courses.EnrollByIDNumbers(c.UserContext(), actorOf(c), c.Params("id"), in.IDNumbers)
	if err != nil {
		return err
	}
	return c.JSON(lines)
}

func (a *App) apiCancelEnrollment(c *fiber.Ctx) error {
	var in reasonRequest
	if len(c.Body()) > 0 {
		if err := bindJSON(c, &in); err != nil {
			return err
		}
	}
	e, err := a.Courses.CancelEnrollment(c.UserContext(), actorOf(c), c.Params("id"), c.Params("personId"), in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(e)
}

func (a *App) apiEnroll(c *fiber.Ctx) error {
	res, err := a.Courses.Enroll(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(res)
}

func (a *App) apiMyCourses(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Courses.MyCourses(c.UserContext(), actorOf(c), page)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiMyMessages(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	unread, _ := strconv.ParseBool(c.Query("unread", "false"))
	res, err := a.Courses.ListMessages(c.UserContext(), actorOf(c), unread, page)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiReadMessage(c *fiber.Ctx) error {
	if err := a.Courses.MarkRead(c.UserContext(), actorOf(c), c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (a *App) apiReadAllMessages(c *fiber.Ctx) error {
	n, err := a.Courses.MarkAllRead(c.UserContext(), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(countReply{Count: n})
}

func (a *App) apiMyAttendance(c *fiber.Ctx) error {
	res, err := a.Courses.MyAttendance(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiSelfCheckin(c *fiber.Ctx) error {
	var in checkinRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	res, err := a.Courses.SelfCheckin(c.UserContext(), actorOf(c), c.Params("id"), in.Code)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiSessionRoll(c *fiber.Ctx) error {
	r, err := a.Courses.SessionRoll(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(r)
}

func (a *App) apiRollCall(c *fiber.Ctx) error {
	var in rollRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	res, err := a.Courses.RollCall(c.UserContext(), actorOf(c), c.Params("id"), in.Marks)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

// checkinCodeReply is the code display with the check-in address the QR
// code carries.
type checkinCodeReply struct {
	courses.CheckinDisplay
	URL string `json:"url"`
	// Seconds is how long the code is shown yet.
	Seconds int `json:"seconds"`
	// Closed says the check-in window has ended: no code is valid.
	Closed bool `json:"closed"`
}

func (a *App) checkinCode(c *fiber.Ctx) (*checkinCodeReply, error) {
	d, err := a.Courses.SessionCheckinCode(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return nil, err
	}
	secs := int(d.ChangesAt.Sub(a.Courses.Now()).Seconds() + 0.999)
	return &checkinCodeReply{CheckinDisplay: *d, URL: courses.CheckinURL(a.cfg.BaseURL, d.Session.ID, d.Code), Seconds: max(secs, 1),
		Closed: !a.Courses.Now().Before(d.Closes)}, nil
}

func (a *App) apiCheckinCode(c *fiber.Ctx) error {
	r, err := a.checkinCode(c)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(r)
}

func (a *App) apiSetScores(c *fiber.Ctx) error {
	var in courseScoresRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	n, err := a.Courses.SetScores(c.UserContext(), actorOf(c), c.Params("id"), in.Scores)
	if err != nil {
		return err
	}
	return c.JSON(countReply{Count: int64(n)})
}

func (a *App) apiEvaluate(c *fiber.Ctx) error {
	list, err := a.Courses.EvaluateCourse(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	if list == nil {
		list = []courses.Enrollment{}
	}
	return c.JSON(list)
}
