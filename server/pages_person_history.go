package main

import (
	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/courses"
)

// personHistory is what a person's page lists besides the register
// record: their courses and their certificates (the newest of each).
type personHistory struct {
	Courses      skillcert.Page[courses.MyCourse]
	Certificates skillcert.Page[certificateView]
}

// historySize is how many courses and certificates a person's page lists.
const historySize = 20

func (a *App) personHistoryOf(c *fiber.Ctx, personID string) (*personHistory, error) {
	ctx, actor := c.UserContext(), actorOf(c)
	h := &personHistory{}
	var err error
	if h.Courses, err = a.Courses.PersonCourses(ctx, actor, personID, skillcert.PageRequest{Page: 1, Size: historySize}); err != nil {
		return nil, err
	}
	certs, err := a.Certificates.PersonCertificates(ctx, actor, personID, skillcert.PageRequest{Page: 1, Size: historySize})
	if err != nil {
		return nil, err
	}
	h.Certificates = a.certificateViews(certs)
	return h, nil
}

// certificateNote says, for a trainee's completed course without a
// certificate, when and from whom it comes.
func certificateNote(mc courses.MyCourse, issued map[string]bool, organizer string) string {
	if mc.Enrollment.Completion == nil || !mc.Enrollment.Completion.Completed || issued[mc.Course.ID] {
		return ""
	}
	return "证书尚未签发：结业后由" + organizer + "统一签发，签发后会出现在“我的证书”中，可随时下载；如结业已久仍未签发，请联系" + organizer + "。"
}

// withCourseTitle names the course in a message: "报名成功：《电工（初级）培训班》".
func (a *App) withCourseTitle(c *fiber.Ctx, courseID, msg string) string {
	d, err := a.Courses.GetCourse(c.UserContext(), actorOf(c), courseID)
	if err != nil {
		return msg
	}
	return msg + "：《" + d.Course.Title + "》"
}

// courseTitles maps the courses of messages to their titles, so that each
// message names its course.
func (a *App) courseTitles(c *fiber.Ctx, msgs []courses.Message) map[string]string {
	out := map[string]string{}
	for _, m := range msgs {
		if m.CourseID == "" || out[m.CourseID] != "" {
			continue
		}
		if d, err := a.Courses.GetCourse(c.UserContext(), actorOf(c), m.CourseID); err == nil {
			out[m.CourseID] = d.Course.Title
		}
	}
	return out
}
